/**
 * The photo at twice the output size, for the generator to sample moved pixels from: sampled
 * once from finer pixels, a moved face stays as sharp as the still photo (sampled from the photo
 * at its own size, every sub-pixel shift blurs it). Each 2x2 block is corrected to average exactly
 * to the output-size photo's pixel, so that a frame that moves nothing equals the photo.
 */

export const DETAIL_FACTOR = 2;

/** Catmull-Rom weights for a sample at fraction t between pixels 0 and 1 (taps -1, 0, 1, 2). */
function cubicWeights(t: number): [number, number, number, number] {
  const t2 = t * t;
  const t3 = t2 * t;
  return [(-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2];
}

/** Planar `planes` x height x width -> twice the size, bicubic (Catmull-Rom), edges repeated. */
export function upsampleTwice(planar: Float32Array, width: number, height: number, planes: number): Float32Array {
  const dw = width * 2;
  const dh = height * 2;
  // Output pixel i at 2x has its centre at (i + 0.5) / 2 - 0.5 in source pixels: t is 0.75 or 0.25.
  const even = cubicWeights(0.75);
  const odd = cubicWeights(0.25);
  const clampX = (x: number) => (x < 0 ? 0 : x >= width ? width - 1 : x);
  const clampY = (y: number) => (y < 0 ? 0 : y >= height ? height - 1 : y);
  const rows = new Float32Array(planes * height * dw);
  for (let c = 0; c < planes; c++) {
    const src = c * width * height;
    const dst = c * height * dw;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < dw; x++) {
        const base = x % 2 === 0 ? (x >> 1) - 1 : x >> 1;
        const w = x % 2 === 0 ? even : odd;
        let v = 0;
        for (let k = 0; k < 4; k++) v += w[k]! * planar[src + y * width + clampX(base - 1 + k)]!;
        rows[dst + y * dw + x] = v;
      }
    }
  }
  const out = new Float32Array(planes * dh * dw);
  for (let c = 0; c < planes; c++) {
    const src = c * height * dw;
    const dst = c * dh * dw;
    for (let y = 0; y < dh; y++) {
      const base = y % 2 === 0 ? (y >> 1) - 1 : y >> 1;
      const w = y % 2 === 0 ? even : odd;
      for (let x = 0; x < dw; x++) {
        let v = 0;
        for (let k = 0; k < 4; k++) v += w[k]! * rows[src + clampY(base - 1 + k) * dw + x]!;
        out[dst + y * dw + x] = v;
      }
    }
  }
  return out;
}

/**
 * A finer copy sampled one output pixel apart reads single fine pixels at some phases and pairs at
 * others, so a moving face would flicker between the photo's sharpness and a crisper, aliased one:
 * a light [w, 1 - 2w, w] blur of the finer copy evens that out (its mean is restored per block).
 */
const FINER_BLUR = 0.12;

function soften(planar: Float32Array, width: number, height: number, planes: number): Float32Array {
  const w = FINER_BLUR;
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

/**
 * The detail source: `finer` (the same photo resized to exactly twice `width` x `height`) when
 * there is one, else `photo` upsampled; either way corrected so that every 2x2 block averages to
 * the photo's pixel, then clipped to 0..1. All planar RGB in 0..1.
 */
export function detailSource(photo: Float32Array, width: number, height: number, finer?: Float32Array): Float32Array {
  const dw = width * DETAIL_FACTOR;
  const dh = height * DETAIL_FACTOR;
  const plane = width * height;
  const dp = dw * dh;
  if (finer && finer.length !== 3 * dp) throw new Error(`the finer photo has ${finer.length} values, expected ${3 * dp}`);
  const detail = finer ? soften(finer, dw, dh, 3) : upsampleTwice(photo, width, height, 3);
  for (let i = 0; i < detail.length; i++) detail[i] = detail[i]! < 0 ? 0 : detail[i]! > 1 ? 1 : detail[i]!;
  for (let c = 0; c < 3; c++) {
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
  return detail;
}
