import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANONICAL_FACE, CANONICAL_PROCRUSTES_WEIGHTS, CANONICAL_TRIANGLES } from '../../src/core/face/canonical/canonical-face.ts';
import {
  buildCanonicalFace,
  CANONICAL_FACE_MODULE,
  generateCanonicalFaceModule,
  IRIS_POINT_COUNT,
  LEFT_EYE_CONTOUR,
  MESH_VERTEX_COUNT,
  readCanonicalMesh,
  RIGHT_EYE_CONTOUR,
} from './canonical-face.ts';
import { readLegacyFaceModels } from './legacy-assets.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE_MODULES = join(ROOT, 'node_modules');
const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

describe('canonical face', () => {
  const mesh = readCanonicalMesh(readLegacyFaceModels(NODE_MODULES).geometryPipelineMetadata);

  it('reads the 468-vertex, 898-triangle mesh in MediaPipe metric space (y up, z toward the viewer)', () => {
    expect(mesh.positions).toHaveLength(MESH_VERTEX_COUNT);
    expect(mesh.triangles).toHaveLength(898);
    expect(new Set(mesh.triangles.flat()).size).toBe(MESH_VERTEX_COUNT);
    expect(mesh.positions[10]![1]).toBeGreaterThan(mesh.positions[152]![1]); // forehead above chin, y up
    expect(mesh.positions[1]![2]).toBeGreaterThan(mesh.positions[234]![2]); // nose tip toward the viewer
    // Subject's right eye (33) on the viewer's left.
    expect(mesh.positions[33]![0]).toBeLessThan(0);
    // Metric (cm): an adult's outer eye corners are ~9 cm apart.
    expect(distance(mesh.positions[33]!, mesh.positions[263]!)).toBeGreaterThan(8);
    expect(distance(mesh.positions[33]!, mesh.positions[263]!)).toBeLessThan(10);
  });

  it('committed module equals a fresh generation (never drifts from the package)', () => {
    const committed = readFileSync(join(ROOT, CANONICAL_FACE_MODULE), 'utf8');
    expect(generateCanonicalFaceModule(NODE_MODULES)).toBe(committed);
  });

  it('has 468 mesh points + 10 iris points, eye-span 1, centred between 33 and 263', () => {
    expect(CANONICAL_FACE).toHaveLength(MESH_VERTEX_COUNT + IRIS_POINT_COUNT);
    expect(distance(CANONICAL_FACE[33]!, CANONICAL_FACE[263]!)).toBeCloseTo(1, 5);
    for (let k = 0; k < 3; k++) expect(CANONICAL_FACE[33]![k]! + CANONICAL_FACE[263]![k]!).toBeCloseTo(0, 5);
    expect(CANONICAL_TRIANGLES).toEqual(mesh.triangles);
  });

  it('exports the Procrustes weights MediaPipe fits its pose with: 33 symmetric rigid points', () => {
    expect(CANONICAL_PROCRUSTES_WEIGHTS).toHaveLength(33);
    for (const [, w] of CANONICAL_PROCRUSTES_WEIGHTS) expect(w).toBeGreaterThan(0);
    const weightOf = new Map(CANONICAL_PROCRUSTES_WEIGHTS);
    expect(weightOf.get(33)).toBe(weightOf.get(263)); // outer eye corners, mirror images
    expect(weightOf.get(129)).toBe(weightOf.get(358)); // nose wings
    expect(weightOf.has(13)).toBe(false); // lips move: not rigid
  });

  it('uses image-like axes: x right, y down, z away from the viewer', () => {
    const [nose, rightCheek, leftCheek, forehead, chin] = [1, 234, 454, 10, 152].map((i) => CANONICAL_FACE[i]!);
    expect(nose![2]).toBeLessThan(rightCheek![2]);
    expect(nose![2]).toBeLessThan(leftCheek![2]);
    expect(forehead![1]).toBeLessThan(chin![1]);
    expect(CANONICAL_FACE[33]![0]).toBeLessThan(CANONICAL_FACE[263]![0]);
    // Rounding in the committed module stays far below any visible difference.
    const fresh = buildCanonicalFace(mesh).points;
    for (const i of [0, 1, 33, 263, 152, 468, 477]) {
      for (let k = 0; k < 3; k++) expect(CANONICAL_FACE[i]![k]).toBeCloseTo(fresh[i]![k]!, 5);
    }
  });

  it('puts each iris at its eye contour centre, boundary ordered image right, up, left, down', () => {
    for (const [centre, contour] of [
      [468, RIGHT_EYE_CONTOUR],
      [473, LEFT_EYE_CONTOUR],
    ] as const) {
      const c = CANONICAL_FACE[centre]!;
      for (let k = 0; k < 2; k++) {
        const meanK = contour.reduce((sum, i) => sum + CANONICAL_FACE[i]![k]!, 0) / contour.length;
        expect(c[k]).toBeCloseTo(meanK, 5);
      }
      const offsets = [1, 2, 3, 4].map((j) => [
        CANONICAL_FACE[centre + j]![0] - c[0],
        CANONICAL_FACE[centre + j]![1] - c[1],
      ]);
      const radius = Math.hypot(offsets[0]![0]!, offsets[0]![1]!);
      expect(radius).toBeGreaterThan(0.05); // human iris ~11.8 mm / ~89 mm eye-span
      expect(radius).toBeLessThan(0.08);
      expect(offsets[0]![0]).toBeGreaterThan(0); // right
      expect(offsets[1]![1]).toBeLessThan(0); // up
      expect(offsets[2]![0]).toBeLessThan(0); // left
      expect(offsets[3]![1]).toBeGreaterThan(0); // down
    }
    // Irises sit inside their eyes: 468 on the 33 side.
    expect(CANONICAL_FACE[468]![0]).toBeLessThan(0);
    expect(CANONICAL_FACE[473]![0]).toBeGreaterThan(0);
  });
});
