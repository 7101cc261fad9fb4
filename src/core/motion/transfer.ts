/**
 * Motion transfer: a driver frame (head pose + canonical expression) -> target landmarks for the
 * face in the photo. Order, as in the warp prototype:
 *   1. expression displacement, eye-spans -> pixels, in the head's own axes;
 *   2. 3D rotation about the head pivot using the landmarks' z (the nose sweeps more than the cheeks);
 *   3. pose translation and scale;
 *   4. orthographic projection (x, y; z kept for the warp's depth test).
 */
import { CANONICAL_FACE } from '../face/canonical/canonical-face.ts';
import {
  LEFT_BROW_SKIN,
  LEFT_EYE_CORNERS,
  LEFT_IRIS,
  LEFT_LID_CREASE,
  LEFT_LOWER_LID,
  LEFT_UPPER_LID,
  MOUTH_CORNERS,
  RIGHT_BROW_SKIN,
  RIGHT_EYE_CORNERS,
  RIGHT_IRIS,
  RIGHT_LID_CREASE,
  RIGHT_LOWER_LID,
  RIGHT_UPPER_LID,
} from '../face/regions.ts';
import { LANDMARK_COUNT } from '../face/landmark-indices.ts';
import { smoothstep } from '../smoothstep.ts';
import { softClamp } from './limits.ts';
import { add, apply, column, dot, multiplyAll, rotationFromEuler, scale, sub, transpose } from './linear-algebra.ts';
import type { DriverFrame, HeadFrame, Landmarks, Mat3, MotionFrame, MotionLimits, Vec3 } from './types.ts';

export const MAX_INTENSITY = 1.5;

export interface TransferOptions {
  /** 0 (still) .. 1.5: scales pose angles, translation, scale change and expression. */
  intensity: number;
  limits: MotionLimits;
}

interface EyeLids {
  upper: readonly number[];
  lower: readonly number[];
  /** Rings that follow the upper lid, index-aligned with it. */
  followers: readonly (readonly number[])[];
}
const EYES: readonly EyeLids[] = [
  { upper: RIGHT_UPPER_LID, lower: RIGHT_LOWER_LID, followers: [RIGHT_LID_CREASE, RIGHT_BROW_SKIN] },
  { upper: LEFT_UPPER_LID, lower: LEFT_LOWER_LID, followers: [LEFT_LID_CREASE, LEFT_BROW_SKIN] },
];

/** The lids and the rings that follow them: a turned face's expression is damped, never its blinks. */
const ON_LIDS: readonly boolean[] = (() => {
  const lids = new Set(EYES.flatMap(({ upper, lower, followers }) => [...upper, ...lower, ...followers.flat()]));
  return Array.from({ length: LANDMARK_COUNT }, (_, i) => lids.has(i));
})();

/** Points above the lid creases: the brows and forehead, whose rise the limits cap. */
const ABOVE_EYES: readonly boolean[] = (() => {
  const creases = [...RIGHT_LID_CREASE, ...LEFT_LID_CREASE];
  const creaseLineY = creases.reduce((sum, i) => sum + CANONICAL_FACE[i]![1], 0) / creases.length;
  return CANONICAL_FACE.map((p) => p[1] < creaseLineY);
})();

/**
 * How much of a capped smile each landmark gives up: the lower face (cheeks, mouth, jaw) wholly,
 * nothing from the lower lids up, smoothly between (canonical heights, eye-spans below the eyes).
 */
const LOWER_FACE: readonly number[] = CANONICAL_FACE.map(([, y]) => smoothstep(0.25, 0.55, y));

/**
 * Landmarks a pair of glasses' frames covers: around each eye out to the rims (an ellipse on the
 * canonical face, in eye-spans) and the bridge between them, less the eyes and lids, which move
 * behind the lenses. With glasses these points follow the head alone, so the frames never bend.
 */
const RIGHT_EYE_CONTOUR_AND_LIDS = [...RIGHT_EYE_CORNERS, ...RIGHT_UPPER_LID, ...RIGHT_LOWER_LID, ...RIGHT_LID_CREASE];
const LEFT_EYE_CONTOUR_AND_LIDS = [...LEFT_EYE_CORNERS, ...LEFT_UPPER_LID, ...LEFT_LOWER_LID, ...LEFT_LID_CREASE];
export const UNDER_GLASS_FRAMES: readonly number[] = (() => {
  const behindLenses = new Set<number>([
    ...RIGHT_EYE_CONTOUR_AND_LIDS,
    ...LEFT_EYE_CONTOUR_AND_LIDS,
    ...RIGHT_IRIS,
    ...LEFT_IRIS,
  ]);
  const centre = (ids: readonly number[]) =>
    [0, 1].map((axis) => ids.reduce((sum, i) => sum + CANONICAL_FACE[i]![axis]!, 0) / ids.length) as [number, number];
  const eyes = [centre(RIGHT_EYE_CONTOUR_AND_LIDS), centre(LEFT_EYE_CONTOUR_AND_LIDS)];
  const inFrame = ([x, y]: readonly number[]) =>
    eyes.some(([cx, cy]) => ((x! - cx) / 0.42) ** 2 + ((y! - cy) / 0.24) ** 2 <= 1) ||
    (Math.abs(x!) < 0.2 && Math.abs(y! - eyes[0]![1]) < 0.12);
  return CANONICAL_FACE.flatMap((p, i) => (inFrame(p) && !behindLenses.has(i) ? [i] : []));
})();

export function transferMotion(frame: HeadFrame, driverFrame: DriverFrame, options: TransferOptions): MotionFrame {
  const { landmarks, rotation, eyeSpan, pivot } = frame;
  const { pose, expression } = driverFrame;
  const { limits } = options;
  if (expression.length !== LANDMARK_COUNT * 3) {
    throw new Error(`expression has ${expression.length} values, expected ${LANDMARK_COUNT * 3}`);
  }
  const strength = Math.min(MAX_INTENSITY, Math.max(0, options.intensity));
  const poseShare = strength * limits.amplitude.pose;
  const expressionShare = strength * limits.amplitude.expression;

  // 1. Expression in head-local pixels, fitted to this face, then in image axes.
  const local: Vec3[] = [];
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const k = 3 * i;
    const share = ON_LIDS[i] ? strength : expressionShare;
    local.push(scale([expression[k]!, expression[k + 1]!, expression[k + 2]!], eyeSpan * share));
  }
  fitLidsToEyeOpening(local, frame);
  capBrowRaise(local, limits.browRaise * eyeSpan);
  capCornerLift(local, limits.cornerLift, eyeSpan);
  if (limits.rigidGlasses) for (const i of UNDER_GLASS_FRAMES) local[i] = [0, 0, 0];
  const displacement: Landmarks = local.map((d) => apply(rotation, d));
  keepLidsFromCrossing(displacement, frame);

  // 2.-3. Pose: rotation about the head's own axes, expressed in image axes: R · P · Rᵀ.
  const headRotation = rotationFromEuler({
    yaw: softClamp(pose.yaw * poseShare, limits.yaw.min, limits.yaw.max),
    pitch: softClamp(pose.pitch * poseShare, limits.pitch.min, limits.pitch.max),
    roll: softClamp(pose.roll * poseShare, limits.roll.min, limits.roll.max),
  });
  const imageRotation: Mat3 = multiplyAll(rotation, headRotation, transpose(rotation));
  const translation: Vec3 = [pose.x * poseShare * eyeSpan, pose.y * poseShare * eyeSpan, 0];
  const scaleFactor = 1 + (pose.scale - 1) * poseShare;

  // 4. Orthographic: image x, y are the targets; z rides along.
  const targets: Landmarks = landmarks.map((p, i) => {
    const moved = add(p, displacement[i]!);
    return add(add(pivot, scale(apply(imageRotation, sub(moved, pivot)), scaleFactor)), translation);
  });
  return { landmarks: targets, rotation: imageRotation, pivot: [...pivot], translation, scale: scaleFactor, displacement };
}

/**
 * Lid motion is authored on the canonical eye; this face's eyes open wider or narrower. Each
 * upper/lower lid pair (and the rings following the upper lid) moves in proportion to this
 * face's opening, so a full blink closes any eye exactly, and an eye already shut stays shut.
 */
function fitLidsToEyeOpening(local: Vec3[], frame: HeadFrame): void {
  const down = column(frame.rotation, 1);
  for (const { upper, lower, followers } of EYES) {
    upper.forEach((up, k) => {
      const lo = lower[k]!;
      const canonicalOpening = CANONICAL_FACE[lo]![1] - CANONICAL_FACE[up]![1];
      const opening = dot(down, sub(frame.landmarks[lo]!, frame.landmarks[up]!)) / frame.eyeSpan;
      const ratio = Math.min(2, Math.max(0, opening / canonicalOpening));
      for (const i of [up, lo, ...followers.map((ring) => ring[k]!)]) local[i] = scale(local[i]!, ratio);
    });
  }
}

/** Soft-limits the upward (head-local -y) motion of the brows and forehead to `maxRise` pixels. */
function capBrowRaise(local: Vec3[], maxRise: number): void {
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const rise = -local[i]![1];
    if (!ABOVE_EYES[i] || rise <= 0) continue;
    local[i]![1] = -softClamp(rise, 0, maxRise);
  }
}

/**
 * Soft-limits how high the mouth corners go (photo's lift + the expression's, toward `max`) by
 * scaling the whole lower face's expression: a face that already smiles broadly gets a smaller
 * smile, laugh and jaw, never a corner torn from its cheek.
 */
function capCornerLift(local: Vec3[], { photo, max }: MotionLimits['cornerLift'], eyeSpan: number): void {
  const rise = -MOUTH_CORNERS.reduce((sum, c) => sum + local[c]![1], 0) / MOUTH_CORNERS.length / eyeSpan;
  if (!(rise > 0)) return;
  const allowed = softClamp(photo + rise, -Infinity, max) - softClamp(photo, -Infinity, max);
  const share = Math.min(1, Math.max(0, allowed / rise));
  if (share === 1) return;
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    if (LOWER_FACE[i]! > 0) local[i] = scale(local[i]!, 1 - LOWER_FACE[i]! * (1 - share));
  }
}

/** Intensities above 1 must not push an upper lid through the lower one: they meet and stay. */
function keepLidsFromCrossing(displacement: Landmarks, frame: HeadFrame): void {
  const down = column(frame.rotation, 1);
  for (const { upper, lower } of EYES) {
    upper.forEach((up, k) => {
      const lo = lower[k]!;
      const upperTarget = add(frame.landmarks[up]!, displacement[up]!);
      const lowerTarget = add(frame.landmarks[lo]!, displacement[lo]!);
      if (dot(down, sub(upperTarget, lowerTarget)) > 0) displacement[up] = sub(lowerTarget, frame.landmarks[up]!);
    });
  }
}
