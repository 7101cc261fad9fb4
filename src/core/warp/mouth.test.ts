import { describe, expect, it } from 'vitest';
import { LOWER_LIP_INNER, UPPER_LIP_INNER } from '../face/regions.ts';
import { loadHopperFace } from '../motion/testdata/faces.ts';
import { mouthSplit, seamIndex } from './mouth.ts';

describe('the mouth tear', () => {
  it('tears a closed or toothless span in its middle', () => {
    expect(seamIndex([90, 95, 92, 96, 91])).toBe(2);
  });

  it('tears under the upper teeth: at the dark seam after them, or at the lower lip when they reach it', () => {
    // upper lip shadow, upper teeth, the seam, lower teeth
    expect(seamIndex([60, 220, 230, 225, 70, 50, 200, 210])).toBe(5);
    // upper teeth down to the lower lip
    expect(seamIndex([60, 220, 230, 225, 228, 226, 230])).toBe(6);
    // upper teeth, then the dark interior
    expect(seamIndex([70, 210, 215, 80, 40, 45, 60])).toBe(4);
  });

  it('finds the seam between the teeth on a photo of open lips', () => {
    const face = loadHopperFace();
    const { width, height } = face;
    const rgba = new Uint8ClampedArray(width * height * 4).fill(120);
    // Teeth (white) from the upper inner lip down to 70 % of the way to the lower; dark below.
    for (let k = 1; k < UPPER_LIP_INNER.length - 1; k++) {
      const up = face.landmarks[UPPER_LIP_INNER[k]!]!;
      const lo = face.landmarks[LOWER_LIP_INNER[k]!]!;
      lo[1] = up[1] + 12;
      for (let y = Math.floor(up[1]); y < up[1] + 12; y++) {
        for (let x = Math.floor(up[0]) - 3; x <= up[0] + 3; x++) rgba.fill(y < up[1] + 8.4 ? 240 : 30, 4 * (y * width + x), 4 * (y * width + x) + 3);
      }
    }
    const split = mouthSplit({ width, height, rgba }, face.landmarks);
    for (const t of split.slice(2, -2)) {
      expect(t).toBeGreaterThan(0.7);
      expect(t).toBeLessThan(0.95);
    }
  });
});
