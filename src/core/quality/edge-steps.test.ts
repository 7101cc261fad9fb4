import { describe, expect, it } from 'vitest';
import { edgeSteps, faceOutline, outlineEnergy } from './edge-steps.ts';
import { noise, realFace } from './test-helpers.ts';

const W = 128;
const H = 128;
const RADIUS = 36;

/** A textured background (two gratings and pixel noise), deterministic. */
const BACKGROUND = (() => {
  const r = noise(7);
  const out = new Float32Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const t = 60 + 15 * Math.sin(x / 3.1) * Math.cos(y / 4.3) + 6 * r();
      out.set([t, t + 10, t + 25], (y * W + x) * 3);
    }
  }
  return out;
})();

/**
 * A face-coloured disc with its own faint texture on the background. `aliased`: each pixel is
 * the disc's or the background's by its centre (stair steps); else its coverage is computed from
 * 8x8 sub-samples (antialiased). `blur`: a 3x3 box blur afterwards (a soft edge).
 */
function disc(cx: number, cy: number, options: { aliased?: boolean; blur?: boolean } = {}): Uint8Array {
  const r = noise(11);
  const rgba = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let coverage: number;
      if (options.aliased) {
        coverage = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) < RADIUS ? 1 : 0;
      } else {
        let inside = 0;
        for (let sy = 0; sy < 8; sy++) for (let sx = 0; sx < 8; sx++) if (Math.hypot(x + (sx + 0.5) / 8 - cx, y + (sy + 0.5) / 8 - cy) < RADIUS) inside++;
        coverage = inside / 64;
      }
      const skin = 2 * r();
      const face = [205 + skin, 160 + skin, 140 + skin];
      const o = (y * W + x) * 4;
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(coverage * face[c]! + (1 - coverage) * BACKGROUND[(y * W + x) * 3 + c]!);
      rgba[o + 3] = 255;
    }
  }
  if (!options.blur) return rgba;
  const blurred = rgba.slice();
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += rgba[((y + dy) * W + x + dx) * 4 + c]!;
        blurred[(y * W + x) * 4 + c] = Math.round(s / 9);
      }
    }
  }
  return blurred;
}

/** The disc's outline as 36 points, like the landmark face oval. */
function outline(cx: number, cy: number): [number, number][] {
  return Array.from({ length: 36 }, (_, k) => [cx + RADIUS * Math.sin((2 * Math.PI * k) / 36), cy - RADIUS * Math.cos((2 * Math.PI * k) / 36)]);
}

describe('edgeSteps', () => {
  const photo = disc(64, 64);
  const still = outline(64, 64);

  it('is exactly 1 for the photo itself', () => {
    expect(edgeSteps(photo, photo, W, H, still, still)).toBe(1);
  });

  it('is about 1 for a clean (antialiased) outline that moved, and far above for a stair-stepped one', () => {
    const values = [
      [0.3, 0.2],
      [2.6, -1.4],
      [-3.2, 2.5],
    ].map(([dx, dy]) => {
      const [cx, cy] = [64 + dx!, 64 + dy!];
      return {
        clean: edgeSteps(disc(cx, cy), photo, W, H, outline(cx, cy), still)!,
        stepped: edgeSteps(disc(cx, cy, { aliased: true }), photo, W, H, outline(cx, cy), still)!,
      };
    });
    for (const { clean, stepped } of values) {
      expect(clean).toBeGreaterThan(0.85);
      expect(clean).toBeLessThan(1.15);
      // Measured: clean 0.94-1.03, stepped 7.8-9.1.
      expect(stepped).toBeGreaterThan(4);
      expect(stepped).toBeGreaterThan(4 * clean);
    }
  });

  it('is below 1 for a soft outline', () => {
    expect(edgeSteps(disc(64, 64, { blur: true }), photo, W, H, still, still)).toBeLessThan(0.7);
  });

  it('ignores samples off the image; undefined when none is left', () => {
    expect(outlineEnergy(photo, W, H, outline(-500, -500))).toBeUndefined();
    expect(edgeSteps(photo, photo, W, H, outline(-500, -500), still)).toBeUndefined();
    expect(() => outlineEnergy(photo, W + 1, H, still)).toThrow(RangeError);
  });

  it('faceOutline takes the 36 face-oval points of 478 landmarks', () => {
    const face = realFace();
    const oval = faceOutline(face);
    expect(oval).toHaveLength(36);
    expect(oval[0]).toEqual([face[10]![0], face[10]![1]]);
  });
});
