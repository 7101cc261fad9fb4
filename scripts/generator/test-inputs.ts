// Seeded inputs for the generator graph tests: deterministic, so a failure reproduces.
import { pixelToNormalised } from '../../src/core/generator/reference.ts';
import { mulberry32 } from '../../src/core/random.ts';

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export const seededRandom = mulberry32;

export interface GeneratorCase {
  height: number;
  width: number;
  outHeight: number;
  outWidth: number;
  source: Float32Array;
  grid: Float32Array;
  base: Float32Array;
  keep: Float32Array;
}

/**
 * A source of random colours; a base with some out-of-range values; a keep of 0, 1 or between; a grid mixing random points inside, far outside, exactly on the
 * outer edges (±1), on the edge pixels' centres and on pixel centres.
 */
export function randomGeneratorCase(
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
  seed: number,
): GeneratorCase {
  const random = seededRandom(seed);
  const source = Float32Array.from({ length: 3 * height * width }, random);

  const gridSpecials = (size: number) => [
    -1,
    1,
    pixelToNormalised(0, size),
    pixelToNormalised(size - 1, size),
    pixelToNormalised(Math.floor(random() * size), size),
    -1.7,
    2.3,
  ];
  const grid = new Float32Array(outHeight * outWidth * 2);
  for (let p = 0; p < outHeight * outWidth; p++) {
    const kind = p % 4;
    for (const [axis, size] of [[0, width], [1, height]] as const) {
      let value: number;
      if (kind === 0) value = random() * 2 - 1; // inside
      else if (kind === 1) value = random() * 5 - 2.5; // mostly outside
      else {
        const specials = gridSpecials(size);
        value = specials[Math.floor(random() * specials.length)]!;
      }
      grid[p * 2 + axis] = value;
    }
  }

  const plane = outHeight * outWidth;
  // Keep 0, 1 or in between; every 7th base value out of range, so the final clip is exercised.
  const keep = Float32Array.from({ length: plane }, (_, p) => [0, 1, random()][p % 3]!);
  const base = Float32Array.from({ length: 3 * plane }, (_, i) => (i % 7 === 3 ? (i % 2 ? -1.5 : 1.5) : random() * 0.5));
  return { height, width, outHeight, outWidth, source, grid, base, keep };
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
