import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_NEAR_MARGIN_PX,
  backgroundNear,
  distanceFromPerson,
  gifSeam,
  laplacianVariance,
  largestDisplacement,
  othersStill,
  PERSON_MASK_THRESHOLD,
  sharpness,
  STILL_MOTION,
  stillFrames,
  stillness,
} from './believability.ts';
import { interOcularDistance } from './measures.ts';
import { moved, realFace } from './test-helpers.ts';

/** A grey RGBA image from a function of the pixel. */
function grey(width: number, height: number, value: (x: number, y: number) => number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = value(x, y);
      out.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return out;
}

/** A 3x3 box blur of a grey image (edges kept). */
function blurred(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const out = rgba.slice();
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += rgba[((y + dy) * width + x + dx) * 4]!;
      const v = Math.round(s / 9);
      out.set([v, v, v], (y * width + x) * 4);
    }
  }
  return out;
}

describe('laplacianVariance and sharpness', () => {
  const W = 40;
  const H = 30;
  const checker = grey(W, H, (x, y) => ((x + y) % 2 ? 20 : 0));
  const box = { x: 10, y: 8, width: 12, height: 10 };

  it('knows the answer for a checkerboard and for a ramp', () => {
    // Every Laplacian is +80 (a dark pixel) or -80 (a bright one), mean 0: variance 80².
    expect(laplacianVariance(checker, W, H, box)).toBeCloseTo(6400, 6);
    // A quadratic ramp has the same Laplacian everywhere: variance 0.
    expect(laplacianVariance(grey(W, H, (x) => (x * x) / 8), W, H, box)).toBeLessThan(1);
    expect(laplacianVariance(grey(W, H, () => 90), W, H, box)).toBe(0);
  });

  it('clips the box to the pixels with four neighbours; undefined when none is left', () => {
    expect(laplacianVariance(checker, W, H, { x: -50, y: -50, width: 500, height: 500 })).toBeCloseTo(6400, 6);
    expect(laplacianVariance(checker, W, H, { x: 100, y: 100, width: 5, height: 5 })).toBeUndefined();
    expect(() => laplacianVariance(checker, W + 1, H, box)).toThrow(RangeError);
  });

  it('is 1 for the photo, well below 1 for a blurred face, and follows the face box', () => {
    const photo = grey(W, H, (x, y) => (((x * 7 + y * 13) % 11) * 23) % 200);
    expect(sharpness(photo, photo, W, H, box, box)).toBe(1);
    const soft = blurred(photo, W, H);
    expect(sharpness(soft, photo, W, H, box, box)).toBeLessThan(0.3);
    // The face moved 3 px right in the frame: its box is compared with the photo's.
    const shifted = grey(W, H, (x, y) => (((Math.max(0, x - 3) * 7 + y * 13) % 11) * 23) % 200);
    expect(sharpness(shifted, photo, W, H, { ...box, x: box.x + 3 }, box)).toBeCloseTo(1, 6);
    // A photo without texture in the box gives no ratio.
    expect(sharpness(photo, grey(W, H, () => 50), W, H, box, box)).toBeUndefined();
  });
});

describe('distanceFromPerson', () => {
  it('is 0 on the person, 1 and √2 next to it, Infinity without a person', () => {
    const alpha = new Uint8Array(25);
    alpha[12] = PERSON_MASK_THRESHOLD; // (2, 2): the person (0.5 confidence counts)
    alpha[0] = PERSON_MASK_THRESHOLD - 1; // below the threshold: background
    const d = distanceFromPerson({ width: 5, height: 5, alpha });
    expect(d[12]).toBe(0);
    expect([d[7], d[11], d[13], d[17]]).toEqual([1, 1, 1, 1]);
    expect(d[6]).toBeCloseTo(Math.SQRT2, 6);
    expect(d[0]).toBeCloseTo(2 * Math.SQRT2, 6);
    expect(d[2]).toBeCloseTo(2, 6);
    expect([...distanceFromPerson({ width: 2, height: 2, alpha: new Uint8Array(4) })]).toEqual([Infinity, Infinity, Infinity, Infinity]);
    expect(() => distanceFromPerson({ width: 2, height: 2, alpha: new Uint8Array(3) })).toThrow(RangeError);
  });
});

describe('backgroundNear', () => {
  const W = 60;
  const H = 50;
  // Face box 10 x 10 at (25, 15): within one face-width = x in [15, 45), y in [5, 35).
  const face = { x: 25, y: 15, width: 10, height: 10 };
  // The person: the face box and the body below it.
  const alpha = new Uint8Array(W * H);
  for (let y = 15; y < H; y++) for (let x = 25; x < 35; x++) alpha[y * W + x] = 255;
  const distance = distanceFromPerson({ width: W, height: H, alpha });
  const photo = grey(W, H, () => 100);

  it('averages the change over background pixels near the face, not the person, nor farther out', () => {
    const frame = photo.slice();
    const set = (x: number, y: number, v: number) => frame.set([v, v, v], (y * W + x) * 4);
    set(30, 20, 0); // on the person: ignored
    set(2, 2, 0); // far from the face: ignored
    set(16, 6, 130); // background near the face: counted (+30)
    set(23, 20, 40); // 2 px from the person: within the guard, ignored
    const guard = BACKGROUND_NEAR_MARGIN_PX;
    // Counted: the 30 x 30 square less the person's 10 x 20 part of it, less the 2 px guard band beside it.
    let counted = 0;
    for (let y = 5; y < 35; y++) for (let x = 15; x < 45; x++) if (distance[y * W + x]! > guard) counted++;
    expect(counted).toBeLessThan(30 * 30 - 10 * 20);
    expect(backgroundNear(frame, photo, W, H, face, distance, guard)).toBeCloseTo(30 / counted, 9);
    expect(backgroundNear(photo, photo, W, H, face, distance, guard)).toBe(0);
    // A larger guard (the head moved further) leaves the pixel near the body out too.
    set(21, 20, 40); // 4 px from the person
    expect(backgroundNear(frame, photo, W, H, face, distance, guard)).toBeGreaterThan(30 / counted);
  });

  it('is undefined when no background pixel is near the face', () => {
    const everywhere = distanceFromPerson({ width: W, height: H, alpha: new Uint8Array(W * H).fill(255) });
    expect(backgroundNear(photo, photo, W, H, face, everywhere, 0)).toBeUndefined();
    expect(() => backgroundNear(photo, photo, W, H, face, new Float32Array(3), 0)).toThrow(RangeError);
  });

  it('largestDisplacement: the longest landmark move', () => {
    const S = realFace();
    expect(largestDisplacement(S, S)).toBe(0);
    expect(largestDisplacement(S, moved(S, 3, 4, [10, 152]))).toBeCloseTo(5, 9);
  });
});

describe('othersStill', () => {
  const W = 40;
  const H = 20;
  const photo = grey(W, H, () => 50);
  const frame = photo.slice();
  // Face A at x 0-9 changes by 6 in half of its pixels (mean 3), face B at x 20-29 by 12 in one pixel of 100.
  for (let y = 0; y < 10; y++) for (let x = 0; x < 5; x++) frame.set([56, 56, 56], (y * W + x) * 4);
  frame.set([62, 62, 62], (5 * W + 25) * 4);
  const a = { x: 0, y: 0, width: 10, height: 10 };
  const b = { x: 20, y: 0, width: 10, height: 10 };

  it('is the largest mean change inside any other face box', () => {
    expect(othersStill(frame, photo, W, H, [a, b])).toBeCloseTo(3, 9);
    expect(othersStill(frame, photo, W, H, [b])).toBeCloseTo(0.12, 9);
    expect(othersStill(photo, photo, W, H, [a, b])).toBe(0);
  });

  it('leaves out what overlaps the animated face, and is undefined without other faces', () => {
    // The animated face covers the changed half of A: A's rest is still.
    expect(othersStill(frame, photo, W, H, [a], { x: 0, y: 0, width: 5, height: 10 })).toBe(0);
    expect(othersStill(frame, photo, W, H, [])).toBeUndefined();
    expect(othersStill(frame, photo, W, H, [{ x: 100, y: 100, width: 5, height: 5 }])).toBeUndefined();
  });
});

describe('gifSeam', () => {
  it('is the largest channel difference inside the box', () => {
    const first = grey(10, 10, () => 100);
    const last = first.slice();
    last[(2 * 10 + 2) * 4 + 1] = 129; // inside: 29 in green
    last[(9 * 10 + 9) * 4] = 0; // outside the box
    const box = { x: 1, y: 1, width: 5, height: 5 };
    expect(gifSeam(first, last, 10, 10, box)).toBe(29);
    expect(gifSeam(first, first, 10, 10, box)).toBe(0);
  });
});

describe('stillness', () => {
  const S = realFace();
  const IOD = interOcularDistance(S);
  // Frames: rest, a move of 1 % IOD, a hold (still), a move back, rest again (= the first: still at the wrap).
  const step = 0.01 * IOD;
  const Ts = [S, moved(S, step, 0), moved(S, step + 0.2 * STILL_MOTION * IOD, 0), moved(S, 0, 0), S];

  it('marks the frames whose largest landmark motion since the previous frame is below 0.1 % of IOD', () => {
    expect(stillFrames(Ts)).toEqual([true, false, true, false, true]);
    expect(stillness(Ts)).toBeCloseTo(3 / 5, 12);
  });

  it('without looping, frame 0 has no previous frame', () => {
    expect(stillFrames(Ts, false)).toEqual([undefined, false, true, false, true]);
    expect(stillness(Ts, false)).toBeCloseTo(2 / 4, 12);
    expect(stillness([S], false)).toBeUndefined();
  });

  it('a motion of exactly the threshold is not still; one landmark moving is enough', () => {
    const one = moved(S, STILL_MOTION * IOD * 1.0001, 0, [1]);
    expect(stillFrames([S, one], false)).toEqual([undefined, false]);
  });
});
