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
  fill: Float32Array;
  /** The figure is sampled with the same grid at its own size (here half the source's, rounded up). */
  figure: Float32Array;
  figureHeight: number;
  figureWidth: number;
  plate: Float32Array;
}

/**
 * A source of random colours; a figure mask at another size; a random plate; a grid mixing random points inside, far outside, exactly on the
 * outer edges (±1), on the edge pixels' centres and on pixel centres; a fill whose alpha is 0, 1 or
 * in between, mostly premultiplied but with a few values that push the sum below 0 or above 1 so
 * the final clip is exercised.
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
  const fill = new Float32Array(4 * plane);
  for (let p = 0; p < plane; p++) {
    const alpha = [0, 1, random()][p % 3]!;
    fill[3 * plane + p] = alpha;
    for (let c = 0; c < 3; c++) {
      const premultiplied = alpha * random();
      // Every 7th pixel carries an out-of-range colour: the graph must clip, not wrap or pass it on.
      fill[c * plane + p] = p % 7 === 3 ? premultiplied + (c === 1 ? -1.5 : 1.5) : premultiplied;
    }
  }
  const figureHeight = Math.ceil(height / 2);
  const figureWidth = Math.ceil(width / 2);
  // Figure coverage 0, 1 or in between, like a soft person mask.
  const figure = Float32Array.from({ length: figureHeight * figureWidth }, (_, i) => [0, 1, random()][i % 3]!);
  const plate = Float32Array.from({ length: 3 * plane }, random);
  return { height, width, outHeight, outWidth, source, grid, fill, figure, figureHeight, figureWidth, plate };
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
