/**
 * The independent judge of `kinora eval` (quality.md; src/pipeline/judge/face-api-judge.ts):
 * @vladmandic/face-api, a dev dependency whose npm package ships its ESM build and weights. They
 * are served to the eval page only, as extra routes of the static server at same-origin URLs
 * under /__judge/; nothing of face-api is in dist/ and no other host is ever asked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { JudgeAssets } from '../src/pipeline/automation-contract.ts';

export const JUDGE_PACKAGE = '@vladmandic/face-api';
export const JUDGE_ROUTE = '/__judge';
/** The nets the judge loads (weights manifests `<name>-weights_manifest.json` in the package's model/). */
export const JUDGE_MODELS = ['face_landmark_68_model', 'face_expression_model', 'face_recognition_model'] as const;

/** The package folder, or undefined when it is not installed. */
export function judgePackageDir(from: string = import.meta.url): string | undefined {
  try {
    return path.dirname(createRequire(from).resolve(`${JUDGE_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * Adds the judge's files to `routes` (URL path -> file): the ESM build and, per model, its
 * manifest and the weight shards it names. Returns the URLs for the page, or a sentence saying
 * why the judge cannot run.
 */
export function addJudgeRoutes(routes: Map<string, string>, packageDir = judgePackageDir()): JudgeAssets | string {
  if (!packageDir) return `${JUDGE_PACKAGE} is not installed (it is a dev dependency: npm install)`;
  const esm = path.join(packageDir, 'dist', 'face-api.esm.js');
  const files = new Map<string, string>([[`${JUDGE_ROUTE}/face-api.esm.js`, esm]]);
  try {
    if (!existsSync(esm)) throw new Error(`${esm} is missing`);
    for (const model of JUDGE_MODELS) {
      const manifest = path.join(packageDir, 'model', `${model}-weights_manifest.json`);
      const groups = JSON.parse(readFileSync(manifest, 'utf8')) as { paths: string[] }[];
      files.set(`${JUDGE_ROUTE}/model/${path.basename(manifest)}`, manifest);
      for (const shard of groups.flatMap((g) => g.paths)) files.set(`${JUDGE_ROUTE}/model/${shard}`, path.join(packageDir, 'model', shard));
    }
  } catch (err) {
    return `${JUDGE_PACKAGE} is incomplete (${err instanceof Error ? err.message : String(err)})`;
  }
  for (const [url, file] of files) routes.set(url, file);
  return { moduleUrl: `${JUDGE_ROUTE}/face-api.esm.js`, modelUrl: `${JUDGE_ROUTE}/model` };
}
