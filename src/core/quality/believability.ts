/**
 * Believability measures on pixels (quality.md, "Believability"; issues 10 and 11): whether the
 * face stays sharp, the scenery near it and the other people stay still, the GIF's loop has no
 * seam, and the motion never freezes. Pure arithmetic on RGBA buffers (row-major, width x height,
 * alpha ignored) and landmarks; no DOM: Node, workers and the page alike.
 *
 * A pixel belongs to a box when its centre (x + 0.5, y + 0.5) lies in the closed box, as in
 * background.ts.
 */

import { interOcularDistance } from '../face/landmark-indices.ts';
import type { FaceBox } from './background.ts';
import type { Points } from './measures.ts';

type Pixels = Uint8Array | Uint8ClampedArray;

function checkSize(name: string, width: number, height: number, ...buffers: Pixels[]): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`${name}: bad size ${width}x${height}`);
  }
  const expected = width * height * 4;
  for (const b of buffers) {
    if (b.length !== expected) throw new RangeError(`${name}: expected ${expected} RGBA bytes for ${width}x${height}, got ${b.length}`);
  }
}

/** The pixel columns (or rows) whose centres lie in [start, start + size], clipped to [lo, hi]. */
function span(start: number, size: number, lo: number, hi: number): [number, number] {
  return [Math.max(lo, Math.ceil(start - 0.5)), Math.min(hi, Math.floor(start + size - 0.5))];
}

/** Luma (BT.601: 0.299 R + 0.587 G + 0.114 B) of pixel i, 0-255. */
function luma(rgba: Pixels, i: number): number {
  const o = 4 * i;
  return 0.299 * rgba[o]! + 0.587 * rgba[o + 1]! + 0.114 * rgba[o + 2]!;
}

// ---------------------------------------------------------------------------------------------
// sharpness

/**
 * Variance of the 4-neighbour Laplacian (l(x-1,y) + l(x+1,y) + l(x,y-1) + l(x,y+1) - 4 l(x,y))
 * of the luma over the pixels of `box` that have all four neighbours in the image. Undefined
 * when fewer than 2 pixels qualify.
 */
export function laplacianVariance(rgba: Pixels, width: number, height: number, box: FaceBox): number | undefined {
  checkSize('laplacianVariance', width, height, rgba);
  const [x0, x1] = span(box.x, box.width, 1, width - 2);
  const [y0, y1] = span(box.y, box.height, 1, height - 2);
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const i = y * width + x;
      const l = luma(rgba, i - 1) + luma(rgba, i + 1) + luma(rgba, i - width) + luma(rgba, i + width) - 4 * luma(rgba, i);
      n++;
      sum += l;
      squares += l * l;
    }
  }
  if (n < 2) return undefined;
  const mean = sum / n;
  return Math.max(0, squares / n - mean * mean);
}

/**
 * `sharpness` of one frame: the Laplacian variance of the luma in the face box of the frame
 * (`frameBox`: the bounding box of the frame's target landmarks, where the face was asked to be)
 * ÷ the same in the still photo at the same size (`photoBox`: the source landmarks' box). 1 when
 * the frame is the photo; a warp that resamples softly scores well below 1 (a 1 px box blur of a
 * textured face: about 0.1-0.3); stair steps or noise score above. Undefined when the photo's
 * box has no texture at all.
 */
export function sharpness(frame: Pixels, photo: Pixels, width: number, height: number, frameBox: FaceBox, photoBox: FaceBox): number | undefined {
  const still = laplacianVariance(photo, width, height, photoBox);
  const moving = laplacianVariance(frame, width, height, frameBox);
  if (still === undefined || moving === undefined || !(still > 1e-9)) return undefined;
  return moving / still;
}

// ---------------------------------------------------------------------------------------------
// background_near

/** A person mask: per pixel 0..255 confidence that it shows a person (the detect worker's PersonMask). */
export interface PersonMaskPixels {
  width: number;
  height: number;
  alpha: Uint8Array | Uint8ClampedArray;
}

/**
 * A pixel is the person's when its mask confidence is at least this (of 255): 128 = 0.5, the
 * segmenter's own decision boundary. Below it, the pixel is background.
 */
export const PERSON_MASK_THRESHOLD = 128;

/**
 * Pixels closer than this to the person (beyond the head's own motion, see backgroundNear) are
 * not counted: the mask's soft, antialiased edge.
 */
export const BACKGROUND_NEAR_MARGIN_PX = 2;

/**
 * Per pixel, the distance (px, chamfer 1 / √2: within 8 % of Euclidean) to the nearest person
 * pixel (mask alpha ≥ PERSON_MASK_THRESHOLD); 0 on the person, Infinity when the mask has none.
 */
export function distanceFromPerson(mask: PersonMaskPixels): Float32Array {
  const { width, height, alpha } = mask;
  if (alpha.length !== width * height) throw new RangeError(`distanceFromPerson: ${alpha.length} mask values for ${width}x${height}`);
  const d = new Float32Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = alpha[i]! >= PERSON_MASK_THRESHOLD ? 0 : Infinity;
  const diagonal = Math.SQRT2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let v = d[i]!;
      if (x > 0) v = Math.min(v, d[i - 1]! + 1);
      if (y > 0) {
        v = Math.min(v, d[i - width]! + 1);
        if (x > 0) v = Math.min(v, d[i - width - 1]! + diagonal);
        if (x < width - 1) v = Math.min(v, d[i - width + 1]! + diagonal);
      }
      d[i] = v;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      let v = d[i]!;
      if (x < width - 1) v = Math.min(v, d[i + 1]! + 1);
      if (y < height - 1) {
        v = Math.min(v, d[i + width]! + 1);
        if (x < width - 1) v = Math.min(v, d[i + width + 1]! + diagonal);
        if (x > 0) v = Math.min(v, d[i + width - 1]! + diagonal);
      }
      d[i] = v;
    }
  }
  return d;
}

/** The largest displacement |T - S| (px, 2D) of any landmark: how far the head's outline may have moved. */
export function largestDisplacement(source: Points, target: Points): number {
  let m = 0;
  for (let i = 0; i < Math.min(source.length, target.length); i++) {
    m = Math.max(m, Math.hypot(target[i]![0]! - source[i]![0]!, target[i]![1]! - source[i]![1]!));
  }
  return m;
}

/**
 * `background_near` of one frame: mean absolute difference (0-255, R, G and B) between the frame
 * and the photo over the background pixels near the head. A pixel counts when
 * - it lies within one face-width of the face box: in the box grown by its width on every side
 *   (the box itself included: beside the jaw and the temples is background too), and
 * - it is background: its distance from the person mask (`distance`, from distanceFromPerson)
 *   exceeds `guard` px. Call with guard = largestDisplacement(S, T_f) + BACKGROUND_NEAR_MARGIN_PX:
 *   the head's silhouette may legitimately cover the background as far as its outline moves
 *   (the mask is the still photo's), the margin is the mask's soft edge. Further out, the
 *   scenery must not move at all.
 * Undefined when no pixel counts.
 */
export function backgroundNear(
  frame: Pixels,
  photo: Pixels,
  width: number,
  height: number,
  faceBox: FaceBox,
  distance: Float32Array,
  guard: number,
): number | undefined {
  checkSize('backgroundNear', width, height, frame, photo);
  if (distance.length !== width * height) throw new RangeError(`backgroundNear: the mask is not ${width}x${height}`);
  const w = faceBox.width;
  const [x0, x1] = span(faceBox.x - w, faceBox.width + 2 * w, 0, width - 1);
  const [y0, y1] = span(faceBox.y - w, faceBox.height + 2 * w, 0, height - 1);
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const i = y * width + x;
      if (!(distance[i]! > guard)) continue;
      const o = 4 * i;
      sum += Math.abs(frame[o]! - photo[o]!) + Math.abs(frame[o + 1]! - photo[o + 1]!) + Math.abs(frame[o + 2]! - photo[o + 2]!);
      count++;
    }
  }
  return count ? sum / (3 * count) : undefined;
}

// ---------------------------------------------------------------------------------------------
// others_still

/**
 * `others_still` of one frame: the largest, over the other (not animated) faces' boxes, of the
 * mean absolute difference (0-255, R, G and B) between frame and photo inside the box. Pixels
 * also inside `animatedBox` (the animated face's own box, where boxes overlap) are left out.
 * Undefined when there is no other face (or none has a pixel to measure).
 */
export function othersStill(
  frame: Pixels,
  photo: Pixels,
  width: number,
  height: number,
  others: readonly FaceBox[],
  animatedBox?: FaceBox,
): number | undefined {
  checkSize('othersStill', width, height, frame, photo);
  let worst: number | undefined;
  const [ax0, ax1] = animatedBox ? span(animatedBox.x, animatedBox.width, 0, width - 1) : [1, 0];
  const [ay0, ay1] = animatedBox ? span(animatedBox.y, animatedBox.height, 0, height - 1) : [1, 0];
  for (const box of others) {
    const [x0, x1] = span(box.x, box.width, 0, width - 1);
    const [y0, y1] = span(box.y, box.height, 0, height - 1);
    let sum = 0;
    let count = 0;
    for (let y = y0; y <= y1; y++) {
      const rowInAnimated = y >= ay0 && y <= ay1;
      for (let x = x0; x <= x1; x++) {
        if (rowInAnimated && x >= ax0 && x <= ax1) continue;
        const o = 4 * (y * width + x);
        sum += Math.abs(frame[o]! - photo[o]!) + Math.abs(frame[o + 1]! - photo[o + 1]!) + Math.abs(frame[o + 2]! - photo[o + 2]!);
        count++;
      }
    }
    if (count) worst = Math.max(worst ?? 0, sum / (3 * count));
  }
  return worst;
}

// ---------------------------------------------------------------------------------------------
// gif_seam

/**
 * `gif_seam`: the largest absolute difference of any channel (0-255) between two frames (the
 * decoded GIF's last and first) over the pixels of `box` (the face box). 0 when the box holds no
 * pixel.
 */
export function gifSeam(first: Pixels, last: Pixels, width: number, height: number, box: FaceBox): number {
  checkSize('gifSeam', width, height, first, last);
  const [x0, x1] = span(box.x, box.width, 0, width - 1);
  const [y0, y1] = span(box.y, box.height, 0, height - 1);
  let worst = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const o = 4 * (y * width + x);
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(first[o + c]! - last[o + c]!));
    }
  }
  return worst;
}

// ---------------------------------------------------------------------------------------------
// stillness

/** A frame is still when no target landmark moved by this fraction of the IOD or more since the previous frame. */
export const STILL_MOTION = 0.001;

/**
 * Per frame, whether it is still: the largest motion of any target landmark against the
 * previous frame, |T_f - T_{f-1}| (2D), is below STILL_MOTION x IOD(T_f). From the targets
 * alone (what the generator was asked to do). For a looping animation (the default) frame 0 is
 * compared with the last frame: the wrap is a frame transition like any other, and a last frame
 * equal to the first is a frozen step the viewer sees once per loop. Without looping, frame 0 has
 * no previous frame and is undefined. A frame whose IOD is 0 is undefined.
 */
export function stillFrames(targets: readonly Points[], loops = true): (boolean | undefined)[] {
  const n = targets.length;
  return targets.map((t, f) => {
    if (f === 0 && (!loops || n < 2)) return undefined;
    const previous = targets[f === 0 ? n - 1 : f - 1]!;
    if (previous.length !== t.length) throw new RangeError(`stillFrames: point counts differ (${previous.length} vs ${t.length})`);
    const iod = interOcularDistance(t);
    if (!(iod > 0)) return undefined;
    let largest = 0;
    for (let i = 0; i < t.length; i++) largest = Math.max(largest, Math.hypot(t[i]![0]! - previous[i]![0]!, t[i]![1]! - previous[i]![1]!));
    return largest < STILL_MOTION * iod;
  });
}

/** `stillness`: the fraction of the (defined) frames that are still (stillFrames); undefined when none is defined. */
export function stillness(targets: readonly Points[], loops = true): number | undefined {
  const still = stillFrames(targets, loops).filter((s): s is boolean => s !== undefined);
  return still.length ? still.filter(Boolean).length / still.length : undefined;
}
