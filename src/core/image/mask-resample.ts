/**
 * Pure arithmetic of the person mask: where a photo goes in a segmentation model's square input
 * (letterboxed, never stretched) and how the model's low-resolution confidence map becomes a
 * smooth mask the size of the photo. No DOM; safe in Node and in workers.
 */
import type { Size } from './sizing.ts';

/** A rectangle in whole pixels. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where an image of `width` x `height` lies when scaled to fit a `side` x `side` square with its
 * aspect ratio kept, centred; the rest of the square is padding. Whole pixels, at least 1 x 1.
 * A 3:4 portrait in 256 x 256: 192 x 256 at x = 32.
 */
export function letterbox(width: number, height: number, side: number): PixelRect {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new RangeError(`image size must be positive, got ${width} x ${height}`);
  }
  if (!(Number.isInteger(side) && side >= 1)) throw new RangeError(`side must be a whole number >= 1, got ${side}`);
  const scale = side / Math.max(width, height);
  const w = Math.min(side, Math.max(1, Math.round(width * scale)));
  const h = Math.min(side, Math.max(1, Math.round(height * scale)));
  return { x: Math.floor((side - w) / 2), y: Math.floor((side - h) / 2), width: w, height: h };
}

/**
 * The confidence map's `region` (e.g. the photo's letterbox), resampled bilinearly to `size`, as
 * bytes: round(255 * confidence), clamped to 0..255. Pixel centres are aligned (a pixel's centre
 * samples the map at the same relative position), and samples never leave `region`, so the
 * padding around a letterboxed photo does not bleed into its edges. Upsampling this way gives a
 * soft edge a few output pixels wide (one map pixel), not blocks.
 */
export function resampleMask(map: Float32Array, mapSize: Size, region: PixelRect, size: Size): Uint8Array {
  const { width: mw, height: mh } = mapSize;
  if (map.length !== mw * mh) throw new RangeError(`map holds ${map.length} values, not ${mw} x ${mh}`);
  if (region.width < 1 || region.height < 1 || region.x < 0 || region.y < 0 || region.x + region.width > mw || region.y + region.height > mh) {
    throw new RangeError(`region ${region.width} x ${region.height} at ${region.x},${region.y} is not inside the ${mw} x ${mh} map`);
  }
  const { width, height } = size;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 0 && height >= 0)) {
    throw new RangeError(`size must be whole pixels, got ${width} x ${height}`);
  }
  // Clamped first (NaN, never expected, reads as background): an interpolation never meets NaN.
  const clean = map.map((v) => (v > 0 ? (v < 1 ? v : 1) : 0));
  const columns = axisTaps(width, region.x, region.width);
  const rows = axisTaps(height, region.y, region.height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const top = rows.first[y]! * mw;
    const bottom = rows.second[y]! * mw;
    const wy = rows.weight[y]!;
    for (let x = 0; x < width; x++) {
      const x0 = columns.first[x]!;
      const x1 = columns.second[x]!;
      const wx = columns.weight[x]!;
      const upper = clean[top + x0]! + (clean[top + x1]! - clean[top + x0]!) * wx;
      const lower = clean[bottom + x0]! + (clean[bottom + x1]! - clean[bottom + x0]!) * wx;
      out[y * width + x] = Math.round((upper + (lower - upper) * wy) * 255);
    }
  }
  return out;
}

/** For each of `count` output pixels: the two map pixels it lies between and the second's weight. */
function axisTaps(count: number, start: number, length: number) {
  const first = new Int32Array(count);
  const second = new Int32Array(count);
  const weight = new Float32Array(count);
  const last = start + length - 1;
  for (let i = 0; i < count; i++) {
    const at = Math.min(Math.max(start + ((i + 0.5) * length) / count - 0.5, start), last);
    const lower = Math.floor(at);
    first[i] = lower;
    second[i] = Math.min(lower + 1, last);
    weight[i] = at - lower;
  }
  return { first, second, weight };
}
