/**
 * Index sets into MediaPipe's 478-point face mesh (468 mesh points + 10 iris points), used by the
 * quality measures (see /work/shared/docs/quality.md) to measure motion per facial region.
 *
 * Sources:
 * - Eye, lip and face-oval contours: the union of the vertices of the connection lists
 *   `FACEMESH_RIGHT_EYE`, `FACEMESH_LEFT_EYE`, `FACEMESH_LIPS` and `FACEMESH_FACE_OVAL` of
 *   MediaPipe Face Mesh (mediapipe/python/solutions/face_mesh_connections.py, also exported by the
 *   npm package @mediapipe/face_mesh). regions.test.ts checks the sets below against the package.
 * - Irises: the Face Landmarker / Attention Mesh model appends 10 iris points to the 468 mesh
 *   points: 468 = right iris centre, 469-472 its contour (`FACEMESH_RIGHT_IRIS`), 473 = left iris
 *   centre, 474-477 its contour (`FACEMESH_LEFT_IRIS`).
 *
 * "Right" and "left" follow MediaPipe: the subject's own right / left. In an unmirrored photo the
 * subject's right eye (contour through 33 and 133) is on the viewer's left. Note that
 * quality.md and src/core/face/landmark-indices.ts name eyes from the viewer's side (33 = "left
 * eye outer corner"); see EAR_EYES in expression.ts.
 */

export { LANDMARK_COUNT } from '../face/landmark-indices.ts';

/** Outer eye corners; their distance is the inter-ocular distance (IOD), the face's scale. */
export const EYE_OUTER_CORNERS = [33, 263] as const;

/** Subject's right eye contour (viewer's left), MediaPipe FACEMESH_RIGHT_EYE. */
export const RIGHT_EYE = [33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173] as const;

/** Subject's left eye contour (viewer's right), MediaPipe FACEMESH_LEFT_EYE. */
export const LEFT_EYE = [263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398] as const;

/** Subject's right iris: centre 468, contour 469-472 (FACEMESH_RIGHT_IRIS). */
export const RIGHT_IRIS = [468, 469, 470, 471, 472] as const;

/** Subject's left iris: centre 473, contour 474-477 (FACEMESH_LEFT_IRIS). */
export const LEFT_IRIS = [473, 474, 475, 476, 477] as const;

/** Both eye contours and both irises (42 points). */
export const EYES: readonly number[] = [...RIGHT_EYE, ...LEFT_EYE, ...RIGHT_IRIS, ...LEFT_IRIS];

/** Outer lip contour, from the right mouth corner 61 over the upper lip to 291 and back below. */
export const LIPS_OUTER = [
  61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 146, 91, 181, 84, 17, 314, 405, 321, 375,
] as const;

/** Inner lip contour (the mouth opening), from 78 over the upper lip to 308 and back below. */
export const LIPS_INNER = [
  78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 95, 88, 178, 87, 14, 317, 402, 318, 324,
] as const;

/** Mouth: outer and inner lip contours (MediaPipe FACEMESH_LIPS, 40 points). */
export const MOUTH: readonly number[] = [...LIPS_OUTER, ...LIPS_INNER];

/** Face contour, clockwise from the top of the forehead (MediaPipe FACEMESH_FACE_OVAL, 36 points). */
import { FACE_OVAL } from '../face/landmark-indices.ts';

export { FACE_OVAL };

/** The face contour region used by the per-region transfer measure. */
export const CONTOUR: readonly number[] = FACE_OVAL;

/** Upper and lower lip midpoints (outer contour); the mouth corners are in ../face/regions.ts. */
export const UPPER_LIP_TOP = 0;
export const LOWER_LIP_BOTTOM = 17;


/** The regions reported by the per-region transfer measure. */
export const REGIONS = { eyes: EYES, mouth: MOUTH, contour: CONTOUR } as const;
export type RegionName = keyof typeof REGIONS;
