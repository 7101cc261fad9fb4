/**
 * Builds a Driver from keyframed tracks: the authoring format of the driver library. Each pose
 * channel and rig control is an optional Track; missing ones stay at rest.
 */
import type { Driver, DriverFrame, HeadPose } from '../motion/types.ts';
import { frameTimes, type Track } from './curves.ts';
import { expressionDisplacement, type ExpressionControls } from './rig.ts';

export const DEFAULT_FPS = 25;

import { REST_POSE } from './rest.ts';

export interface DriverSpec {
  id: string;
  name: string;
  /** Seconds; frames are sampled at 0, 1/fps, ... up to but excluding `duration`. */
  duration: number;
  fps?: number;
  /** Degrees (yaw, pitch, roll), eye-spans (x, y), factor (scale), as HeadPose. */
  pose?: Partial<Record<keyof HeadPose, Track>>;
  /** Rig controls over time. */
  expression?: Partial<Record<keyof ExpressionControls, Track>>;
}

export function authorDriver(spec: DriverSpec): Driver {
  const fps = spec.fps ?? DEFAULT_FPS;
  const poseChannels = Object.keys(REST_POSE) as (keyof HeadPose)[];
  const frames = frameTimes(spec.duration, fps).map((time): DriverFrame => {
    const pose = { ...REST_POSE };
    for (const channel of poseChannels) {
      const channelTrack = spec.pose?.[channel];
      if (channelTrack) pose[channel] = channelTrack(time);
    }
    const controls: ExpressionControls = {};
    for (const [control, controlTrack] of Object.entries(spec.expression ?? {}) as [keyof ExpressionControls, Track][]) {
      controls[control] = controlTrack(time);
    }
    return { pose, expression: expressionDisplacement(controls) };
  });
  const loops = frames.length > 0 && isRestFrame(frames[0]!) && isRestFrame(frames[frames.length - 1]!);
  return { id: spec.id, name: spec.name, fps, loops, frames };
}

/** Pose at rest and no expression (exactly: loops must not jump). */
export function isRestFrame(frame: DriverFrame): boolean {
  const { pose, expression } = frame;
  const poseAtRest = (Object.keys(REST_POSE) as (keyof HeadPose)[]).every((k) => pose[k] === REST_POSE[k]);
  return poseAtRest && expression.every((value) => value === 0);
}
