import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CONTOUR, EYES, FACE_OVAL, LANDMARK_COUNT, LEFT_EYE, LEFT_IRIS, MOUTH, RIGHT_EYE, RIGHT_IRIS } from './regions.ts';

const sorted = (a: readonly number[]) => [...a].sort((x, y) => x - y);

/** Vertex sets of MediaPipe's connection lists, from the @mediapipe/face_mesh package (devDependency). */
function mediapipeConnections(): Record<string, number[]> {
  const require = createRequire(import.meta.url);
  const src = readFileSync(require.resolve('@mediapipe/face_mesh/face_mesh.js'), 'utf8');
  const ctx: Record<string, unknown> = { console, self: {}, navigator: { userAgent: '' }, document: {} };
  ctx['window'] = ctx;
  ctx['globalThis'] = ctx;
  runInNewContext(src, ctx);
  const out: Record<string, number[]> = {};
  for (const name of ['FACEMESH_LIPS', 'FACEMESH_LEFT_EYE', 'FACEMESH_RIGHT_EYE', 'FACEMESH_LEFT_IRIS', 'FACEMESH_RIGHT_IRIS', 'FACEMESH_FACE_OVAL']) {
    const pairs = ctx[name] as [number, number][];
    out[name] = sorted([...new Set(pairs.flat())]);
  }
  return out;
}

describe('regions', () => {
  it('are sets of distinct valid landmark indices of the expected sizes', () => {
    for (const [region, size] of [[EYES, 42], [MOUTH, 40], [CONTOUR, 36]] as const) {
      expect(region).toHaveLength(size);
      expect(new Set(region).size).toBe(size);
      for (const i of region) expect(i >= 0 && i < LANDMARK_COUNT && Number.isInteger(i)).toBe(true);
    }
    expect(sorted(EYES).slice(-10)).toEqual([468, 469, 470, 471, 472, 473, 474, 475, 476, 477]);
  });

  it('match the vertex sets of MediaPipe Face Mesh connection lists', () => {
    const mp = mediapipeConnections();
    expect(sorted(MOUTH)).toEqual(mp['FACEMESH_LIPS']);
    expect(sorted(RIGHT_EYE)).toEqual(mp['FACEMESH_RIGHT_EYE']);
    expect(sorted(LEFT_EYE)).toEqual(mp['FACEMESH_LEFT_EYE']);
    expect(sorted(FACE_OVAL)).toEqual(mp['FACEMESH_FACE_OVAL']);
    // The iris connection lists hold the contours; the centres 468 and 473 precede them.
    expect(sorted(RIGHT_IRIS).slice(1)).toEqual(mp['FACEMESH_RIGHT_IRIS']);
    expect(sorted(LEFT_IRIS).slice(1)).toEqual(mp['FACEMESH_LEFT_IRIS']);
  });
});
