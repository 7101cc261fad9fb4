import { describe, expect, it } from 'vitest';
import { mergeDetections, touchesInnerTileEdge } from './merge.ts';

describe('mergeDetections', () => {
  it('merges overlapping boxes of one face into their score-weighted mean', () => {
    const merged = mergeDetections([
      { x: 100, y: 100, width: 50, height: 50, score: 0.9 },
      { x: 110, y: 104, width: 50, height: 50, score: 0.6 },
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.score).toBe(0.9);
    expect(merged[0]!.x).toBeCloseTo((100 * 0.9 + 110 * 0.6) / 1.5);
  });

  it('keeps a small face nested in a larger box apart (the detector sizes one face alike at every scale)', () => {
    const merged = mergeDetections([
      { x: 100, y: 100, width: 120, height: 120, score: 0.55 },
      { x: 150, y: 150, width: 32, height: 32, score: 0.7 },
    ]);
    expect(merged).toHaveLength(2);
  });

  it('keeps separate faces separate', () => {
    const merged = mergeDetections([
      { x: 0, y: 0, width: 50, height: 50, score: 0.9 },
      { x: 60, y: 0, width: 50, height: 50, score: 0.8 },
    ]);
    expect(merged).toHaveLength(2);
  });
});

describe('touchesInnerTileEdge', () => {
  const tile = { x: 200, y: 200, width: 200, height: 200, level: 1 };
  it('flags a box cut by an edge inside the image', () => {
    expect(touchesInnerTileEdge({ x: 200, y: 250, width: 40, height: 40, score: 1 }, tile, 1000, 1000)).toBe(true);
    expect(touchesInnerTileEdge({ x: 300, y: 360, width: 40, height: 40, score: 1 }, tile, 1000, 1000)).toBe(true);
  });
  it('accepts a box inside the tile, and a box at the image border', () => {
    expect(touchesInnerTileEdge({ x: 250, y: 250, width: 40, height: 40, score: 1 }, tile, 1000, 1000)).toBe(false);
    const corner = { x: 0, y: 0, width: 200, height: 200, level: 1 };
    expect(touchesInnerTileEdge({ x: 0, y: 0, width: 40, height: 40, score: 1 }, corner, 1000, 1000)).toBe(false);
  });
});
