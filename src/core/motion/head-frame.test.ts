import { describe, expect, it } from 'vitest';
import { CANONICAL_FACE } from '../face/canonical/canonical-face.ts';
import { fitCanonicalPose, headFrame, rotationFromMatrix } from './head-frame.ts';
import {
  add,
  apply,
  column,
  determinant,
  distance,
  dot,
  IDENTITY,
  multiply,
  rotationAngleBetween,
  rotationFromEuler,
  scale,
  transpose,
} from './linear-algebra.ts';
import { loadHopperFace } from './testdata/faces.ts';
import type { Landmarks, Mat3 } from './types.ts';

const hopper = loadHopperFace();
const maxAbsDifference = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

/** A column-major MediaPipe matrix for a head-local -> image rotation (inverse of the y/z flip). */
function mediapipeMatrix(rotation: Mat3, translation = [1, 2, -40]): number[] {
  const flip: Mat3 = [1, 0, 0, 0, -1, 0, 0, 0, -1];
  const metric = multiply(multiply(flip, rotation), flip);
  const m: number[] = [];
  for (let c = 0; c < 3; c++) m.push(metric[c]!, metric[3 + c]!, metric[6 + c]!, 0);
  return [...m, translation[0]!, translation[1]!, translation[2]!, 1];
}

describe('rotationFromMatrix', () => {
  it('undoes MediaPipe\'s y-up/z-toward axes and re-orthonormalises rounded values', () => {
    const rotation = rotationFromEuler({ yaw: 20, pitch: -7, roll: 4 });
    const rounded = mediapipeMatrix(rotation).map((v) => Math.round(v * 100) / 100);
    const recovered = rotationFromMatrix(rounded);
    expect(maxAbsDifference(multiply(recovered, transpose(recovered)), IDENTITY)).toBeLessThan(1e-12);
    expect(rotationAngleBetween(recovered, rotation)).toBeLessThan(0.6);
    expect(() => rotationFromMatrix([1, 2, 3])).toThrow(/16/);
  });
});

describe('fitCanonicalPose', () => {
  it('recovers a known similarity from transformed canonical points exactly', () => {
    const rotation = rotationFromEuler({ yaw: -25, pitch: 12, roll: -9 });
    const landmarks: Landmarks = CANONICAL_FACE.map((p) => add(scale(apply(rotation, p), 140), [300, 250, 10]));
    const fit = fitCanonicalPose(landmarks);
    expect(rotationAngleBetween(fit.rotation, rotation)).toBeLessThan(1e-6);
    expect(fit.scale).toBeCloseTo(140, 6);
    expect(maxAbsDifference(fit.translation, [300, 250, 10])).toBeLessThan(1e-6);
    expect(fit.rmsError).toBeLessThan(1e-9);
  });
});

describe('headFrame on a real face (Grace Hopper, glasses)', () => {
  const fromMatrix = headFrame(hopper.landmarks, hopper.matrix);
  const fromLandmarks = headFrame(hopper.landmarks);

  it('gets the same rotation from the matrix and from a fit of the canonical face (within 3°)', () => {
    expect(fromMatrix.rotationSource).toBe('matrix');
    expect(fromLandmarks.rotationSource).toBe('landmarks');
    expect(rotationAngleBetween(fromMatrix.rotation, fromLandmarks.rotation)).toBeLessThan(3);
    for (const frame of [fromMatrix, fromLandmarks]) {
      expect(maxAbsDifference(multiply(frame.rotation, transpose(frame.rotation)), IDENTITY)).toBeLessThan(1e-12);
      expect(determinant(frame.rotation)).toBeCloseTo(1, 12);
    }
  });

  it('reads a nearly frontal face: head-local axes close to the image axes', () => {
    for (const frame of [fromMatrix, fromLandmarks]) {
      expect(Math.abs(frame.yaw)).toBeLessThan(5);
      expect(Math.abs(frame.pitch)).toBeLessThan(10);
      // Her right eye (33, image left) sits lower than the left (263): the head tilts counter-clockwise.
      expect(frame.roll).toBeLessThan(0);
      expect(frame.roll).toBeGreaterThan(-5);
    }
    // Head-local x points from eye 33 to eye 263.
    const eyeAxis = add(hopper.landmarks[263]!, scale(hopper.landmarks[33]!, -1));
    expect(dot(column(fromMatrix.rotation, 0), eyeAxis) / distance(hopper.landmarks[33]!, hopper.landmarks[263]!)).toBeGreaterThan(0.99);
  });

  it('measures the eye-span in pixels and puts the pivot behind and below the face', () => {
    expect(fromMatrix.eyeSpan).toBeCloseTo(distance(hopper.landmarks[33]!, hopper.landmarks[263]!), 9);
    expect(fromMatrix.eyeSpan).toBeGreaterThan(110);
    expect(fromMatrix.eyeSpan).toBeLessThan(125);
    const sides = scale(add(hopper.landmarks[234]!, hopper.landmarks[454]!), 0.5);
    expect(fromMatrix.pivot[1]).toBeGreaterThan(sides[1]! + 0.2 * fromMatrix.eyeSpan); // below
    expect(fromMatrix.pivot[2]).toBeGreaterThan(sides[2]! + 0.2 * fromMatrix.eyeSpan); // behind (z away)
    expect(fromMatrix.pivot[2]).toBeGreaterThan(hopper.landmarks[1]![2]); // far behind the nose tip
  });

  it('rejects landmark lists of the wrong length', () => {
    expect(() => headFrame(hopper.landmarks.slice(0, 468))).toThrow(/478/);
  });
});
