import { describe, expect, it } from 'vitest';
import { headFrame } from './head-frame.ts';
import { realFace } from '../quality/test-helpers.ts';
import { cornerLift, motionLimits, softClamp } from './limits.ts';
import { loadHopperFace } from './testdata/faces.ts';
import type { HeadFrame } from './types.ts';

const frontal = headFrame(loadHopperFace().landmarks, loadHopperFace().matrix);
const turned = (yaw: number, pitch = 0): HeadFrame => ({ ...frontal, yaw, pitch });

describe('motionLimits', () => {
  it('allows ±15° yaw, ±10° pitch, ±12° roll on a frontal face, brows 0.1 eye-spans', () => {
    const limits = motionLimits(turned(0));
    expect(limits.yaw).toEqual({ min: -15, max: 15 });
    expect(limits.pitch).toEqual({ min: -10, max: 10 });
    expect(limits.roll).toEqual({ min: -12, max: 12 });
    expect(limits.browRaise).toBe(0.1);
  });

  it('lets a turned face go ~10° further away but only ~7° back toward the camera', () => {
    const right = motionLimits(turned(25)).yaw; // turned to the viewer's right
    expect(right.max).toBeCloseTo(10, 6);
    expect(right.min).toBeCloseTo(-7, 6);
    const left = motionLimits(turned(-25)).yaw;
    expect(left).toEqual({ min: -right.max, max: -right.min });
    // In between, the range narrows gradually.
    const half = motionLimits(turned(9)).yaw;
    expect(half.max).toBeLessThan(15);
    expect(half.max).toBeGreaterThan(10);
    expect(-half.min).toBeLessThan(half.max);
    const nodding = motionLimits(turned(0, 30)).pitch;
    expect(-nodding.min).toBeLessThan(nodding.max);
  });

  it('gives near-profile faces a smaller share of the motion, frontal ones all of it', () => {
    expect(motionLimits(turned(0)).amplitude).toEqual({ pose: 1, expression: 1 });
    expect(motionLimits(turned(12, 8)).amplitude).toEqual({ pose: 1, expression: 1 });
    const shares = [20, 25, 30, 35].map((yaw) => motionLimits(turned(yaw)).amplitude.pose);
    shares.forEach((share, i) => i > 0 && expect(share).toBeLessThan(shares[i - 1]!));
    expect(motionLimits(turned(-52, 18)).amplitude).toEqual({ pose: expect.closeTo(0.5, 6), expression: expect.closeTo(0.5, 6) });
  });

  it('damps a turned face\'s expression later than its head motion', () => {
    // A three-quarter face keeps nearly all of its expression while its turns and nods are damped.
    const threeQuarter = motionLimits(turned(33, 9)).amplitude;
    expect(threeQuarter.pose).toBeLessThan(0.6);
    expect(threeQuarter.expression).toBeGreaterThan(0.9);
    for (const yaw of [20, 30, 40, 45]) {
      const { pose, expression } = motionLimits(turned(yaw)).amplitude;
      expect(expression).toBeGreaterThanOrEqual(pose);
    }
  });

  it('halves the brow raise with glasses', () => {
    expect(motionLimits(frontal, { glasses: true }).browRaise).toBe(0.05);
  });

  it('measures how much a photo already smiles: the astronaut\'s broad smile, Hopper\'s closed mouth', () => {
    const smiling = cornerLift(headFrame(realFace()));
    const straight = cornerLift(frontal);
    expect(smiling).toBeGreaterThan(0.08);
    expect(Math.abs(straight)).toBeLessThan(0.02);
    expect(motionLimits(frontal).cornerLift).toEqual({ photo: straight, max: 0.13 });
  });
});

describe('softClamp', () => {
  it('is the identity well inside the range and never reaches the limits', () => {
    expect(softClamp(5, -15, 15)).toBe(5);
    expect(softClamp(-10, -15, 15)).toBe(-10);
    for (const v of [16, 30, 1e6]) {
      expect(softClamp(v, -15, 15)).toBeLessThanOrEqual(15);
      expect(softClamp(-v, -7, 10)).toBeGreaterThanOrEqual(-7);
    }
  });

  it('is continuous and monotonic (no wall)', () => {
    let previous = -Infinity;
    for (let v = -40; v <= 40; v += 0.01) {
      const c = softClamp(v, -7, 10);
      expect(c).toBeGreaterThanOrEqual(previous);
      if (previous > -Infinity) expect(c - previous).toBeLessThan(0.0101);
      previous = c;
    }
    expect(softClamp(12, -15, 15)).toBeGreaterThan(11.5);
  });
});
