import { describe, expect, it } from 'vitest';
import { driverSeeds, fuzzDrivers, fuzzImages, imageCase, imageSeeds } from './fuzz.ts';

/** Generous on a busy CI machine: a hang is seconds, the slowest real case ~0.6 s. */
const CASE_MS = 5000;
import { slicesOf, sniffImage, sniffSlices } from '../src/core/image/sniff.ts';

// A slice of `npm run fuzz` (10,000 + 10,000 cases) on another seed, so CI runs some every time.
describe('fuzz (a few hundred cases; `npm run fuzz` runs 20,000)', () => {
  it('sniffImage answers every mutated photo with ok or a message, quickly', () => {
    const counts = fuzzImages(20_240, 500, undefined, imageSeeds(), CASE_MS);
    expect(counts.failures).toEqual([]);
    expect(counts.ok + counts.refused).toBe(500);
    expect(counts.ok).toBeGreaterThan(50);
    expect(counts.refused).toBeGreaterThan(50);
  });

  it('parseDriver answers every mutated driver file with a driver or its errors, quickly', () => {
    const counts = fuzzDrivers(20_240, 300, undefined, driverSeeds(), CASE_MS);
    expect(counts.failures).toEqual([]);
    expect(counts.ok + counts.refused).toBe(300);
  });

  it('the same seed gives the same cases', () => {
    const seeds = imageSeeds();
    expect(imageCase(5, 17, seeds).bytes).toEqual(imageCase(5, 17, seeds).bytes);
    expect(imageCase(5, 17, seeds).bytes).not.toEqual(imageCase(5, 18, seeds).bytes);
  });
});

describe('fuzz regressions: cases that found bugs', () => {
  it('a JPEG whose scan has no 0xFF byte at all, seen in part, is still cut off (not padding)', () => {
    // corrupt.jpg's scan is seeded random bytes without 0xFF; its first 30%, seen as head + tail.
    const corrupt = imageSeeds().find((s) => s.name === 'corrupt.jpg')!.bytes;
    const cut = corrupt.subarray(0, Math.round(corrupt.length * 0.3));
    expect(sniffImage(cut).ok).toBe(false);
    expect(sniffSlices(slicesOf(cut, 16 * 1024, 4 * 1024)).ok).toBe(false);
  });
});
