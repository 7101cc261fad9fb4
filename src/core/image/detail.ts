/**
 * The photo at twice the output size, for the generator to sample moved pixels from: sampled
 * once from finer pixels, a moved face stays as sharp as the still photo (sampled from the photo
 * at its own size, every sub-pixel shift blurs it). Each 2x2 block is corrected to average exactly
 * to the output-size photo's pixel, so that a frame that moves nothing equals the photo.
 */

import { upscaleCubic } from './resample.ts';

export const DETAIL_FACTOR = 2;

/**
 * Read one output pixel apart, a finer copy gives single fine pixels at some phases and averages
 * of two at others: depending on how the photo was made, a moving face would look crisper and
 * aliased, or softer, than the still photo. A [w, 1 - 2w, w] filter of the twice-size copy (a blur
 * for w > 0, a sharpening for w < 0; each block's mean is restored afterwards) is chosen per photo
 * so that, on the face, sampling it between pixels keeps the photo's own sharpness.
 */
const FILTER_WEIGHTS = [-0.6, -0.45, -0.35, -0.25, -0.15, -0.08, 0, 0.06, 0.12, 0.2];
const JUDGED_SIDE = 128;
/** Sub-pixel shifts (output pixels) the filter is judged at. */
const PHASES = [
  [0.25, 0.25],
  [0.5, 0],
  [0.25, 0.5],
] as const;

function soften(planar: Float32Array, width: number, height: number, planes: number, w: number): Float32Array {
  if (w === 0) return planar.slice();
  const rows = new Float32Array(planar.length);
  const out = new Float32Array(planar.length);
  const plane = width * height;
  for (let c = 0; c < planes; c++) {
    const base = c * plane;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = base + y * width + x;
        rows[i] = w * planar[base + y * width + Math.max(0, x - 1)]! + (1 - 2 * w) * planar[i]! + w * planar[base + y * width + Math.min(width - 1, x + 1)]!;
      }
    }
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = base + y * width + x;
        out[i] = w * rows[base + Math.max(0, y - 1) * width + x]! + (1 - 2 * w) * rows[i]! + w * rows[base + Math.min(height - 1, y + 1) * width + x]!;
      }
    }
  }
  return out;
}

/** Corrects every 2x2 block of `detail` to average to the photo's pixel, keeping values in 0..1 (in place). */
function matchBlocks(detail: Float32Array, photo: Float32Array, width: number, height: number, planes: number): void {
  const dw = width * DETAIL_FACTOR;
  const dp = dw * height * DETAIL_FACTOR;
  const plane = width * height;
  for (let i = 0; i < detail.length; i++) detail[i] = detail[i]! < 0 ? 0 : detail[i]! > 1 ? 1 : detail[i]!;
  for (let c = 0; c < planes; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = c * dp + 2 * y * dw + 2 * x;
        const block = [i, i + 1, i + dw, i + dw + 1];
        let sum = 0;
        for (const b of block) sum += detail[b]!;
        const target = photo[c * plane + y * width + x]!;
        // Shift the block to the photo's mean; what clipping refuses goes to the pixels that can take it.
        let left = (target - sum / 4) * 4;
        for (let pass = 0; pass < 4 && Math.abs(left) > 1e-7; pass++) {
          const movable = block.filter((b) => (left > 0 ? detail[b]! < 1 : detail[b]! > 0));
          if (!movable.length) break;
          const share = left / movable.length;
          left = 0;
          for (const b of movable) {
            const wanted = detail[b]! + share;
            const clipped = wanted < 0 ? 0 : wanted > 1 ? 1 : wanted;
            detail[b] = clipped;
            left += wanted - clipped;
          }
        }
        if (Math.abs(left) > 1e-6) for (const b of block) detail[b] = target;
      }
    }
  }
}

function laplacianVariance(image: Float32Array, width: number, height: number): number {
  let sum = 0;
  let squares = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const l = 4 * image[i]! - image[i - 1]! - image[i + 1]! - image[i - width]! - image[i + width]!;
      sum += l;
      squares += l * l;
      n++;
    }
  }
  return n ? squares / n - (sum / n) ** 2 : 0;
}

/** Luma of a region of a planar RGB image ([3, height, width]). */
function lumaCrop(planar: Float32Array, width: number, height: number, x0: number, y0: number, w: number, h: number): Float32Array {
  const plane = width * height;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y0 + y) * width + x0 + x;
      out[y * w + x] = (planar[i]! + planar[plane + i]! + planar[2 * plane + i]!) / 3;
    }
  }
  return out;
}

/** The filter weight whose detail, sampled between output pixels over `focus`, best keeps the photo's sharpness. */
function chooseFilter(photo: Float32Array, width: number, height: number, twice: Float32Array, focus: { x: number; y: number; width: number; height: number }): number {
  // At most the middle JUDGED_SIDE pixels of the face each way: enough texture, little time.
  const side = (size: number) => Math.min(size, JUDGED_SIDE);
  const x0 = Math.max(0, Math.floor(focus.x + (focus.width - side(focus.width)) / 2));
  const y0 = Math.max(0, Math.floor(focus.y + (focus.height - side(focus.height)) / 2));
  const w = Math.min(width, Math.ceil(x0 + side(focus.width))) - x0;
  const h = Math.min(height, Math.ceil(y0 + side(focus.height))) - y0;
  if (w < 8 || h < 8) return 0;
  const still = lumaCrop(photo, width, height, x0, y0, w, h);
  const reference = laplacianVariance(still, w, h);
  if (!(reference > 1e-9)) return 0;
  const fine = lumaCrop(twice, width * DETAIL_FACTOR, height * DETAIL_FACTOR, DETAIL_FACTOR * x0, DETAIL_FACTOR * y0, DETAIL_FACTOR * w, DETAIL_FACTOR * h);
  let best = 0;
  let bestScore = Infinity;
  for (const weight of FILTER_WEIGHTS) {
    const detail = soften(fine, DETAIL_FACTOR * w, DETAIL_FACTOR * h, 1, weight);
    matchBlocks(detail, still, w, h, 1);
    let score = 0;
    for (const [dx, dy] of PHASES) {
      const sampled = new Float32Array(w * h);
      const dw = DETAIL_FACTOR * w;
      for (let y = 0; y < h; y++) {
        // Output pixel centre shifted by (dx, dy), in the twice-size copy's pixel-centre coordinates.
        const sy = Math.min(DETAIL_FACTOR * h - 1, DETAIL_FACTOR * (y + dy) + 0.5);
        const ty = Math.floor(sy);
        const fy = sy - ty;
        const by = Math.min(DETAIL_FACTOR * h - 1, ty + 1);
        for (let x = 0; x < w; x++) {
          const sx = Math.min(dw - 1, DETAIL_FACTOR * (x + dx) + 0.5);
          const tx = Math.floor(sx);
          const fx = sx - tx;
          const bx = Math.min(dw - 1, tx + 1);
          const top = detail[ty * dw + tx]! * (1 - fx) + detail[ty * dw + bx]! * fx;
          const bottom = detail[by * dw + tx]! * (1 - fx) + detail[by * dw + bx]! * fx;
          sampled[y * w + x] = top * (1 - fy) + bottom * fy;
        }
      }
      score += Math.log(Math.max(1e-9, laplacianVariance(sampled, w, h)) / reference);
    }
    // Slightly crisper beats slightly softer: softness is what a viewer sees first.
    const miss = Math.abs(score / PHASES.length - 0.05);
    if (miss < bestScore) {
      bestScore = miss;
      best = weight;
    }
  }
  return best;
}

/**
 * The detail source: `finer` (the same photo resized to exactly twice `width` x `height`) when
 * there is one, else `photo` upsampled; filtered (see FILTER_WEIGHTS; judged over `focus`, the
 * face, when given) and corrected so that every 2x2 block averages to the photo's pixel, within
 * 0..1. All planar RGB in 0..1.
 */
export function detailSource(photo: Float32Array, width: number, height: number, finer?: Float32Array, focus?: { x: number; y: number; width: number; height: number }): Float32Array {
  const dp = width * DETAIL_FACTOR * height * DETAIL_FACTOR;
  if (finer && finer.length !== 3 * dp) throw new Error(`the finer photo has ${finer.length} values, expected ${3 * dp}`);
  const twice = finer ?? upscaleCubic(photo, width, height, DETAIL_FACTOR * width, DETAIL_FACTOR * height);
  const weight = focus ? chooseFilter(photo, width, height, twice, focus) : 0;
  const detail = soften(twice, width * DETAIL_FACTOR, height * DETAIL_FACTOR, 3, weight);
  matchBlocks(detail, photo, width, height, 3);
  return detail;
}
