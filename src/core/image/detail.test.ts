import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.ts';
import { DETAIL_FACTOR, detailSource } from './detail.ts';
import { upscaleCubic } from './resample.ts';

function blockMeans(detail: Float32Array, width: number, height: number): Float32Array {
  const dw = width * 2;
  const dp = dw * height * 2;
  const out = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = c * dp + 2 * y * dw + 2 * x;
        out[c * width * height + y * width + x] = (detail[i]! + detail[i + 1]! + detail[i + dw]! + detail[i + dw + 1]!) / 4;
      }
    }
  }
  return out;
}

const maxDifference = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('the photo at twice the output size', () => {
  const [width, height] = [9, 7];
  const random = mulberry32(3);
  const photo = Float32Array.from({ length: 3 * width * height }, random);

  it('upsamples smoothly: constants and ramps come back unchanged', () => {
    expect(Array.from(upscaleCubic(new Float32Array(12).fill(0.25), 2, 2, 2 * 2, 2 * 2, 3)).every((v) => Math.abs(v - 0.25) < 1e-7)).toBe(true);
    const ramp = Float32Array.from({ length: 8 }, (_, x) => x / 10);
    const up = upscaleCubic(ramp, 8, 1, 2 * 8, 2 * 1, 1);
    // Away from the repeated edges, the ramp continues at half the step.
    for (let x = 4; x < 12; x++) expect(up[x + 1]! - up[x]!).toBeCloseTo(0.05, 6);
  });

  it('averages back to the photo exactly, from an upsample or from a finer copy', () => {
    expect(DETAIL_FACTOR).toBe(2);
    expect(maxDifference(blockMeans(detailSource(photo, width, height), width, height), photo)).toBeLessThan(1e-6);
    const finer = Float32Array.from({ length: 3 * 4 * width * height }, random);
    const detail = detailSource(photo, width, height, finer);
    expect(maxDifference(blockMeans(detail, width, height), photo)).toBeLessThan(1e-6);
    expect(detail.every((v) => v >= 0 && v <= 1)).toBe(true);
    // A finer copy keeps its own detail within each block (it is not flattened to the mean).
    expect(new Set(Array.from(detail.subarray(0, 2))).size).toBe(2);
  });

  it('judged over a face, chooses its filter and still averages back to the photo', () => {
    const [w, h] = [40, 30];
    const random = mulberry32(5);
    const still = Float32Array.from({ length: 3 * w * h }, () => 0.3 + 0.4 * random());
    const detail = detailSource(still, w, h, undefined, { x: 5, y: 5, width: 30, height: 20 });
    expect(maxDifference(blockMeans(detail, w, h), still)).toBeLessThan(1e-6);
    // Fine noise goes soft when read between pixels of a plain upsample: a sharpening is chosen.
    expect(detail).not.toEqual(detailSource(still, w, h));
  });

  it('rejects a finer copy of the wrong size', () => {
    expect(() => detailSource(photo, width, height, new Float32Array(5))).toThrow(/finer photo has 5 values/);
  });
});
