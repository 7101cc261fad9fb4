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

/** A rectangle in pixels, not necessarily whole. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Faces smaller than this share of the photo's long side get a segmentation of their own. */
export const CLOSE_UP_BELOW = 0.25;
/** A close-up's square: this many face sides, centred this far (face sides) below the face's centre. */
const CLOSE_UP_SIDE = 3.2;
const CLOSE_UP_DROP = 0.35;
/** A close-up's confidence fades out over this share of its side at its edges (no seam where it ends). */
const CLOSE_UP_FEATHER = 0.12;

/**
 * The square around a small face that a segmentation model (made for selfies: one person filling
 * the frame) sees as a close-up: head and shoulders. May reach past the photo's edges. Undefined
 * when the face is large enough for the whole photo's segmentation.
 */
export function closeUpOf(face: Rect, photo: Size): Rect | undefined {
  const side = Math.max(face.width, face.height);
  if (side >= CLOSE_UP_BELOW * Math.max(photo.width, photo.height)) return undefined;
  const square = CLOSE_UP_SIDE * side;
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2 + CLOSE_UP_DROP * side;
  return { x: cx - square / 2, y: cy - square / 2, width: square, height: square };
}

/**
 * Adds a close-up's segmentation (`map`, `side` x `side`, covering `rect` in the mask's pixels) to
 * the photo's mask (bytes, `size`): each pixel keeps the larger of the two, the close-up's faded
 * out toward its edges. A close-up only ever adds person: the whole photo's answer still holds
 * where the close-up is unsure.
 */
export function addCloseUp(mask: Uint8Array, size: Size, map: Float32Array, side: number, rect: Rect): void {
  if (map.length !== side * side) throw new RangeError(`map holds ${map.length} values, not ${side} x ${side}`);
  const { width, height } = size;
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(width - 1, Math.ceil(rect.x + rect.width) - 1);
  const y1 = Math.min(height - 1, Math.ceil(rect.y + rect.height) - 1);
  const feather = CLOSE_UP_FEATHER * rect.width;
  const scale = side / rect.width;
  for (let y = y0; y <= y1; y++) {
    const my = Math.min(side - 1, Math.max(0, (y + 0.5 - rect.y) * scale - 0.5));
    const r0 = Math.floor(my);
    const r1 = Math.min(side - 1, r0 + 1);
    const wy = my - r0;
    for (let x = x0; x <= x1; x++) {
      const edge = Math.min(x + 0.5 - rect.x, rect.x + rect.width - x - 0.5, y + 0.5 - rect.y, rect.y + rect.height - y - 0.5);
      if (edge <= 0) continue;
      const mx = Math.min(side - 1, Math.max(0, (x + 0.5 - rect.x) * scale - 0.5));
      const c0 = Math.floor(mx);
      const c1 = Math.min(side - 1, c0 + 1);
      const wx = mx - c0;
      const top = map[r0 * side + c0]! + (map[r0 * side + c1]! - map[r0 * side + c0]!) * wx;
      const bottom = map[r1 * side + c0]! + (map[r1 * side + c1]! - map[r1 * side + c0]!) * wx;
      const confidence = Math.min(1, Math.max(0, top + (bottom - top) * wy)) * Math.min(1, edge / feather);
      const p = y * width + x;
      mask[p] = Math.max(mask[p]!, Math.round(255 * confidence));
    }
  }
}
