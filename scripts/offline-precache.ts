/**
 * The build's offline cache: a vite plugin that builds src/offline/service-worker.ts as sw.js
 * and writes precache.json, the list of every built file the service worker caches on install
 * (ffmpeg's core excepted: it is large and only fetched when an MP4 is made).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';
import type { Precache } from '../src/offline/service-worker.ts';

const NOT_PRECACHED = [/^sw\.js$/, /^precache\.json$/, /^vendor\/ffmpeg\//, /\.map$/];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

export function precacheOf(outDir: string): Precache {
  const hash = createHash('sha256');
  const files = filesUnder(outDir)
    .map((file) => relative(outDir, file).split(sep).join('/'))
    .filter((file) => !NOT_PRECACHED.some((pattern) => pattern.test(file)))
    .sort();
  for (const file of files) hash.update(file).update(readFileSync(join(outDir, file)));
  return { version: hash.digest('hex').slice(0, 16), files };
}

export function offlinePrecache(): Plugin {
  let outDir = 'dist';
  return {
    name: 'kinora-offline-precache',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: 'src/offline/service-worker.ts', fileName: 'sw.js' });
    },
    closeBundle() {
      writeFileSync(join(outDir, 'precache.json'), JSON.stringify(precacheOf(outDir)));
    },
  };
}
