import { useEffect, useRef } from 'preact/hooks';

interface Props {
  frames: ImageBitmap[];
  /** Frames the animation will have; the preview plays what has arrived and waits at its end. */
  total: number;
  fps: number;
  width: number;
  height: number;
  label: string;
}

/** Plays the rendered frames in a loop as they stream in. */
export function Preview({ frames, total, fps, width, height, label }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const framesRef = useRef(frames);
  framesRef.current = frames;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    let index = 0;
    let last = performance.now();
    let handle = requestAnimationFrame(function tick(now) {
      const available = framesRef.current;
      if (now - last >= 1000 / fps && available.length) {
        last = now;
        const complete = available.length >= total;
        // While frames are still arriving, hold the newest one instead of jumping back.
        index = index + 1 < available.length ? index + 1 : complete ? 0 : index;
        const frame = available[index]!;
        // A closed frame (its animation was just replaced) has no size.
        if (frame.width) context.drawImage(frame, 0, 0);
        canvas.current!.dataset.frame = String(index);
      }
      handle = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(handle);
  }, [fps, total]);
  return (
    <figure class="preview" style={{ aspectRatio: `${width} / ${height}`, width: `min(100%, ${(70 * width) / height}vh)` }}>
      <canvas ref={canvas} width={width} height={height} role="img" aria-label={label} data-testid="preview" />
      {frames.length < total && (
        <figcaption class="preview__status">
          Rendering {frames.length} / {total}
        </figcaption>
      )}
    </figure>
  );
}
