import { describe, expect, it } from 'vitest';
import { gaussian } from '../random.ts';
import { headFrame } from '../motion/head-frame.ts';
import { multiplyAll, rotationAngleBetween, rotationFromEuler } from '../motion/linear-algebra.ts';
import { loadHopperFace, UNCLAMPED_LIMITS } from '../motion/testdata/faces.ts';
import { transferMotion } from '../motion/transfer.ts';
import type { Driver, HeadFrame, Landmarks, Mat3 } from '../motion/types.ts';
import { recordDriver, type RecordedFace } from './record.ts';
import { findDriver } from './test-drivers.ts';

const hopper = loadHopperFace();
const LIMITS = UNCLAMPED_LIMITS;


const driver = (id: string): Driver => {
  const found = findDriver(id);
  if (!found) throw new Error(`no test driver ${id}`);
  return found;
};
const play = (face: HeadFrame, d: Driver): Landmarks[] =>
  d.frames.map((f) => transferMotion(face, f, { intensity: 1, limits: LIMITS }).landmarks);

/** Mean angle (degrees) between the original and recovered head rotations, over all frames. */
const meanAngleError = (original: Driver, recorded: Driver) =>
  original.frames.reduce((s, f, i) => s + rotationAngleBetween(rotationFromEuler(f.pose), rotationFromEuler(recorded.frames[i]!.pose)), 0) /
  original.frames.length;
/** Mean and max landmark distance between two sequences, in eye-spans. */
function landmarkError(a: Landmarks[], b: Landmarks[], eyeSpan: number) {
  let sum = 0;
  let max = 0;
  let n = 0;
  a.forEach((frame, f) =>
    frame.forEach((p, i) => {
      const q = b[f]![i]!;
      const d = Math.hypot(p[0] - q[0], p[1] - q[1]) / eyeSpan;
      sum += d;
      max = Math.max(max, d);
      n++;
    }),
  );
  return { mean: sum / n, max };
}
/** Mean |expression difference| per landmark (3D), eye-spans. */
function expressionError(original: Driver, recorded: Driver) {
  let sum = 0;
  let n = 0;
  original.frames.forEach((f, t) => {
    const e = recorded.frames[t]!.expression;
    for (let i = 0; i < 478; i++) {
      sum += Math.hypot(f.expression[3 * i]! - e[3 * i]!, f.expression[3 * i + 1]! - e[3 * i + 1]!, f.expression[3 * i + 2]! - e[3 * i + 2]!);
      n++;
    }
  });
  return sum / n;
}

/**
 * MediaPipe's matrix of a frame whose head turned by `imageRotation` (image axes) from the
 * Hopper pose: rotationFromMatrix(M) = S·M₃·S with S = diag(1,-1,-1), so M₃' = S·Rimg·S·M₃.
 */
function turnedMatrix(imageRotation: Mat3): number[] {
  const m = (r: number, c: number) => hopper.matrix[4 * c + r]!;
  const metric: Mat3 = [m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2), m(2, 0), m(2, 1), m(2, 2)];
  const flip: Mat3 = [1, 0, 0, 0, -1, 0, 0, 0, -1];
  const turned = multiplyAll(flip, imageRotation, flip, metric);
  const out = [...hopper.matrix];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out[4 * c + r] = turned[3 * r + c]!;
  return out;
}

describe('recordDriver round trip on a real face (Hopper)', () => {
  // No matrix anywhere: headFrame fits the canonical face both to the photo and to every
  // recorded frame, so the reference rotation of transfer and of the recording is the same fit.
  const face = headFrame(hopper.landmarks);
  const options = (d: Driver) => ({ fps: d.fps, id: `rec-${d.id}`, name: d.name });

  for (const id of ['turn', 'nod', 'smile', 'blink']) {
    it(`recovers '${id}' without noise: angles within 1°, replay within 1.5 % of IOD`, () => {
      const original = driver(id);
      const targets = play(face, original);
      const { driver: recorded, bridged, trimmed, warnings } = recordDriver(
        targets.map((landmarks) => ({ landmarks })),
        { ...options(original), smoothing: false },
      );
      expect(recorded.frames).toHaveLength(original.frames.length);
      expect([bridged, trimmed, warnings]).toEqual([0, 0, []]);
      const angle = meanAngleError(original, recorded);
      const replay = landmarkError(play(face, recorded), targets, face.eyeSpan);
      const expression = expressionError(original, recorded);
      expect(angle).toBeLessThan(1);
      // The expression itself comes back (lids un-scaled by the eye-opening factor): within 1.5 % IOD
      // (a broad smile narrows the eyes, which the eye-opening factor partly reads as lid motion).
      expect(expression).toBeLessThan(0.015);
      expect(replay.max).toBeLessThan(0.015);
      // Starts at rest; the test drivers end at rest, so the recording loops.
      expect(recorded.frames[0]!.pose).toEqual({ yaw: 0, pitch: 0, roll: 0, x: 0, y: 0, scale: 1 });
      expect(recorded.frames[0]!.expression.every((v) => v === 0)).toBe(true);
      expect(recorded.loops).toBe(true);
    });
  }

  it("recovers 'turn' exactly with MediaPipe matrices composed with each frame's rotation", () => {
    const matrixFace = headFrame(hopper.landmarks, hopper.matrix);
    const original = driver('turn');
    const frames: RecordedFace[] = original.frames.map((f) => {
      const motion = transferMotion(matrixFace, f, { intensity: 1, limits: LIMITS });
      return { landmarks: motion.landmarks, matrix: turnedMatrix(motion.rotation) };
    });
    const { driver: recorded } = recordDriver(frames, { ...options(original), smoothing: false });
    const angle = meanAngleError(original, recorded);
    const replay = landmarkError(play(matrixFace, recorded), play(matrixFace, original), matrixFace.eyeSpan);
    expect(angle).toBeLessThan(0.05);
    expect(replay.max).toBeLessThan(0.01);
  });

  for (const id of ['turn', 'nod', 'smile']) {
    it(`recovers '${id}' from landmarks with 0.5 % IOD noise after smoothing: angles within 2°, expression within 2 % IOD`, () => {
      const original = driver(id);
      const clean = play(face, original);
      const noise = gaussian(1234);
      const sigma = 0.005 * face.eyeSpan;
      const noisy = clean.map((frame) => ({
        landmarks: frame.map((p) => p.map((v) => v + sigma * noise()) as [number, number, number]),
      }));
      const raw = recordDriver(noisy, { ...options(original), smoothing: false }).driver;
      const { driver: smoothed } = recordDriver(noisy, options(original));
      const angle = meanAngleError(original, smoothed);
      const expression = expressionError(original, smoothed);
      const replay = landmarkError(play(face, smoothed), clean, face.eyeSpan);
      expect(angle).toBeLessThan(2);
      expect(expression).toBeLessThan(0.02);
      expect(replay.mean).toBeLessThan(0.02);
      // Smoothing helps rather than hurts.
      expect(expression).toBeLessThan(expressionError(original, raw));
    });
  }
});

describe('recordDriver gaps', () => {
  const original = driver('nod');
  const face = headFrame(hopper.landmarks);
  const faces: RecordedFace[] = play(face, original).map((landmarks) => ({ landmarks }));
  const options = { fps: original.fps, id: 'rec', name: 'Recorded' };

  it('trims missing faces at both ends', () => {
    const { driver: recorded, trimmed, bridged } = recordDriver([null, null, null, ...faces, null, null], options);
    expect(trimmed).toBe(5);
    expect(bridged).toBe(0);
    expect(recorded.frames).toHaveLength(faces.length);
    expect(meanAngleError(original, recorded)).toBeLessThan(1);
  });

  it('bridges a 5-frame gap by interpolation', () => {
    const gapped = faces.map((f, i) => (i >= 40 && i < 45 ? null : f));
    const { driver: recorded, bridged, trimmed, warnings } = recordDriver(gapped, { ...options, smoothing: false });
    expect(bridged).toBe(5);
    expect(trimmed).toBe(0);
    expect(warnings.join()).toMatch(/bridged 5/);
    expect(recorded.frames).toHaveLength(faces.length);
    // Linear between frames 39 and 45.
    const before = recorded.frames[39]!.pose.pitch;
    const after = recorded.frames[45]!.pose.pitch;
    expect(recorded.frames[42]!.pose.pitch).toBeCloseTo(before + ((after - before) * 3) / 6, 9);
  });

  it('keeps the longest run around a gap over 0.5 s and warns', () => {
    const gapped = faces.map((f, i) => (i >= 20 && i < 40 ? null : f));
    const { driver: recorded, trimmed, warnings } = recordDriver(gapped, options);
    expect(recorded.frames).toHaveLength(faces.length - 40);
    expect(trimmed).toBe(40);
    expect(warnings.join()).toMatch(/longest/);
    // Relative to its own first frame: starts at rest.
    expect(recorded.frames[0]!.pose.pitch).toBe(0);
  });

  it('throws when no frame has a face', () => {
    expect(() => recordDriver([null, null, null], options)).toThrow(/no face/);
    expect(() => recordDriver([], options)).toThrow(/no face/);
  });

  it('does not loop when the recording ends away from rest', () => {
    const { driver: recorded } = recordDriver(faces.slice(0, Math.floor(faces.length / 2)), options);
    expect(recorded.loops).toBe(false);
  });
});
