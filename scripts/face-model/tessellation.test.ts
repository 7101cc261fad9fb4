import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tessellationModule, tessellationTriangles } from './tessellation.ts';

describe('face tessellation', () => {
  it('is the committed module, regenerated from the package (it cannot drift)', () => {
    const committed = readFileSync(new URL('../../src/core/face/tessellation.ts', import.meta.url), 'utf8');
    expect(committed).toBe(tessellationModule());
  });

  it('has 852 triangles over the 468 mesh landmarks, each edge shared by at most two', () => {
    const triangles = tessellationTriangles();
    expect(triangles).toHaveLength(852);
    const edges = new Map<string, number>();
    for (const t of triangles) {
      expect(new Set(t).size).toBe(3);
      for (const i of t) expect(i).toBeLessThan(468);
      for (let k = 0; k < 3; k++) {
        const a = Math.min(t[k]!, t[(k + 1) % 3]!);
        const b = Math.max(t[k]!, t[(k + 1) % 3]!);
        edges.set(`${a}-${b}`, (edges.get(`${a}-${b}`) ?? 0) + 1);
      }
    }
    expect(Math.max(...edges.values())).toBe(2);
  });
});
