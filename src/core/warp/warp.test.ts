import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Landmarks, Mat3, Vec3 } from '../motion/types.ts';
import { TriangleKind, buildWarpMesh, warpTargets, type FaceMotion } from './mesh.ts';
import { NO_TRIANGLE, rasterizeWarp } from './rasterize.ts';

const face = JSON.parse(readFileSync(new URL('../motion/testdata/hopper-face.json', import.meta.url), 'utf8')) as {
  landmarks: Landmarks;
};
const SIZE = 512;
const head = { rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3, pivot: [256, 260, 80] as Vec3 };

function still(landmarks: Landmarks): FaceMotion {
  return {
    landmarks,
    moveHeadPoint: (p, e) => [p[0] + e[0], p[1] + e[1], p[2] + e[2]],
    expressionOf: () => [0, 0, 0],
    translation: [0, 0, 0],
  };
}

function shifted(landmarks: Landmarks, dx: number, select: (i: number) => boolean): Landmarks {
  return landmarks.map((p, i) => (select(i) ? [p[0] + dx, p[1], p[2]] : [...p])) as Landmarks;
}

describe('piecewise-affine warp', () => {
  const mesh = buildWarpMesh([{ source: face.landmarks, head }], SIZE, SIZE);

  it('builds the extended mesh: tessellation, eye strips, mouth tear, rings and border', () => {
    const count = (kind: TriangleKind) => mesh.kinds.filter((k) => k === kind).length;
    expect(count(TriangleKind.Face)).toBe(852);
    expect(count(TriangleKind.RightEyeOpening)).toBe(count(TriangleKind.LeftEyeOpening));
    expect(count(TriangleKind.MouthGap)).toBeGreaterThan(10);
    expect(count(TriangleKind.Outside)).toBeGreaterThan(50);
    expect(mesh.rings.length).toBeGreaterThan(36);
  });

  it('with no motion samples every pixel from where it is (identity map)', () => {
    const map = rasterizeWarp(mesh, warpTargets(mesh, [face.landmarks], [still(face.landmarks)]));
    let worst = 0;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const p = 2 * (y * SIZE + x);
        worst = Math.max(worst, Math.abs(((map.grid[p]! + 1) * SIZE) / 2 - (x + 0.5)), Math.abs(((map.grid[p + 1]! + 1) * SIZE) / 2 - (y + 0.5)));
      }
    }
    expect(worst).toBeLessThan(1e-3);
    // Nothing folds, so nothing is blended.
    expect(map.seams.pixels).toHaveLength(0);
  });

  it('moves the face and keeps the image border still', () => {
    const moved = shifted(face.landmarks, 6, () => true);
    const map = rasterizeWarp(mesh, warpTargets(mesh, [face.landmarks], [still(moved)]));
    // The face and the rings around it are drawn; between still points nothing needs drawing.
    expect(map.kinds.filter((k) => k === TriangleKind.Face).length).toBeGreaterThan(10_000);
    expect(map.kinds.filter((k) => k === NO_TRIANGLE).length).toBeGreaterThan(0);
    const nose = moved[1]!;
    const p = 2 * (Math.floor(nose[1]) * SIZE + Math.floor(nose[0]));
    // The pixel now at the nose reads the photo 6 px to its left.
    expect(((map.grid[p]! + 1) * SIZE) / 2).toBeCloseTo(Math.floor(nose[0]) + 0.5 - 6, 1);
    const corner = 2 * (2 * SIZE + 2);
    expect(((map.grid[corner]! + 1) * SIZE) / 2).toBeCloseTo(2.5, 3);
  });

  it('opens the mouth through the tear: the new gap is drawn as MouthGap', () => {
    const jaw = new Set([14, 87, 178, 88, 95, 317, 402, 318, 324, 17, 84, 181, 91, 146, 314, 405, 321, 375, 152, 148, 176, 377, 400, 378, 379]);
    const open = face.landmarks.map((p, i) => (jaw.has(i) ? [p[0], p[1] + 8, p[2]] : [...p])) as Landmarks;
    const map = rasterizeWarp(mesh, warpTargets(mesh, [face.landmarks], [still(open)]));
    const gap = map.kinds.filter((k) => k === TriangleKind.MouthGap).length;
    expect(gap).toBeGreaterThan(100);
  });

  it('with a person mask moves the whole head, and holds other faces still', () => {
    const other = { x: 20, y: 20, width: 60, height: 60 };
    const figure = buildWarpMesh([{ source: face.landmarks, head }], SIZE, SIZE, { figure: true, others: [other] });
    const follows = (m: typeof mesh, ring: number) => m.rings.filter((_, i) => Math.floor(i / (m.rings.length / 3)) === ring).map((r) => r.follow);
    expect(Math.max(...follows(figure, 1))).toBeGreaterThan(Math.max(...follows(mesh, 1)));
    // Pinned corners of the other face's grown box, as fixed points.
    const fixed = Array.from({ length: figure.vertexCount - figure.borderStart }, (_, k) => [figure.source[2 * (figure.borderStart + k)]!, figure.source[2 * (figure.borderStart + k) + 1]!]);
    expect(fixed).toContainEqual([5, 5]);
    const moved = shifted(face.landmarks, 6, () => true);
    const map = rasterizeWarp(figure, warpTargets(figure, [face.landmarks], [still(moved)]));
    for (const [x, y] of [[50, 50], [25, 70]]) {
      const p = 2 * (y * SIZE + x);
      expect(((map.grid[p]! + 1) * SIZE) / 2).toBeCloseTo(x + 0.5, 3);
    }
  });

  it('with a person mask the shoulders below the head rise with it (a breath), though they do not turn with it', () => {
    const figure = buildWarpMesh([{ source: face.landmarks, head }], SIZE, SIZE, { figure: true });
    const lift: FaceMotion = { ...still(face.landmarks), translation: [0, -4, 0] };
    const targets = warpTargets(figure, [face.landmarks], [lift]);
    const body = figure.rings.filter((ring) => ring.body > 0.5);
    expect(body.length).toBeGreaterThan(3);
    for (const ring of body) expect(ring.y).toBeGreaterThan(face.landmarks[152]![1]);
    figure.rings.forEach((ring, i) => {
      const rise = ring.y - targets.positions[2 * (figure.ringStart + i) + 1]!;
      expect(rise).toBeCloseTo(4 * (1 - ring.follow) * ring.body, 4);
    });
    // Without a mask the background is the photo itself: nothing below the head moves with it.
    const plain = warpTargets(mesh, [face.landmarks], [lift]);
    mesh.rings.forEach((ring, i) => expect(plain.positions[2 * (mesh.ringStart + i) + 1]).toBeCloseTo(ring.y, 4));
  });

  describe('several faces in one mesh', () => {
    // Two copies of the face, shrunk and side by side, heads a little more than a face apart.
    const place = (dx: number) => face.landmarks.map(([x, y, z]) => [128 + (x - 256) * 0.45 + dx, 256 + (y - 256) * 0.45, z * 0.45] as [number, number, number]);
    const left = place(0);
    const right = place(150);
    const group = buildWarpMesh(
      [
        { source: left, head: { ...head, pivot: [128, 260, 36] as Vec3 } },
        { source: right, head: { ...head, pivot: [278, 260, 36] as Vec3 } },
      ],
      SIZE,
      SIZE,
      { figure: true },
    );
    const nudged = (landmarks: Landmarks, dx: number): FaceMotion => ({
      ...still(landmarks.map(([x, y, z]) => [x + dx, y, z] as [number, number, number])),
      moveHeadPoint: (p, e) => [p[0] + e[0] + dx, p[1] + e[1], p[2] + e[2]],
      translation: [dx, 0, 0],
    });

    it('gives each face its own landmarks, eyes, tear and rings, and the space between them to the nearer', () => {
      const count = (kind: TriangleKind, f: number) => group.kinds.filter((k, t) => k === kind && group.faceOf[t] === f).length;
      expect([count(TriangleKind.Face, 0), count(TriangleKind.Face, 1)]).toEqual([852, 852]);
      expect(count(TriangleKind.MouthGap, 1)).toBe(count(TriangleKind.MouthGap, 0));
      const midline = (left[1]![0] + right[1]![0]) / 2;
      // No ring point of one face lies past the midline, toward the other's face.
      for (const ring of group.rings) {
        if (Math.abs(ring.y - 256) > 40) continue;
        if (ring.face === 0) expect(ring.x).toBeLessThan(midline + 1);
        else expect(ring.x).toBeGreaterThan(midline - 1);
      }
    });

    it('moves one face without tearing or moving the other, nor anything beyond its surroundings', () => {
      // The left face moves right, toward the right one, which stays still.
      const map = rasterizeWarp(group, warpTargets(group, [left, right], [nudged(left, 6), still(right)]));
      const at = (x: number, y: number) => [((map.grid[2 * (y * SIZE + x)]! + 1) * SIZE) / 2 - x - 0.5, ((map.grid[2 * (y * SIZE + x) + 1]! + 1) * SIZE) / 2 - y - 0.5];
      // The right face reads exactly where it is.
      for (const i of [1, 33, 263, 13, 152]) {
        const [dx, dy] = at(Math.round(right[i]![0]), Math.round(right[i]![1]));
        expect(Math.hypot(dx!, dy!)).toBeLessThan(1e-3);
      }
      // The left face reads 6 px to its left.
      const [nx] = at(Math.round(left[1]![0] + 6), Math.round(left[1]![1]));
      expect(nx).toBeCloseTo(-6, 1);
      // Far from both (beyond their surroundings) the photo stays.
      expect(at(20, 500)).toEqual([0, 0]);
      expect(at(500, 20)).toEqual([0, 0]);
      // The space between them stretches without folding: reads move steadily along a row.
      let previous = -Infinity;
      for (let x = Math.round(left[1]![0]); x < Math.round(right[1]![0]); x++) {
        const read = x + 0.5 + at(x, 256)[0]!;
        expect(read).toBeGreaterThanOrEqual(previous - 0.75);
        previous = read;
      }
    });
  });
});
