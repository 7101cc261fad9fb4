import { BeforeAfter } from '../BeforeAfter/BeforeAfter.tsx';
import { useEffect, useRef } from 'preact/hooks';
import { useWords } from '../Language/words.tsx';
import type { PlacedImage } from './use-mark-image.ts';

interface Props {
  frames: ImageBitmap[];
  /** Frames the animation will have; the preview plays what has arrived and waits at its end. */
  total: number;
  fps: number;
  width: number;
  height: number;
  label: string;
  /** Drawn over every frame where it will be in the exported file (the "animated" mark). */
  mark?: PlacedImage;
  /** The photo as it was: shown instead of the animation while `showOriginal` is on. */
  original: ImageBitmap;
  showOriginal: boolean;
  onShowOriginal(show: boolean): void;
  /** Size on screen, CSS pixels (the frames may have more pixels: the screen's density). */
  shown: { width: number; height: number };
}

/** Plays the rendered frames in a loop as they stream in. */
export function Preview({ frames, total, fps, width, height, label, mark, original, showOriginal, onShowOriginal, shown: size }: Props) {
  const { t } = useWords();
  const canvas = useRef<HTMLCanvasElement>(null);
  const framesRef = useRef(frames);
  framesRef.current = frames;
  const shown = useRef({ mark, original, showOriginal });
  shown.current = { mark, original, showOriginal };
  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
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
        const { mark, original, showOriginal } = shown.current;
        if (showOriginal) context.drawImage(original, 0, 0, width, height);
        // A closed frame (its animation was just replaced) has no size.
        else if (frame.width) {
          context.drawImage(frame, 0, 0);
          if (mark) context.drawImage(mark.image, mark.x, mark.y);
        }
        element.dataset.frame = String(index);
        element.dataset.showing = showOriginal ? 'original' : 'animation';
      }
      // A canvas taken off the page (a new photo) ends its loop, even a frame late.
      if (element.isConnected) handle = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(handle);
  }, [fps, total, width, height]);
  return (
    <figure class="preview" style={{ width: `${size.width}px`, height: `${size.height}px` }}>
      <canvas ref={canvas} width={width} height={height} role="img" aria-label={label} data-testid="preview" tabIndex={-1} data-complete={String(total > 0 && frames.length >= total)} />
      <BeforeAfter label={t('preview.compare')} before={t('preview.before')} after={t('preview.after')} showBefore={showOriginal} onShowBefore={onShowOriginal} testId="before-after" />
    </figure>
  );
}
