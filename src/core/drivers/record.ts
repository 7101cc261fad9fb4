/**
 * Recording a driver from a video: per-frame detected landmarks of someone's face -> a Driver
 * whose replay (transferMotion) on another face reproduces the motion. It is transfer.ts run
 * backwards. With R_f, eyeSpan_f, pivot_f the head frame of frame f and 0 the first kept frame:
 *
 *   pose rotation  P_f = R_0ᵀ · R_f  (head-local axes, as transfer applies R·P·Rᵀ about the pivot,
 *                  so R_0·P_f = R_f), angles by eulerFromRotation (Ry·Rx·Rz, HeadPose signs);
 *   translation    (pivot_f - pivot_0).xy / eyeSpan_0 (image axes);
 *   scale          eyeSpan_f / eyeSpan_0;
 *   expression     R_fᵀ(L_f - pivot_f)/eyeSpan_f - R_0ᵀ(L_0 - pivot_0)/eyeSpan_0, per landmark
 *                  (head-local = canonical axes, eye-spans), lids divided by the eye-opening
 *                  factor transfer.ts multiplies them by, measured on frame 0 (so a recorded
 *                  blink closes any eye, and replaying on the recorded face is exact).
 *
 * Missing faces (null) at either end are trimmed, short gaps inside bridged by linear
 * interpolation, and pose and expression are smoothed with a One Euro filter.
 */
import { CANONICAL_FACE } from '../face/canonical/canonical-face.ts';
import { LANDMARK_COUNT } from '../face/landmark-indices.ts';
import {
  LEFT_BROW_SKIN,
  LEFT_LID_CREASE,
  LEFT_LOWER_LID,
  LEFT_UPPER_LID,
  RIGHT_BROW_SKIN,
  RIGHT_LID_CREASE,
  RIGHT_LOWER_LID,
  RIGHT_UPPER_LID,
} from '../face/regions.ts';
import { headFrame } from '../motion/head-frame.ts';
import { apply, column, dot, eulerFromRotation, multiply, sub, transpose } from '../motion/linear-algebra.ts';
import type { Driver, DriverFrame, HeadFrame, HeadPose, Landmarks } from '../motion/types.ts';
import { OneEuroFilter, type OneEuroParams } from './one-euro.ts';
import { lerpFrame } from './frame-mix.ts';
import { restFrame } from './rest.ts';

export interface RecordedFace {
  landmarks: Landmarks;
  /** MediaPipe's facial transformation matrix (4x4, column-major), when the detector gave one. */
  matrix?: number[];
}

export interface RecordSmoothing {
  /** yaw, pitch, roll (degrees). */
  angles?: Partial<OneEuroParams>;
  /** x, y (eye-spans) and scale. */
  translation?: Partial<OneEuroParams>;
  /** Expression coordinates (eye-spans). */
  expression?: Partial<OneEuroParams>;
}

export interface RecordOptions {
  fps: number;
  id: string;
  name: string;
  /** One Euro parameters per channel group (defaults below), or false for the raw signal. */
  smoothing?: RecordSmoothing | false;
}

export interface RecordResult {
  driver: Driver;
  /** Missing frames filled by interpolation. */
  bridged: number;
  /** Frames dropped: missing faces at the ends, and everything outside the kept run. */
  trimmed: number;
  /** The index of the driver's first frame in the frames given (its sound starts there). */
  first: number;
  warnings: string[];
}

/** Longest gap (seconds) bridged by interpolation; longer ones split the recording. */
export const MAX_BRIDGED_GAP_SECONDS = 0.5;

/**
 * Defaults: still, the cutoff is ~1 Hz, which removes detector jitter; at speed (a turn at
 * ~30°/s, a blink) the cutoff rises to several Hz, so the motion is followed within a frame or two.
 * Units differ per group (degrees vs eye-spans), hence separate betas.
 */
export const DEFAULT_RECORD_SMOOTHING: Readonly<Required<RecordSmoothing>> = {
  angles: { minCutoff: 1.5, beta: 1, dCutoff: 1 },
  translation: { minCutoff: 1.2, beta: 20, dCutoff: 1 },
  expression: { minCutoff: 1.5, beta: 30, dCutoff: 1 },
};

/** Near rest, for `loops`: angles under this (degrees)... */
const LOOP_ANGLE = 1;
/** ...and expression, translation and scale change under this (eye-spans). */
const LOOP_OFFSET = 0.01;

export function recordDriver(frames: readonly (RecordedFace | null)[], options: RecordOptions): RecordResult {
  const { fps, id, name } = options;
  if (!(fps > 0)) throw new Error(`recordDriver: fps must be > 0, got ${fps}`);
  const warnings: string[] = [];

  // 1. Which frames to keep: runs of faces joined by short gaps; the longest run wins.
  const present = frames.map((f) => f !== null);
  const firstFace = present.indexOf(true);
  if (firstFace < 0) {
    throw new Error(`recordDriver: no face was detected in any of the ${frames.length} frames; nothing to record`);
  }
  const maxGap = Math.floor(MAX_BRIDGED_GAP_SECONDS * fps + 1e-9);
  const runs: { start: number; end: number }[] = []; // inclusive, both ends with faces
  let start = firstFace;
  let last = firstFace;
  for (let i = firstFace + 1; i < frames.length; i++) {
    if (!present[i]) continue;
    if (i - last - 1 > maxGap) {
      runs.push({ start, end: last });
      start = i;
    }
    last = i;
  }
  runs.push({ start, end: last });
  const kept = runs.reduce((best, run) => (run.end - run.start > best.end - best.start ? run : best));
  if (runs.length > 1) {
    warnings.push(
      `the face was lost for more than ${MAX_BRIDGED_GAP_SECONDS} s ${runs.length - 1} time(s); ` +
        `kept the longest stretch with a face, frames ${kept.start}-${kept.end} of ${frames.length} ` +
        `(${((kept.end - kept.start + 1) / fps).toFixed(2)} s)`,
    );
  }
  const trimmed = frames.length - (kept.end - kept.start + 1);

  // 2. Raw pose and expression of each kept frame with a face, relative to the first.
  const reference = motionReference(frames[kept.start]!);
  const raw: (DriverFrame | null)[] = [];
  for (let i = kept.start; i <= kept.end; i++) {
    const face = frames[i];
    raw.push(face ? relativeFrame(reference, face) : null);
  }

  // 3. Bridge the short gaps: linear interpolation between the faces either side.
  let bridged = 0;
  for (let k = 0; k < raw.length; k++) {
    if (raw[k]) continue;
    let next = k;
    while (!raw[next]) next++;
    const before = raw[k - 1]!;
    const after = raw[next]!;
    for (let j = k; j < next; j++) {
      raw[j] = lerpFrame(before, after, (j - k + 1) / (next - k + 1));
      bridged++;
    }
    k = next;
  }
  if (bridged > 0) warnings.push(`bridged ${bridged} frame(s) without a face by interpolation`);

  // 4. Smooth, and pin the first frame to rest.
  const series = raw as DriverFrame[];
  const driverFrames = options.smoothing === false ? series : smooth(series, fps, options.smoothing ?? {});
  driverFrames[0] = restFrame();

  const loops = closeToRest(driverFrames[driverFrames.length - 1]!);
  return { driver: { id, name, fps, loops, frames: driverFrames }, bridged, trimmed, first: kept.start, warnings };
}

/** A recorded frame this close to rest can follow the first one without a visible jump. */
export function closeToRest({ pose, expression }: DriverFrame): boolean {
  return (
    Math.max(Math.abs(pose.yaw), Math.abs(pose.pitch), Math.abs(pose.roll)) < LOOP_ANGLE &&
    Math.max(Math.abs(pose.x), Math.abs(pose.y), Math.abs(pose.scale - 1)) < LOOP_OFFSET &&
    expression.every((v) => Math.abs(v) < LOOP_OFFSET)
  );
}

/** Head-local positions of the landmarks, eye-spans: R_ᵀ(L - pivot) / eyeSpan. */
function headLocal(frame: HeadFrame): Float32Array | Float64Array {
  const out = new Float64Array(LANDMARK_COUNT * 3);
  const rt = transpose(frame.rotation);
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const p = apply(rt, sub(frame.landmarks[i]!, frame.pivot));
    for (let k = 0; k < 3; k++) out[3 * i + k] = p[k]! / frame.eyeSpan;
  }
  return out;
}

/** The face at rest that a recording's motion is measured from (its first frame, or live mode's calibration). */
export interface MotionReference {
  frame: HeadFrame;
  local: Float32Array | Float64Array;
  lidFactor: Float64Array;
}

export function motionReference(face: RecordedFace): MotionReference {
  const frame = headFrame(face.landmarks, face.matrix);
  return { frame, local: headLocal(frame), lidFactor: lidOpeningFactors(frame) };
}

/** `face`'s pose and expression relative to the reference, unsmoothed. */
export function relativeFrame(reference: MotionReference, face: RecordedFace): DriverFrame {
  return rawFrame(reference.frame, reference.local, reference.lidFactor, headFrame(face.landmarks, face.matrix));
}

function rawFrame(reference: HeadFrame, referenceLocal: ArrayLike<number>, lidFactor: Float64Array, frame: HeadFrame): DriverFrame {
  const relative = multiply(transpose(reference.rotation), frame.rotation);
  const { yaw, pitch, roll } = eulerFromRotation(relative);
  const pose: HeadPose = {
    yaw,
    pitch,
    roll,
    x: (frame.pivot[0] - reference.pivot[0]) / reference.eyeSpan,
    y: (frame.pivot[1] - reference.pivot[1]) / reference.eyeSpan,
    scale: frame.eyeSpan / reference.eyeSpan,
  };
  const local = headLocal(frame);
  const expression = new Float32Array(LANDMARK_COUNT * 3);
  for (let j = 0; j < expression.length; j++) {
    expression[j] = (local[j]! - referenceLocal[j]!) / lidFactor[Math.floor(j / 3)]!;
  }
  return { pose, expression };
}

/**
 * The factor transferMotion (fitLidsToEyeOpening) multiplies each landmark's expression by on
 * this face: per lid pair, the face's eye opening over the canonical one, clamped to [0, 2], and
 * applied to the upper and lower lid point and the rings following the upper lid, as often as
 * transfer applies it. An eye shut on the reference frame (factor near 0) is left unscaled.
 */
function lidOpeningFactors(frame: HeadFrame): Float64Array {
  const factors = new Float64Array(LANDMARK_COUNT).fill(1);
  const down = column(frame.rotation, 1);
  const eyes = [
    { upper: RIGHT_UPPER_LID, lower: RIGHT_LOWER_LID, followers: [RIGHT_LID_CREASE, RIGHT_BROW_SKIN] },
    { upper: LEFT_UPPER_LID, lower: LEFT_LOWER_LID, followers: [LEFT_LID_CREASE, LEFT_BROW_SKIN] },
  ];
  for (const { upper, lower, followers } of eyes) {
    upper.forEach((up, k) => {
      const lo = lower[k]!;
      const canonicalOpening = CANONICAL_FACE[lo]![1] - CANONICAL_FACE[up]![1];
      const opening = dot(down, sub(frame.landmarks[lo]!, frame.landmarks[up]!)) / frame.eyeSpan;
      const ratio = Math.min(2, Math.max(0, opening / canonicalOpening));
      for (const i of [up, lo, ...followers.map((ring) => ring[k]!)]) factors[i] = factors[i]! * ratio;
    });
  }
  for (let i = 0; i < LANDMARK_COUNT; i++) if (!(factors[i]! > 0.05)) factors[i] = 1;
  return factors;
}

/** One Euro filters over a stream of driver frames: pose angles, translation and expression each their own. */
export class MotionSmoother {
  private readonly angles: OneEuroFilter;
  private readonly translation: OneEuroFilter;
  private readonly expression: OneEuroFilter;

  constructor(smoothing: RecordSmoothing = {}) {
    this.angles = new OneEuroFilter({ ...DEFAULT_RECORD_SMOOTHING.angles, ...smoothing.angles });
    this.translation = new OneEuroFilter({ ...DEFAULT_RECORD_SMOOTHING.translation, ...smoothing.translation });
    this.expression = new OneEuroFilter({ ...DEFAULT_RECORD_SMOOTHING.expression, ...smoothing.expression });
  }

  /** The frame at `seconds` (increasing), smoothed. */
  smooth({ pose, expression }: DriverFrame, seconds: number): DriverFrame {
    const [yaw, pitch, roll] = this.angles.filter([pose.yaw, pose.pitch, pose.roll], seconds) as [number, number, number];
    const [x, y, scale] = this.translation.filter([pose.x, pose.y, pose.scale], seconds) as [number, number, number];
    return { pose: { yaw, pitch, roll, x, y, scale }, expression: Float32Array.from(this.expression.filter(expression, seconds)) };
  }
}

function smooth(series: readonly DriverFrame[], fps: number, smoothing: RecordSmoothing): DriverFrame[] {
  const smoother = new MotionSmoother(smoothing);
  return series.map((frame, i) => smoother.smooth(frame, i / fps));
}
