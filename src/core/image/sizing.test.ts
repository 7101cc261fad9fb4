import { describe, expect, it } from 'vitest';
import { fitWithin, isOrientation, orientedSize, swapsAxes } from './sizing.ts';

describe('fitWithin', () => {
  it('never upscales', () => {
    expect(fitWithin(640, 480, 1600)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(1600, 900, 1600)).toEqual({ width: 1600, height: 900 });
  });

  it('scales the long side of a landscape image to the limit, keeping the aspect ratio', () => {
    expect(fitWithin(4000, 3000, 1600)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(1126, 661, 512)).toEqual({ width: 512, height: 301 }); // 300.56 rounds up
  });

  it('scales a portrait image by its height', () => {
    expect(fitWithin(6035, 8212, 1600)).toEqual({ width: 1176, height: 1600 });
    expect(fitWithin(2452, 3000, 1600)).toEqual({ width: 1308, height: 1600 });
  });

  it('handles squares and extreme aspect ratios', () => {
    expect(fitWithin(5000, 5000, 1024)).toEqual({ width: 1024, height: 1024 });
    expect(fitWithin(20000, 3, 1000)).toEqual({ width: 1000, height: 1 }); // 0.15 would vanish
    expect(fitWithin(0, 3000, 1000)).toEqual({ width: 0, height: 1000 });
  });

  it('returns integers for fractional inputs and limits', () => {
    const s = fitWithin(1000.4, 333.3, 500.9);
    expect(s).toEqual({ width: 500, height: 167 });
    expect(Number.isInteger(s.width) && Number.isInteger(s.height)).toBe(true);
  });

  it('rejects nonsense', () => {
    expect(() => fitWithin(-1, 10, 100)).toThrow(RangeError);
    expect(() => fitWithin(10, Number.NaN, 100)).toThrow(RangeError);
    expect(() => fitWithin(10, 10, 0)).toThrow(RangeError);
    expect(() => fitWithin(10, 10, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('orientedSize', () => {
  it('keeps the size for orientations 1-4 and swaps it for 5-8', () => {
    for (const o of [1, 2, 3, 4]) expect(orientedSize(4000, 3000, o)).toEqual({ width: 4000, height: 3000 });
    for (const o of [5, 6, 7, 8]) expect(orientedSize(4000, 3000, o)).toEqual({ width: 3000, height: 4000 });
  });

  it('treats invalid orientations as 1', () => {
    for (const o of [0, 9, -6, 6.5, Number.NaN]) expect(orientedSize(4000, 3000, o)).toEqual({ width: 4000, height: 3000 });
  });

  it('knows the valid values', () => {
    expect([0, 1, 5, 8, 9, 2.5].map(isOrientation)).toEqual([false, true, true, true, false, false]);
    expect([1, 4, 5, 8, 9].map(swapsAxes)).toEqual([false, false, true, true, false]);
  });
});
