/**
 * A line sketch of a driver frame on the canonical face — the gallery's cheap animated preview,
 * drawn before (or without) rendering the photo. Pure: the page draws the polylines.
 */
import { CANONICAL_FACE } from '../face/canonical/canonical-face.ts';
import { FACE_OVAL } from '../face/landmark-indices.ts';
import {
  LEFT_BROW,
  LEFT_EYE_CORNERS,
  LEFT_LOWER_LID,
  LEFT_UPPER_LID,
  LOWER_LIP_OUTER,
  RIGHT_BROW,
  RIGHT_EYE_CORNERS,
  RIGHT_LOWER_LID,
  RIGHT_UPPER_LID,
  UPPER_LIP_INNER,
  LOWER_LIP_INNER,
  UPPER_LIP_OUTER,
} from '../face/regions.ts';
import { apply, rotationFromEuler } from '../motion/linear-algebra.ts';
import type { DriverFrame } from '../motion/types.ts';

const eye = (corners: readonly number[], upper: readonly number[], lower: readonly number[]) => [
  corners[0]!,
  ...upper,
  corners[1]!,
  ...[...lower].reverse(),
  corners[0]!,
];

/** The strokes of the sketch, as landmark index paths. */
export const SKETCH_PATHS: readonly (readonly number[])[] = [
  [...FACE_OVAL, FACE_OVAL[0]],
  eye(RIGHT_EYE_CORNERS, RIGHT_UPPER_LID, RIGHT_LOWER_LID),
  eye(LEFT_EYE_CORNERS, LEFT_UPPER_LID, LEFT_LOWER_LID),
  RIGHT_BROW.slice(0, 8),
  LEFT_BROW.slice(0, 8),
  [...UPPER_LIP_OUTER, ...[...LOWER_LIP_OUTER].reverse(), UPPER_LIP_OUTER[0]],
  UPPER_LIP_INNER,
  LOWER_LIP_INNER,
  [168, 6, 197, 195, 5, 4, 1],
];

/** Polylines (x, y pairs in 0..size) of the canonical face doing `frame`, fitted in a square. */
export function sketchFrame(frame: DriverFrame, size: number): number[][] {
  const rotation = rotationFromEuler(frame.pose);
  // The canonical face spans about 2 eye-spans from forehead to chin, centred 0.36 below the eyes.
  const unit = (size / 2.3) * frame.pose.scale;
  const project = (i: number) => {
    const p = CANONICAL_FACE[i]!;
    const e = frame.expression;
    const moved = apply(rotation, [p[0] + e[3 * i]!, p[1] - 0.36 + e[3 * i + 1]!, p[2] + e[3 * i + 2]!]);
    return [size / 2 + (moved[0] + frame.pose.x) * unit, size / 2 + (moved[1] + frame.pose.y) * unit];
  };
  return SKETCH_PATHS.map((path) => path.flatMap(project));
}
