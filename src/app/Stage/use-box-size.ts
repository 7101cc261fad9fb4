import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface BoxSize {
  width: number;
  height: number;
}

/** The element's content box, kept up to date as the window changes. */
export function useBoxSize(ref: RefObject<HTMLElement | null>): BoxSize | undefined {
  const [size, setSize] = useState<BoxSize>();
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry!.contentRect;
      setSize((old) => (old && Math.abs(old.width - width) < 1 && Math.abs(old.height - height) < 1 ? old : { width, height }));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** The largest size of this aspect that fits the box. */
export function fitInto(box: BoxSize, width: number, height: number): BoxSize {
  const scale = Math.min(box.width / width, box.height / height);
  return { width: Math.floor(width * scale), height: Math.floor(height * scale) };
}

/** Renders within these bounds: the preview's own pixels (with the screen's density), capped for speed. */
const MIN_RENDER = 384;
const MAX_RENDER = 1024;

/**
 * Long side to render the preview at: its displayed long side times devicePixelRatio, in steps
 * of 64 px (a small resize does not render again), within MIN_RENDER..MAX_RENDER.
 */
export function renderSizeFor(shown: BoxSize, pixelRatio: number): number {
  const wanted = Math.max(shown.width, shown.height) * Math.max(1, pixelRatio);
  return Math.min(MAX_RENDER, Math.max(MIN_RENDER, Math.ceil(wanted / 64) * 64));
}

/** The preview keeps every frame of an animation: at most this many bytes of them. */
export const PREVIEW_FRAMES_BUDGET = 400 * 1024 * 1024;

/**
 * The longest side a preview of `frames` frames of this aspect may have within the frames'
 * memory budget (RGBA), so a long motion at a high pixel density does not exhaust a phone.
 */
export function longSideWithinBudget(frames: number, width: number, height: number, budget = PREVIEW_FRAMES_BUDGET): number {
  const pixels = budget / (4 * Math.max(1, frames));
  const aspect = Math.min(width, height) / Math.max(width, height);
  return Math.floor(Math.sqrt(pixels / aspect));
}
