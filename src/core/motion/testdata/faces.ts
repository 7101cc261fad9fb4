/** Landmarks and matrix of real detections (see each JSON's `source`), for tests. */
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

const loadFace = (file: string) => JSON.parse(readFileSync(join(import.meta.dirname, file), 'utf8')) as FaceFixture;

/** Grace Hopper (e2e/fixtures/photos, 512 px): frontal, glasses, closed lips. */
export const loadHopperFace = () => loadFace('hopper-face.json');
/** Renoir (e2e/fixtures/photos, 1600 px): his mouth hidden in a white beard. */
export const loadRenoirFace = () => loadFace('renoir-face.json');

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
