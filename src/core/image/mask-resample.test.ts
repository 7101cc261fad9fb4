import { describe, expect, it } from 'vitest';
import { addCloseUp, closeUpOf, letterbox, resampleMask } from './mask-resample.ts';

describe('letterbox', () => {
  it('fits a 3:4 portrait to the full height, centred, with padding left and right', () => {
    expect(letterbox(768, 1024, 256)).toEqual({ x: 32, y: 0, width: 192, height: 256 });
    expect(letterbox(743, 1155, 256)).toEqual({ x: 45, y: 0, width: 165, height: 256 });
  });

  it('fits a landscape photo to the full width, centred vertically', () => {
    expect(letterbox(1126, 661, 256)).toEqual({ x: 0, y: 53, width: 256, height: 150 });
  });

  it('fills the square with a square photo, whatever its size', () => {
    expect(letterbox(512, 512, 256)).toEqual({ x: 0, y: 0, width: 256, height: 256 });
    expect(letterbox(100, 100, 256)).toEqual({ x: 0, y: 0, width: 256, height: 256 });
  });

  it('keeps at least one pixel of a sliver and never leaves the square', () => {
    expect(letterbox(1, 5000, 256)).toEqual({ x: 127, y: 0, width: 1, height: 256 });
    for (const [w, h] of [[3, 2], [1000, 999], [6035, 8212], [7, 3]] as const) {
      const box = letterbox(w, h, 256);
      expect(box.x + box.width).toBeLessThanOrEqual(256);
      expect(box.y + box.height).toBeLessThanOrEqual(256);
      expect(Math.max(box.width, box.height)).toBe(256);
      expect(Math.abs(box.width / box.height - w / h)).toBeLessThan(0.02 * Math.max(w / h, 1));
    }
  });

  it('refuses sizes that mean nothing', () => {
    expect(() => letterbox(0, 10, 256)).toThrow(RangeError);
    expect(() => letterbox(10, Number.NaN, 256)).toThrow(RangeError);
    expect(() => letterbox(10, 10, 0)).toThrow(RangeError);
    expect(() => letterbox(10, 10, 2.5)).toThrow(RangeError);
  });
});

/** A map from a function of the map pixel. */
const mapOf = (width: number, height: number, f: (x: number, y: number) => number) =>
  Float32Array.from({ length: width * height }, (_, i) => f(i % width, Math.floor(i / width)));

describe('resampleMask', () => {
  it('gives the map itself, as bytes, at its own size', () => {
    const map = mapOf(4, 3, (x, y) => (x + 4 * y) / 11);
    const out = resampleMask(map, { width: 4, height: 3 }, { x: 0, y: 0, width: 4, height: 3 }, { width: 4, height: 3 });
    expect(Array.from(out)).toEqual(Array.from(map, (v) => Math.round(v * 255)));
  });

  it('clamps confidences outside 0..1 and reads NaN as background', () => {
    const map = Float32Array.from([-0.5, 1.7, Number.NaN, 0.5]);
    const out = resampleMask(map, { width: 4, height: 1 }, { x: 0, y: 0, width: 4, height: 1 }, { width: 4, height: 1 });
    expect(Array.from(out)).toEqual([0, 255, 0, 128]);
  });

  it('upsamples a hard step into a soft, monotonic ramp about one map pixel wide, centred on the step', () => {
    // 8 map pixels, the person from the 5th on; 8x upsampling.
    const map = mapOf(8, 1, (x) => (x >= 4 ? 1 : 0));
    const out = resampleMask(map, { width: 8, height: 1 }, { x: 0, y: 0, width: 8, height: 1 }, { width: 64, height: 1 });
    const row = Array.from(out);
    for (let i = 1; i < row.length; i++) expect(row[i]!).toBeGreaterThanOrEqual(row[i - 1]!);
    const partial = row.filter((v) => v > 0 && v < 255).length;
    expect(partial).toBeGreaterThanOrEqual(6);
    expect(partial).toBeLessThanOrEqual(8);
    // The 50 % crossing is where the map's step is: between output pixels 31 and 32.
    expect(row[31]!).toBeLessThan(128);
    expect(row[32]!).toBeGreaterThan(127);
    expect(row[31]! + row[32]!).toBe(255);
    expect(row.slice(0, 26).every((v) => v === 0)).toBe(true);
    expect(row.slice(38).every((v) => v === 255)).toBe(true);
  });

  it('is symmetric: a mirrored map gives the mirrored mask', () => {
    const map = mapOf(5, 4, (x, y) => ((x * 7 + y * 3) % 5) / 4);
    const mirrored = mapOf(5, 4, (x, y) => map[y * 5 + (4 - x)]!);
    const region = { x: 0, y: 0, width: 5, height: 4 };
    const size = { width: 23, height: 9 };
    const a = resampleMask(map, { width: 5, height: 4 }, region, size);
    const b = resampleMask(mirrored, { width: 5, height: 4 }, region, size);
    for (let y = 0; y < 9; y++) for (let x = 0; x < 23; x++) expect(a[y * 23 + x]).toBe(b[y * 23 + (22 - x)]);
  });

  it('reads only the region: the letterbox padding never bleeds into the photo', () => {
    // A 6x6 map: padding rows (confidence 1) above and below a 6x4 photo of background (0).
    const map = mapOf(6, 6, (_, y) => (y === 0 || y === 5 ? 1 : 0));
    const out = resampleMask(map, { width: 6, height: 6 }, { x: 0, y: 1, width: 6, height: 4 }, { width: 60, height: 40 });
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it('maps the region onto the whole output: a portrait letterbox', () => {
    // 8x8 map, photo in columns 2..5; the person is the right half of the photo (columns 4, 5).
    const map = mapOf(8, 8, (x) => (x >= 4 && x < 6 ? 1 : x >= 6 ? 0.3 : 0));
    const out = resampleMask(map, { width: 8, height: 8 }, { x: 2, y: 0, width: 4, height: 8 }, { width: 30, height: 60 });
    expect(out[0]).toBe(0);
    expect(out[29]).toBe(255); // the right edge is the photo's, not the padding's 0.3
    expect(out[59 * 30 + 29]).toBe(255);
  });

  it('downsamples too, and gives an empty mask for an empty size', () => {
    const map = mapOf(8, 8, () => 0.5);
    expect(Array.from(resampleMask(map, { width: 8, height: 8 }, { x: 0, y: 0, width: 8, height: 8 }, { width: 3, height: 2 }))).toEqual([
      128, 128, 128, 128, 128, 128,
    ]);
    expect(resampleMask(map, { width: 8, height: 8 }, { x: 0, y: 0, width: 8, height: 8 }, { width: 0, height: 0 })).toHaveLength(0);
  });

  it('refuses a map of the wrong length or a region outside it', () => {
    const map = new Float32Array(12);
    expect(() => resampleMask(map, { width: 4, height: 4 }, { x: 0, y: 0, width: 4, height: 4 }, { width: 4, height: 4 })).toThrow(RangeError);
    expect(() => resampleMask(map, { width: 4, height: 3 }, { x: 1, y: 0, width: 4, height: 3 }, { width: 4, height: 4 })).toThrow(RangeError);
    expect(() => resampleMask(map, { width: 4, height: 3 }, { x: 0, y: 0, width: 4, height: 3 }, { width: 4.5, height: 4 })).toThrow(RangeError);
  });
});

describe('close-ups of small faces', () => {
  it('frames head and shoulders of a small face only', () => {
    expect(closeUpOf({ x: 100, y: 100, width: 50, height: 50 }, { width: 1000, height: 600 })).toEqual({ x: 45, y: 62.5, width: 160, height: 160 });
    expect(closeUpOf({ x: 100, y: 100, width: 300, height: 300 }, { width: 1000, height: 600 })).toBeUndefined();
  });

  it('only adds person, faded out toward the close-up edges', () => {
    const size = { width: 40, height: 40 };
    const mask = new Uint8Array(40 * 40).fill(100);
    const sure = new Float32Array(16 * 16).fill(1);
    addCloseUp(mask, size, sure, 16, { x: 10, y: 10, width: 20, height: 20 });
    expect(mask[20 * 40 + 20]).toBe(255);
    expect(mask[5 * 40 + 5]).toBe(100);
    // Near its edge the close-up's share fades: never a hard step.
    expect(mask[20 * 40 + 10]).toBeLessThan(255);
    expect(mask[20 * 40 + 10]).toBeGreaterThanOrEqual(100);
    const unsure = new Uint8Array(40 * 40).fill(200);
    addCloseUp(unsure, size, new Float32Array(16 * 16).fill(0), 16, { x: 10, y: 10, width: 20, height: 20 });
    expect(unsure.every((v) => v === 200)).toBe(true);
  });
});
