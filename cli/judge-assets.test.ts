import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addJudgeRoutes, JUDGE_MODELS, judgePackageDir } from './judge-assets.ts';

describe('the judge assets', () => {
  it('serves face-api\'s ESM build and the three models (manifest + shards) from the package, under /__judge/', () => {
    const routes = new Map<string, string>();
    const assets = addJudgeRoutes(routes);
    expect(assets).toEqual({ moduleUrl: '/__judge/face-api.esm.js', modelUrl: '/__judge/model' });
    expect(routes.get('/__judge/face-api.esm.js')).toMatch(/@vladmandic\/face-api\/dist\/face-api\.esm\.js$/);
    for (const model of JUDGE_MODELS) {
      expect(routes.has(`/__judge/model/${model}-weights_manifest.json`)).toBe(true);
      expect(routes.has(`/__judge/model/${model}.bin`)).toBe(true);
    }
    expect(routes.size).toBe(1 + 2 * JUDGE_MODELS.length);
    for (const file of routes.values()) expect(existsSync(file)).toBe(true);
  });

  it('says why when the package is missing, and adds no route', () => {
    const routes = new Map<string, string>();
    expect(addJudgeRoutes(routes, '/nonexistent/face-api')).toMatch(/incomplete/);
    expect(judgePackageDir('file:///nonexistent/x.js')).toBeUndefined();
    expect(routes.size).toBe(0);
  });
});
