import { BeforeAfter } from '../BeforeAfter/BeforeAfter.tsx';
import { useEffect, useRef, useState } from 'preact/hooks';
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
  /** The motion's sound (a recorded voice), played with each loop from `start` seconds in. */
  sound?: { audio: Blob; start: number };
}

/** Plays the rendered frames in a loop as they stream in. */
export function Preview({ frames, total, fps, width, height, label, mark, original, showOriginal, onShowOriginal, shown: size, sound }: Props) {
  const { t } = useWords();
  const canvas = useRef<HTMLCanvasElement>(null);
  const framesRef = useRef(frames);
  framesRef.current = frames;
  const shown = useRef({ mark, original, showOriginal });
  shown.current = { mark, original, showOriginal };
  const [muted, setMuted] = useState(false);
  const voice = useRef<{ element: HTMLAudioElement; start: number } | undefined>(undefined);
  useEffect(() => {
    if (!sound) return;
    const url = URL.createObjectURL(sound.audio);
    const element = new Audio(url);
    element.addEventListener('playing', () => canvas.current && (canvas.current.dataset.sound = 'playing'));
    voice.current = { element, start: sound.start };
    return () => {
      element.pause();
      voice.current = undefined;
      URL.revokeObjectURL(url);
    };
  }, [sound]);
  useEffect(() => {
    if (voice.current) voice.current.element.muted = muted;
  }, [muted, sound]);
  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    let index = 0;
    let last = performance.now();
    let handle = requestAnimationFrame(function tick(now) {
      const available = framesRef.current;
      if (now - last >= 1000 / fps && available.length) {
        // On the animation's own clock (a 60 Hz screen's 16.7 ms steps would make 25 fps 20), never
        // more than a frame behind (a hidden tab catches up at once, not in a burst).
        last = Math.max(last + 1000 / fps, now - 1000 / fps);
        const complete = available.length >= total;
        // While frames are still arriving, hold the newest one instead of jumping back.
        index = index + 1 < available.length ? index + 1 : complete ? 0 : index;
        // The voice starts over with the loop, once every frame is there to keep up with it.
        if (complete && index === 0 && voice.current) {
          voice.current.element.currentTime = voice.current.start;
          // Refused without a gesture on the page first (autoplay rules): the pictures play on.
          voice.current.element.play().catch(() => undefined);
        }
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
      {sound && (
        <button type="button" class="preview__sound" aria-pressed={!muted} data-testid="preview-sound" onClick={() => setMuted((now) => !now)}>
          {muted ? t('preview.sound-off') : t('preview.sound-on')}
        </button>
      )}
      <BeforeAfter label={t('preview.compare')} before={t('preview.before')} after={t('preview.after')} showBefore={showOriginal} onShowBefore={onShowOriginal} testId="before-after" />
    </figure>
  );
}
