import { describe, expect, it } from 'vitest';
import { packTargets, targetsAt, unpackTargets } from './target-track.ts';
import type { Landmarks } from './types.ts';

const frame = (shift: number): Landmarks => [
  [1 + shift, 2, -3],
  [4.5, 5 + shift, 6],
  [7, 8.25, 9 + shift],
];

describe('target tracks', () => {
  it('packs a frame as x, y per point, dropping depth', () => {
    expect(Array.from(packTargets(frame(0)))).toEqual([1, 2, 4.5, 5, 7, 8.25]);
  });

  it('gives back each frame of a track packed frame after frame', () => {
    const track = new Float32Array(3 * 3 * 2);
    [0, 10, 20].forEach((shift, f) => track.set(packTargets(frame(shift)), f * 6));
    expect(targetsAt(track, 3, 1)).toEqual([
      [11, 2],
      [4.5, 15],
      [7, 8.25],
    ]);
    const frames = unpackTargets(track, 3);
    expect(frames).toHaveLength(3);
    expect(frames[2]![0]).toEqual([21, 2]);
  });

  it('refuses a frame the track does not have', () => {
    const track = new Float32Array(2 * 3 * 2);
    expect(() => targetsAt(track, 3, 2)).toThrow(RangeError);
    expect(() => targetsAt(track, 3, -1)).toThrow(RangeError);
    expect(unpackTargets(new Float32Array(), 478)).toEqual([]);
  });
});
