import { describe, expect, it } from 'vitest';
import { blurredPsnr, blurRgb, gaussianKernel, meanSquaredError, psnrFromMse, rgbPsnr } from './psnr.ts';

/** A width x height RGBA image whose pixel (x, y) is rgb(x, y). */
function image(width: number, height: number, rgb: (x: number, y: number) => [number, number, number]): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out.set([...rgb(x, y), 255], (y * width + x) * 4);
  }
  return out;
}

const gradient = image(40, 30, (x, y) => [x * 5, y * 7, 100 + ((x + y) % 50)]);

describe('gaussianKernel', () => {
  it('has radius ceil(3 sigma), sums to 1 and is symmetric', () => {
    for (const sigma of [0.5, 1, 1.7, 3]) {
      const k = gaussianKernel(sigma);
      expect(k.length).toBe(2 * Math.ceil(3 * sigma) + 1);
      expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (let i = 0; i < k.length; i++) expect(k[i]).toBeCloseTo(k[k.length - 1 - i]!, 15);
    }
    expect([...gaussianKernel(0)]).toEqual([1]);
    expect(() => gaussianKernel(-1)).toThrow(RangeError);
  });
});

describe('blurRgb', () => {
  it('keeps a flat image flat, edges included (clamped, not darkened)', () => {
    const flat = blurRgb(image(9, 5, () => [10, 20, 30]), 9, 5, 2);
    for (let i = 0; i < flat.length; i += 3) expect([flat[i], flat[i + 1], flat[i + 2]].map((v) => Math.round(v! * 1e4) / 1e4)).toEqual([10, 20, 30]);
  });

  it('spreads a single bright pixel as the separable Gaussian does', () => {
    const dot = image(11, 11, (x, y) => (x === 5 && y === 5 ? [255, 0, 0] : [0, 0, 0]));
    const out = blurRgb(dot, 11, 11, 1);
    const k = gaussianKernel(1);
    expect(out[(5 * 11 + 5) * 3]).toBeCloseTo(255 * k[3]! * k[3]!, 3);
    expect(out[(5 * 11 + 7) * 3]).toBeCloseTo(255 * k[3]! * k[5]!, 3);
    expect(out[(5 * 11 + 7) * 3 + 1]).toBe(0);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => blurRgb(new Uint8Array(10), 2, 2)).toThrow(RangeError);
  });
});

describe('psnr', () => {
  it('identical images give Infinity, alpha is ignored', () => {
    const other = gradient.slice();
    for (let i = 3; i < other.length; i += 4) other[i] = 0;
    expect(blurredPsnr(gradient, other, 40, 30)).toBe(Infinity);
    expect(rgbPsnr(gradient, other)).toBe(Infinity);
  });

  it('a uniform offset gives its known PSNR, blurred or not', () => {
    // Every R, G and B off by 5: MSE 25, PSNR 10 log10(255^2 / 25) = 34.151 dB; a blur keeps a constant offset.
    const brighter = gradient.map((v, i) => ((i & 3) === 3 ? v : v + 5));
    const expected = 10 * Math.log10((255 * 255) / 25);
    expect(rgbPsnr(gradient, brighter)).toBeCloseTo(expected, 9);
    expect(blurredPsnr(gradient, brighter, 40, 30)).toBeCloseTo(expected, 4);
    expect(blurredPsnr(gradient, brighter, 40, 30, 0)).toBeCloseTo(expected, 9);
  });

  it('known random noise gives the PSNR of its variance', () => {
    // Each channel off by +-d with d uniform in 0..8: E[d^2] = (0 + 1 + ... + 64) / 9 = 22.67.
    let s = 12345;
    const noisy = Array.from(gradient, (v, i) => {
      if ((i & 3) === 3) return v;
      s = (s * 1103515245 + 12345) >>> 0;
      const d = (s >>> 16) % 9;
      return v + (s & 1 ? d : -d);
    });
    expect(rgbPsnr(gradient, noisy)).toBeCloseTo(psnrFromMse(204 / 9), 0);
  });

  it('the blur forgives a checkerboard dither whose average is right, not a uniform error of the same size', () => {
    const grey = image(32, 32, () => [128, 128, 128]);
    const dithered = image(32, 32, (x, y) => ((x + y) % 2 ? [136, 136, 136] : [120, 120, 120]));
    const shifted = image(32, 32, () => [136, 136, 136]);
    expect(rgbPsnr(grey, dithered)).toBeCloseTo(psnrFromMse(64), 9);
    expect(rgbPsnr(grey, shifted)).toBeCloseTo(psnrFromMse(64), 9);
    expect(blurredPsnr(grey, dithered, 32, 32)).toBeGreaterThan(rgbPsnr(grey, dithered) + 20);
    expect(blurredPsnr(grey, shifted, 32, 32)).toBeCloseTo(psnrFromMse(64), 4);
  });

  it('meanSquaredError and psnrFromMse', () => {
    expect(meanSquaredError([1, 2, 3], [1, 4, 0])).toBeCloseTo(13 / 3, 12);
    expect(psnrFromMse(0)).toBe(Infinity);
    expect(psnrFromMse(255 * 255)).toBe(0);
    expect(() => meanSquaredError([1], [1, 2])).toThrow(RangeError);
  });

  it('rejects images of different sizes', () => {
    expect(() => blurredPsnr(gradient, gradient.subarray(4), 40, 30)).toThrow(RangeError);
  });
});
