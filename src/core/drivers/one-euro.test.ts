import { describe, expect, it } from 'vitest';
import { gaussian } from '../random.ts';
import { OneEuroFilter, oneEuroSeries } from './one-euro.ts';

const std = (values: readonly number[]) => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
};
const FPS = 30;

describe('OneEuroFilter', () => {
  it('passes the first sample through unchanged', () => {
    expect(new OneEuroFilter().filter(3.5, 0)).toBe(3.5);
    expect(new OneEuroFilter().filter([1, -2], 0)).toEqual([1, -2]);
  });

  it('makes a noisy constant signal much quieter (std below 0.35 of the noise)', () => {
    const noise = gaussian(7);
    const input = Array.from({ length: 300 }, () => 5 + noise());
    const output = oneEuroSeries(input, FPS, { minCutoff: 0.5, beta: 0.005 });
    const settled = output.slice(30);
    expect(std(settled)).toBeLessThan(0.35 * std(input.slice(30)));
    // And it stays centred on the true value.
    expect(Math.abs(settled.reduce((s, v) => s + v, 0) / settled.length - 5)).toBeLessThan(0.1);
  });

  it('follows a fast step quickly: beta opens the cutoff at speed, reaching 90 % within 3 frames', () => {
    const input = Array.from({ length: 60 }, (_, i) => (i < 20 ? 0 : 100));
    const framesTo90 = (output: number[]) => output.findIndex((v, i) => i >= 20 && v >= 90) - 20;
    const adaptive = oneEuroSeries(input, FPS, { minCutoff: 1, beta: 0.5 });
    const fixed = oneEuroSeries(input, FPS, { minCutoff: 1, beta: 0 });
    expect(framesTo90(adaptive)).toBeLessThanOrEqual(3);
    expect(framesTo90(fixed)).toBeGreaterThan(8);
    // No overshoot.
    expect(Math.max(...adaptive)).toBeLessThanOrEqual(100 + 1e-9);
  });

  it('is deterministic, and filters vector components like independent scalars', () => {
    const noise = gaussian(11);
    const xs = Array.from({ length: 50 }, () => noise());
    const ys = Array.from({ length: 50 }, (_, i) => i * 0.3 + noise());
    const params = { minCutoff: 0.8, beta: 0.2, dCutoff: 1.5 };
    expect(oneEuroSeries(xs, FPS, params)).toEqual(oneEuroSeries(xs, FPS, params));
    const vector = new OneEuroFilter(params);
    const out = xs.map((x, i) => vector.filter(Float32Array.from([x, ys[i]!]), i / FPS));
    const fx = oneEuroSeries(xs.map((x) => Math.fround(x)), FPS, params);
    const fy = oneEuroSeries(ys.map((y) => Math.fround(y)), FPS, params);
    out.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(fx[i]!, 12);
      expect(y).toBeCloseTo(fy[i]!, 12);
    });
  });

  it('keeps its estimate on a repeated timestamp, restarts after reset, rejects bad parameters', () => {
    const filter = new OneEuroFilter();
    filter.filter(0, 0);
    const a = filter.filter(10, 0.1);
    expect(filter.filter(50, 0.1)).toBe(a);
    filter.reset();
    expect(filter.filter(42, 5)).toBe(42);
    expect(() => filter.filter([1, 2], 5.1)).toThrow(/2 values after 1/);
    expect(() => new OneEuroFilter({ minCutoff: 0 })).toThrow(/invalid/);
  });
});
