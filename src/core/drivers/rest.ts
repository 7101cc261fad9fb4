import { LANDMARK_COUNT } from '../face/landmark-indices.ts';
import type { Driver, DriverFrame } from '../motion/types.ts';

/** No turn, no expression. */
export const REST_FRAME: Readonly<DriverFrame> = { pose: { yaw: 0, pitch: 0, roll: 0, x: 0, y: 0, scale: 1 }, expression: new Float32Array(LANDMARK_COUNT * 3) };

/** A face held at rest: what live mode prepares the photo's face with, before the user's motion drives it. */
export function restDriver(): Driver {
  return { id: 'live', name: 'Live', fps: 25, loops: true, frames: [REST_FRAME] };
}
