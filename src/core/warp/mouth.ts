import { LOWER_LIP_INNER, UPPER_LIP_INNER } from '../face/regions.ts';
import type { Landmarks } from '../motion/types.ts';
import type { PhotoPixels } from './fills.ts';
import { TEAR_PAIRS } from './mesh.ts';

/**
 * Where the mouth tears when it opens (see MeshOptions.mouthSplit). A mouth closed in the photo
 * tears between its lips. One that shows teeth must not tear through them (a split row reads as
 * broken teeth): along each inner-lip pair's span the upper teeth are the first bright run below
 * the upper lip, and the mouth tears at the darkest point after that run ends (the seam to the
 * lower teeth, or the dark interior) — or just above the lower lip when the teeth reach it.
 * Smoothed along the mouth, so the seam is a line.
 */

/** Lips this close (pixels) are closed: they tear between them. */
const CLOSED_GAP = 2;
/** The span searched, as fractions from the upper inner lip to the lower; beyond it are the lips. */
const SEARCH_FROM = 0.05;
const SEARCH_TO = 0.92;
/** Samples per pixel along each pair's span. */
const STEPS_PER_PIXEL = 2;
/** Less contrast than this (0-255) between the brightest and darkest of a span: no teeth in it. */
const TEETH_CONTRAST = 40;

function luminance(photo: PhotoPixels, x: number, y: number): number {
  const xi = Math.min(photo.width - 1, Math.max(0, Math.round(x - 0.5)));
  const yi = Math.min(photo.height - 1, Math.max(0, Math.round(y - 0.5)));
  const i = 4 * (yi * photo.width + xi);
  return 0.299 * photo.rgba[i]! + 0.587 * photo.rgba[i + 1]! + 0.114 * photo.rgba[i + 2]!;
}

export function mouthSplit(photo: PhotoPixels, landmarks: Landmarks): number[] {
  const raw: number[] = [];
  for (let k = 0; k < TEAR_PAIRS; k++) {
    const up = landmarks[UPPER_LIP_INNER[k + 1]!]!;
    const lo = landmarks[LOWER_LIP_INNER[k + 1]!]!;
    const gap = Math.hypot(lo[0] - up[0], lo[1] - up[1]);
    if (gap < CLOSED_GAP) {
      raw.push(0.5);
      continue;
    }
    const steps = Math.max(4, Math.ceil(gap * STEPS_PER_PIXEL));
    const profile = Array.from({ length: steps + 1 }, (_, s) => {
      const t = SEARCH_FROM + ((SEARCH_TO - SEARCH_FROM) * s) / steps;
      return luminance(photo, up[0] + t * (lo[0] - up[0]), up[1] + t * (lo[1] - up[1]));
    });
    raw.push(SEARCH_FROM + ((SEARCH_TO - SEARCH_FROM) * seamIndex(profile)) / steps);
  }
  // A median of three along the mouth: the seam is a line, not a zigzag.
  return raw.map((t, k) => {
    const window = [raw[Math.max(0, k - 1)]!, t, raw[Math.min(raw.length - 1, k + 1)]!].sort((a, b) => a - b);
    return window[1]!;
  });
}

/** Where along a span's luminance profile (upper lip first) the upper teeth end; the middle when it shows none. */
export function seamIndex(profile: readonly number[]): number {
  const last = profile.length - 1;
  const [low, high] = [Math.min(...profile), Math.max(...profile)];
  if (high - low < TEETH_CONTRAST) return last / 2;
  const bright = (low + high) / 2;
  const runStart = profile.findIndex((v) => v > bright);
  let runEnd = runStart;
  while (runEnd <= last && profile[runEnd]! > bright) runEnd++;
  if (runEnd > last) return last;
  let darkest = runEnd;
  for (let k = runEnd; k <= last && profile[k]! <= bright; k++) if (profile[k]! < profile[darkest]!) darkest = k;
  return darkest;
}
