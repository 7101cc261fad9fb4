import { describe, expect, it } from 'vitest';
import { defined, max, mean, median, min, percentile } from './stats.ts';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('ignores undefined, null and NaN; undefined when nothing is left', () => {
    expect(median([5, undefined, 1, NaN, null, 3])).toBe(3);
    expect(median([undefined, NaN])).toBeUndefined();
    expect(median([])).toBeUndefined();
  });
});

describe('percentile', () => {
  it('interpolates linearly between closest ranks (rank = p/100 (n - 1))', () => {
    expect(percentile([1, 2, 3, 4, 5], 95)).toBeCloseTo(4.8, 12); // rank 3.8
    expect(percentile([40, 10, 30, 20], 25)).toBeCloseTo(17.5, 12); // rank 0.75
    expect(percentile([40, 10, 30, 20], 50)).toBe(25);
    expect(percentile([0, 10], 95)).toBeCloseTo(9.5, 12);
    expect(percentile([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4, 5], 100)).toBe(5);
    expect(percentile([42], 95)).toBe(42);
  });

  it('ignores missing values and rejects a non-numeric p', () => {
    expect(percentile([undefined, 1, NaN, 2, 3, 4, 5, null], 95)).toBeCloseTo(4.8, 12);
    expect(percentile([], 50)).toBeUndefined();
    expect(() => percentile([1], NaN)).toThrow(RangeError);
  });
});

describe('mean, min, max, defined', () => {
  it('ignore missing values', () => {
    expect(mean([1, undefined, 2, NaN, 6])).toBe(3);
    expect(max([1, undefined, 9, NaN, -2])).toBe(9);
    expect(min([1, undefined, 9, NaN, -2])).toBe(-2);
    expect(defined([1, undefined, null, NaN, Infinity, 2])).toEqual([1, 2]);
    expect(mean([])).toBeUndefined();
    expect(max([])).toBeUndefined();
  });
});
