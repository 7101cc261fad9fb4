/**
 * Delaunay triangulation (Bowyer–Watson) of a few hundred points: the region between the face
 * outline, the rings around it and the image border. O(n²), fine at this size.
 * Returns triangles as index triples into `points`, counter-clockwise in image coordinates.
 */
export function delaunay(points: readonly (readonly [number, number])[]): [number, number, number][] {
  const n = points.length;
  if (n < 3) return [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  // A super-triangle far outside every point; its corners are removed at the end.
  const all: [number, number][] = [
    ...points.map(([x, y]) => [x, y] as [number, number]),
    [cx - 20 * span, cy - span],
    [cx, cy + 20 * span],
    [cx + 20 * span, cy - span],
  ];
  interface Triangle {
    a: number;
    b: number;
    c: number;
    ox: number;
    oy: number;
    r2: number;
  }
  const circumscribe = (a: number, b: number, c: number): Triangle => {
    const [ax, ay] = all[a]!;
    const [bx, by] = all[b]!;
    const [qx, qy] = all[c]!;
    const d = 2 * (ax * (by - qy) + bx * (qy - ay) + qx * (ay - by));
    const a2 = ax * ax + ay * ay;
    const b2 = bx * bx + by * by;
    const c2 = qx * qx + qy * qy;
    const ox = (a2 * (by - qy) + b2 * (qy - ay) + c2 * (ay - by)) / d;
    const oy = (a2 * (qx - bx) + b2 * (ax - qx) + c2 * (bx - ax)) / d;
    return { a, b, c, ox, oy, r2: (ax - ox) ** 2 + (ay - oy) ** 2 };
  };
  let triangles: Triangle[] = [circumscribe(n, n + 1, n + 2)];
  for (let p = 0; p < n; p++) {
    const [px, py] = all[p]!;
    const bad: Triangle[] = [];
    const kept: Triangle[] = [];
    for (const t of triangles) ((px - t.ox) ** 2 + (py - t.oy) ** 2 < t.r2 * (1 + 1e-12) ? bad : kept).push(t);
    // The hole's boundary: edges of bad triangles that no other bad triangle shares.
    const edgeCount = new Map<string, [number, number]>();
    const counts = new Map<string, number>();
    for (const t of bad) {
      for (const [u, v] of [
        [t.a, t.b],
        [t.b, t.c],
        [t.c, t.a],
      ] as const) {
        const key = u < v ? `${u},${v}` : `${v},${u}`;
        edgeCount.set(key, [u, v]);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    for (const [key, [u, v]] of edgeCount) if (counts.get(key) === 1) kept.push(circumscribe(u, v, p));
    triangles = kept;
  }
  return triangles
    .filter((t) => t.a < n && t.b < n && t.c < n)
    .map((t) => {
      const [ax, ay] = all[t.a]!;
      const [bx, by] = all[t.b]!;
      const [qx, qy] = all[t.c]!;
      const cross = (bx - ax) * (qy - ay) - (by - ay) * (qx - ax);
      return cross >= 0 ? [t.a, t.b, t.c] : [t.a, t.c, t.b];
    });
}
