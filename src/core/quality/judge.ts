/**
 * The second opinion (quality.md, "An independent judge"; issue 11): a face model that is used
 * nowhere in the pipeline — @vladmandic/face-api, run in the eval page by
 * src/pipeline/judge/face-api-judge.ts — looks at chosen frames of an animation and at the photo.
 * This module is its pure part: which frames it looks at, the 68-point eye aspect ratio, the
 * scores of one sequence and their pooling. No DOM: Node tests run it as it is.
 *
 * Per sequence (frames are the rendered frames, "photo" the still photo at the same size):
 * - `blink`: face-api's EAR (both eyes averaged) at the driver's most-closed frame ÷ the photo's.
 *   The most-closed frame is the one whose TARGET landmarks have the smallest mean EAR (MediaPipe
 *   indices, EAR_EYES); only for drivers that close the eyes (that minimum at most half the
 *   source's EAR, quality.md's blink check).
 * - `happy` / `surprise`: face-api's expression probability at the driver's expression peak minus
 *   the photo's. The peak is read from the targets, not from the judge (a max over judged frames
 *   would reward the judge's noise): for smiles and laughs the widest mouth (|61-291| / IOD), for
 *   surprise the brows' rise plus the mouth's opening (brow height above the eye line + inner-lip
 *   gap, / IOD, less the source's). The peak is the stretch of frames within PEAK_SHARE of the
 *   expression's largest rise, and the probability there the median of PEAK_LOOKS frames spread
 *   over it: measured, face-api's "happy" swings by ±0.3 between neighbouring frames of a held
 *   smile (Smith's gentle smile: 0.39, 0.34, 0.21, 0.13, 0.41, 0.64, 0.22 at frames 45-60), so
 *   one frame drew one sample of that noise. Only for drivers tagged smile/laugh resp. surprise,
 *   and only when the photo's own probability is below 0.5 (a face that already smiles cannot
 *   show a rise).
 * - `identity`: the largest face-descriptor distance (Euclidean, 128-d) between the photo and a
 *   judged frame. Judged frames: every 5th (0, 5, 10, ...) plus the most-closed, the expression
 *   peak's and the frame of the largest target motion, so each frame costs one descriptor, not all.
 *
 * Caveat, measured: face-api's 68-point nets (full and tiny) barely follow the eyelids. On real
 * photos of tightly shut eyes and of winks their EAR stays at 0.27-0.32 per eye, as on open eyes
 * (0.29-0.35), with face-api's own SSD detector as with the box used here. So judge_blink stays
 * near 1 even for a real blink: it cannot tell a convincing closed lid from an unconvincing one.
 */

import { interOcularDistance } from '../face/landmark-indices.ts';
import { meanEyeAspectRatio, mouthWidth } from './expression.ts';
import type { Point, Points } from './measures.ts';
import { max, median } from './stats.ts';

/** Every n-th frame is judged for identity (plus the peaks). */
export const JUDGE_EVERY = 5;
/** A driver closes the eyes when its targets' smallest mean EAR is at most this share of the source's. */
export const CLOSES_EYES_RATIO = 0.5;
/** judge_happy / judge_surprise count only where the photo's own probability is below this. */
export const PHOTO_EXPRESSION_MAX = 0.5;
/** The expression's peak: the frames whose rise is at least this share of the largest. */
export const PEAK_SHARE = 0.9;
/** The judge reads the expression on this many frames of the peak, spread over it (median). */
export const PEAK_LOOKS = 5;

/** face-api's 68-point eyes as p1..p6 (dlib order: outer corner, upper lid x2, inner corner, lower lid x2). */
export const EYES_68 = {
  /** The subject's right eye, on the image's left. */
  right: [36, 37, 38, 39, 40, 41],
  left: [42, 43, 44, 45, 46, 47],
} as const;

function dist(a: Point, b: Point): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
}

function earOf(points: Points, [p1, p2, p3, p4, p5, p6]: readonly number[]): number {
  const at = (i: number) => {
    const p = points[i];
    if (!p) throw new RangeError(`point ${i} missing (${points.length} points)`);
    return p;
  };
  const width = dist(at(p1!), at(p4!));
  return width > 0 ? (dist(at(p2!), at(p6!)) + dist(at(p3!), at(p5!))) / (2 * width) : NaN;
}

/** EAR = (|p2-p6| + |p3-p5|) / (2 |p1-p4|) from face-api's 68 points, both eyes averaged. */
export function eyeAspectRatio68(points: Points): number {
  return (earOf(points, EYES_68.right) + earOf(points, EYES_68.left)) / 2;
}

/** Euclidean distance of two face descriptors (face-api: same person below ~0.6). */
export function descriptorDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`descriptors of ${a.length} and ${b.length} values`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum);
}

// ---------------------------------------------------------------------------------------------
// Which expression a driver shows, and its peak frames (from the target landmarks)

export type JudgedExpression = 'happy' | 'surprise';

/** 'happy' for smiles and laughs, 'surprise' for surprise (by tag, or the test drivers' ids), else undefined. */
export function judgedExpressionOf(driverId: string, tags: readonly string[]): JudgedExpression | undefined {
  const id = driverId.replace(/-mirrored$/, '');
  if (tags.includes('surprise') || id === 'surprised') return 'surprise';
  if (tags.includes('smile') || tags.includes('laugh') || id === 'smile' || id === 'laugh') return 'happy';
  return undefined;
}

function argBest(values: readonly number[], better: (a: number, b: number) => boolean): number | undefined {
  let best: number | undefined;
  values.forEach((v, i) => {
    if (Number.isFinite(v) && (best === undefined || better(v, values[best]!))) best = i;
  });
  return best;
}

/** The frame whose targets have the smallest mean EAR, when the driver closes the eyes; else undefined. */
export function mostClosedFrame(source: Points, targets: readonly Points[]): number | undefined {
  const ears = targets.map(meanEyeAspectRatio);
  const f = argBest(ears, (a, b) => a < b);
  return f !== undefined && ears[f]! <= CLOSES_EYES_RATIO * meanEyeAspectRatio(source) ? f : undefined;
}

/** Upper-brow points (MediaPipe): the subject's right brow 70, 63, 105, 66, 107 and left 300, 293, 334, 296, 336. */
const UPPER_BROWS = [70, 63, 105, 66, 107, 300, 293, 334, 296, 336] as const;

/** Mean height of the upper brows above the eye line 33-263, in IODs (roll does not count). */
export function browHeight(points: Points): number {
  const a = points[33]!;
  const b = points[263]!;
  const iod = dist(a, b);
  if (!(iod > 0)) return NaN;
  // Unit normal pointing up the face when the eyes run left to right in the image (y down).
  const nx = (b[1]! - a[1]!) / iod;
  const ny = -(b[0]! - a[0]!) / iod;
  let sum = 0;
  for (const i of UPPER_BROWS) sum += (points[i]![0]! - a[0]!) * nx + (points[i]![1]! - a[1]!) * ny;
  return sum / UPPER_BROWS.length / iod;
}

/** Gap between the inner lips (13, 14), in IODs. */
export function mouthOpening(points: Points): number {
  return dist(points[13]!, points[14]!) / interOcularDistance(points);
}

/** How far each frame's targets show the expression, less the source's: widest mouth, or brows + mouth opening (/ IOD). */
function expressionRise(kind: JudgedExpression, source: Points, targets: readonly Points[]): number[] {
  const score = kind === 'happy' ? (t: Points) => mouthWidth(t) / interOcularDistance(t) : (t: Points) => browHeight(t) + mouthOpening(t);
  const rest = score(source);
  return targets.map((t) => score(t) - rest);
}

/**
 * The frames the judge reads the expression on: PEAK_LOOKS spread evenly (first to last) over
 * the frames whose rise is at least PEAK_SHARE of the largest; the peak frame alone where the
 * expression never rises.
 */
export function expressionPeakFrames(kind: JudgedExpression, source: Points, targets: readonly Points[], looks = PEAK_LOOKS): number[] {
  const rise = expressionRise(kind, source, targets);
  const peak = argBest(rise, (a, b) => a > b);
  if (peak === undefined) return [];
  if (!(rise[peak]! > 0)) return [peak];
  const stretch = rise.flatMap((r, f) => (r >= PEAK_SHARE * rise[peak]! ? [f] : []));
  if (stretch.length <= looks) return stretch;
  // More frames than looks: the steps are over one frame long, so no frame is picked twice.
  return Array.from({ length: looks }, (_, k) => stretch[Math.round((k * (stretch.length - 1)) / (looks - 1))]!);
}

/** The frame whose targets move farthest from the source (largest single-point displacement). */
export function largestMotionFrame(source: Points, targets: readonly Points[]): number | undefined {
  return argBest(
    targets.map((t) => t.reduce((m, p, i) => Math.max(m, dist(p, source[i]!)), 0)),
    (a, b) => a > b,
  );
}

// ---------------------------------------------------------------------------------------------
// One sequence

export interface JudgePlan {
  /** Frames the judge looks at, ascending, no repeats. */
  frames: number[];
  /** The most-closed frame (judge_blink), when the driver closes the eyes. */
  closed?: number;
  /** The expression judged and the frames of its peak it is read on (judge_happy / judge_surprise). */
  expression?: { kind: JudgedExpression; frames: number[] };
}

export function judgePlan(source: Points, targets: readonly Points[], expression: JudgedExpression | undefined, every = JUDGE_EVERY): JudgePlan {
  const closed = mostClosedFrame(source, targets);
  const peak = expression ? expressionPeakFrames(expression, source, targets) : [];
  const frames = new Set<number>(peak);
  for (let f = 0; f < targets.length; f += every) frames.add(f);
  for (const f of [closed, largestMotionFrame(source, targets)]) if (f !== undefined) frames.add(f);
  return {
    frames: [...frames].sort((a, b) => a - b),
    ...(closed !== undefined ? { closed } : {}),
    ...(expression && peak.length ? { expression: { kind: expression, frames: peak } } : {}),
  };
}

/** What the judge saw on one image: its 68 points (pixels) and, where asked for, expressions and descriptor. */
export interface JudgeLook {
  points: Points;
  /** face-api's expression probabilities: neutral, happy, sad, angry, fearful, disgusted, surprised. */
  expressions?: Readonly<Partial<Record<string, number>>>;
  descriptor?: ArrayLike<number>;
}

/** Per-sequence judge values behind a summary: one entry per sequence where the value is defined. */
export interface JudgeValues {
  blink: number[];
  happy: number[];
  surprise: number[];
  identity: number[];
  photoHappy: number[];
}

/**
 * The judge's numbers for one sequence, or pooled over several (medians over the sequences where
 * a value is defined; `identityMax` the largest). Plain data.
 */
export interface JudgeSummary {
  sequences: number;
  /** Frames the judge looked at (photo not counted). */
  frames: number;
  blink: number | undefined;
  happy: number | undefined;
  surprise: number | undefined;
  identity: number | undefined;
  identityMax: number | undefined;
  /** The photo's own "happy" (judge_happy counts only below PHOTO_EXPRESSION_MAX). */
  photoHappy: number | undefined;
  values: JudgeValues;
}

function fromValues(sequences: number, frames: number, values: JudgeValues): JudgeSummary {
  return {
    sequences,
    frames,
    blink: median(values.blink),
    happy: median(values.happy),
    surprise: median(values.surprise),
    identity: median(values.identity),
    identityMax: max(values.identity),
    photoHappy: median(values.photoHappy),
    values,
  };
}

const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

/** The scores of one sequence from the judge's looks at the photo and at the plan's frames. */
export function judgeScores(plan: JudgePlan, photo: JudgeLook, looks: ReadonlyMap<number, JudgeLook>): JudgeSummary {
  const values: JudgeValues = { blink: [], happy: [], surprise: [], identity: [], photoHappy: [] };
  if (plan.closed !== undefined) {
    const closed = looks.get(plan.closed);
    const ratio = closed ? eyeAspectRatio68(closed.points) / eyeAspectRatio68(photo.points) : undefined;
    if (finite(ratio)) values.blink.push(ratio);
  }
  const photoHappy = photo.expressions?.happy;
  if (finite(photoHappy)) values.photoHappy.push(photoHappy);
  if (plan.expression) {
    const key = plan.expression.kind === 'happy' ? 'happy' : 'surprised';
    const before = photo.expressions?.[key];
    const after = median(plan.expression.frames.map((f) => looks.get(f)?.expressions?.[key]));
    if (finite(before) && finite(after) && before < PHOTO_EXPRESSION_MAX) values[plan.expression.kind].push(after - before);
  }
  const distances: number[] = [];
  if (photo.descriptor) {
    for (const look of looks.values()) if (look.descriptor) distances.push(descriptorDistance(photo.descriptor, look.descriptor));
  }
  if (distances.length) values.identity.push(Math.max(...distances));
  return fromValues(1, looks.size, values);
}

/** Pools judge summaries (those that are undefined are skipped); undefined when none is left. */
export function poolJudge(summaries: readonly (JudgeSummary | undefined)[]): JudgeSummary | undefined {
  const judged = summaries.filter((s): s is JudgeSummary => s !== undefined);
  if (!judged.length) return undefined;
  const values: JudgeValues = { blink: [], happy: [], surprise: [], identity: [], photoHappy: [] };
  for (const s of judged) for (const key of Object.keys(values) as (keyof JudgeValues)[]) values[key].push(...s.values[key]);
  return fromValues(
    judged.reduce((n, s) => n + s.sequences, 0),
    judged.reduce((n, s) => n + s.frames, 0),
    values,
  );
}
