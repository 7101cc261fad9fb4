/** Indices into MediaPipe's 478-point face mesh. */

/** The face outline, clockwise from the top of the forehead (MediaPipe FACEMESH_FACE_OVAL). */
export const FACE_OVAL = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136,
  172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
] as const;

/**
 * Outer eye corners, subject's right (33, on the image's left) and left (263): their distance
 * is the inter-ocular distance (IOD, "eye-span") used as the face's scale.
 */
export const RIGHT_EYE_OUTER = 33;
export const LEFT_EYE_OUTER = 263;

export const LANDMARK_COUNT = 478;

type Points = readonly (readonly number[])[];

export function interOcularDistance(points: Points): number {
  const a = points[RIGHT_EYE_OUTER]!;
  const b = points[LEFT_EYE_OUTER]!;
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
}

/** Mean 2D distance between corresponding points. */
export function meanDistance(a: Points, b: Points): number {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.hypot(a[i]![0]! - b[i]![0]!, a[i]![1]! - b[i]![1]!);
  return n ? sum / n : Infinity;
}
