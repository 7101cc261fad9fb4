import type { WarpMesh, WarpTargets } from './mesh.ts';

/** Pixels no triangle covers keep their place (identity sampling). */
export const NO_TRIANGLE = 255;

/**
 * Where a pixel on a fold should also show the other side of it: `weight` of the colour read at
 * (x, y) (normalised, as the grid) mixed into what the pixel reads itself.
 */
export interface SeamBlend {
  pixels: number[];
  weights: number[];
  /** Normalised x, y per entry. */
  samples: number[];
}

export interface SamplingMap {
  width: number;
  height: number;
  /**
   * For every output pixel, where to read the photo: x, y normalised to [-1, 1] with pixel
   * centres at (2i + 1) / size - 1 (GridSample, align_corners = 0). Length width * height * 2.
   */
  grid: Float32Array;
  /** The kind of triangle that drew each pixel (TriangleKind), or NO_TRIANGLE. */
  kinds: Uint8Array;
  /**
   * Antialiasing of the folds: where a nearer part of the warp passes over another (a turning
   * cheek over the ear or the background, the nose over the cheek), the edge pixels on both
   * sides, with how much of the other side each one shows. Elsewhere the warp is continuous.
   */
  seams: SeamBlend;
}

/** Neighbours whose samples disagree by more than this (photo pixels) meet in a fold. */
const SEAM_PX = 0.75;

/**
 * Rasterises the piecewise-affine warp into a backward sampling map: each output pixel takes
 * the photo position that its triangle's affine map sends it to. A depth test keeps the nearest
 * triangle where the turning face folds over itself (triangles start facing away at 2–4° of yaw);
 * the folds' edges are then antialiased by coverage (see `seams`), not left as pixel stair steps.
 */
export function rasterizeWarp(mesh: WarpMesh, targets: WarpTargets): SamplingMap {
  const { width, height, source, triangles, kinds } = mesh;
  const { positions, depth } = targets;
  const grid = new Float32Array(width * height * 2);
  const pixelKinds = new Uint8Array(width * height).fill(NO_TRIANGLE);
  const depthBuffer = new Float32Array(width * height).fill(Infinity);
  const winner = new Int32Array(width * height).fill(-1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 2 * (y * width + x);
      grid[i] = (2 * x + 1) / width - 1;
      grid[i + 1] = (2 * y + 1) / height - 1;
    }
  }
  const sx = 2 / width;
  const sy = 2 / height;
  for (let t = 0; t < kinds.length; t++) {
    const a = triangles[3 * t]!;
    const b = triangles[3 * t + 1]!;
    const c = triangles[3 * t + 2]!;
    const ax = positions[2 * a]!;
    const ay = positions[2 * a + 1]!;
    const bx = positions[2 * b]!;
    const by = positions[2 * b + 1]!;
    const cx = positions[2 * c]!;
    const cy = positions[2 * c + 1]!;
    const den = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
    if (Math.abs(den) < 1e-9) continue;
    // Pixel centres (x + 0.5, y + 0.5) inside the triangle's bounds.
    const x0 = Math.max(0, Math.ceil(Math.min(ax, bx, cx) - 0.5));
    const x1 = Math.min(width - 1, Math.floor(Math.max(ax, bx, cx) - 0.5));
    const y0 = Math.max(0, Math.ceil(Math.min(ay, by, cy) - 0.5));
    const y1 = Math.min(height - 1, Math.floor(Math.max(ay, by, cy) - 0.5));
    if (x1 < x0 || y1 < y0) continue;
    const za = depth[a]!;
    const zb = depth[b]!;
    const zc = depth[c]!;
    const ua = source[2 * a]!;
    const va = source[2 * a + 1]!;
    const ub = source[2 * b]!;
    const vb = source[2 * b + 1]!;
    const uc = source[2 * c]!;
    const vc = source[2 * c + 1]!;
    const kind = kinds[t]!;
    // Barycentric weights are affine in x: step them along each row.
    const d1x = (by - cy) / den;
    const d2x = (cy - ay) / den;
    const epsilon = -1e-6;
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      const px0 = x0 + 0.5;
      let l1 = ((by - cy) * (px0 - cx) + (cx - bx) * (py - cy)) / den;
      let l2 = ((cy - ay) * (px0 - cx) + (ax - cx) * (py - cy)) / den;
      for (let x = x0; x <= x1; x++, l1 += d1x, l2 += d2x) {
        const l3 = 1 - l1 - l2;
        if (l1 < epsilon || l2 < epsilon || l3 < epsilon) continue;
        const p = y * width + x;
        const z = l1 * za + l2 * zb + l3 * zc;
        if (z >= depthBuffer[p]!) continue;
        depthBuffer[p] = z;
        grid[2 * p] = (l1 * ua + l2 * ub + l3 * uc) * sx - 1;
        grid[2 * p + 1] = (l1 * va + l2 * vb + l3 * vc) * sy - 1;
        pixelKinds[p] = kind;
        winner[p] = t;
      }
    }
  }
  return { width, height, grid, kinds: pixelKinds, seams: foldSeams(mesh, targets, grid, winner) };
}

/** A triangle's barycentric coordinates at a point (outside it too), or undefined if degenerate. */
function barycentric(mesh: WarpMesh, targets: WarpTargets, t: number, px: number, py: number): [number, number, number] | undefined {
  const [a, b, c] = [mesh.triangles[3 * t]!, mesh.triangles[3 * t + 1]!, mesh.triangles[3 * t + 2]!];
  const p = targets.positions;
  const [ax, ay, bx, by, cx, cy] = [p[2 * a]!, p[2 * a + 1]!, p[2 * b]!, p[2 * b + 1]!, p[2 * c]!, p[2 * c + 1]!];
  const den = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
  if (Math.abs(den) < 1e-9) return undefined;
  const l1 = ((by - cy) * (px - cx) + (cx - bx) * (py - cy)) / den;
  const l2 = ((cy - ay) * (px - cx) + (ax - cx) * (py - cy)) / den;
  return [l1, l2, 1 - l1 - l2];
}

/** Where triangle t (or the identity, t < 0) reads the photo for the output point (px, py), in photo pixels. */
function sampleAt(mesh: WarpMesh, targets: WarpTargets, t: number, px: number, py: number): [number, number] | undefined {
  if (t < 0) return [px, py];
  const l = barycentric(mesh, targets, t, px, py);
  if (!l) return undefined;
  const s = mesh.source;
  const v = [mesh.triangles[3 * t]!, mesh.triangles[3 * t + 1]!, mesh.triangles[3 * t + 2]!];
  return [l[0] * s[2 * v[0]!]! + l[1] * s[2 * v[1]!]! + l[2] * s[2 * v[2]!]!, l[0] * s[2 * v[0]! + 1]! + l[1] * s[2 * v[1]! + 1]! + l[2] * s[2 * v[2]! + 1]!];
}

function depthAt(mesh: WarpMesh, targets: WarpTargets, t: number, px: number, py: number): number {
  if (t < 0) return Infinity;
  const l = barycentric(mesh, targets, t, px, py);
  if (!l) return Infinity;
  const v = [mesh.triangles[3 * t]!, mesh.triangles[3 * t + 1]!, mesh.triangles[3 * t + 2]!];
  return l[0] * targets.depth[v[0]!]! + l[1] * targets.depth[v[1]!]! + l[2] * targets.depth[v[2]!]!;
}

/**
 * Signed distance (pixels, positive inside) from (px, py) to the edge of triangle t that the step
 * from p to q leaves it by.
 */
function edgeDistance(mesh: WarpMesh, targets: WarpTargets, t: number, p: [number, number], q: [number, number]): [number, number] | undefined {
  const lp = barycentric(mesh, targets, t, p[0], p[1]);
  const lq = barycentric(mesh, targets, t, q[0], q[1]);
  if (!lp || !lq) return undefined;
  const i = lq.indexOf(Math.min(...lq));
  if (lq[i]! >= 0) return undefined;
  // l_i is the distance to the opposite edge over the triangle's height there.
  const pos = targets.positions;
  const v = [mesh.triangles[3 * t]!, mesh.triangles[3 * t + 1]!, mesh.triangles[3 * t + 2]!];
  const [e0, e1] = [v[(i + 1) % 3]!, v[(i + 2) % 3]!];
  const edge = Math.hypot(pos[2 * e1]! - pos[2 * e0]!, pos[2 * e1 + 1]! - pos[2 * e0 + 1]!);
  const twiceArea = Math.abs(
    (pos[2 * v[1]!]! - pos[2 * v[0]!]!) * (pos[2 * v[2]! + 1]! - pos[2 * v[0]! + 1]!) -
      (pos[2 * v[2]!]! - pos[2 * v[0]!]!) * (pos[2 * v[1]! + 1]! - pos[2 * v[0]! + 1]!),
  );
  const h = twiceArea / (edge || 1);
  return [lp[i]! * h, lq[i]! * h];
}

/**
 * Finds the folds (neighbouring pixels drawn by triangles whose maps disagree) and gives each edge
 * pixel its coverage by the nearer side: a box filter across the nearer triangle's edge, so the
 * pixel inside it keeps clamp(0.5 + d) of itself and the pixel outside takes clamp(0.5 + d) of it.
 */
function foldSeams(mesh: WarpMesh, targets: WarpTargets, grid: Float32Array, winner: Int32Array): SeamBlend {
  const { width, height } = mesh;
  const best = new Map<number, { weight: number; x: number; y: number }>();
  const offer = (pixel: number, weight: number, at: [number, number]) => {
    if (weight <= 0.02) return;
    const current = best.get(pixel);
    if (!current || current.weight < weight) best.set(pixel, { weight, x: (2 * at[0] + 1) / width - 1, y: (2 * at[1] + 1) / height - 1 });
  };
  const photoPx = (p: number): [number, number] => [((grid[2 * p]! + 1) * width - 1) / 2, ((grid[2 * p + 1]! + 1) * height - 1) / 2];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      for (const [qx, qy] of [
        [x + 1, y],
        [x, y + 1],
      ] as const) {
        if (qx >= width || qy >= height) continue;
        const q = qy * width + qx;
        const tp = winner[p]!;
        const tq = winner[q]!;
        if (tp === tq) continue;
        const cp: [number, number] = [x + 0.5, y + 0.5];
        const cq: [number, number] = [qx + 0.5, qy + 0.5];
        // Continuous across the shared edge: p's map carried on to q reads where q reads.
        const carried = sampleAt(mesh, targets, tp, cq[0], cq[1]);
        const own = photoPx(q);
        if (!carried || Math.hypot(carried[0] - 0.5 - own[0], carried[1] - 0.5 - own[1]) < SEAM_PX) continue;
        const mid: [number, number] = [(cp[0] + cq[0]) / 2, (cp[1] + cq[1]) / 2];
        const pFront = depthAt(mesh, targets, tp, mid[0], mid[1]) <= depthAt(mesh, targets, tq, mid[0], mid[1]);
        const [front, back, inside, outside] = pFront ? [tp, tq, cp, cq] : [tq, tp, cq, cp];
        if (front < 0) continue;
        const distances = edgeDistance(mesh, targets, front, inside, outside);
        if (!distances) continue;
        const [dIn, dOut] = distances;
        const insidePixel = Math.floor(inside[1]) * width + Math.floor(inside[0]);
        const outsidePixel = Math.floor(outside[1]) * width + Math.floor(outside[0]);
        const backAtInside = sampleAt(mesh, targets, back, inside[0], inside[1]);
        const frontAtOutside = sampleAt(mesh, targets, front, outside[0], outside[1]);
        if (backAtInside) offer(insidePixel, 1 - Math.min(1, Math.max(0, 0.5 + dIn)), [backAtInside[0] - 0.5, backAtInside[1] - 0.5]);
        if (frontAtOutside) offer(outsidePixel, Math.min(1, Math.max(0, 0.5 + dOut)), [frontAtOutside[0] - 0.5, frontAtOutside[1] - 0.5]);
      }
    }
  }
  const seams: SeamBlend = { pixels: [], weights: [], samples: [] };
  for (const [pixel, { weight, x, y }] of best) {
    seams.pixels.push(pixel);
    seams.weights.push(weight);
    seams.samples.push(x, y);
  }
  return seams;
}
