/** Landmarks and matrix of a real detection (see hopper-face.json's `source`), for tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Landmarks } from '../types.ts';

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
