/** Test fixtures: a real 478-point face and small helpers to move its points. */
import face from './testdata/astronaut-landmarks.json';
import type { Landmarks } from '../motion/types.ts';

/** Real landmarks of the astronaut fixture photo (512 x 512), from `kinora detect --json`. */
export function realFace(): Landmarks {
  return face.landmarks.map((p) => [p[0]!, p[1]!, p[2]!] as [number, number, number]);
}

export const REAL_FACE_BOX = { x: face.box[0]!, y: face.box[1]!, width: face.box[2]!, height: face.box[3]! };

/** A copy of `points` with `indices` (default: all) moved by (dx, dy). */
export function moved(points: Landmarks, dx: number, dy: number, indices?: Iterable<number>): Landmarks {
  const out = points.map((p) => [p[0], p[1], p[2]] as [number, number, number]);
  for (const i of indices ?? out.keys()) {
    out[i]![0] += dx;
    out[i]![1] += dy;
  }
  return out;
}

/** Deterministic pseudo-random numbers in [-1, 1) (xorshift32). */
export function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

/** A copy of `points` with every x and y displaced by uniform noise of the given amplitude. */
export function noisy(points: Landmarks, amplitude: number, seed: number): Landmarks {
  const r = noise(seed);
  return points.map((p) => [p[0] + amplitude * r(), p[1] + amplitude * r(), p[2]] as [number, number, number]);
}
