/**
 * The head's own frame in the photo: its rotation (head-local -> image axes), scale (eye-span)
 * and pivot, from MediaPipe's facial transformation matrix or, without one, from a fit of the
 * canonical face to the landmarks.
 */
import { LANDMARK_COUNT, LEFT_EYE_OUTER, RIGHT_EYE_OUTER } from '../face/landmark-indices.ts';
import { CANONICAL_FACE, CANONICAL_PROCRUSTES_WEIGHTS } from '../face/canonical/canonical-face.ts';
import {
  add,
  apply,
  distance,
  eulerFromRotation,
  midpoint,
  multiplyAll,
  nearestRotation,
  scale,
  sub,
  transpose,
} from './linear-algebra.ts';
import type { HeadFrame, Landmarks, Mat3, Vec3 } from './types.ts';


const RIGHT_FACE_SIDE = 234;
const LEFT_FACE_SIDE = 454;
/**
 * The head turns about a point behind and below the middle of the face sides at ear level
 * (0.3 eye-spans each way, head axes): near the top of the neck, found by the prototype to make
 * the nose sweep more than the cheeks as a real head does.
 */
const PIVOT_BELOW = 0.3;
const PIVOT_BEHIND = 0.3;

/**
 * MediaPipe's metric space has y up and z toward the viewer; the canonical face and the image
 * have y down and z away. S = diag(1, -1, -1) converts between them (its own inverse).
 */
const FLIP_Y_Z: Mat3 = [1, 0, 0, 0, -1, 0, 0, 0, -1];

/**
 * Head-local -> image rotation from MediaPipe's 4x4 facial transformation matrix (column-major).
 * Its values arrive rounded, so the 3x3 part is re-orthonormalised (unrounded, a motionless
 * frame drifted by 0.23 px in the prototype); any scale it carries is dropped.
 */
export function rotationFromMatrix(matrix: readonly number[]): Mat3 {
  if (matrix.length !== 16) throw new Error(`facial transformation matrix has ${matrix.length} values, expected 16`);
  // Column-major: element (row r, column c) is matrix[4c + r].
  const m = (r: number, c: number) => matrix[4 * c + r]!;
  const metric: Mat3 = [m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2), m(2, 0), m(2, 1), m(2, 2)];
  return multiplyAll(FLIP_Y_Z, nearestRotation(metric), FLIP_Y_Z);
}

export interface CanonicalPoseFit {
  /** Head-local -> image rotation. */
  rotation: Mat3;
  /** Pixels per eye-span. */
  scale: number;
  /** Image position of the canonical origin (between the outer eye corners). */
  translation: Vec3;
  /** Weighted RMS distance between the fitted canonical points and the landmarks, eye-spans. */
  rmsError: number;
}

/**
 * Similarity fit (Kabsch/Umeyama) of the canonical face to the landmarks, weighted like
 * MediaPipe's own pose fit by default (its rigid points: eye corners, nose, cheekbones, jaw).
 */
export function fitCanonicalPose(
  landmarks: Landmarks,
  weights: readonly (readonly [number, number])[] = CANONICAL_PROCRUSTES_WEIGHTS,
): CanonicalPoseFit {
  let total = 0;
  let canonicalMean: Vec3 = [0, 0, 0];
  let imageMean: Vec3 = [0, 0, 0];
  for (const [i, w] of weights) {
    total += w;
    canonicalMean = add(canonicalMean, scale(CANONICAL_FACE[i]!, w));
    imageMean = add(imageMean, scale(landmarks[i]!, w));
  }
  canonicalMean = scale(canonicalMean, 1 / total);
  imageMean = scale(imageMean, 1 / total);
  // Cross-covariance Σ w·(image)(canonical)ᵀ: its nearest rotation maps canonical onto image.
  const covariance = new Array<number>(9).fill(0);
  let canonicalVariance = 0;
  for (const [i, w] of weights) {
    const c = sub(CANONICAL_FACE[i]!, canonicalMean);
    const p = sub(landmarks[i]!, imageMean);
    for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) covariance[3 * r + k]! += w * p[r]! * c[k]!;
    canonicalVariance += w * (c[0] ** 2 + c[1] ** 2 + c[2] ** 2);
  }
  const rotation = nearestRotation(covariance as Mat3);
  // Optimal scale: tr(Rᵀ·covariance) / canonical variance.
  const rt = transpose(rotation);
  let trace = 0;
  for (let k = 0; k < 3; k++) for (let r = 0; r < 3; r++) trace += rt[3 * k + r]! * covariance[3 * r + k]!;
  const pixelsPerEyeSpan = trace / canonicalVariance;
  const translation = sub(imageMean, scale(apply(rotation, canonicalMean), pixelsPerEyeSpan));
  let squared = 0;
  for (const [i, w] of weights) {
    const fitted = add(translation, scale(apply(rotation, CANONICAL_FACE[i]!), pixelsPerEyeSpan));
    squared += w * distance(fitted, landmarks[i]!) ** 2;
  }
  return { rotation, scale: pixelsPerEyeSpan, translation, rmsError: Math.sqrt(squared / total) / pixelsPerEyeSpan };
}

/** The head frame of a detected face; `matrix` is FaceReport.matrix when the detector gave one. */
export function headFrame(landmarks: Landmarks, matrix?: readonly number[]): HeadFrame {
  if (landmarks.length !== LANDMARK_COUNT) throw new Error(`expected ${LANDMARK_COUNT} landmarks, got ${landmarks.length}`);
  const rotation = matrix ? rotationFromMatrix(matrix) : fitCanonicalPose(landmarks).rotation;
  // 3D: a turned face's eye-span shrinks on the image, not in the head's own units.
  const eyeSpan = distance(landmarks[RIGHT_EYE_OUTER]!, landmarks[LEFT_EYE_OUTER]!);
  const sidesMidpoint = midpoint(landmarks[RIGHT_FACE_SIDE]!, landmarks[LEFT_FACE_SIDE]!);
  const pivot = add(sidesMidpoint, apply(rotation, [0, PIVOT_BELOW * eyeSpan, PIVOT_BEHIND * eyeSpan]));
  return {
    landmarks,
    rotation,
    rotationSource: matrix ? 'matrix' : 'landmarks',
    eyeSpan,
    pivot,
    ...eulerFromRotation(rotation),
  };
}
