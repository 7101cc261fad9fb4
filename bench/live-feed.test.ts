import { describe, expect, it } from 'vitest';
import { findDriver } from '../src/core/drivers/registry.ts';
import type { DriverFrame } from '../src/core/motion/types.ts';
import { feedFrames, followingError, STILL_LEAD_SECONDS } from './live-feed.ts';

const nod = findDriver('nod-yes')!;
const feed = feedFrames(nod);

/** The feed from `offset` on, looping, `length` frames, with `pitch` degrees added. */
const takeOf = (offset: number, length: number, pitch = 0): DriverFrame[] =>
  Array.from({ length }, (_, k) => {
    const frame = feed[(k + offset) % feed.length]!;
    return { ...frame, pose: { ...frame.pose, pitch: frame.pose.pitch + pitch } };
  });

describe('the live round trip', () => {
  it('holds still for the lead, then plays the driver', () => {
    expect(feed).toHaveLength(Math.round(STILL_LEAD_SECONDS * nod.fps) + nod.frames.length);
    expect(feed[0]!.pose.pitch).toBe(0);
  });

  it('finds where in the loop a take began, and measures nothing when it is the feed', () => {
    const error = followingError(takeOf(57, 250), feed);
    expect(error.offset).toBe(57);
    expect(error.angleDeg).toBeCloseTo(0, 6);
    expect(error.expressionIod).toBeCloseTo(0, 6);
  });

  it('measures a head that lags behind or turns too little', () => {
    expect(followingError(takeOf(20, 200, 3), feed).angleDeg).toBeCloseTo(3, 1);
    const still = Array.from({ length: 100 }, () => feed[0]!);
    const error = followingError(still, feed);
    expect(error.angleDeg).toBeGreaterThan(0);
    expect(error.angleDeg).toBeLessThan(5);
    expect(() => followingError([], feed)).toThrow(/nothing/);
  });
});
