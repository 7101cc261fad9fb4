/**
 * Motion-fidelity and stability measures of /work/shared/docs/quality.md on landmarks.
 *
 * Terms: S = source landmarks of the animated face, T = the target landmarks the generator was
 * asked to reach in a frame, D = the landmarks the detector finds on the rendered frame. All in
 * pixels of the output frame; only x and y are used (z, if present, is ignored). Pure functions:
 * no DOM, usable in Node, in a worker and in the page.
 */

import { interOcularDistance } from '../face/landmark-indices.ts';

/** A landmark: [x, y] or [x, y, z] in pixels (z ignored here). `Landmarks` from motion/types fits. */
export type Point = readonly number[];
export type Points = readonly Point[];

/** Thresholds of the transfer measure, as fractions of the IOD / of the frame's largest movement. */
export const TRANSFER_MIN_POINT_MOTION = 0.02;
export const TRANSFER_RELATIVE_MOTION = 0.4;
export const TRANSFER_MIN_FRAME_MOTION = 0.05;

function dist(a: Point, b: Point): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
}

function checkSameLength(name: string, a: Points, b: Points): void {
  if (a.length !== b.length) throw new RangeError(`${name}: point counts differ (${a.length} vs ${b.length})`);
}

/** IOD: |T[33] - T[263]|, the distance between the outer eye corners (2D). */
export { interOcularDistance };

/**
 * Normalised mean error of one frame: mean over all points of |D - T| / IOD(T) (2D).
 * NaN when the IOD is 0.
 */
export function nme(detected: Points, target: Points): number {
  checkSameLength('nme', detected, target);
  const iod = interOcularDistance(target);
  let sum = 0;
  for (let i = 0; i < target.length; i++) sum += dist(detected[i]!, target[i]!);
  return target.length && iod > 0 ? sum / target.length / iod : NaN;
}

export interface TransferResult {
  /** mean |D - T| / mean |T - S| over the moving points: 0 = realised exactly, 1 = as if nothing moved. */
  transfer: number;
  /** Σ (D - S)·(T - S) / Σ |T - S|² over the moving points: 1 = realised, 0 = nothing moved, < 1 under-realised. */
  gain: number;
  /** How many points moved enough to be measured. */
  points: number;
  /** The largest movement |T - S| among the considered points, in IODs. */
  largestMotion: number;
}

/**
 * How much of the asked-for motion S → T the detector sees in D, for one frame.
 *
 * Considered points: all points, or those of `region` (index list, e.g. REGIONS.eyes): a region
 * selects its own moving points and counts on its own. The moving points are those with
 * |T - S| ≥ 2 % of IOD(T) and ≥ 40 % of the largest |T - S| among the considered points; the frame
 * counts only when that largest movement is ≥ 5 % of IOD(T). Returns undefined when it does not
 * count (too little motion, or IOD 0).
 */
export function transfer(
  source: Points,
  target: Points,
  detected: Points,
  region?: readonly number[],
): TransferResult | undefined {
  checkSameLength('transfer', source, target);
  checkSameLength('transfer', detected, target);
  const iod = interOcularDistance(target);
  if (!(iod > 0)) return undefined;
  const indices = region ?? Array.from(target.keys());
  let largest = 0;
  for (const i of indices) {
    const t = target[i];
    if (!t) throw new RangeError(`transfer: region index ${i} out of range`);
    largest = Math.max(largest, dist(t, source[i]!));
  }
  if (largest < TRANSFER_MIN_FRAME_MOTION * iod) return undefined;
  const threshold = Math.max(TRANSFER_MIN_POINT_MOTION * iod, TRANSFER_RELATIVE_MOTION * largest);
  let points = 0;
  let error = 0;
  let motion = 0;
  let dot = 0;
  let squared = 0;
  for (const i of indices) {
    const s = source[i]!;
    const t = target[i]!;
    const d = detected[i]!;
    const tx = t[0]! - s[0]!;
    const ty = t[1]! - s[1]!;
    const m = Math.hypot(tx, ty);
    if (m < threshold) continue;
    points++;
    error += dist(d, t);
    motion += m;
    dot += (d[0]! - s[0]!) * tx + (d[1]! - s[1]!) * ty;
    squared += m * m;
  }
  return { transfer: error / motion, gain: dot / squared, points, largestMotion: largest / iod };
}

/**
 * Landmark jitter of frame f relative to the target's own acceleration:
 * mean over points of |(D[a] - 2 D[b] + D[c]) - (T[a] - 2 T[b] + T[c])| / IOD(T[b]) for the
 * frame triple (a, b, c) = (f - 1, f, f + 1). Undefined when a detection is missing.
 */
function secondDifference(
  detected: readonly (Points | undefined | null)[],
  targets: readonly Points[],
  a: number,
  b: number,
  c: number,
): number | undefined {
  const da = detected[a];
  const db = detected[b];
  const dc = detected[c];
  if (!da || !db || !dc) return undefined;
  const ta = targets[a]!;
  const tb = targets[b]!;
  const tc = targets[c]!;
  for (const p of [da, db, dc, ta, tc]) checkSameLength('jitter', p, tb);
  const iod = interOcularDistance(tb);
  if (!(iod > 0) || tb.length === 0) return undefined;
  let sum = 0;
  for (let i = 0; i < tb.length; i++) {
    const x = da[i]![0]! - 2 * db[i]![0]! + dc[i]![0]! - (ta[i]![0]! - 2 * tb[i]![0]! + tc[i]![0]!);
    const y = da[i]![1]! - 2 * db[i]![1]! + dc[i]![1]! - (ta[i]![1]! - 2 * tb[i]![1]! + tc[i]![1]!);
    sum += Math.hypot(x, y);
  }
  return sum / tb.length / iod;
}

function checkSequence(name: string, detected: readonly unknown[], targets: readonly unknown[]): void {
  if (detected.length !== targets.length) {
    throw new RangeError(`${name}: ${detected.length} detected frames for ${targets.length} targets`);
  }
}

/**
 * Per-frame jitter, aligned with the frames: entry f (1 ≤ f ≤ n - 2) is
 * mean over points of |(D[f+1] - 2 D[f] + D[f-1]) - (T[f+1] - 2 T[f] + T[f-1])| / IOD(T[f]);
 * entries 0 and n - 1, and those next to a frame without a detected face, are undefined.
 */
export function jitter(
  detected: readonly (Points | undefined | null)[],
  targets: readonly Points[],
): (number | undefined)[] {
  checkSequence('jitter', detected, targets);
  const n = targets.length;
  const out: (number | undefined)[] = new Array<number | undefined>(n).fill(undefined);
  for (let f = 1; f < n - 1; f++) out[f] = secondDifference(detected, targets, f - 1, f, f + 1);
  return out;
}

/**
 * Jitter across the loop seam, for an animation whose last frame flows into the first:
 * [at the last frame: frames (n-2, n-1, 0), at the first frame: frames (n-1, 0, 1)], each as in
 * `jitter`. Needs n ≥ 3 frames (else []); an entry is undefined when a detection is missing.
 */
export function seamJitter(
  detected: readonly (Points | undefined | null)[],
  targets: readonly Points[],
): (number | undefined)[] {
  checkSequence('seamJitter', detected, targets);
  const n = targets.length;
  if (n < 3) return [];
  return [secondDifference(detected, targets, n - 2, n - 1, 0), secondDifference(detected, targets, n - 1, 0, 1)];
}

/** Of several detected faces, the one whose landmarks are nearest the target (mean 2D distance). */
export function nearestFace<P extends Points>(faces: readonly P[], target: Points): P | undefined {
  let best: P | undefined;
  let bestDistance = Infinity;
  for (const face of faces) {
    if (face.length !== target.length) continue;
    let sum = 0;
    for (let i = 0; i < target.length; i++) sum += dist(face[i]!, target[i]!);
    if (sum < bestDistance) {
      bestDistance = sum;
      best = face;
    }
  }
  return best;
}
