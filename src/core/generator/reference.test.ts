import { describe, expect, it } from 'vitest';
import {
  composeFrame,
  gridSampleBilinear,
  identityGrid,
  normalisedToPixel,
  pixelToNormalised,
  planarToRgba,
  rgbaToPlanar,
} from './reference.ts';

/** One-channel 2x3 image: row 0 = 0, 1, 2; row 1 = 10, 11, 12. */
const SMALL = Float32Array.from([0, 1, 2, 10, 11, 12]);
const sampleSmallAt = (xPx: number, yPx: number) =>
  gridSampleBilinear(SMALL, 1, 2, 3, Float32Array.of(pixelToNormalised(xPx, 3), pixelToNormalised(yPx, 2)), 1, 1)[0]!;

describe('coordinate conventions (align_corners = 0)', () => {
  it('maps pixel centres and outer edges', () => {
    expect(pixelToNormalised(-0.5, 8)).toBe(-1); // left edge of pixel 0
    expect(pixelToNormalised(7.5, 8)).toBe(1); // right edge of pixel 7
    expect(pixelToNormalised(0, 8)).toBe(-7 / 8);
    expect(pixelToNormalised(3.5, 8)).toBe(0); // image centre
    for (const x of [-3, -0.5, 0, 2.25, 7]) expect(normalisedToPixel(pixelToNormalised(x, 8), 8)).toBeCloseTo(x, 12);
  });

  it('builds an identity grid of interleaved (x, y) pixel centres', () => {
    const grid = identityGrid(2, 3);
    expect(Array.from(grid)).toEqual(
      [
        [0, 0], [1, 0], [2, 0],
        [0, 1], [1, 1], [2, 1],
      ].flatMap(([x, y]) => [Math.fround(pixelToNormalised(x!, 3)), Math.fround(pixelToNormalised(y!, 2))]),
    );
  });
});

describe('gridSampleBilinear', () => {
  it('reads pixel centres exactly and interpolates between them', () => {
    expect(sampleSmallAt(0, 0)).toBe(0);
    expect(sampleSmallAt(2, 1)).toBe(12);
    expect(sampleSmallAt(0.5, 0)).toBeCloseTo(0.5, 6);
    expect(sampleSmallAt(1, 0.5)).toBeCloseTo(6, 5);
    expect(sampleSmallAt(1.25, 0.75)).toBeCloseTo(0.25 * 1 + 0.75 * 11 + 0.25, 5);
  });

  it('repeats the edge pixels outside the image (border padding)', () => {
    expect(sampleSmallAt(-0.4, 0)).toBe(0); // within half a pixel of the edge: flat
    expect(sampleSmallAt(-30, -30)).toBe(0);
    expect(sampleSmallAt(40, 0)).toBe(2);
    expect(sampleSmallAt(2.5, 1.5)).toBe(12); // the outer corner, normalised (1, 1)
    expect(sampleSmallAt(1, 25)).toBe(11);
    expect(sampleSmallAt(0.5, -9)).toBeCloseTo(0.5, 6); // clamped in y only, still bilinear in x
  });

  it('samples every channel at the same place', () => {
    const twoChannels = Float32Array.from([...SMALL, ...SMALL.map((v) => -v)]);
    const grid = Float32Array.of(pixelToNormalised(1.5, 3), pixelToNormalised(0.5, 2));
    const [a, b] = gridSampleBilinear(twoChannels, 2, 2, 3, grid, 1, 1);
    expect(a).toBeCloseTo(6.5, 5);
    expect(b).toBeCloseTo(-6.5, 5);
  });

  it('reproduces the source through the identity grid', () => {
    const [h, w] = [7, 11];
    const source = Float32Array.from({ length: 3 * h * w }, (_, i) => ((i * 37) % 101) / 100);
    const out = gridSampleBilinear(source, 3, h, w, identityGrid(h, w), h, w);
    out.forEach((v, i) => expect(Math.abs(v - source[i]!)).toBeLessThan(1e-6));
  });

  it('resizes with the identity grid of another size (half-pixel centres)', () => {
    // 1x4 row 0, 1, 2, 3 to 1x2: output centres fall on source x = 0.5 and 2.5.
    const out = gridSampleBilinear(Float32Array.of(0, 1, 2, 3), 1, 1, 4, identityGrid(1, 2), 1, 2);
    expect(out[0]).toBeCloseTo(0.5, 6);
    expect(out[1]).toBeCloseTo(2.5, 6);
  });

  it('rejects tensors of the wrong length', () => {
    expect(() => gridSampleBilinear(SMALL, 1, 3, 3, new Float32Array(2), 1, 1)).toThrow(
      /source has 6 values, expected 9/,
    );
    expect(() => gridSampleBilinear(SMALL, 1, 2, 3, new Float32Array(3), 1, 1)).toThrow(/grid has 3 values/);
  });
});

describe('composeFrame', () => {
  // 1x1 source and output, so the warp is just the source colour.
  const source = Float32Array.of(0.2, 0.4, 0.8);
  const grid = Float32Array.of(0, 0);
  const compose = (base: number[], keep: number) =>
    Array.from(composeFrame({ source, height: 1, width: 1, grid, outHeight: 1, outWidth: 1, base: Float32Array.from(base), keep: Float32Array.of(keep) }));

  it('adds the kept share of the warped person to the base', () => {
    expect(compose([0, 0, 0], 1)).toEqual(Array.from(source));
    expect(compose([0.1, 0.5, 0.9], 0)).toEqual([0.1, 0.5, 0.9].map(Math.fround));
    compose([0.1, 0.1, 0.1], 0.5).forEach((v, c) => expect(v).toBeCloseTo(0.1 + 0.5 * source[c]!, 6));
  });

  it('clips to [0, 1]', () => {
    const [r, g, b] = compose([0.9, -0.5, 0.1], 1);
    expect([r, g]).toEqual([1, 0]);
    expect(b).toBeCloseTo(0.9, 6); // in range: untouched
  });

  it('rejects a base or keep of the wrong length', () => {
    const inputs = { source, height: 1, width: 1, grid, outHeight: 1, outWidth: 1 };
    expect(() => composeFrame({ ...inputs, base: new Float32Array(2), keep: new Float32Array(1) })).toThrow(/base has 2 values, expected 3/);
    expect(() => composeFrame({ ...inputs, base: new Float32Array(3), keep: new Float32Array(2) })).toThrow(/keep has 2 values, expected 1/);
  });
});

describe('RGBA <-> planar', () => {
  it('splits interleaved RGBA into planes of 0..1 and drops alpha', () => {
    const data = Uint8ClampedArray.of(255, 0, 51, 7, 0, 102, 255, 200);
    expect(Array.from(rgbaToPlanar({ data, width: 2, height: 1 }))).toEqual(
      [255, 0, 0, 102, 51, 255].map((v) => Math.fround(v / 255)),
    );
  });

  it('round-trips every byte value and writes opaque alpha', () => {
    const width = 256;
    const data = new Uint8ClampedArray(width * 4);
    for (let x = 0; x < width; x++) data.set([x, 255 - x, (x * 7) % 256, x], x * 4);
    const back = planarToRgba(rgbaToPlanar({ data, width, height: 1 }), width, 1);
    expect(back.width).toBe(width);
    expect(back.height).toBe(1);
    for (let x = 0; x < width; x++) {
      expect(Array.from(back.data.subarray(x * 4, x * 4 + 4))).toEqual([x, 255 - x, (x * 7) % 256, 255]);
    }
  });

  it('rounds to nearest and clamps out-of-range values', () => {
    const planar = Float32Array.of(-0.2, 1.3, 0.5 / 255 + 1e-4, 100.4 / 255, Number.NaN, 1);
    expect(Array.from(planarToRgba(planar, 2, 1).data)).toEqual([0, 1, 0, 255, 255, 100, 255, 255]);
  });

  it('rejects buffers of the wrong length', () => {
    expect(() => rgbaToPlanar({ data: new Uint8ClampedArray(7), width: 2, height: 1 })).toThrow(/RGBA data has 7/);
    expect(() => planarToRgba(new Float32Array(5), 2, 1)).toThrow(/planar data has 5/);
  });
});
