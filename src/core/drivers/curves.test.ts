import { describe, expect, it } from 'vitest';
import { constant, easings, frameTimes, pulseKeys, sampleTrack, sum, track } from './curves.ts';

describe('easings', () => {
  it('map 0 to 0 and 1 to 1, monotonically', () => {
    for (const [name, ease] of Object.entries(easings)) {
      expect(ease(0), name).toBe(0);
      expect(ease(1), name).toBe(1);
      for (let u = 0; u < 1; u += 0.05) expect(ease(u + 0.05), name).toBeGreaterThanOrEqual(ease(u));
    }
  });

  it('smoothstep eases in and out (zero slope at the ends, 1/2 at the middle)', () => {
    const slope = (u: number) => (easings.smoothstep(u + 1e-6) - easings.smoothstep(u)) / 1e-6;
    expect(slope(0)).toBeLessThan(1e-5);
    expect(Math.abs(slope(1 - 1e-6))).toBeLessThan(1e-5);
    expect(easings.smoothstep(0.5)).toBe(0.5);
  });
});

describe('track', () => {
  const t = track([
    [1, 0],
    [2, 10],
    [3, 10],
    [4, -2, easings.linear],
  ]);

  it('hits its keys, holds equal keys and holds outside the keyed range', () => {
    expect(t(0)).toBe(0);
    expect(t(1)).toBe(0);
    expect(t(2)).toBe(10);
    expect(t(2.5)).toBe(10);
    expect(t(4)).toBe(-2);
    expect(t(99)).toBe(-2);
  });

  it('eases between keys by default and uses a key\'s own easing for its segment', () => {
    expect(t(1.5)).toBeCloseTo(5, 12);
    expect(t(1.1)).toBeCloseTo(10 * easings.smoothstep(0.1), 12);
    expect(t(3.25)).toBeCloseTo(10 - 12 * 0.25, 12);
  });

  it('rejects empty and unordered keys', () => {
    expect(() => track([])).toThrow(/at least one/);
    expect(() =>
      track([
        [1, 0],
        [0.5, 1],
      ]),
    ).toThrow(/precedes/);
  });
});

describe('helpers', () => {
  it('frameTimes covers [0, duration) at fps', () => {
    const times = frameTimes(2, 25);
    expect(times).toHaveLength(50);
    expect(times[0]).toBe(0);
    expect(times[49]).toBeCloseTo(1.96, 12);
  });

  it('pulseKeys rise, hold and fall back to 0', () => {
    const pulse = track(pulseKeys(1, 1, { rise: 0.1, hold: 0.2, fall: 0.3 }));
    expect(pulse(1)).toBe(0);
    expect(pulse(1.1)).toBe(1);
    expect(pulse(1.25)).toBe(1);
    expect(pulse(1.45)).toBeGreaterThan(0);
    expect(pulse(1.6)).toBe(0);
  });

  it('sum and constant combine tracks; sampleTrack samples at fps', () => {
    const combined = sum(constant(1), track([[0, 0], [1, 2]]));
    expect(sampleTrack(combined, 1, 2)).toEqual([1, 2]);
  });
});
