import { LANDMARK_COUNT } from '../face/landmark-indices.ts';
import type { Driver, DriverFrame, HeadPose } from '../motion/types.ts';

export const REST_POSE: Readonly<HeadPose> = { yaw: 0, pitch: 0, roll: 0, x: 0, y: 0, scale: 1 };

/** No turn, no expression (shared: read it, never write into it; restFrame makes one to own). */
export const REST_FRAME: Readonly<DriverFrame> = restFrame();

/** A frame at rest of one's own. */
export function restFrame(): DriverFrame {
  return { pose: { ...REST_POSE }, expression: new Float32Array(LANDMARK_COUNT * 3) };
}

/** A face held at rest: what live mode prepares the photo's face with, before the user's motion drives it. */
export function restDriver(): Driver {
  return { id: 'live', name: 'Live', fps: 25, loops: true, frames: [REST_FRAME] };
}
