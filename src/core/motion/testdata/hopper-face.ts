/** Landmarks and matrix of a real detection (see hopper-face.json's `source`), for tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Landmarks, MotionLimits } from '../types.ts';

export interface FaceFixture {
  source: string;
  width: number;
  height: number;
  landmarks: Landmarks;
  /** 4x4 facial transformation matrix, column-major. */
  matrix: number[];
}

export function loadHopperFace(): FaceFixture {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'hopper-face.json'), 'utf8')) as FaceFixture;
}

/** Limits wide enough never to clamp: round trips then test the recorder, not the limits. */
export const UNCLAMPED_LIMITS: MotionLimits = {
  yaw: { min: -90, max: 90 },
  pitch: { min: -90, max: 90 },
  roll: { min: -90, max: 90 },
  browRaise: 100,
  amplitude: { pose: 1, expression: 1 },
  rigidGlasses: false,
  cornerLift: { photo: 0, max: Infinity },
};
