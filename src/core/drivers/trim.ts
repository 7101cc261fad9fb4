/**
 * Cutting a recorded driver down to the stretch the user wants. A driver's pose and expression
 * are relative to its first frame, so the kept stretch is re-based on its own first frame: it
 * starts at rest, and the photo's face starts exactly as it is in the photo.
 */
import { eulerFromRotation, multiply, rotationFromEuler, transpose } from '../motion/linear-algebra.ts';
import type { Driver, DriverFrame } from '../motion/types.ts';
import { closeToRest } from './record.ts';

/** The shortest driver a trim may leave, in frames. */
export const MIN_TRIMMED_FRAMES = 2;

/** Frames `first`..`last` (inclusive) of `driver`, re-based on frame `first`. */
export function trimDriver(driver: Driver, first: number, last: number): Driver {
  const count = driver.frames.length;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || last >= count || last - first + 1 < MIN_TRIMMED_FRAMES) {
    throw new RangeError(`trimDriver: frames ${first}-${last} are not a stretch of at least ${MIN_TRIMMED_FRAMES} of the ${count} frames`);
  }
  const base = driver.frames[first]!;
  const baseRotation = transpose(rotationFromEuler(base.pose));
  const frames = driver.frames.slice(first, last + 1).map(({ pose, expression }): DriverFrame => {
    const { yaw, pitch, roll } = eulerFromRotation(multiply(baseRotation, rotationFromEuler(pose)));
    const rebased = new Float32Array(expression.length);
    for (let i = 0; i < expression.length; i++) rebased[i] = expression[i]! - base.expression[i]!;
    return {
      // Translations are in eye-spans of the first frame, whose size was base.pose.scale.
      pose: { yaw, pitch, roll, x: (pose.x - base.pose.x) / base.pose.scale, y: (pose.y - base.pose.y) / base.pose.scale, scale: pose.scale / base.pose.scale },
      expression: rebased,
    };
  });
  return { ...driver, loops: closeToRest(frames[frames.length - 1]!), frames };
}
