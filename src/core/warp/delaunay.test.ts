import { describe, expect, it } from 'vitest';
import { delaunay } from './delaunay.ts';

function area(points: [number, number][], [a, b, c]: [number, number, number]): number {
  const [ax, ay] = points[a]!;
  const [bx, by] = points[b]!;
  const [cx, cy] = points[c]!;
  return ((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) / 2;
}

describe('delaunay', () => {
  it('covers a square grid exactly, with consistently oriented triangles', () => {
    const points: [number, number][] = [];
    for (let y = 0; y <= 4; y++) for (let x = 0; x <= 5; x++) points.push([x * 10 + (y % 2) * 0.01, y * 10]);
    const triangles = delaunay(points);
    const total = triangles.reduce((s, t) => s + area(points, t), 0);
    expect(total).toBeCloseTo(50.01 * 40 - 0.01 * 20, 0);
    expect(triangles.every((t) => area(points, t) > 0)).toBe(true);
  });

  it('has no point inside any triangle circumcircle (the Delaunay property), on random points', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const points: [number, number][] = Array.from({ length: 120 }, () => [random() * 500, random() * 300]);
    const triangles = delaunay(points);
    expect(triangles.length).toBeGreaterThan(200);
    for (const [a, b, c] of triangles) {
      const [ax, ay] = points[a]!;
      const [bx, by] = points[b]!;
      const [cx, cy] = points[c]!;
      const d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
      const ox = ((ax * ax + ay * ay) * (by - cy) + (bx * bx + by * by) * (cy - ay) + (cx * cx + cy * cy) * (ay - by)) / d;
      const oy = ((ax * ax + ay * ay) * (cx - bx) + (bx * bx + by * by) * (ax - cx) + (cx * cx + cy * cy) * (bx - ax)) / d;
      const r2 = (ax - ox) ** 2 + (ay - oy) ** 2;
      for (let p = 0; p < points.length; p++) {
        if (p === a || p === b || p === c) continue;
        expect((points[p]![0] - ox) ** 2 + (points[p]![1] - oy) ** 2).toBeGreaterThan(r2 * (1 - 1e-9));
      }
    }
  });
});
