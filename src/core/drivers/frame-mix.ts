/** Driver frames in between: what playing a driver between its frames, and bridging gaps in a recording, share. */
import type { DriverFrame, HeadPose } from '../motion/types.ts';

const lerp = (u: number, v: number, t: number) => u + (v - u) * t;

/** The pose a share `t` of the way from `a` to `b`. */
export function lerpPose(a: HeadPose, b: HeadPose, t: number): HeadPose {
  return { yaw: lerp(a.yaw, b.yaw, t), pitch: lerp(a.pitch, b.pitch, t), roll: lerp(a.roll, b.roll, t), x: lerp(a.x, b.x, t), y: lerp(a.y, b.y, t), scale: lerp(a.scale, b.scale, t) };
}

/** The frame a share `t` of the way from `a` to `b` (a new one: neither is changed). */
export function lerpFrame(a: DriverFrame, b: DriverFrame, t: number): DriverFrame {
  const expression = new Float32Array(a.expression.length);
  for (let i = 0; i < expression.length; i++) expression[i] = lerp(a.expression[i]!, b.expression[i]!, t);
  return { pose: lerpPose(a.pose, b.pose, t), expression };
}
