/**
 * Expression checks on detected landmarks (quality.md, "Expression checks on D_f"): eye aspect
 * ratio for blinks, mouth width and corner lift for smiles, a yaw estimate for head turns.
 * 2D only (x, y in pixels); z is ignored.
 */

import type { Point, Points } from './measures.ts';
import { LEFT_FACE_SIDE, MOUTH_CORNERS, NOSE_TIP, RIGHT_FACE_SIDE } from '../face/regions.ts';
import { LOWER_LIP_BOTTOM, UPPER_LIP_TOP } from './regions.ts';

/**
 * EAR landmarks p1..p6 per eye, named as quality.md names them: from the viewer's side of an
 * unmirrored photo. 'left' (33, 160, 158, 133, 153, 144) is MediaPipe's RIGHT_EYE (the subject's
 * right eye), 'right' (362, 385, 387, 263, 373, 380) is MediaPipe's LEFT_EYE.
 * p1, p4: eye corners; p2, p3: upper lid; p6, p5: lower lid below p2, p3.
 */
export const EAR_EYES = {
  left: [33, 160, 158, 133, 153, 144],
  right: [362, 385, 387, 263, 373, 380],
} as const;

export type EyeSide = keyof typeof EAR_EYES;

function dist(a: Point, b: Point): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
}

function at(points: Points, i: number): Point {
  const p = points[i];
  if (!p) throw new RangeError(`landmark ${i} missing (${points.length} points)`);
  return p;
}

/**
 * Eye aspect ratio EAR = (|p2 - p6| + |p3 - p5|) / (2 |p1 - p4|) (Soukupová & Čech 2016):
 * about 0.25-0.35 for an open eye, near 0 for a closed one. NaN when the eye corners coincide.
 */
export function eyeAspectRatio(points: Points, eye: EyeSide): number {
  const [p1, p2, p3, p4, p5, p6] = EAR_EYES[eye].map((i) => at(points, i)) as [Point, Point, Point, Point, Point, Point];
  const width = dist(p1, p4);
  return width > 0 ? (dist(p2, p6) + dist(p3, p5)) / (2 * width) : NaN;
}

/** Mean EAR of both eyes. */
export function meanEyeAspectRatio(points: Points): number {
  return (eyeAspectRatio(points, 'left') + eyeAspectRatio(points, 'right')) / 2;
}

/** Mouth width |p61 - p291| (outer mouth corners), in pixels. */
export function mouthWidth(points: Points): number {
  return dist(at(points, MOUTH_CORNERS[0]), at(points, MOUTH_CORNERS[1]));
}

/**
 * How far the mouth corners (61, 291) lie above the middle of the lips (midpoint of the outer
 * lip midpoints 0 and 17), in pixels, measured perpendicular to the line through the corners
 * so that head roll does not count: grows when the corners rise, as in a smile.
 */
export function mouthCornerLift(points: Points): number {
  const a = at(points, MOUTH_CORNERS[0]);
  const b = at(points, MOUTH_CORNERS[1]);
  const top = at(points, UPPER_LIP_TOP);
  const bottom = at(points, LOWER_LIP_BOTTOM);
  const ux = b[0]! - a[0]!;
  const uy = b[1]! - a[1]!;
  const len = Math.hypot(ux, uy);
  if (!(len > 0)) return NaN;
  // Unit normal pointing "down the face" when the corners run left to right in the image (y down).
  const nx = -uy / len;
  const ny = ux / len;
  const cx = (top[0]! + bottom[0]!) / 2 - (a[0]! + b[0]!) / 2;
  const cy = (top[1]! + bottom[1]!) / 2 - (a[1]! + b[1]!) / 2;
  return cx * nx + cy * ny;
}

/**
 * Half the distance between the cheek points 234 and 454 over the nose tip's protrusion in front
 * of them, in MediaPipe's canonical face model (mediapipe/modules/face_geometry/data/
 * canonical_face_model.obj: 234 = (-7.664, 0.673, -2.436), 454 mirrored, 1 = (0, -1.127, 7.476)).
 */
export const CHEEK_HALF_WIDTH_OVER_NOSE_DEPTH = 7.664182 / (7.475604 + 2.435867);

/**
 * An estimate of head yaw in degrees from 2D landmarks, following the HeadPose convention:
 * positive = the face turns to the viewer's right, 0 = frontal.
 *
 * Model: the cheek points 234 and 454 at ±R beside the head's vertical axis, the nose tip 1 a depth
 * N in front of them. Turning by θ moves the nose's projection off the cheeks' midpoint by
 * N sin θ while the half-width between the cheeks shrinks to R cos θ, so
 * θ = atan(offset / half-width · R / N), with R / N from MediaPipe's canonical face. The offset is
 * measured along the cheek-to-cheek line, so roll does not count. It is an estimate: individual
 * faces differ from the canonical proportions (a few degrees at moderate yaw), and at strong yaw
 * the detector's cheek points become less reliable. Compare estimates of the same face (e.g. the
 * change from the source) rather than absolute values.
 */
export function yawEstimate(points: Points): number {
  const r = at(points, RIGHT_FACE_SIDE);
  const l = at(points, LEFT_FACE_SIDE);
  const nose = at(points, NOSE_TIP);
  const ux = l[0]! - r[0]!;
  const uy = l[1]! - r[1]!;
  const width = Math.hypot(ux, uy);
  if (!(width > 0)) return NaN;
  const offset = ((nose[0]! - (r[0]! + l[0]!) / 2) * ux + (nose[1]! - (r[1]! + l[1]!) / 2) * uy) / width;
  return (Math.atan((offset / (width / 2)) * CHEEK_HALF_WIDTH_OVER_NOSE_DEPTH) * 180) / Math.PI;
}
