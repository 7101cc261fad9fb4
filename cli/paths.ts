import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json), independent of the current directory. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The built site: `$KINORA_DIST` when set (relative to the current directory), else `<repo>/dist`. */
export function distDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.KINORA_DIST?.trim();
  return override ? path.resolve(override) : path.join(REPO_ROOT, 'dist');
}

export class MissingBuildError extends Error {
  constructor(readonly dist: string) {
    super(
      `No built app found: ${path.join(dist, 'index.html')} does not exist.\n` +
        `Build it first with:  npm run build\n` +
        `(or point KINORA_DIST at a folder that holds a build).`,
    );
    this.name = 'MissingBuildError';
  }
}

/** Returns the dist folder, or throws MissingBuildError when it holds no index.html. */
export function requireDist(env: NodeJS.ProcessEnv = process.env): string {
  const dist = distDir(env);
  if (!existsSync(path.join(dist, 'index.html'))) throw new MissingBuildError(dist);
  return dist;
}

/** True when the module with this `import.meta.url` is the script node/tsx was started with. */
export function isMainModule(importMetaUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  const self = fileURLToPath(importMetaUrl);
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(script) === real(self);
}
