import { TriangleKind, type WarpMesh, type WarpTargets } from './mesh.ts';

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
  /** The triangle that drew each pixel, or -1 (identity). */
  triangles: Int32Array;
  /**
   * Antialiasing of the folds: where a nearer part of the warp passes over another (a turning
   * cheek over the ear or the background, the nose over the cheek), the edge pixels on both
   * sides, with how much of the other side each one shows. Elsewhere the warp is continuous.
   */
  seams: SeamBlend;
}

export interface RasterOptions {
  /**
   * Whether an outside triangle, landing on the pixels x0..x1, y0..y1, shows nothing but still
   * background there (it reads background and lands on background): those pixels show the still
   * plate whatever they read, so they keep the identity and cost nothing.
   */
  backgroundOnly?: (triangle: number, x0: number, y0: number, x1: number, y1: number) => boolean;
  /** The grid to fill (width * height * 2), else the mesh's own, reused from frame to frame. */
  grid?: Float32Array;
}

/** A barycentric weight's step along a row below which it bounds no span (see rasterizeWarp). */
const FLAT = 1e-9;

/** Neighbours whose triangles read places this far apart (photo pixels) where they meet, meet in a fold. */
const SEAM_PX = 0.5;

/**
 * Rasterises the piecewise-affine warp into a backward sampling map: each output pixel takes
 * the photo position that its triangle's affine map sends it to. A depth test keeps the nearest
 * triangle where the turning face folds over itself (triangles start facing away at 2–4° of yaw);
 * the folds' edges are then antialiased by coverage (see `seams`), not left as pixel stair steps.
 * The map's arrays are the mesh's own (the grid too, unless one is given), reused: valid until its next frame.
 */
export function rasterizeWarp(mesh: WarpMesh, targets: WarpTargets, options: RasterOptions = {}): SamplingMap {
  const { width, height, source, triangles, kinds } = mesh;
  const { positions, depth } = targets;
  const buffers = buffersFor(mesh);
  const { kinds: pixelKinds, depth: depthBuffer, winner } = buffers;
  const grid = options.grid ?? buffers.grid;
  grid.set(identity(width, height));
  pixelKinds.fill(NO_TRIANGLE);
  depthBuffer.fill(Infinity);
  winner.fill(-1);
  const neighbours = edgeNeighbours(mesh);
  const overlaps: number[] = [];
  const sx = 2 / width;
  const sy = 2 / height;
  for (let t = 0; t < kinds.length; t++) {
    const a = triangles[3 * t]!;
    const b = triangles[3 * t + 1]!;
    const c = triangles[3 * t + 2]!;
    // Most of the frame lies between points that never move: it keeps the identity already there.
    if (kinds[t] === TriangleKind.Outside && unmoved(mesh, positions, a) && unmoved(mesh, positions, b) && unmoved(mesh, positions, c)) continue;
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
    if (options.backgroundOnly && kinds[t] === TriangleKind.Outside && options.backgroundOnly(t, x0, y0, x1, y1)) continue;
    const za = depth[a]!;
    const zb = depth[b]!;
    const zc = depth[c]!;
    // Where the pixel reads (normalised) and its depth, affine in the barycentric weights.
    const uc = source[2 * c]! * sx - 1;
    const vc = source[2 * c + 1]! * sy - 1;
    const ua = source[2 * a]! * sx - 1 - uc;
    const va = source[2 * a + 1]! * sy - 1 - vc;
    const ub = source[2 * b]! * sx - 1 - uc;
    const vb = source[2 * b + 1]! * sy - 1 - vc;
    const zca = za - zc;
    const zcb = zb - zc;
    const kind = kinds[t]!;
    const n0 = neighbours[3 * t]!;
    const n1 = neighbours[3 * t + 1]!;
    const n2 = neighbours[3 * t + 2]!;
    // Barycentric weights are affine: step them along each row and from row to row.
    const d1x = (by - cy) / den;
    const d2x = (cy - ay) / den;
    const d3x = -d1x - d2x;
    const d1y = (cx - bx) / den;
    const d2y = (ax - cx) / den;
    // Where along a row each weight crosses zero: -weight / step, a pixel to spare each side (the
    // test below decides); a weight nearly flat along rows is left to that test.
    const r1 = 1 / d1x;
    const r2 = 1 / d2x;
    const r3 = 1 / d3x;
    const epsilon = -1e-6;
    const px0 = x0 + 0.5;
    let l1Row = d1x * (px0 - cx) + d1y * (y0 + 0.5 - cy);
    let l2Row = d2x * (px0 - cx) + d2y * (y0 + 0.5 - cy);
    for (let y = y0; y <= y1; y++, l1Row += d1y, l2Row += d2y) {
      let l1 = l1Row;
      let l2 = l2Row;
      const l3 = 1 - l1 - l2;
      let from = 0;
      let to = x1 - x0;
      if (d1x > FLAT) from = Math.max(from, Math.ceil((epsilon - l1) * r1) - 1);
      else if (d1x < -FLAT) to = Math.min(to, Math.floor((epsilon - l1) * r1) + 1);
      if (d2x > FLAT) from = Math.max(from, Math.ceil((epsilon - l2) * r2) - 1);
      else if (d2x < -FLAT) to = Math.min(to, Math.floor((epsilon - l2) * r2) + 1);
      if (d3x > FLAT) from = Math.max(from, Math.ceil((epsilon - l3) * r3) - 1);
      else if (d3x < -FLAT) to = Math.min(to, Math.floor((epsilon - l3) * r3) + 1);
      if (to < from) continue;
      l1 += from * d1x;
      l2 += from * d2x;
      for (let x = x0 + from, p = y * width + x; x <= x0 + to; x++, p++, l1 += d1x, l2 += d2x) {
        if (l1 < epsilon || l2 < epsilon || 1 - l1 - l2 < epsilon) continue;
        const z = zc + l1 * zca + l2 * zcb;
        const drawnBy = winner[p]!;
        // Two triangles that are not neighbours on one pixel: the warp folds over itself here.
        if (drawnBy >= 0 && n0 !== drawnBy && n1 !== drawnBy && n2 !== drawnBy) overlaps.push(p);
        if (z >= depthBuffer[p]!) continue;
        depthBuffer[p] = z;
        grid[2 * p] = uc + l1 * ua + l2 * ub;
        grid[2 * p + 1] = vc + l1 * va + l2 * vb;
        pixelKinds[p] = kind;
        winner[p] = t;
      }
    }
  }
  return { width, height, grid, kinds: pixelKinds, triangles: winner, seams: foldSeams(mesh, targets, winner, overlaps) };
}

const bufferCache = new WeakMap<WarpMesh, { grid: Float32Array; kinds: Uint8Array; depth: Float32Array; winner: Int32Array }>();

/** A mesh's per-frame buffers, reused: a sampling map is valid until the mesh's next frame. */
function buffersFor(mesh: WarpMesh) {
  let buffers = bufferCache.get(mesh);
  if (!buffers) {
    const plane = mesh.width * mesh.height;
    buffers = { grid: new Float32Array(2 * plane), kinds: new Uint8Array(plane), depth: new Float32Array(plane), winner: new Int32Array(plane) };
    bufferCache.set(mesh, buffers);
  }
  return buffers;
}

/**
 * Points around the faces that move less than this (pixels) are as good as still: the triangles
 * between them keep the identity (a step this small where they meet moving ones cannot be seen).
 */
const STILL_PX = 0.1;

const unmoved = (mesh: WarpMesh, positions: Float32Array, v: number) =>
  Math.abs(positions[2 * v]! - mesh.source[2 * v]!) < STILL_PX && Math.abs(positions[2 * v + 1]! - mesh.source[2 * v + 1]!) < STILL_PX;

let identityCache: { width: number; height: number; grid: Float32Array } | undefined;
/** The grid that reads every pixel where it is (kept for the size last asked). */
function identity(width: number, height: number): Float32Array {
  if (identityCache?.width !== width || identityCache.height !== height) {
    const grid = new Float32Array(width * height * 2);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        grid[2 * (y * width + x)] = (2 * x + 1) / width - 1;
        grid[2 * (y * width + x) + 1] = (2 * y + 1) / height - 1;
      }
    }
    identityCache = { width, height, grid };
  }
  return identityCache.grid;
}

/**
 * Each triangle's maps from output pixel coordinates, as affine coefficients: barycentric l1 and
 * l2 (l3 = 1 - l1 - l2), where it reads the photo (u, v) and its depth, all of the form
 * a * x + b * y + c, valid outside the triangle too (its plane carried on). NaN when degenerate.
 * Made when first asked for in a frame: only the few triangles at folds are.
 */
interface TriangleMaps {
  /** 15 per triangle: l1 (a, b, c), l2, u, v, z. */
  coefficients: Float64Array;
  /** Per triangle, the frame its coefficients were made for. */
  madeIn: Int32Array;
  frame: number;
  mesh: WarpMesh;
  targets: WarpTargets;
}

const mapsCache = new WeakMap<WarpMesh, TriangleMaps>();

function triangleMaps(mesh: WarpMesh, targets: WarpTargets): TriangleMaps {
  let maps = mapsCache.get(mesh);
  if (!maps) {
    const count = mesh.kinds.length;
    maps = { coefficients: new Float64Array(count * 15), madeIn: new Int32Array(count).fill(-1), frame: 0, mesh, targets };
    mapsCache.set(mesh, maps);
  }
  maps.frame++;
  maps.targets = targets;
  return maps;
}

/** Makes triangle t's coefficients for the maps' frame. */
function makeMaps(maps: TriangleMaps, t: number): void {
  const { triangles, source } = maps.mesh;
  const { positions, depth } = maps.targets;
  const c = maps.coefficients;
  const k = 15 * t;
  maps.madeIn[t] = maps.frame;
  const a = triangles[3 * t]!;
  const b = triangles[3 * t + 1]!;
  const v = triangles[3 * t + 2]!;
  const ax = positions[2 * a]!;
  const ay = positions[2 * a + 1]!;
  const bx = positions[2 * b]!;
  const by = positions[2 * b + 1]!;
  const cx = positions[2 * v]!;
  const cy = positions[2 * v + 1]!;
  const den = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
  if (Math.abs(den) < 1e-9) {
    c.fill(Number.NaN, k, k + 15);
    return;
  }
  // l1 = ((by - cy)(x - cx) + (cx - bx)(y - cy)) / den, l2 = ((cy - ay)(x - cx) + (ax - cx)(y - cy)) / den
  const l1a = (by - cy) / den;
  const l1b = (cx - bx) / den;
  const l1c = -l1a * cx - l1b * cy;
  const l2a = (cy - ay) / den;
  const l2b = (ax - cx) / den;
  const l2c = -l2a * cx - l2b * cy;
  c[k] = l1a;
  c[k + 1] = l1b;
  c[k + 2] = l1c;
  c[k + 3] = l2a;
  c[k + 4] = l2b;
  c[k + 5] = l2c;
  // A value given at the corners: vc + l1 (va - vc) + l2 (vb - vc).
  const value = (at: number, va: number, vb: number, vc: number) => {
    c[at] = l1a * (va - vc) + l2a * (vb - vc);
    c[at + 1] = l1b * (va - vc) + l2b * (vb - vc);
    c[at + 2] = vc + l1c * (va - vc) + l2c * (vb - vc);
  };
  value(k + 6, source[2 * a]!, source[2 * b]!, source[2 * v]!);
  value(k + 9, source[2 * a + 1]!, source[2 * b + 1]!, source[2 * v + 1]!);
  value(k + 12, depth[a]!, depth[b]!, depth[v]!);
}

/** Coefficient set `which` (0 l1, 1 l2, 2 u, 3 v, 4 z) of triangle t at (x, y). */
function evaluate(maps: TriangleMaps, t: number, which: number, x: number, y: number): number {
  if (maps.madeIn[t] !== maps.frame) makeMaps(maps, t);
  const k = 15 * t + 3 * which;
  const c = maps.coefficients;
  return c[k]! * x + c[k + 1]! * y + c[k + 2]!;
}

/** Where triangle t (or the identity, t < 0) reads the photo for the output point (x, y), in photo pixels. */
function sampleAt(maps: TriangleMaps, t: number, x: number, y: number): [number, number] {
  return t < 0 ? [x, y] : [evaluate(maps, t, 2, x, y), evaluate(maps, t, 3, x, y)];
}

const depthAt = (maps: TriangleMaps, t: number, x: number, y: number) => (t < 0 ? Infinity : evaluate(maps, t, 4, x, y));

/**
 * Signed distance (pixels, positive inside) from p and from q to the edge of triangle t that the
 * step from p to q leaves it by; undefined when q is not outside t.
 */
function edgeDistance(mesh: WarpMesh, targets: WarpTargets, maps: TriangleMaps, t: number, p: [number, number], q: [number, number]): [number, number] | undefined {
  const bary = (x: number, y: number) => {
    const l1 = evaluate(maps, t, 0, x, y);
    const l2 = evaluate(maps, t, 1, x, y);
    return [l1, l2, 1 - l1 - l2];
  };
  const lp = bary(p[0], p[1]);
  const lq = bary(q[0], q[1]);
  const i = lq.indexOf(Math.min(...lq));
  if (!(lq[i]! < 0)) return undefined;
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

const neighbourCache = new WeakMap<WarpMesh, Int32Array>();

/** Each triangle's (up to three) neighbours across its edges, -1 where it has none. */
function edgeNeighbours(mesh: WarpMesh): Int32Array {
  let neighbours = neighbourCache.get(mesh);
  if (neighbours) return neighbours;
  const count = mesh.kinds.length;
  neighbours = new Int32Array(3 * count).fill(-1);
  const filled = new Uint8Array(count);
  const byEdge = new Map<number, number>();
  for (let t = 0; t < count; t++) {
    for (let e = 0; e < 3; e++) {
      const a = mesh.triangles[3 * t + e]!;
      const b = mesh.triangles[3 * t + ((e + 1) % 3)]!;
      const key = Math.min(a, b) * mesh.vertexCount + Math.max(a, b);
      const other = byEdge.get(key);
      if (other === undefined) {
        byEdge.set(key, t);
        continue;
      }
      if (filled[t]! < 3) neighbours[3 * t + filled[t]!++] = other;
      if (filled[other]! < 3) neighbours[3 * other + filled[other]!++] = t;
    }
  }
  neighbourCache.set(mesh, neighbours);
  return neighbours;
}

/**
 * Finds the folds' edges (around the pixels two unrelated triangles both cover, neighbouring pixels
 * drawn by triangles whose maps disagree) and gives each edge
 * pixel its coverage by the nearer side: a box filter across the nearer triangle's edge, so the
 * pixel inside it keeps clamp(0.5 + d) of itself and the pixel outside takes clamp(0.5 + d) of it.
 */
function foldSeams(mesh: WarpMesh, targets: WarpTargets, winner: Int32Array, overlaps: readonly number[]): SeamBlend {
  const { width, height } = mesh;
  const maps = triangleMaps(mesh, targets);
  const best = new Map<number, { weight: number; x: number; y: number }>();
  const offer = (pixel: number, weight: number, at: [number, number]) => {
    if (weight <= 0.02) return;
    const current = best.get(pixel);
    if (!current || current.weight < weight) best.set(pixel, { weight, x: (2 * at[0] + 1) / width - 1, y: (2 * at[1] + 1) / height - 1 });
  };
  const neighbours = edgeNeighbours(mesh);
  const check = (x: number, y: number, qx: number, qy: number) => {
    const p = y * width + x;
    const q = qy * width + qx;
    const tp = winner[p]!;
    const tq = winner[q]!;
    // Triangles sharing an edge share its vertices: their maps always meet without a seam.
    if (tp >= 0 && (neighbours[3 * tp] === tq || neighbours[3 * tp + 1] === tq || neighbours[3 * tp + 2] === tq)) return;
    // Continuous where they meet: both maps read the same place at the midpoint between the pixels.
    const mx = (x + qx) / 2 + 0.5;
    const my = (y + qy) / 2 + 0.5;
    const du = (tp < 0 ? mx : evaluate(maps, tp, 2, mx, my)) - (tq < 0 ? mx : evaluate(maps, tq, 2, mx, my));
    const dv = (tp < 0 ? my : evaluate(maps, tp, 3, mx, my)) - (tq < 0 ? my : evaluate(maps, tq, 3, mx, my));
    if (!(du * du + dv * dv >= SEAM_PX * SEAM_PX)) return;
    const cp: [number, number] = [x + 0.5, y + 0.5];
    const cq: [number, number] = [qx + 0.5, qy + 0.5];
    const mid: [number, number] = [(cp[0] + cq[0]) / 2, (cp[1] + cq[1]) / 2];
    const pFront = depthAt(maps, tp, mid[0], mid[1]) <= depthAt(maps, tq, mid[0], mid[1]);
    const [front, back, inside, outside] = pFront ? [tp, tq, cp, cq] : [tq, tp, cq, cp];
    if (front < 0) return;
    const distances = edgeDistance(mesh, targets, maps, front, inside, outside);
    if (!distances) return;
    const [dIn, dOut] = distances;
    const insidePixel = Math.floor(inside[1]) * width + Math.floor(inside[0]);
    const outsidePixel = Math.floor(outside[1]) * width + Math.floor(outside[0]);
    const backAtInside = sampleAt(maps, back, inside[0], inside[1]);
    const frontAtOutside = sampleAt(maps, front, outside[0], outside[1]);
    offer(insidePixel, 1 - Math.min(1, Math.max(0, 0.5 + dIn)), [backAtInside[0] - 0.5, backAtInside[1] - 0.5]);
    offer(outsidePixel, Math.min(1, Math.max(0, 0.5 + dOut)), [frontAtOutside[0] - 0.5, frontAtOutside[1] - 0.5]);
  };
  // A fold's edge is where a pixel that two surfaces share meets one that only the other covers.
  const seen = new Uint8Array(width * height);
  for (const p of overlaps) {
    if (seen[p]) continue;
    seen[p] = 1;
    const x = p % width;
    const y = (p - x) / width;
    const t = winner[p]!;
    if (x > 0 && winner[p - 1] !== t) check(x, y, x - 1, y);
    if (x + 1 < width && winner[p + 1] !== t) check(x, y, x + 1, y);
    if (y > 0 && winner[p - width] !== t) check(x, y, x, y - 1);
    if (y + 1 < height && winner[p + width] !== t) check(x, y, x, y + 1);
  }
  const seams: SeamBlend = { pixels: [], weights: [], samples: [] };
  for (const [pixel, { weight, x, y }] of best) {
    seams.pixels.push(pixel);
    seams.weights.push(weight);
    seams.samples.push(x, y);
  }
  return seams;
}
