import { describe, expect, it } from 'vitest';
import { EAR_EYES, eyeAspectRatio, meanEyeAspectRatio, mouthCornerLift, mouthWidth, yawEstimate } from './expression.ts';
import { moved, realFace } from './test-helpers.ts';
import type { Landmarks } from '../motion/types.ts';

const S = realFace();

/** 478 points at the origin, with one synthetic eye: corners 30 px apart, lids `opening` px apart. */
function syntheticEye(eye: 'left' | 'right', opening: number): Landmarks {
  const points: Landmarks = Array.from({ length: 478 }, () => [0, 0, 0]);
  const [p1, p2, p3, p4, p5, p6] = EAR_EYES[eye];
  const y0 = 100;
  points[p1] = [100, y0, 0];
  points[p4] = [130, y0, 0];
  points[p2] = [110, y0 - opening / 2, 0];
  points[p3] = [120, y0 - opening / 2, 0];
  points[p6] = [110, y0 + opening / 2, 0];
  points[p5] = [120, y0 + opening / 2, 0];
  return points;
}

/** Rotate about the vertical axis through (cx, cz) by `deg` (positive = face turns to the viewer's right). */
function yawed(points: Landmarks, deg: number): Landmarks {
  const a = (deg * Math.PI) / 180;
  const cx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const cz = points.reduce((s, p) => s + p[2], 0) / points.length;
  // z grows away from the camera, so a point nearer the camera (z < cz) moves right for deg > 0.
  return points.map(([x, y, z]) => [
    cx + (x - cx) * Math.cos(a) - (z - cz) * Math.sin(a),
    y,
    cz + (x - cx) * Math.sin(a) + (z - cz) * Math.cos(a),
  ]);
}

/** Rotate in the image plane about (256, 256) by `deg`. */
function rolled(points: Landmarks, deg: number): Landmarks {
  const a = (deg * Math.PI) / 180;
  return points.map(([x, y, z]) => [
    256 + (x - 256) * Math.cos(a) - (y - 256) * Math.sin(a),
    256 + (x - 256) * Math.sin(a) + (y - 256) * Math.cos(a),
    z,
  ]);
}

describe('eyeAspectRatio', () => {
  it('matches the hand-computed EAR of an open and a closed synthetic eye', () => {
    for (const eye of ['left', 'right'] as const) {
      expect(eyeAspectRatio(syntheticEye(eye, 10), eye)).toBeCloseTo(20 / 60, 12); // open
      expect(eyeAspectRatio(syntheticEye(eye, 1), eye)).toBeCloseTo(2 / 60, 12); // closed
      expect(eyeAspectRatio(syntheticEye(eye, 1), eye)).toBeLessThan(eyeAspectRatio(syntheticEye(eye, 10), eye) / 2);
    }
  });

  it('uses quality.md\'s eyes: "left" = 33, 160, 158, 133, 153, 144', () => {
    expect(EAR_EYES.left).toEqual([33, 160, 158, 133, 153, 144]);
    expect(EAR_EYES.right).toEqual([362, 385, 387, 263, 373, 380]);
    // The synthetic left eye leaves the right eye's points at the origin: NaN, not a number.
    expect(eyeAspectRatio(syntheticEye('left', 10), 'right')).toBeNaN();
  });

  it('is in the usual open-eye range on a real face, and drops when the lids meet', () => {
    const left = eyeAspectRatio(S, 'left');
    const right = eyeAspectRatio(S, 'right');
    for (const v of [left, right]) {
      expect(v).toBeGreaterThan(0.15);
      expect(v).toBeLessThan(0.45);
    }
    expect(meanEyeAspectRatio(S)).toBeCloseTo((left + right) / 2, 12);
    const closed = S.map((p) => [...p] as [number, number, number]);
    for (const [, p2, p3, , p5, p6] of Object.values(EAR_EYES)) {
      for (const [a, b] of [[p2, p6], [p3, p5]] as const) {
        const mid: [number, number, number] = [(S[a]![0] + S[b]![0]) / 2, (S[a]![1] + S[b]![1]) / 2, S[a]![2]];
        closed[a] = mid;
        closed[b] = [...mid];
      }
    }
    expect(eyeAspectRatio(closed, 'left')).toBe(0);
    expect(eyeAspectRatio(closed, 'right')).toBe(0);
  });
});

describe('mouth', () => {
  it('mouthWidth is |61 - 291|', () => {
    expect(mouthWidth(S)).toBeCloseTo(Math.hypot(245.54 - 202.47, 140.65 - 139.56), 10);
    expect(mouthWidth(moved(S, 5, 0, [291]))).toBeGreaterThan(mouthWidth(S) + 4.9);
  });

  it('mouthCornerLift grows when the corners rise, and ignores roll', () => {
    const lift = mouthCornerLift(S);
    expect(mouthCornerLift(moved(S, 0, -3, [61, 291]))).toBeCloseTo(lift + 3 * Math.cos(Math.atan2(1.09, 43.07)), 6);
    expect(mouthCornerLift(moved(S, 0, 3, [61, 291]))).toBeLessThan(lift - 2.9);
    expect(mouthCornerLift(rolled(S, 25))).toBeCloseTo(lift, 8);
  });
});

describe('yawEstimate', () => {
  it('follows a 3D rotation of a real face within a few degrees, with the HeadPose sign', () => {
    const rest = yawEstimate(S);
    expect(Math.abs(rest)).toBeLessThan(5); // the fixture is nearly frontal
    for (const deg of [-30, -20, -10, 10, 20, 30]) {
      const change = yawEstimate(yawed(S, deg)) - rest;
      expect(Math.sign(change)).toBe(Math.sign(deg));
      expect(Math.abs(change - deg)).toBeLessThan(3);
    }
  });

  it('does not depend on roll, position or scale', () => {
    const turned = yawed(S, 20);
    const yaw = yawEstimate(turned);
    expect(yawEstimate(rolled(turned, 30))).toBeCloseTo(yaw, 8);
    expect(yawEstimate(turned.map(([x, y, z]) => [2 * x + 40, 2 * y - 7, z]))).toBeCloseTo(yaw, 8);
  });
});
