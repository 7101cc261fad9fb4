import { describe, expect, it } from 'vitest';
import { DETAIL_FACTOR, detailSource } from '../image/detail.ts';
import { loadHopperFace } from '../motion/testdata/faces.ts';
import { mulberry32 } from '../random.ts';
import { backgroundPlate, figureLayers, figureMask, foreground, pushPullFill } from './figure.ts';

const face = loadHopperFace();
const { width, height } = face;
const plane = width * height;
const at = (x: number, y: number) => Math.round(y) * width + Math.round(x);

describe('figure and ground', () => {
  it('without a person mask the whole photo is the figure', () => {
    expect(figureMask(undefined, width, height, [face.landmarks]).every((v) => v === 1)).toBe(true);
  });

  it('keeps the face in and other people\'s faces out, whatever the segmenter says', () => {
    const person = new Uint8Array(plane).fill(255);
    person.fill(0, 0, plane / 2); // the segmenter missed the top half
    const other = { x: 10, y: 400, width: 60, height: 60 };
    const mask = figureMask(person, width, height, [face.landmarks], [other]);
    const nose = face.landmarks[1]!;
    const forehead = face.landmarks[10]!;
    expect(mask[at(nose[0], nose[1])]).toBe(1);
    expect(mask[at(forehead[0], forehead[1] + 3)]).toBe(1);
    expect(mask[at(40, 430)]).toBe(0);
    expect(mask[at(5, 5)]).toBe(0);
  });

  it('snaps the segmenter\'s soft edge to the photo\'s own edge', () => {
    // A dark person (left of x = 300) on a light ground; the segmenter's edge is a 10 px ramp.
    const photo = new Float32Array(3 * plane).map((_, i) => ((i % plane) % width < 300 ? 0.2 : 0.8));
    const person = new Uint8Array(plane).map((_, p) => Math.max(0, Math.min(255, Math.round(((305 - (p % width)) / 10) * 255))));
    const far = [{ x: 0, y: 0, width: 1, height: 1 }];
    const soft = figureMask(person, width, height, [face.landmarks], far);
    const snapped = figureMask(person, width, height, [face.landmarks], far, photo);
    // The largest one-pixel step of the mask along a row, and where it is.
    const steepest = (mask: Float32Array) => {
      let best = { step: 0, x: 0 };
      for (let x = 1; x < width; x++) {
        const step = Math.abs(mask[20 * width + x]! - mask[20 * width + x - 1]!);
        if (step > best.step) best = { step, x };
      }
      return best;
    };
    expect(steepest(soft).step).toBeLessThan(0.15);
    expect(steepest(snapped).step).toBeGreaterThan(0.4);
    expect(steepest(snapped).x).toBe(300);
    expect(snapped[20 * width + 290]).toBe(1);
    expect(snapped[20 * width + 310]).toBe(0);
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
    const layers = figureLayers(photo, width, height, person, [face.landmarks]);
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
