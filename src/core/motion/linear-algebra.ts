/**
 * Small 3D linear algebra for the motion pipeline: Vec3 / row-major Mat3 helpers, a Jacobi
 * SVD for re-orthonormalising rotations, and the yaw/pitch/roll convention of HeadPose.
 */
import type { Mat3, Vec3 } from './types.ts';

export const DEG = Math.PI / 180;

// ---------------------------------------------------------------- vectors

export const vec3 = (x: number, y: number, z: number): Vec3 => [x, y, z];
export const add = (a: Readonly<Vec3>, b: Readonly<Vec3>): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Readonly<Vec3>, b: Readonly<Vec3>): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Readonly<Vec3>, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: Readonly<Vec3>, b: Readonly<Vec3>): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Readonly<Vec3>, b: Readonly<Vec3>): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const norm = (a: Readonly<Vec3>): number => Math.hypot(a[0], a[1], a[2]);
export const distance = (a: Readonly<Vec3>, b: Readonly<Vec3>): number => norm(sub(a, b));
export const midpoint = (a: Readonly<Vec3>, b: Readonly<Vec3>): Vec3 => scale(add(a, b), 0.5);
export function normalize(a: Readonly<Vec3>): Vec3 {
  const length = norm(a);
  if (length === 0) throw new Error('cannot normalise a zero vector');
  return scale(a, 1 / length);
}

// ---------------------------------------------------------------- matrices (row-major)

export const IDENTITY: Readonly<Mat3> = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export const fromRows = (r0: Readonly<Vec3>, r1: Readonly<Vec3>, r2: Readonly<Vec3>): Mat3 => [...r0, ...r1, ...r2];
export const fromColumns = (c0: Readonly<Vec3>, c1: Readonly<Vec3>, c2: Readonly<Vec3>): Mat3 => [
  c0[0], c1[0], c2[0],
  c0[1], c1[1], c2[1],
  c0[2], c1[2], c2[2],
];
export const column = (m: Readonly<Mat3>, j: number): Vec3 => [m[j]!, m[3 + j]!, m[6 + j]!];
export const row = (m: Readonly<Mat3>, i: number): Vec3 => [m[3 * i]!, m[3 * i + 1]!, m[3 * i + 2]!];

export function multiply(a: Readonly<Mat3>, b: Readonly<Mat3>): Mat3 {
  const out = new Array<number>(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      out[3 * i + j] = a[3 * i]! * b[j]! + a[3 * i + 1]! * b[3 + j]! + a[3 * i + 2]! * b[6 + j]!;
    }
  }
  return out as Mat3;
}

/** Product of any number of matrices, left to right. */
export const multiplyAll = (...ms: Readonly<Mat3>[]): Mat3 => ms.reduce<Mat3>((acc, m) => multiply(acc, m), [...IDENTITY]);

export const transpose = (m: Readonly<Mat3>): Mat3 => [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];

/** m · v */
export const apply = (m: Readonly<Mat3>, v: Readonly<Vec3>): Vec3 => [
  m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
  m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
  m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
];

export const determinant = (m: Readonly<Mat3>): number =>
  m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

export const scaleMatrix = (m: Readonly<Mat3>, s: number): Mat3 => m.map((v) => v * s) as Mat3;

/** Angle (degrees) of the rotation taking `a` to `b`: how far apart two orientations are. */
export function rotationAngleBetween(a: Readonly<Mat3>, b: Readonly<Mat3>): number {
  const relative = multiply(transpose(a), b);
  const cosine = (relative[0] + relative[4] + relative[8] - 1) / 2;
  return Math.acos(Math.min(1, Math.max(-1, cosine))) / DEG;
}

// ---------------------------------------------------------------- SVD and rotations

export interface Svd3 {
  /** a = u · diag(singular) · vᵀ, singular values descending and >= 0; u, v orthonormal. */
  u: Mat3;
  singular: Vec3;
  v: Mat3;
}

/**
 * SVD of a 3x3 matrix: cyclic Jacobi on aᵀa gives v and the squared singular values, then
 * u = a·v/σ. Working on aᵀa halves the precision of tiny singular values, which is harmless
 * for what this is for: rotations and Kabsch fits, whose matrices are far from singular.
 */
export function svd3(a: Readonly<Mat3>): Svd3 {
  const s = multiply(transpose(a), a); // symmetric, eigenvalues σ²
  const sym = [...s];
  let v: number[] = [...IDENTITY];
  for (let sweep = 0; sweep < 30; sweep++) {
    const offDiagonal = sym[1]! ** 2 + sym[2]! ** 2 + sym[5]! ** 2;
    if (offDiagonal < 1e-30 * (sym[0]! ** 2 + sym[4]! ** 2 + sym[8]! ** 2) || offDiagonal === 0) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]] as const) {
      const apq = sym[3 * p + q]!;
      if (Math.abs(apq) < 1e-300) continue;
      // Rotation angle that zeroes sym[p][q] (Golub & Van Loan, symmetric Schur).
      const tau = (sym[3 * q + q]! - sym[3 * p + p]!) / (2 * apq);
      const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
      const c = 1 / Math.sqrt(1 + t * t);
      const sn = t * c;
      const j: number[] = [...IDENTITY];
      j[3 * p + p] = c;
      j[3 * q + q] = c;
      j[3 * p + q] = sn;
      j[3 * q + p] = -sn;
      const jm = j as Mat3;
      const rotated = multiplyAll(transpose(jm), sym as Mat3, jm);
      for (let k = 0; k < 9; k++) sym[k] = rotated[k]!;
      v = multiply(v as Mat3, jm);
    }
  }
  // Sort by descending eigenvalue.
  const order = [0, 1, 2].sort((i, j) => sym[4 * j]! - sym[4 * i]!);
  const vColumns = order.map((k) => column(v as Mat3, k));
  const singular = order.map((k) => Math.sqrt(Math.max(0, sym[4 * k]!))) as Vec3;
  // u_k = a·v_k / σ_k, orthogonalised against the previous columns (Gram-Schmidt) against
  // rounding; a column of a (near) null singular value is any unit vector completing the basis.
  const [v0, v1, v2] = vColumns as [Vec3, Vec3, Vec3];
  const negligible = 1e-9 * singular[0];
  const u0: Vec3 = singular[0] > 0 ? normalize(apply(a, v0)) : [1, 0, 0];
  const u1Raw = apply(a, v1);
  const u1Residual = sub(u1Raw, scale(u0, dot(u0, u1Raw)));
  const u1 = singular[1] > negligible && norm(u1Residual) > negligible ? normalize(u1Residual) : anyPerpendicular(u0);
  let u2 = cross(u0, u1);
  if (dot(u2, apply(a, v2)) < 0) u2 = scale(u2, -1);
  return { u: fromColumns(u0, u1, u2), singular, v: fromColumns(vColumns[0]!, vColumns[1]!, vColumns[2]!) };
}

function anyPerpendicular(a: Readonly<Vec3>): Vec3 {
  const axis: Vec3 = Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  return normalize(cross(a, axis));
}

/**
 * The rotation nearest to `m` (Frobenius norm; the rotation part of its polar decomposition),
 * never a reflection. Re-orthonormalises rounded rotation matrices; also solves Kabsch when `m`
 * is a cross-covariance.
 */
export function nearestRotation(m: Readonly<Mat3>): Mat3 {
  const { u, v } = svd3(m);
  const flip = determinant(u) * determinant(v) < 0 ? -1 : 1;
  // Flip the axis of the smallest singular value if u·vᵀ would be a reflection.
  const d: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, flip];
  return multiplyAll(u, d, transpose(v));
}

/**
 * Elementary rotations in image-like axes (x right, y down, z away from the viewer), signed as
 * HeadPose: +yaw brings the front (-z) toward +x (viewer's right), +pitch brings it toward +y
 * (nods down), +roll turns clockwise as seen (the top, -y, toward +x).
 */
export function rotationYaw(degrees: number): Mat3 {
  const c = Math.cos(degrees * DEG);
  const s = Math.sin(degrees * DEG);
  return [c, 0, -s, 0, 1, 0, s, 0, c];
}
export function rotationPitch(degrees: number): Mat3 {
  const c = Math.cos(degrees * DEG);
  const s = Math.sin(degrees * DEG);
  return [1, 0, 0, 0, c, -s, 0, s, c];
}
export function rotationRoll(degrees: number): Mat3 {
  const c = Math.cos(degrees * DEG);
  const s = Math.sin(degrees * DEG);
  return [c, -s, 0, s, c, 0, 0, 0, 1];
}

export interface EulerAngles {
  /** Degrees, HeadPose signs. */
  yaw: number;
  pitch: number;
  roll: number;
}

/** yaw about the vertical, then pitch, then roll about the face's own axes: Ry·Rx·Rz. */
export const rotationFromEuler = ({ yaw, pitch, roll }: EulerAngles): Mat3 =>
  multiplyAll(rotationYaw(yaw), rotationPitch(pitch), rotationRoll(roll));

/** Inverse of rotationFromEuler (pitch within ±90°). */
export function eulerFromRotation(m: Readonly<Mat3>): EulerAngles {
  // Ry·Rx·Rz has row 1 = [cos(pitch)·sin(roll), cos(pitch)·cos(roll), -sin(pitch)] and
  // column 2 = [-sin(yaw)·cos(pitch), -sin(pitch), cos(yaw)·cos(pitch)].
  const pitch = Math.asin(Math.min(1, Math.max(-1, -m[5]))) / DEG;
  const yaw = Math.atan2(-m[2], m[8]) / DEG;
  const roll = Math.atan2(m[3], m[4]) / DEG;
  return { yaw, pitch, roll };
}
