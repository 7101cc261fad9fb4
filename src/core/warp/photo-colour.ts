import type { PhotoPixels } from './fills.ts';

/** The photo's colour (0..1) at the pixel nearest (x, y), clamped to the photo. */
export function pixel(photo: PhotoPixels, x: number, y: number): [number, number, number] {
  const xi = Math.min(photo.width - 1, Math.max(0, Math.round(x)));
  const yi = Math.min(photo.height - 1, Math.max(0, Math.round(y)));
  const i = 4 * (yi * photo.width + xi);
  return [photo.rgba[i]! / 255, photo.rgba[i + 1]! / 255, photo.rgba[i + 2]! / 255];
}

/** Per channel, the `p` quantile of `colours`; mid-grey for none. */
export function percentileColour(colours: [number, number, number][], p: number): [number, number, number] {
  if (!colours.length) return [0.5, 0.5, 0.5];
  const out: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const sorted = colours.map((v) => v[c]!).sort((a, b) => a - b);
    out[c] = sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  }
  return out;
}
