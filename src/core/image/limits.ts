/**
 * Input limits for photos. Checked on the header alone, before any decoding, so that a
 * huge file fails fast with a clear message instead of exhausting the tab's memory.
 *
 * A 6035x8212 scan (49.6 megapixels) is well within these limits.
 */
export const IMAGE_LIMITS = {
  /** Largest accepted file, in bytes (200 MB). */
  maxFileBytes: 200 * 1024 * 1024,
  /** Largest accepted image area, in pixels (120 megapixels). */
  maxPixels: 120_000_000,
  /** Longest accepted side, in pixels. */
  maxSide: 20_000,
} as const;

export type ImageLimits = { readonly maxFileBytes: number; readonly maxPixels: number; readonly maxSide: number };

/** "2.5 GB", "250 MB", "1.5 MB", "830 KB". Binary units, as the OS file managers mostly show them. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1024) return `${Number((mb / 1024).toFixed(1))} GB`;
  if (mb >= 100) return `${Math.round(mb)} MB`;
  if (mb >= 1) return `${Number(mb.toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** "49.6 megapixels" */
export function formatMegapixels(pixels: number): string {
  const mp = pixels / 1_000_000;
  return `${mp >= 100 ? Math.round(mp) : Number(mp.toFixed(1))} megapixels`;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * Why a file of this many bytes is refused, or null when it is accepted. Lets the UI refuse a
 * huge file from `File.size` before reading it.
 */
export function fileSizeProblem(byteLength: number, limits: ImageLimits = IMAGE_LIMITS): string | null {
  if (byteLength <= limits.maxFileBytes) return null;
  return (
    `This file is too large (${formatBytes(byteLength)}); the limit is ${formatBytes(limits.maxFileBytes)}. ` +
    'Save a smaller copy of the photo (for example 4000 pixels wide) and try that.'
  );
}

/** Why an image of this size is refused, or null when it is accepted. */
export function dimensionProblem(width: number, height: number, limits: ImageLimits = IMAGE_LIMITS): string | null {
  const pixels = width * height;
  const longSide = Math.max(width, height);
  if (longSide <= limits.maxSide && pixels <= limits.maxPixels) return null;
  // 120.02 megapixels would read as "120", the limit itself.
  let size = formatMegapixels(pixels);
  if (pixels > limits.maxPixels && size === formatMegapixels(limits.maxPixels)) size = `more than ${size}`;
  return (
    `This photo is too large to work with here: ${int(width)} × ${int(height)} pixels ` +
    `(${size}). The most this app can take is ${formatMegapixels(limits.maxPixels)} ` +
    `and ${int(limits.maxSide)} pixels on the longest side. ` +
    'Save a smaller copy (for example 4000 pixels wide) and try that.'
  );
}
