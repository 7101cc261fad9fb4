import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandContext } from './commands/types.ts';

/** A command context that records what a command prints (for the CLI's tests). */
export function recordingContext(options: { env?: NodeJS.ProcessEnv; cwd: string; signal?: AbortSignal }) {
  const out = { stdout: '', stderr: '' };
  const ctx: CommandContext = {
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => (out.stderr += s) },
    env: options.env ?? {},
    cwd: options.cwd,
    signal: options.signal ?? new AbortController().signal,
  };
  return { ctx, out };
}

/** A temporary folder holding a stand-in `dist/` (an index.html and nothing else). */
export async function temporaryDist(prefix: string): Promise<{ tmp: string; dist: string }> {
  const tmp = await mkdtemp(path.join(tmpdir(), prefix));
  const dist = path.join(tmp, 'dist');
  await mkdir(dist);
  await writeFile(path.join(dist, 'index.html'), '<!doctype html>');
  return { tmp, dist };
}
