import { describe, expect, it } from 'vitest';
import { headFrame } from '../motion/head-frame.ts';
import { loadHopperFace, UNCLAMPED_LIMITS } from '../motion/testdata/faces.ts';
import { transferMotion } from '../motion/transfer.ts';
import type { Driver, Landmarks } from '../motion/types.ts';
import { findDriver } from './registry.ts';
import { recordDriver } from './record.ts';
import { MIN_TRIMMED_FRAMES, trimDriver } from './trim.ts';
import {
  LEFT_BROW_SKIN, LEFT_LID_CREASE, LEFT_LOWER_LID, LEFT_UPPER_LID,
  RIGHT_BROW_SKIN, RIGHT_LID_CREASE, RIGHT_LOWER_LID, RIGHT_UPPER_LID,
} from '../face/regions.ts';

const LIMITS = UNCLAMPED_LIMITS;
const hopper = headFrame(loadHopperFace().landmarks, loadHopperFace().matrix);
const greet = findDriver('greet')!;
/** Hopper doing the motion, as a video of her would show it. */
const filmed: Landmarks[] = greet.frames.map((f) => transferMotion(hopper, f, { intensity: 1, limits: LIMITS }).landmarks);
const record = (frames: Landmarks[]) =>
  recordDriver(
    frames.map((landmarks) => ({ landmarks })),
    { fps: 25, id: 'mine', name: 'Mine', smoothing: false },
  ).driver;

function maxPoseDifference(a: Driver, b: Driver): number {
  let worst = 0;
  a.frames.forEach((f, i) => {
    const g = b.frames[i]!.pose;
    for (const k of ['yaw', 'pitch', 'roll'] as const) worst = Math.max(worst, Math.abs(f.pose[k] - g[k]));
    for (const k of ['x', 'y', 'scale'] as const) worst = Math.max(worst, 100 * Math.abs(f.pose[k] - g[k]));
  });
  return worst;
}
/** Lid points and the rings that follow the upper lids: their motion is scaled by the first frame's eye opening. */
const LIDS = new Set<number>([
  ...RIGHT_UPPER_LID, ...RIGHT_LOWER_LID, ...RIGHT_LID_CREASE, ...RIGHT_BROW_SKIN,
  ...LEFT_UPPER_LID, ...LEFT_LOWER_LID, ...LEFT_LID_CREASE, ...LEFT_BROW_SKIN,
]);
function maxExpressionDifference(a: Driver, b: Driver, lids: boolean): number {
  let worst = 0;
  a.frames.forEach((f, i) =>
    f.expression.forEach((v, j) => {
      if (LIDS.has(Math.floor(j / 3)) === lids) worst = Math.max(worst, Math.abs(v - b.frames[i]!.expression[j]!));
    }),
  );
  return worst;
}

describe('trimDriver', () => {
  it('gives what recording only the kept stretch would have given', () => {
    const [first, last] = [30, 110];
    const trimmed = trimDriver(record(filmed), first, last);
    const direct = record(filmed.slice(first, last + 1));
    expect(trimmed.frames).toHaveLength(last - first + 1);
    expect(maxPoseDifference(trimmed, direct)).toBeLessThan(1e-3);
    expect(maxExpressionDifference(trimmed, direct, false)).toBeLessThan(1e-4);
    // Lid points are scaled by the first frame's eye opening, which the re-basing keeps: here the
    // greeting's smile has already narrowed the eyes from below at the kept stretch's start.
    expect(maxExpressionDifference(trimmed, direct, true)).toBeLessThan(0.06);
  });

  it('starts at rest, keeps the name and id, and loops only when it ends near rest', () => {
    const recorded = record(filmed);
    const trimmed = trimDriver(recorded, 40, 60);
    const start = trimmed.frames[0]!;
    expect(Math.max(Math.abs(start.pose.yaw), Math.abs(start.pose.pitch), Math.abs(start.pose.roll))).toBeLessThan(1e-9);
    expect(start.pose.scale).toBeCloseTo(1, 12);
    expect(start.expression.every((v) => v === 0)).toBe(true);
    expect([trimmed.id, trimmed.name, trimmed.fps]).toEqual([recorded.id, recorded.name, recorded.fps]);
    expect(trimDriver(recorded, 0, recorded.frames.length - 1).loops).toBe(true);
  });

  it('refuses a stretch outside the driver or too short', () => {
    const recorded = record(filmed.slice(0, 10));
    expect(() => trimDriver(recorded, -1, 5)).toThrow(RangeError);
    expect(() => trimDriver(recorded, 0, 10)).toThrow(RangeError);
    expect(() => trimDriver(recorded, 4, 4 + MIN_TRIMMED_FRAMES - 2)).toThrow(RangeError);
    expect(() => trimDriver(recorded, 2.5, 6)).toThrow(RangeError);
  });
});
