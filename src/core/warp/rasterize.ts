import type { WarpMesh, WarpTargets } from './mesh.ts';

/** Pixels no triangle covers keep their place (identity sampling). */
export const NO_TRIANGLE = 255;

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
}

/**
 * Rasterises the piecewise-affine warp into a backward sampling map: each output pixel takes
 * the photo position that its triangle's affine map sends it to. A depth test keeps the nearest
 * triangle where the turning face folds over itself (triangles start facing away at 2–4° of yaw).
 */
export function rasterizeWarp(mesh: WarpMesh, targets: WarpTargets): SamplingMap {
  const { width, height, source, triangles, kinds } = mesh;
  const { positions, depth } = targets;
  const grid = new Float32Array(width * height * 2);
  const pixelKinds = new Uint8Array(width * height).fill(NO_TRIANGLE);
  const depthBuffer = new Float32Array(width * height).fill(Infinity);
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
      }
    }
  }
  return { width, height, grid, kinds: pixelKinds };
}
