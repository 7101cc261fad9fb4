/**
 * How far a face may be moved before the warp stops convincing, measured with the warp
 * prototype on frontal photos: yaw ±12-15°, pitch ±8-10°, roll ±10-15°, brow raise 0.075-0.10
 * eye-spans (half with glasses, which must stay rigid). A face already turned in the photo can
 * turn ~10° further away but only 6-8° back toward the camera: the skin hidden behind its nose
 * and cheek cannot be created.
 */
import { CANONICAL_FACE } from '../face/canonical/canonical-face.ts';
import { LOWER_LIP_CENTRE, MOUTH_CORNERS, UPPER_LIP_CENTRE } from '../face/regions.ts';
import { smoothstep } from '../smoothstep.ts';
import { column, dot, sub } from './linear-algebra.ts';
import type { AngleRange, HeadFrame, MotionLimits, Vec3 } from './types.ts';

/** Frontal faces: the upper end of the convincing ranges (limits are approached softly). */
const FRONTAL = { yaw: 15, pitch: 10, roll: 12 };
/** Fully turned faces: further away, and back toward the camera. */
const TURNED = { yaw: { away: 10, toward: 7 }, pitch: { away: 8, toward: 6 } };
/** Photo angles (degrees) over which a face goes from "frontal" to "turned". */
const TURNED_FROM = { yaw: [3, 15], pitch: [6, 20] } as const;
/** Off-frontal angles (degrees) over which a face's share of the head's motion falls from 1 to its floor. */
const POSE_DAMPED_FROM = [15, 40] as const;
/**
 * The same for its expression: later, since moving the skin inside the face reveals nothing
 * hidden. Damped with the pose, a three-quarter face (35°) smiled at half strength and blinked
 * only half shut; near profile (~50°) a mouth corner on the outline pulls the background in.
 */
const EXPRESSION_DAMPED_FROM = [30, 50] as const;
const NEAR_PROFILE_AMPLITUDE = 0.5;
const BROW_RAISE = 0.1;
const BROW_RAISE_WITH_GLASSES = 0.05;
/**
 * Highest the mouth corners may sit above the lips' centre, eye-spans over the canonical face's:
 * the rig's full smile (0.1) with a little room. A photo that already smiles this much has its
 * corners near where a full smile puts them; lifting them further made a different person (the
 * identity judge's largest distances were such faces smiling more).
 */
const CORNER_LIFT = 0.13;

export interface MotionLimitOptions {
  /** The face wears glasses: the frames stay rigid and the brows move half as far. */
  glasses?: boolean;
}

export function motionLimits(frame: HeadFrame, options: MotionLimitOptions = {}): MotionLimits {
  const offFrontal = Math.hypot(frame.yaw, frame.pitch);
  return {
    yaw: turnedRange(frame.yaw, FRONTAL.yaw, TURNED.yaw, TURNED_FROM.yaw),
    pitch: turnedRange(frame.pitch, FRONTAL.pitch, TURNED.pitch, TURNED_FROM.pitch),
    // In-plane: nothing hidden is revealed, so the photo's roll does not matter.
    roll: { min: -FRONTAL.roll, max: FRONTAL.roll },
    browRaise: options.glasses ? BROW_RAISE_WITH_GLASSES : BROW_RAISE,
    amplitude: {
      pose: amplitudeFor(offFrontal, POSE_DAMPED_FROM),
      expression: amplitudeFor(offFrontal, EXPRESSION_DAMPED_FROM),
    },
    rigidGlasses: !!options.glasses,
    cornerLift: { photo: cornerLift(frame), max: CORNER_LIFT },
  };
}

/** Height of the mouth corners above the lips' centre, head-local eye-spans, less the canonical face's. */
function cornerLiftOf(points: readonly Readonly<Vec3>[], down: Vec3): number {
  const [upper, lower] = [points[UPPER_LIP_CENTRE]!, points[LOWER_LIP_CENTRE]!];
  const centre: Vec3 = [(upper[0] + lower[0]) / 2, (upper[1] + lower[1]) / 2, (upper[2] + lower[2]) / 2];
  return MOUTH_CORNERS.reduce((sum, c) => sum + dot(down, sub(centre, points[c]!)), 0) / MOUTH_CORNERS.length;
}

const CANONICAL_CORNER_LIFT = cornerLiftOf(CANONICAL_FACE, [0, 1, 0]);

/** How much the photo's face already smiles: its corner lift over the canonical face's, eye-spans. */
export function cornerLift(frame: HeadFrame): number {
  return cornerLiftOf(frame.landmarks, column(frame.rotation, 1)) / frame.eyeSpan - CANONICAL_CORNER_LIFT;
}

/** How much of the motion a face turned `offFrontal` degrees away from the camera takes. */
function amplitudeFor(offFrontal: number, [from, to]: readonly [number, number]): number {
  return 1 - (1 - NEAR_PROFILE_AMPLITUDE) * smoothstep(from, to, offFrontal);
}

/**
 * The range of further rotation for a face at `photoAngle`: symmetric when frontal, narrower
 * back toward the camera (the sign opposite to photoAngle) when turned.
 */
function turnedRange(
  photoAngle: number,
  frontal: number,
  turned: { away: number; toward: number },
  [from, to]: readonly [number, number],
): AngleRange {
  const turnedness = smoothstep(from, to, Math.abs(photoAngle));
  const away = frontal + (turned.away - frontal) * turnedness;
  const toward = frontal + (turned.toward - frontal) * turnedness;
  return photoAngle >= 0 ? { min: -toward, max: away } : { min: -away, max: toward };
}

/**
 * Soft clamp into [min, max]: the identity over the inner `knee` fraction of each side, then a
 * tanh that approaches the limit with matching slope, so motion slows into the limit instead of
 * hitting a wall.
 */
export function softClamp(value: number, min: number, max: number, knee = 0.7): number {
  const limit = value >= 0 ? max : min;
  if (limit === 0) return 0;
  const start = knee * limit;
  if (Math.abs(value) <= Math.abs(start)) return value;
  const room = limit - start;
  return start + room * Math.tanh((value - start) / room);
}
