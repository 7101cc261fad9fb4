/**
 * A face's target landmarks over an animation, [x, y] per point, packed frame after frame in one
 * Float32Array. A group's loop is 250 frames x 6 faces x 478 points: as nested arrays that is
 * millions of small objects, cloned between workers each frame and kept for the report, which cost
 * the render more than the warp of five extra faces did.
 */
import type { Landmarks } from './types.ts';

/** One frame's targets of a face, [x, y] per point. */
export function packTargets(targets: Landmarks): Float32Array {
  const packed = new Float32Array(targets.length * 2);
  for (let i = 0; i < targets.length; i++) {
    packed[2 * i] = targets[i]![0];
    packed[2 * i + 1] = targets[i]![1];
  }
  return packed;
}

/** Frame `index` of a packed track of `points` targets per frame, as [x, y] pairs. */
export function targetsAt(packed: Float32Array, points: number, index: number): [number, number][] {
  const start = index * points * 2;
  if (index < 0 || start + points * 2 > packed.length) throw new RangeError(`There is no frame ${index} in ${packed.length / (points * 2)} frames of targets.`);
  return Array.from({ length: points }, (_, i): [number, number] => [packed[start + 2 * i]!, packed[start + 2 * i + 1]!]);
}

/** Every frame of a packed track, as [x, y] pairs. */
export function unpackTargets(packed: Float32Array, points: number): [number, number][][] {
  return Array.from({ length: points ? packed.length / (points * 2) : 0 }, (_, f) => targetsAt(packed, points, f));
}
