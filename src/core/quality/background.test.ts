import { describe, expect, it } from 'vitest';
import { background, boundingBoxOf, scaleBox } from './background.ts';

// A 12 x 10 image; the face box 1.6 x 1.6 at (5.2, 4.2) is centred on (6, 5). Grown 2.5x it is
// 4 x 4: x in [4, 8], y in [3, 7], so the pixels x = 4..7, y = 3..6 (centres 4.5..7.5, 3.5..6.5)
// are the face's, the other 120 - 16 = 104 pixels are background.
const W = 12;
const H = 10;
const FACE = { x: 5.2, y: 4.2, width: 1.6, height: 1.6 };
const inside = (x: number, y: number) => x >= 4 && x <= 7 && y >= 3 && y <= 6;

function image(fill: (x: number, y: number, c: number) => number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 4; c++) out[(y * W + x) * 4 + c] = fill(x, y, c);
  return out;
}

const source = image((x, y, c) => (c === 3 ? 255 : (x * 20 + y * 7 + c * 50) % 256));

describe('background', () => {
  it('is 0 for an unchanged frame', () => {
    expect(background(source.slice(), source, W, H, FACE)).toBe(0);
  });

  it('ignores any change inside 2.5x the face box', () => {
    const frame = image((x, y, c) => (inside(x, y) ? 255 - source[(y * W + x) * 4 + c]! : source[(y * W + x) * 4 + c]!));
    expect(background(frame, source, W, H, FACE)).toBe(0);
  });

  it('counts changes outside exactly: mean over the R, G, B values of the 104 outside pixels', () => {
    const frame = source.slice();
    // Just outside the grown box (x = 3, centre 3.5 < 4): R +30, G -60; alpha changes are ignored.
    const o = (5 * W + 3) * 4;
    frame[o] = frame[o]! + 30;
    frame[o + 1] = frame[o + 1]! - 60;
    frame[o + 3] = 0;
    expect(background(frame, source, W, H, FACE)).toBeCloseTo(90 / (3 * 104), 12);
    // A corner pixel: B +12.
    frame[2] = frame[2]! + 12;
    expect(background(frame, source, W, H, FACE)).toBeCloseTo(102 / (3 * 104), 12);
  });

  it('is the uniform difference when every outside pixel changes alike, Uint8Array too', () => {
    const frame = image((x, y, c) => {
      const v = source[(y * W + x) * 4 + c]!;
      return inside(x, y) || c === 3 ? v : v >= 128 ? v - 10 : v + 10;
    });
    expect(background(new Uint8Array(frame), new Uint8Array(source), W, H, FACE)).toBeCloseTo(10, 12);
  });

  it('is undefined when the grown box covers the whole image, and rejects mismatched sizes', () => {
    expect(background(source, source, W, H, { x: 0, y: 0, width: 12, height: 10 })).toBeUndefined();
    expect(() => background(source.slice(4), source, W, H, FACE)).toThrow(RangeError);
    expect(() => background(source, source, W, H + 1, FACE)).toThrow(RangeError);
  });
});

describe('face boxes', () => {
  it('bounding box of points and its 2.5x growth about the centre', () => {
    const box = boundingBoxOf([[2, 3, 0], [6, 11, 5], [4, 5, -1]]);
    expect(box).toEqual({ x: 2, y: 3, width: 4, height: 8 });
    expect(scaleBox(box)).toEqual({ x: -1, y: -3, width: 10, height: 20 });
  });

  it('leaves out the surroundings of every face animated together', () => {
    const source = new Uint8Array(W * H * 4);
    const frame = source.slice();
    // A change inside a second face's grown box: not background when that face is animated too.
    const second = { x: 0, y: 0, width: 1, height: 1 };
    frame.fill(60, 0, 4);
    expect(background(frame, source, W, H, FACE)).toBeGreaterThan(0);
    expect(background(frame, source, W, H, [FACE, second])).toBe(0);
  });
});
