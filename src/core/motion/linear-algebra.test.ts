import { describe, expect, it } from 'vitest';
import {
  apply,
  determinant,
  eulerFromRotation,
  IDENTITY,
  multiply,
  multiplyAll,
  nearestRotation,
  rotationAngleBetween,
  rotationFromEuler,
  rotationPitch,
  rotationRoll,
  rotationYaw,
  svd3,
  transpose,
} from './linear-algebra.ts';
import type { Mat3 } from './types.ts';

/** Deterministic pseudo-random numbers in [-1, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}
const maxAbsDifference = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
const expectOrthonormal = (m: Mat3) => {
  expect(maxAbsDifference(multiply(m, transpose(m)), IDENTITY)).toBeLessThan(1e-12);
  expect(determinant(m)).toBeCloseTo(1, 12);
};

describe('svd3', () => {
  it('reconstructs random matrices with orthonormal factors and sorted singular values', () => {
    const next = random(7);
    for (let trial = 0; trial < 200; trial++) {
      const a = Array.from({ length: 9 }, next) as Mat3;
      const { u, singular, v } = svd3(a);
      const sigma: Mat3 = [singular[0], 0, 0, 0, singular[1], 0, 0, 0, singular[2]];
      expect(maxAbsDifference(multiplyAll(u, sigma, transpose(v)), a)).toBeLessThan(1e-10);
      expect(maxAbsDifference(multiply(transpose(u), u), IDENTITY)).toBeLessThan(1e-10);
      expect(maxAbsDifference(multiply(transpose(v), v), IDENTITY)).toBeLessThan(1e-10);
      expect(singular[0]).toBeGreaterThanOrEqual(singular[1]);
      expect(singular[1]).toBeGreaterThanOrEqual(singular[2]);
      expect(singular[2]).toBeGreaterThanOrEqual(0);
    }
  });

  it('handles rank-deficient and zero matrices', () => {
    const rank1: Mat3 = [1, 2, 3, 2, 4, 6, 3, 6, 9];
    const { u, singular, v } = svd3(rank1);
    expect(singular[1]).toBeLessThan(1e-6);
    expect(maxAbsDifference(multiplyAll(u, [singular[0], 0, 0, 0, singular[1], 0, 0, 0, singular[2]], transpose(v)), rank1)).toBeLessThan(1e-6); // aᵀa: tiny σ lose half their digits
    expect(maxAbsDifference(multiply(transpose(u), u), IDENTITY)).toBeLessThan(1e-10);
    expect(svd3([0, 0, 0, 0, 0, 0, 0, 0, 0]).singular).toEqual([0, 0, 0]);
  });
});

describe('nearestRotation', () => {
  it('returns a rotation unchanged and re-orthonormalises a rounded one', () => {
    const r = rotationFromEuler({ yaw: 23, pitch: -11, roll: 7 });
    expect(maxAbsDifference(nearestRotation(r), r)).toBeLessThan(1e-12);
    const rounded = r.map((x) => Math.round(x * 100) / 100) as Mat3;
    const fixed = nearestRotation(rounded);
    expectOrthonormal(fixed);
    expect(rotationAngleBetween(fixed, r)).toBeLessThan(1);
  });

  it('strips a scale and never returns a reflection', () => {
    const r = rotationFromEuler({ yaw: -40, pitch: 5, roll: 60 });
    expect(maxAbsDifference(nearestRotation(r.map((x) => 3 * x) as Mat3), r)).toBeLessThan(1e-12);
    const mirrored = multiply(r, [-1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expectOrthonormal(nearestRotation(mirrored));
  });
});

describe('HeadPose rotation convention (image axes: x right, y down, z away)', () => {
  const front = [0, 0, -1] as const; // a nose pointing at the viewer
  it('+yaw turns the front toward the viewer\'s right, +pitch down, +roll clockwise as seen', () => {
    expect(apply(rotationYaw(10), front)[0]).toBeGreaterThan(0);
    expect(apply(rotationPitch(10), front)[1]).toBeGreaterThan(0);
    const top = apply(rotationRoll(10), [0, -1, 0]);
    expect(top[0]).toBeGreaterThan(0); // the top of the head goes right: clockwise on screen
  });

  it('eulerFromRotation inverts rotationFromEuler', () => {
    const next = random(3);
    for (let trial = 0; trial < 100; trial++) {
      const angles = { yaw: 80 * next(), pitch: 80 * next(), roll: 170 * next() };
      const back = eulerFromRotation(rotationFromEuler(angles));
      expect(back.yaw).toBeCloseTo(angles.yaw, 9);
      expect(back.pitch).toBeCloseTo(angles.pitch, 9);
      expect(back.roll).toBeCloseTo(angles.roll, 9);
    }
  });

  it('measures angles between rotations', () => {
    expect(rotationAngleBetween(IDENTITY, rotationYaw(12))).toBeCloseTo(12, 9);
    expect(rotationAngleBetween(rotationRoll(-5), rotationRoll(5))).toBeCloseTo(10, 9);
  });
});
