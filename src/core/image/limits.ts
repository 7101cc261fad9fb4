/**
 * Input limits for photos. Checked on the header alone, before any decoding, so that a
 * huge file fails fast with a clear message instead of exhausting the tab's memory.
 *
 * A 6035x8212 scan (49.6 megapixels) is well within these limits.
 */
import { say, type Message } from '../../i18n/messages.ts';

export const IMAGE_LIMITS = {
  /** Largest accepted file, in bytes (200 MB). */
  maxFileBytes: 200 * 1024 * 1024,
  /** Largest accepted image area, in pixels (120 megapixels). */
  maxPixels: 120_000_000,
  /** Longest accepted side, in pixels. */
  maxSide: 20_000,
} as const;

export type ImageLimits = { readonly maxFileBytes: number; readonly maxPixels: number; readonly maxSide: number };

/** Megapixels as messages give them: whole from 100 up, else to a tenth. */
export function roundedMegapixels(pixels: number): number {
  const mp = pixels / 1_000_000;
  return mp >= 100 ? Math.round(mp) : Number(mp.toFixed(1));
}

/**
 * Why a file of this many bytes is refused, or null when it is accepted. Lets the UI refuse a
 * huge file from `File.size` before reading it.
 */
export function fileSizeProblem(byteLength: number, limits: ImageLimits = IMAGE_LIMITS): Message | null {
  if (byteLength <= limits.maxFileBytes) return null;
  return say('photo.file-too-large', { bytes: byteLength, limit: limits.maxFileBytes });
}

/** Why an image of this size is refused, or null when it is accepted. */
export function dimensionProblem(width: number, height: number, limits: ImageLimits = IMAGE_LIMITS): Message | null {
  const pixels = width * height;
  const longSide = Math.max(width, height);
  if (longSide <= limits.maxSide && pixels <= limits.maxPixels) return null;
  const megapixels = roundedMegapixels(pixels);
  const maxMegapixels = roundedMegapixels(limits.maxPixels);
  // 120.02 megapixels would read as "120", the limit itself.
  const moreThan = pixels > limits.maxPixels && megapixels === maxMegapixels;
  return say('photo.too-large', { width, height, megapixels, moreThan, maxMegapixels, maxSide: limits.maxSide });
}
