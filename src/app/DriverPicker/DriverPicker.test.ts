import { describe, expect, it } from 'vitest';
import { wrapFrame } from './DriverPicker.tsx';

describe('wrapFrame', () => {
  it('keeps every index inside the driver, negative and fractional ones too', () => {
    expect(wrapFrame(0, 90)).toBe(0);
    expect(wrapFrame(89, 90)).toBe(89);
    expect(wrapFrame(90, 90)).toBe(0);
    expect(wrapFrame(181.7, 90)).toBe(1);
    // A rAF timestamp earlier than the loop's start gave -1, and `-1 % 90` is -1.
    expect(wrapFrame(-1, 90)).toBe(89);
    expect(wrapFrame(-0.2, 90)).toBe(89);
    expect(wrapFrame(-181, 90)).toBe(89);
  });

  it('gives frame 0 for an empty driver or a broken index', () => {
    expect(wrapFrame(5, 0)).toBe(0);
    expect(wrapFrame(Number.NaN, 10)).toBe(0);
    expect(wrapFrame(Number.POSITIVE_INFINITY, 10)).toBe(0);
  });
});
