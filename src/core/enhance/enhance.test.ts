import { describe, expect, it } from 'vitest';
import { lumaOf, removePhasePattern, transferLuma } from './colour.ts';
import { EnhanceCancelled, enhancePlanar, featherAlpha, type UpscaleTile } from './enhance.ts';
import { planEnhancement } from './plan.ts';
import { downscaleCubic, upscaleCubic } from '../image/resample.ts';
import { edgeWeight, planSpans, planTiles } from './tiles.ts';

/** A smooth planar RGB test image. */
function pattern(width: number, height: number): Float32Array {
  const plane = width * height;
  return Float32Array.from({ length: 3 * plane }, (_, i) => {
    const c = Math.floor(i / plane);
    const p = i % plane;
    return 0.5 + 0.4 * Math.sin((p % width) * 0.21 + c) * Math.cos(Math.floor(p / width) * 0.17);
  });
}

/** Nearest-neighbour "model": each pixel repeated factor x factor. */
const nearest =
  (factor: number): UpscaleTile =>
  async (planar, width, height) => {
    const out = new Float32Array(planar.length * factor * factor);
    const ow = width * factor;
    const oh = height * factor;
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < oh; y++)
        for (let x = 0; x < ow; x++) out[c * ow * oh + y * ow + x] = planar[c * width * height + Math.floor(y / factor) * width + Math.floor(x / factor)]!;
    return out;
  };

describe('planSpans / planTiles', () => {
  it('covers the length with equal spans that overlap by at least the overlap', () => {
    for (const length of [1, 100, 256, 257, 300, 600, 1000]) {
      const spans = planSpans(length, 256, 24);
      expect(spans[0]!.start).toBe(0);
      expect(spans.at(-1)!.start + spans.at(-1)!.size).toBe(length);
      expect(new Set(spans.map((s) => s.size)).size).toBe(1);
      expect(spans[0]!.size).toBeLessThanOrEqual(256);
      for (let i = 1; i < spans.length; i++) expect(spans[i - 1]!.start + spans[i - 1]!.size - spans[i]!.start).toBeGreaterThanOrEqual(24);
    }
    expect(planSpans(256)).toEqual([{ start: 0, size: 256 }]);
    expect(planSpans(300, 256, 24)).toHaveLength(2);
    expect(planTiles(600, 300, 256, 24)).toHaveLength(3 * 2);
  });

  it('refuses sizes it cannot tile', () => {
    expect(() => planSpans(0)).toThrow(RangeError);
    expect(() => planSpans(10, 16, 16)).toThrow(RangeError);
  });
});

describe('edgeWeight', () => {
  it('is 1 inside and at image borders, near 0 at a shared edge', () => {
    expect(edgeWeight(0.5, 100, true, true)).toBe(1);
    expect(edgeWeight(50, 100, false, false)).toBe(1);
    expect(edgeWeight(0.5, 100, false, true)).toBeLessThan(0.01);
    expect(edgeWeight(99.5, 100, true, false)).toBeLessThan(0.01);
  });
});

describe('enhancePlanar', () => {
  it('tiled with blended seams gives what one tile gives, where the model is local', async () => {
    const width = 70;
    const height = 45;
    const image = pattern(width, height);
    const whole = await enhancePlanar(image, width, height, nearest(2), { factor: 2, tile: 256 });
    const tiles: number[] = [];
    const tiled = await enhancePlanar(image, width, height, nearest(2), { factor: 2, tile: 32, overlap: 12, onTile: (done, total) => tiles.push(done, total) });
    expect(tiles.at(-1)).toBe(tiles.at(-2));
    expect(tiles.at(-1)).toBeGreaterThan(1);
    let worst = 0;
    for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(whole[i]! - tiled[i]!));
    expect(worst).toBeLessThan(1e-5);
  });

  it('hides a tile edge a real model would show (its border pixels are wrong)', async () => {
    const width = 60;
    const height = 20;
    const image = new Float32Array(3 * width * height).fill(0.5);
    // A model that darkens its outer 2 pixels, as zero padding does.
    const padded: UpscaleTile = async (planar, w, h) => {
      const out = await nearest(1)(planar, w, h);
      for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (x < 2 || x >= w - 2) out[c * w * h + y * w + x] = 0;
      return out;
    };
    const out = await enhancePlanar(image, width, height, padded, { factor: 1, tile: 32, overlap: 16 });
    // Inside the image the seam is gone; only the image's own border keeps the model's dark edge
    // (the model was trained so: its training crops had the same zero padding).
    for (let x = 2; x < width - 2; x++) expect(out[10 * width + x]).toBeCloseTo(0.5, 2);
  });

  it('stops between tiles when cancelled', async () => {
    let calls = 0;
    const promise = enhancePlanar(pattern(100, 100), 100, 100, async (p, w, h) => (calls++, nearest(1)(p, w, h)), { factor: 1, tile: 40, overlap: 8, cancelled: () => calls >= 2 });
    await expect(promise).rejects.toBeInstanceOf(EnhanceCancelled);
    expect(calls).toBe(2);
  });

  it('keeps a grey image grey whatever colour the model invents', async () => {
    const width = 16;
    const height = 16;
    const grey = new Float32Array(3 * width * height);
    const plane = width * height;
    for (let p = 0; p < plane; p++) grey[p] = grey[plane + p] = grey[2 * plane + p] = (p % 7) / 7;
    const tinting: UpscaleTile = async (planar, w, h) => (await nearest(2)(planar, w, h)).map((v, i) => (i < 4 * w * h ? v + 0.2 : v));
    const out = await enhancePlanar(grey, width, height, tinting, { factor: 2 });
    const outPlane = 4 * plane;
    for (let p = 0; p < outPlane; p++) {
      expect(out[p]).toBeCloseTo(out[outPlane + p]!, 6);
      expect(out[p]).toBeCloseTo(out[2 * outPlane + p]!, 6);
    }
  });
});

describe('removePhasePattern', () => {
  it('takes away a grid with the period of the factor and keeps detail that changes from pixel to pixel', () => {
    const width = 48;
    const height = 48;
    // Detail: a different value in every low-resolution pixel; the grid: one phase brighter.
    const detail = (x: number, y: number) => 0.02 * Math.sin(Math.floor(x / 4) * 2.1 + Math.floor(y / 4) * 1.3);
    const added = Float32Array.from({ length: width * height }, (_, p) => detail(p % width, Math.floor(p / width)) + ((p % width) % 4 === 1 ? 0.05 : 0));
    removePhasePattern(added, width, height, 4);
    let grid = 0;
    for (let y = 16; y < 32; y++) for (let x = 16; x < 32; x++) grid = Math.max(grid, Math.abs(added[y * width + x]! - detail(x, y)));
    expect(grid).toBeLessThan(0.02);
  });
});

describe('transferLuma', () => {
  it('takes the luma from the detail and the chroma from the reference', () => {
    // One sepia pixel as reference, a blue-ish brighter detail.
    const reference = Float32Array.from([0.6, 0.5, 0.35]);
    const detail = Float32Array.from([0.5, 0.6, 0.9]);
    const out = transferLuma(detail, reference, 1, 1);
    expect(lumaOf(out, 1)[0]).toBeCloseTo(lumaOf(detail, 1)[0]!, 6);
    expect(out[0]! - out[1]!).toBeCloseTo(reference[0]! - reference[1]!, 6);
    expect(out[2]! - out[1]!).toBeCloseTo(reference[2]! - reference[1]!, 6);
  });
});

describe('upscaleCubic / downscaleCubic', () => {
  it('keep a flat image flat and a smooth one close after down and up', () => {
    const flat = new Float32Array(3 * 8 * 8).fill(0.25);
    expect(Array.from(upscaleCubic(flat, 8, 8, 32, 32)).every((v) => Math.abs(v - 0.25) < 1e-6)).toBe(true);
    expect(Array.from(downscaleCubic(flat, 8, 8, 4)).every((v) => Math.abs(v - 0.25) < 1e-6)).toBe(true);
    const smooth = pattern(64, 64);
    const back = upscaleCubic(downscaleCubic(smooth, 64, 64, 2), 32, 32, 64, 64);
    let error = 0;
    for (let i = 0; i < smooth.length; i++) error = Math.max(error, Math.abs(back[i]! - smooth[i]!));
    expect(error).toBeLessThan(0.08);
  });
});

describe('featherAlpha', () => {
  it('is opaque inside and at the photo border, fading towards inner edges', () => {
    const alpha = featherAlpha(10, 4, 4, { left: true, top: false, right: false, bottom: false });
    expect(alpha[0]).toBeLessThan(64);
    expect(alpha[4]).toBe(255);
    expect(alpha[9]).toBe(255);
  });
});

describe('planEnhancement', () => {
  const face = { x: 400, y: 300, width: 100, height: 120 };
  it('does nothing when off or when the photo has the pixels', () => {
    expect(planEnhancement({ width: 2000, height: 1500 }, face, { width: 1440, height: 1080 }, 'on')).toBeUndefined();
    expect(planEnhancement({ width: 1000, height: 750 }, face, { width: 1440, height: 1080 }, 'off')).toBeUndefined();
    // auto waits until the output itself is larger than the photo; on takes the finer copy's need.
    expect(planEnhancement({ width: 1300, height: 900 }, face, { width: 1440, height: 997 }, 'auto')).toBeUndefined();
    expect(planEnhancement({ width: 1300, height: 900 }, face, { width: 1440, height: 997 }, 'on')).toBeDefined();
    expect(planEnhancement({ width: 700, height: 525 }, face, { width: 1440, height: 1080 }, 'auto')).toBeUndefined();
    expect(planEnhancement({ width: 600, height: 450 }, face, { width: 1440, height: 1080 }, 'auto')).toBeDefined();
  });

  it('enhances the face with room around it, or a small photo whole', () => {
    const plan = planEnhancement({ width: 1000, height: 750 }, face, { width: 1440, height: 1080 }, 'on')!;
    expect(plan.whole).toBe(false);
    expect(plan.target).toEqual({ width: 1440, height: 1080 });
    expect(plan.region).toEqual({ x: 340, y: 228, width: 220, height: 264 });
    const small = planEnhancement({ width: 389, height: 500 }, { x: 100, y: 100, width: 150, height: 180 }, { width: 1120, height: 1440 }, 'auto')!;
    expect(small).toEqual({ region: { x: 0, y: 0, width: 389, height: 500 }, whole: true, target: { width: 1120, height: 1440 } });
  });
});
