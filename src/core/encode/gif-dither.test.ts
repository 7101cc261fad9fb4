import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blurredPsnr } from '../quality/psnr.ts';
import { BAYER_8X8, ColourMapper, fitToneCurve, mapperFor, ToneMapper, TONE_FIT_LIMIT, TONE_RMS_LIMIT, type IndexMapper } from './gif-dither.ts';
import { hasImageMagick, loadPhoto } from './gif-test-helpers.ts';

/** An RGBA image whose pixel (x, y) is rgb(x, y). */
function image(width: number, height: number, rgb: (x: number, y: number) => [number, number, number]): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.set([...rgb(x, y), 255], (y * width + x) * 4);
  return out;
}

/** The image as `mapper` renders it (its palette colours). */
function rendered(mapper: IndexMapper, rgba: Uint8Array, width: number, height: number): Uint8Array {
  const indices = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) mapper.mapSpan(rgba, width, y, 0, width - 1, indices);
  const out = new Uint8Array(rgba.length);
  indices.forEach((ix, i) => {
    expect(ix).toBeLessThan(255);
    out.set(mapper.palette.subarray(ix * 3, ix * 3 + 3), i * 4);
    out[i * 4 + 3] = 255;
  });
  return out;
}

/** Differences, per 8x8 block and channel, between the blocks' mean colours: the largest and their mean. */
function blockMeanErrors(a: Uint8Array, b: Uint8Array, width: number, height: number): { worst: number; mean: number } {
  const errors: number[] = [];
  for (let by = 0; by + 8 <= height; by += 8) {
    for (let bx = 0; bx + 8 <= width; bx += 8) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let y = by; y < by + 8; y++) for (let x = bx; x < bx + 8; x++) sum += a[(y * width + x) * 4 + c]! - b[(y * width + x) * 4 + c]!;
        errors.push(Math.abs(sum / 64));
      }
    }
  }
  return { worst: Math.max(...errors), mean: errors.reduce((s, e) => s + e, 0) / errors.length };
}

describe('BAYER_8X8', () => {
  it('holds each threshold 1, 3, ... 127 once, spread evenly over every 2x2 and 4x4 cell', () => {
    expect([...BAYER_8X8].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => 2 * i + 1));
    for (const size of [2, 4]) {
      const means = new Set<number>();
      for (let cy = 0; cy < 8; cy += size) {
        for (let cx = 0; cx < 8; cx += size) {
          let sum = 0;
          for (let y = cy; y < cy + size; y++) for (let x = cx; x < cx + size; x++) sum += BAYER_8X8[y * 8 + x]!;
          means.add(Math.round(sum / (size * size)));
        }
      }
      expect(Math.max(...means) - Math.min(...means)).toBeLessThanOrEqual(size === 2 ? 48 : 8);
    }
  });
});

describe('ToneMapper', () => {
  // A slow ramp: each grey level spans 4 px, where a 32-level palette would band visibly.
  const width = 1024;
  const height = 16;
  const greyRamp = image(width, height, (x) => {
    const v = Math.floor(x / 4);
    return [v, v, v];
  });

  it('a grey photo gets about one palette entry per grey level', () => {
    const fit = fitToneCurve(greyRamp);
    expect(fit.p999).toBe(0);
    const mapper = new ToneMapper(fit);
    const greys = new Set<number>();
    for (let i = 0; i < 255; i++) {
      const [r, g, b] = mapper.palette.subarray(i * 3, i * 3 + 3);
      expect(r === g && g === b).toBe(true);
      greys.add(r!);
    }
    expect(greys.size).toBe(255);
  });

  it('does not band a grey ramp: every 8x8 block keeps its mean within 1/2 level', () => {
    const mapper = new ToneMapper(fitToneCurve(greyRamp));
    const out = rendered(mapper, greyRamp, width, height);
    expect(blockMeanErrors(out, greyRamp, width, height).worst).toBeLessThan(0.5);
    expect(blurredPsnr(out, greyRamp, width, height)).toBeGreaterThan(55);
  });

  it('keeps the hue of a sepia ramp and its tones', () => {
    const sepia = image(width, height, (x) => {
      const v = x / 4;
      return [Math.min(255, Math.round(v * 1.07 + 8)), Math.round(v * 0.95), Math.round(v * 0.78)];
    });
    const fit = fitToneCurve(sepia);
    expect(fit.p999).toBeLessThan(TONE_FIT_LIMIT);
    expect(fit.rms).toBeLessThan(TONE_RMS_LIMIT);
    const out = rendered(new ToneMapper(fit), sepia, width, height);
    expect(blockMeanErrors(out, sepia, width, height).worst).toBeLessThan(2);
    expect(blurredPsnr(out, sepia, width, height)).toBeGreaterThan(45);
  });

  it('covers every luma, not only the first frame\'s: a brighter later frame still maps right', () => {
    const dark = image(64, 64, (x, y) => [(x + y) >> 1, (x + y) >> 1, (x + y) >> 1]);
    const bright = image(64, 64, (x, y) => [200 + ((x + y) >> 3), 200 + ((x + y) >> 3), 200 + ((x + y) >> 3)]);
    const out = rendered(new ToneMapper(fitToneCurve(dark)), bright, 64, 64);
    expect(blurredPsnr(out, bright, 64, 64)).toBeGreaterThan(50);
  });
});

describe('ColourMapper', () => {
  it('dithers a smooth gradient through the whole colour cube between palette pairs whose mean is near the colour', () => {
    const width = 256;
    const height = 128;
    const gradient = image(width, height, (x, y) => [x, (y * 2) % 256, Math.round(128 + 100 * Math.sin(x / 40 + y / 30))]);
    const mapper = new ColourMapper(gradient);
    const out = rendered(mapper, gradient, width, height);
    expect(blurredPsnr(out, gradient, width, height)).toBeGreaterThan(40);
    // 255 colours for 32768 spread over the cube: pairs miss some colours by a few levels, not on average.
    expect(blockMeanErrors(out, gradient, width, height).mean).toBeLessThan(1.5);
  });

  it('does not band a sepia ramp either', () => {
    const width = 1024;
    const sepia = image(width, 16, (x, y) => {
      const v = x / 4;
      return [Math.min(255, Math.round(v * 1.07 + 8 + (y % 3))), Math.round(v * 0.95), Math.round(v * 0.78)];
    });
    const out = rendered(new ColourMapper(sepia), sepia, width, 16);
    const errors = blockMeanErrors(out, sepia, width, 16);
    expect(errors.worst).toBeLessThan(2.5); // at the black end of the ramp, the edge of the palette
    expect(errors.mean).toBeLessThan(0.5);
    expect(blurredPsnr(out, sepia, width, 16)).toBeGreaterThan(50);
  });

  it('maps a pixel by its colour and position only', () => {
    const rgba = image(32, 32, (x, y) => [x * 8, y * 8, 128]);
    const mapper = new ColourMapper(rgba);
    const whole = new Uint8Array(32 * 32);
    const pieces = new Uint8Array(32 * 32);
    for (let y = 0; y < 32; y++) {
      mapper.mapSpan(rgba, 32, y, 0, 31, whole);
      mapper.mapSpan(rgba, 32, y, 0, 9, pieces);
      mapper.mapSpan(rgba, 32, y, 10, 31, pieces);
    }
    expect(pieces).toEqual(whole);
  });
});

describe.skipIf(!hasImageMagick())('mapperFor, on real photos', () => {
  it.each([
    ['pd_color_astronaut-eileen-collins.png', 'colour'],
    ['pd_color_grace-hopper_glasses_elderly.jpg', 'colour'],
    ['painting_mona-lisa.jpg', 'colour'],
    ['cc0_bw_cameraman-near-profile.png', 'tone'],
    ['old_bw_glassplate-man-moustache-6035x8212.jpg', 'tone'],
    ['old_sepia_renoir-seated-beard-cap.jpg', 'colour'],
  ] as const)('%s gets a %s palette', (name, kind) => {
    const photo = loadPhoto(path.join('e2e/fixtures/photos', name), 256);
    expect(mapperFor(photo.data).kind).toBe(kind);
  });
});
