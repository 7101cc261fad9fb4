/**
 * What the photo commands (detect, animate, eval) share: checking input files in Node before
 * any browser work, exposing them to the page at same-origin URLs, and bounded page calls.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileSizeProblem } from '../src/core/image/limits.ts';
import { english } from '../src/i18n/english.ts';
import type { AppSession } from './session.ts';

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

export interface CheckOptions {
  /**
   * The file is a photo: one over the app's byte limit is refused here with the app's own
   * message (the page could not even fetch it), before it is served.
   */
  photo?: boolean;
}

/**
 * Checks that the file can be opened and read (open + 1-byte read), and for a photo that it is
 * within the app's size limit; returns the problem or undefined.
 */
export async function checkReadable(file: string, options: CheckOptions = {}): Promise<string | undefined> {
  try {
    const handle = await open(file, 'r');
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) return 'is a directory';
      if (!stat.isFile()) return 'not a regular file';
      if (options.photo) {
        const tooLarge = fileSizeProblem(stat.size);
        if (tooLarge) return english(tooLarge);
      }
      // An empty file is the app's to judge, so the CLI says what the app says.
      if (stat.size > 0) await handle.read(Buffer.alloc(1), 0, 1, 0);
    } finally {
      await handle.close();
    }
    return undefined;
  } catch (err) {
    return describeFsError(err);
  }
}

export interface Input {
  /** The path as given on the command line. */
  given: string;
  abs: string;
  name: string;
  /** Same-origin URL the page fetches it from. */
  url: string;
  /** Set when the file cannot be read: no browser work for it. */
  error?: string;
}

/**
 * Resolves and checks the files, and fills `routes` (for the static server) with the readable
 * ones at `/__inputs/<i>/<name>`. `options.photo`: they are photos (see CheckOptions).
 */
export async function prepareInputs(files: readonly string[], cwd: string, routes: Map<string, string>, options: CheckOptions = {}): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const [i, given] of files.entries()) {
    const abs = path.resolve(cwd, given);
    const name = path.basename(abs);
    const error = await checkReadable(abs, options);
    if (!error) routes.set(`/__inputs/${i}/${name}`, abs);
    inputs.push({ given, abs, name, url: `/__inputs/${i}/${encodeURIComponent(name)}`, error });
  }
  return inputs;
}

export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** First line of a Playwright/page error, without Playwright's "page.evaluate: " prefix. */
export function shortError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message
    .split('\n')[0]!
    .replace(/^page\.evaluate:\s*/, '')
    .replace(/^Error:\s*/, '');
}

/** True when the page still answers (after an error: was it a crash or a hang?). */
export async function appResponds(session: AppSession): Promise<boolean> {
  const probe = session.app.page.evaluate(() => typeof window.kinora?.detectUrl === 'function');
  return withTimeout(probe, 5000, 'probe').catch(() => false);
}
