import { describe, expect, it } from 'vitest';
import { DETAIL_FACTOR, detailSource } from '../image/detail.ts';
import { loadHopperFace } from '../motion/testdata/hopper-face.ts';
import { mulberry32 } from '../random.ts';
import { backgroundPlate, figureLayers, figureMask, foreground, pushPullFill } from './figure.ts';

const face = loadHopperFace();
const { width, height } = face;
const plane = width * height;
const at = (x: number, y: number) => Math.round(y) * width + Math.round(x);

describe('figure and ground', () => {
  it('without a person mask the whole photo is the figure', () => {
    expect(figureMask(undefined, width, height, face.landmarks).every((v) => v === 1)).toBe(true);
  });

  it('keeps the face in and other people\'s faces out, whatever the segmenter says', () => {
    const person = new Uint8Array(plane).fill(255);
    person.fill(0, 0, plane / 2); // the segmenter missed the top half
    const other = { x: 10, y: 400, width: 60, height: 60 };
    const mask = figureMask(person, width, height, face.landmarks, [other]);
    const nose = face.landmarks[1]!;
    const forehead = face.landmarks[10]!;
    expect(mask[at(nose[0], nose[1])]).toBe(1);
    expect(mask[at(forehead[0], forehead[1] + 3)]).toBe(1);
    expect(mask[at(40, 430)]).toBe(0);
    expect(mask[at(5, 5)]).toBe(0);
  });

  it('fills holes from their surroundings and leaves known pixels alone', () => {
    // Left red, right blue, a hole across the middle.
    const [w, h] = [16, 8];
    const values = new Float32Array(3 * w * h);
    const known = new Float32Array(w * h).fill(1);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        values[y * w + x] = x < 8 ? 1 : 0;
        values[2 * w * h + y * w + x] = x < 8 ? 0 : 1;
        if (x >= 5 && x < 11) known[y * w + x] = 0;
      }
    }
    const filled = pushPullFill(values, known, w, h, 3);
    for (let y = 0; y < h; y++) {
      expect(filled[y * w + 2]).toBe(1);
      expect(filled[2 * w * h + y * w + 13]).toBe(1);
      // Inside the hole: red fading to blue, never black.
      expect(filled[y * w + 5]!).toBeGreaterThan(filled[y * w + 10]!);
      expect(filled[y * w + 7]! + filled[2 * w * h + y * w + 7]!).toBeCloseTo(1, 5);
    }
  });

  it('the plate is the photo where no one is', () => {
    const photo = Float32Array.from({ length: 3 * plane }, mulberry32(1));
    const mask = new Float32Array(plane);
    mask.fill(1, plane / 2);
    const plate = backgroundPlate(photo, mask, width, height);
    const row = Math.floor(height / 2) - 3;
    for (const x of [0, 100, 511]) expect(plate[row * width + x]).toBe(photo[row * width + x]);
    // Under the person: filled, not the person's own colours.
    expect(plate[(height - 1) * width + 200]).not.toBe(photo[(height - 1) * width + 200]);
  });

  it('premultiplies the person so that a frame that moves nothing is the photo, soft edge included', () => {
    const random = mulberry32(9);
    // A smooth photo (the plate then matches it near the edge, as on real photos).
    const photo = new Float32Array(3 * plane);
    for (let c = 0; c < 3; c++) for (let p = 0; p < plane; p++) photo[c * plane + p] = 0.3 + 0.2 * Math.sin((p % width) / 40 + c) + 0.01 * random();
    const person = new Uint8Array(plane);
    for (let p = 0; p < plane; p++) person[p] = Math.max(0, Math.min(255, Math.round(((p % width) - 200) * 8)));
    const layers = figureLayers(photo, width, height, person, face.landmarks);
    const colours = foreground(detailSource(photo, width, height), DETAIL_FACTOR, layers, photo);
    let worst = 0;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const dw = 2 * width;
          const i = c * 4 * plane + 2 * y * dw + 2 * x;
          const w = (colours[i]! + colours[i + 1]! + colours[i + dw]! + colours[i + dw + 1]!) / 4;
          const p = y * width + x;
          const frame = layers.plate[c * plane + p]! * (1 - layers.mask[p]!) + w;
          worst = Math.max(worst, Math.abs(frame - photo[c * plane + p]!));
        }
      }
    }
    expect(worst).toBeLessThan(1e-5);
  });
});
