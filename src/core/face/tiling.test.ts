import { describe, expect, it } from 'vitest';
import { DEFAULT_TILE_PLAN, planTiles } from './tiling.ts';

function containedInSomeTile(tiles: ReturnType<typeof planTiles>, x: number, y: number, size: number, level: number) {
  return tiles.some(
    (t) => t.level === level && x >= t.x && y >= t.y && x + size <= t.x + t.width && y + size <= t.y + t.height,
  );
}

describe('planTiles', () => {
  it('starts with the whole image as one square tile, centred', () => {
    const tiles = planTiles(1200, 600);
    expect(tiles[0]).toEqual({ x: 0, y: -300, width: 1200, height: 1200, level: 0 });
    expect(tiles.filter((t) => t.level === 0)).toHaveLength(1);
  });

  it('shrinks the tile side by at most half per level, down to the smallest face it must find', () => {
    const tiles = planTiles(1600, 1218);
    const sides = [...new Set(tiles.map((t) => t.width))];
    expect(sides[0]).toBe(1600);
    for (let i = 1; i < sides.length; i++) expect(sides[i]! * 2).toBeGreaterThanOrEqual(sides[i - 1]! - 1);
    const finest = DEFAULT_TILE_PLAN.minFace / DEFAULT_TILE_PLAN.smallestFraction;
    expect(Math.min(...sides)).toBeCloseTo(finest, -1);
  });

  it('covers the whole image at every level, with tiles inside the image except at level 0', () => {
    const tiles = planTiles(1600, 1100);
    for (const t of tiles.filter((t) => t.level > 0)) {
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.x + t.width).toBeLessThanOrEqual(1600);
      expect(t.y + t.height).toBeLessThanOrEqual(1100);
    }
  });

  it('puts every face of a level size range wholly inside one tile of that level', () => {
    const width = 1600;
    const height = 1100;
    const tiles = planTiles(width, height);
    const levels = [...new Set(tiles.map((t) => t.level))].filter((l) => l > 0);
    for (const level of levels) {
      const previous = tiles.find((t) => t.level === level - 1)!.width;
      const face = Math.floor(previous * DEFAULT_TILE_PLAN.smallestFraction);
      for (let y = 0; y + face <= height; y += 37) {
        for (let x = 0; x + face <= width; x += 41) expect(containedInSomeTile(tiles, x, y, face, level)).toBe(true);
      }
    }
  });

  it('ends for any fractions, including ones that do not divide evenly', () => {
    for (const smallestFraction of [0.09, 0.1, 0.11, 0.13]) {
      for (const minFace of [20, 24, 28, 40]) {
        const tiles = planTiles(3072, 2257, { minFace, smallestFraction, largestFraction: 0.75 });
        expect(tiles.length).toBeLessThan(2000);
        expect(Math.min(...tiles.map((t) => t.width))).toBeCloseTo(minFace / smallestFraction, -1);
      }
    }
  });

  it('needs only the whole-image pass for a photo too small to hold smaller faces', () => {
    const finest = DEFAULT_TILE_PLAN.minFace / DEFAULT_TILE_PLAN.smallestFraction;
    expect(planTiles(Math.floor(finest), 200)).toHaveLength(1);
    expect(planTiles(0, 100)).toEqual([]);
  });
});
