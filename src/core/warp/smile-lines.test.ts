import { describe, expect, it } from 'vitest';
import { interOcularDistance } from '../face/landmark-indices.ts';
import { loadHopperFace } from '../motion/testdata/faces.ts';
import { pixelNoise } from '../random.ts';
import { foldsOfPhoto } from './smile-lines.ts';

const face = loadHopperFace();
const iod = interOcularDistance(face.landmarks);
const COURSE = [203, 206, 216];

/** A grey photo, with a dark line drawn `offset` px to the image's left of the subject's right fold's landmarks (points 203-206-216). */
function photoWithCrease(offset?: number) {
  const { width, height } = face;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(160);
  if (offset !== undefined) {
    const line = COURSE.map((i) => [face.landmarks[i]![0] - offset, face.landmarks[i]![1]] as const);
    for (let k = 0; k + 1 < line.length; k++) {
      const [a, b] = [line[k]!, line[k + 1]!];
      for (let y = Math.floor(a[1]); y <= Math.ceil(b[1]); y++) {
        const u = Math.min(1, Math.max(0, (y - a[1]) / (b[1] - a[1])));
        const cx = a[0] + u * (b[0] - a[0]);
        for (let x = Math.floor(cx - 1); x <= Math.ceil(cx + 1); x++) {
          const weight = Math.max(0, 1 - Math.abs(x + 0.5 - cx) / 1.5);
          const p = 4 * (y * width + x);
          for (let c = 0; c < 3; c++) rgba[p + c] = 160 - 70 * weight;
        }
      }
    }
  }
  for (let p = 3; p < rgba.length; p += 4) rgba[p] = 255;
  return { width, height, rgba };
}

describe('foldsOfPhoto', () => {
  it('finds the photo\'s own crease beside the landmarks\' course, and none on smooth skin', () => {
    const offset = 0.02 * iod;
    const creased = foldsOfPhoto(photoWithCrease(offset), face.landmarks, 0.005);
    // The course's middle points (203, 206, 216 are points 1-3 of the side's five).
    for (const k of [1, 2, 3]) {
      // Along the course's normal: its sign depends on the course's direction, its size on the crease.
      expect(Math.abs(Math.abs(creased.offsets[0][k]!) * iod - offset * Math.abs(normalX(k)))).toBeLessThan(1.5);
    }
    expect(creased.offsets[1].every((o) => o === 0)).toBe(true);
    const smooth = foldsOfPhoto(photoWithCrease(), face.landmarks, 0.005);
    expect(smooth.offsets.flat().every((o) => o === 0)).toBe(true);
    expect(smooth.spans[0]).toBeGreaterThan(0.2);
  });

  it('takes no crease out of grain', () => {
    const { width, height } = face;
    // Grey grain of a standard deviation of 12 (of 255), as estimateGrain would find it.
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      const v = 130 + 12 * Math.sqrt(3) * pixelNoise(p % width, Math.floor(p / width));
      rgba.set([v, v, v, 255], 4 * p);
    }
    const grainy = foldsOfPhoto({ width, height, rgba }, face.landmarks, 12 / 255);
    expect(grainy.offsets.flat().every((o) => o === 0)).toBe(true);
  });
});

/** x of the unit normal of the right fold's course at its point k (the crease was moved along x). */
function normalX(k: number): number {
  const course = [129, 203, 206, 216, 212].map((i) => face.landmarks[i]!);
  const a = course[Math.max(0, k - 1)]!;
  const b = course[Math.min(course.length - 1, k + 1)]!;
  return -(b[1] - a[1]) / Math.hypot(b[0] - a[0], b[1] - a[1]);
}
