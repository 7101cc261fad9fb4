import { boxMean } from '../image/box-mean.ts';
import { FACE_OVAL } from '../face/landmark-indices.ts';
import type { Box } from '../face/geometry.ts';
import type { Landmarks } from '../motion/types.ts';
import { pixelNoise } from '../random.ts';
import { forEachPixelIn } from './polygon.ts';

/**
 * Figure and ground, computed once per animation: the animated person (a soft mask), the still
 * background behind them (the plate), and the person's own colours (the foreground), so that the
 * generator can move the person over a background that does not move:
 *
 *   frame = plate * (1 - A) + W,  A = the mask warped, W = the person (premultiplied) warped.
 *
 * The photo is a mix of the two at the soft edge of the mask: P = M F + (1 - M) B, so the
 * premultiplied person is M F = P - (1 - M) B: a frame that moves nothing is the photo, soft edge
 * included, and resampling keeps each colour with its coverage (no dark or light fringes).
 */

export interface FigureLayers {
  width: number;
  height: number;
  /** How much each output pixel belongs to the animated person, 0..1 ([1, height, width]). */
  mask: Float32Array;
  /** The background with the person filled in from around them, planar RGB 0..1 ([3, height, width]). */
  plate: Float32Array;
}

/** How strong an edge of the photo must be (luma variance) for the mask to snap to it. */
const GUIDE_EPSILON = 0.004;
/**
 * Segmenter confidence within this of 0 or 1 is taken as certain: the person's inside is exactly 1,
 * the background exactly 0, and the uncertain fringe a 256 px segmenter leaves on whatever touches
 * the person (a flagpole beside the hat) counts for less.
 */
const CERTAIN = 0.15;
/** Mask values above this are (partly) the person: the plate is filled in under them. */
const PERSON_THRESHOLD = 0.02;

/**
 * The segmenter's mask (made at 256 px) snapped to the photo's own edges: a guided filter with
 * the photo's luma as guide (He et al.), so the person's outline follows the hat brim or the hair
 * rather than a blur several pixels wide.
 */
function guidedFilter(mask: Float32Array, photo: Float32Array, width: number, height: number): Float32Array {
  const plane = width * height;
  const r = Math.max(2, Math.round(Math.max(width, height) / 128));
  const guide = new Float32Array(plane);
  for (let p = 0; p < plane; p++) guide[p] = (photo[p]! + photo[plane + p]! + photo[2 * plane + p]!) / 3;
  const meanI = boxMean(guide, width, height, r);
  const meanP = boxMean(mask, width, height, r);
  const corrIP = boxMean(guide.map((v, p) => v * mask[p]!), width, height, r);
  const corrII = boxMean(guide.map((v) => v * v), width, height, r);
  const a = new Float32Array(plane);
  const b = new Float32Array(plane);
  for (let p = 0; p < plane; p++) {
    const variance = corrII[p]! - meanI[p]! * meanI[p]!;
    a[p] = (corrIP[p]! - meanI[p]! * meanP[p]!) / (variance + GUIDE_EPSILON);
    b[p] = meanP[p]! - a[p]! * meanI[p]!;
  }
  const meanA = boxMean(a, width, height, r);
  const meanB = boxMean(b, width, height, r);
  return meanA.map((v, p) => v * guide[p]! + meanB[p]!);
}

/** Soft weight of being inside `box` grown by `grow` of its size, ramping over `soft` pixels. */
function boxWeight(x: number, y: number, box: Box, grow: number, soft: number): number {
  const gx = box.width * grow;
  const gy = box.height * grow;
  const dx = Math.max(box.x - gx - x, x - (box.x + box.width + gx), 0);
  const dy = Math.max(box.y - gy - y, y - (box.y + box.height + gy), 0);
  return Math.max(0, 1 - Math.hypot(dx, dy) / soft);
}

/**
 * The animated people's mask: the segmenter's person confidence, with the animated faces always in
 * (a segmenter can miss a painted or faded face) and still people's faces always out (they stay
 * still, whatever the segmenter joined them to).
 */
export function figureMask(
  person: Uint8Array | undefined,
  width: number,
  height: number,
  faces: readonly Landmarks[],
  others: readonly Box[] = [],
  photo?: Float32Array,
): Float32Array {
  const mask = new Float32Array(width * height);
  if (!person) return mask.fill(1);
  for (let p = 0; p < mask.length; p++) mask[p] = person[p]! / 255;
  const refined = photo ? guidedFilter(mask, photo, width, height) : mask;
  // The segmenter is never quite sure: its near-certain values count as certain, so the person's
  // inside is exactly 1 and the background exactly 0 (nothing to mix there).
  for (let p = 0; p < mask.length; p++) mask[p] = Math.min(1, Math.max(0, (refined[p]! - CERTAIN) / (1 - 2 * CERTAIN)));
  for (const face of faces) {
    const oval = FACE_OVAL.map((i) => face[i]!);
    const cx = oval.reduce((s, p) => s + p[0], 0) / oval.length;
    const cy = oval.reduce((s, p) => s + p[1], 0) / oval.length;
    forEachPixelIn(oval.map((p) => [cx + 1.04 * (p[0] - cx), cy + 1.04 * (p[1] - cy)] as const), width, height, (x, y) => (mask[y * width + x] = 1));
  }
  for (const other of others) {
    const soft = Math.max(2, 0.1 * Math.max(other.width, other.height));
    const x0 = Math.max(0, Math.floor(other.x - other.width * 0.25 - soft));
    const x1 = Math.min(width - 1, Math.ceil(other.x + other.width * 1.25 + soft));
    const y0 = Math.max(0, Math.floor(other.y - other.height * 0.25 - soft));
    const y1 = Math.min(height - 1, Math.ceil(other.y + other.height * 1.25 + soft));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) mask[y * width + x] = mask[y * width + x]! * (1 - boxWeight(x + 0.5, y + 0.5, other, 0.25, soft));
    }
  }
  return mask;
}

/**
 * Fills the pixels whose `known` weight is below 1 from their surroundings (push-pull: averages
 * over ever coarser levels, then smooth interpolation back down). `planes` channels of `width` x
 * `height`, planar; returns a new array.
 */
export function pushPullFill(values: Float32Array, known: Float32Array, width: number, height: number, planes: number): Float32Array {
  interface Level {
    w: number;
    h: number;
    colour: Float32Array;
    weight: Float32Array;
  }
  const levels: Level[] = [{ w: width, h: height, colour: values.slice(), weight: known.slice() }];
  // Pre-multiply by weight at the finest level (coarser levels are built premultiplied).
  const first = levels[0]!;
  for (let c = 0; c < planes; c++) for (let p = 0; p < width * height; p++) first.colour[c * width * height + p]! *= first.weight[p]!;
  while (levels[levels.length - 1]!.w > 1 || levels[levels.length - 1]!.h > 1) {
    const fine = levels[levels.length - 1]!;
    const w = Math.ceil(fine.w / 2);
    const h = Math.ceil(fine.h / 2);
    const colour = new Float32Array(planes * w * h);
    const weight = new Float32Array(w * h);
    for (let y = 0; y < fine.h; y++) {
      for (let x = 0; x < fine.w; x++) {
        const f = y * fine.w + x;
        const q = (y >> 1) * w + (x >> 1);
        weight[q]! += fine.weight[f]!;
        for (let c = 0; c < planes; c++) colour[c * w * h + q]! += fine.colour[c * fine.w * fine.h + f]!;
      }
    }
    // Normalise to at most weight 1 (premultiplied colour scaled alike).
    for (let q = 0; q < w * h; q++) {
      const s = weight[q]!;
      if (s > 1) {
        for (let c = 0; c < planes; c++) colour[c * w * h + q]! /= s;
        weight[q] = 1;
      }
    }
    levels.push({ w, h, colour, weight });
  }
  // Pull: each level's holes take the coarser level, bilinearly interpolated.
  for (let l = levels.length - 2; l >= 0; l--) {
    const fine = levels[l]!;
    const coarse = levels[l + 1]!;
    const fp = fine.w * fine.h;
    const cp = coarse.w * coarse.h;
    for (let y = 0; y < fine.h; y++) {
      const cyf = Math.min(coarse.h - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
      const y0 = Math.floor(cyf);
      const y1 = Math.min(coarse.h - 1, y0 + 1);
      const ty = cyf - y0;
      for (let x = 0; x < fine.w; x++) {
        const f = y * fine.w + x;
        const missing = 1 - Math.min(1, fine.weight[f]!);
        if (missing <= 0) continue;
        const cxf = Math.min(coarse.w - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
        const x0 = Math.floor(cxf);
        const x1 = Math.min(coarse.w - 1, x0 + 1);
        const tx = cxf - x0;
        for (let c = 0; c < planes; c++) {
          const base = c * cp;
          const top = coarse.colour[base + y0 * coarse.w + x0]! * (1 - tx) + coarse.colour[base + y0 * coarse.w + x1]! * tx;
          const bottom = coarse.colour[base + y1 * coarse.w + x0]! * (1 - tx) + coarse.colour[base + y1 * coarse.w + x1]! * tx;
          fine.colour[c * fp + f]! += missing * (top * (1 - ty) + bottom * ty);
        }
        fine.weight[f] = 1;
      }
    }
  }
  return first.colour;
}

/** The background under the person: the photo where no one is, filled in where the person is. */
export function backgroundPlate(photo: Float32Array, mask: Float32Array, width: number, height: number): Float32Array {
  const known = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // One pixel of margin: the segmenter's edge is soft, its last pixels still carry the person.
      let person = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = Math.min(height - 1, Math.max(0, y + dy));
          const xx = Math.min(width - 1, Math.max(0, x + dx));
          person = Math.max(person, mask[yy * width + xx]!);
        }
      }
      known[y * width + x] = person > PERSON_THRESHOLD ? 0 : 1;
    }
  }
  const plate = pushPullFill(photo, known, width, height, 3);
  addGrain(plate, known, width, height, backgroundGrain(photo, known, width, height));
  return plate;
}

/** The background's fine grain (standard deviation, 0..1): from neighbouring known pixels' differences. */
function backgroundGrain(photo: Float32Array, known: Float32Array, width: number, height: number): number {
  const plane = width * height;
  const differences: number[] = [];
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x + 1 < width; x += 2) {
      const p = y * width + x;
      if (!known[p] || !known[p + 1]) continue;
      let d = 0;
      for (let c = 0; c < 3; c++) d += photo[c * plane + p]! - photo[c * plane + p + 1]!;
      differences.push(Math.abs(d / 3));
    }
  }
  if (!differences.length) return 0;
  // The median difference ignores edges; for white noise it is about 0.95 sigma.
  differences.sort((a, b) => a - b);
  return differences[differences.length >> 1]! / 0.95;
}

/** Grain on the filled-in pixels, so what a moving head uncovers is not a smooth, clean patch. */
function addGrain(plate: Float32Array, known: Float32Array, width: number, height: number, sigma: number): void {
  if (!(sigma > 0)) return;
  const plane = width * height;
  // Uniform noise in [-1, 1] has a standard deviation of 1/sqrt(3).
  const amplitude = sigma * Math.sqrt(3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (known[p]) continue;
      const g = amplitude * pixelNoise(x, y);
      for (let c = 0; c < 3; c++) plate[c * plane + p] = Math.min(1, Math.max(0, plate[c * plane + p]! + g));
    }
  }
}

/**
 * The person, premultiplied, at the scale of `detail` (`factor` times the output size): each
 * factor x factor block averages to P - (1 - M) B of its output pixel (photo, mask and plate
 * there), and carries the finer copy's detail scaled by M, so where the person fades out so
 * does their texture, and the background's own texture never moves with them.
 */
export function foreground(detail: Float32Array, factor: number, layers: FigureLayers, photo: Float32Array): Float32Array {
  const { width, height, mask, plate } = layers;
  const dw = width * factor;
  const dh = height * factor;
  const dp = dw * dh;
  const plane = width * height;
  const out = new Float32Array(3 * dp);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < dh; y++) {
      for (let x = 0; x < dw; x++) {
        const p = Math.floor(y / factor) * width + Math.floor(x / factor);
        const m = mask[p]!;
        const still = photo[c * plane + p]!;
        const d = c * dp + y * dw + x;
        out[d] = still - (1 - m) * plate[c * plane + p]! + m * (detail[d]! - still);
      }
    }
  }
  return out;
}

export function figureLayers(
  photo: Float32Array,
  width: number,
  height: number,
  person: Uint8Array | undefined,
  faces: readonly Landmarks[],
  others: readonly Box[] = [],
): FigureLayers {
  const mask = figureMask(person, width, height, faces, others, photo);
  return { width, height, mask, plate: person ? backgroundPlate(photo, mask, width, height) : photo };
}
