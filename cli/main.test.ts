import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReports } from './commands/detect.ts';
import { commands } from './commands/index.ts';
import { EXIT } from './commands/types.ts';
import { main } from './main.ts';
import { recordingContext } from './test-support.ts';
import { REPO_ROOT } from './paths.ts';

const context = (env: NodeJS.ProcessEnv = {}, signal?: AbortSignal) => recordingContext({ env, cwd: REPO_ROOT, signal });

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'kinora-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('kinora help and usage errors', () => {
  it('documents every registered command and the exit codes', async () => {
    const { ctx, out } = context();
    expect(await main(['--help'], ctx)).toBe(EXIT.ok);
    for (const c of commands) expect(out.stdout).toMatch(new RegExp(`^  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(out.stdout).toMatch(/Exit codes/);
  });

  it('prints help on stderr and exits 2 without a command', async () => {
    const { ctx, out } = context();
    expect(await main([], ctx)).toBe(EXIT.usage);
    expect(out.stderr).toContain('Usage:');
    expect(out.stdout).toBe('');
  });

  it.each(commands.map((c) => c.name))('kinora %s --help', async (name) => {
    const { ctx, out } = context();
    expect(await main([name, '--help'], ctx)).toBe(EXIT.ok);
    expect(out.stdout).toContain(`Usage: kinora ${name}`);
    expect(out.stdout).toMatch(/Exit codes/);
    const viaHelp = context();
    expect(await main(['help', name], viaHelp.ctx)).toBe(EXIT.ok);
    expect(viaHelp.out.stdout).toBe(out.stdout);
  });

  it.each([
    [['frobnicate']],
    [['--frobnicate']],
    [['detect']],
    [['detect', '--bogus', 'a.jpg']],
    [['detect', '--timeout', 'soon', 'a.jpg']],
    [['serve', '--port', '99999']],
    [['serve', 'extra']],
    [['animate', 'a.jpg']],
    [['animate', 'a.jpg', '--driver', 'blink', '--size', 'x']],
    [['eval']],
    [['eval', '--drivers', '', 'a.jpg']],
    [['drivers', '--bogus']],
  ])('exits 2 on %j', async (argv) => {
    const { ctx, out } = context({ KINORA_DIST: tmp });
    expect(await main(argv, ctx)).toBe(EXIT.usage);
    expect(out.stderr).toMatch(/kinora/);
    expect(out.stdout).toBe('');
  });
});

describe('kinora detect without a usable build or inputs', () => {
  it('tells to run npm run build when dist/index.html is missing', async () => {
    const { ctx, out } = context({ KINORA_DIST: path.join(tmp, 'no-dist') });
    expect(await main(['detect', 'a.jpg'], ctx)).toBe(EXIT.failure);
    expect(out.stderr).toContain('npm run build');
    expect(out.stdout).toBe('');
  });

  it('reports unreadable files as errors in the JSON and exits 1 when all failed', async () => {
    const dist = path.join(tmp, 'dist');
    await mkdir(dist, { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<!doctype html>');
    const { ctx, out } = context({ KINORA_DIST: dist });
    const code = await main(['detect', '--json', 'nope/missing.jpg', tmp], ctx);
    expect(code).toBe(EXIT.failure);
    const reports = JSON.parse(out.stdout) as { file: string; error?: string; faces: unknown[] }[];
    expect(reports.map((r) => r.file)).toEqual(['nope/missing.jpg', tmp]);
    expect(reports[0]!.error).toBe('file not found');
    expect(reports[1]!.error).toBe('is a directory');
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('kinora serve', () => {
  it('serves KINORA_DIST until aborted', async () => {
    const dist = path.join(tmp, 'serve-dist');
    await mkdir(dist, { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>served</title>');
    const controller = new AbortController();
    const { ctx, out } = context({ KINORA_DIST: dist }, controller.signal);
    const running = main(['serve', '--port', '0'], ctx);
    await expect.poll(() => out.stdout).toMatch(/^Kinora is running at http:\/\/127\.0\.0\.1:\d+\/\n$/);
    const url = out.stdout.trim().split(' ').at(-1)!;
    const res = await fetch(url);
    expect(await res.text()).toContain('served');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    controller.abort();
    expect(await running).toBe(EXIT.ok);
  });
});

describe('formatReports', () => {
  it('prints one line per image and per face', () => {
    const text = formatReports([
      {
        file: 'a.jpg',
        width: 1600,
        height: 1200,
        faces: [
          { box: [10.4, 20.6, 300, 310], score: 0.987, landmarks: [] },
          { box: [1, 2, 30, 31], score: 0.5, landmarks: [], tooSmall: true },
        ],
      },
      { file: 'gone.jpg', width: 0, height: 0, faces: [], error: 'file not found' },
    ]);
    expect(text).toContain('a.jpg     1600x1200  2');
    expect(text).toMatch(/face 1: box 10,21 300x310\s+score 0\.99\n/);
    expect(text).toMatch(/face 2: box 1,2 30x31\s+score 0\.50  too small/);
    expect(text).toContain('gone.jpg  -          error: file not found');
    expect(text).toContain('2 images, 2 faces, 1 failed');
  });
});

describe('bin/kinora.mjs', () => {
  it('runs the TypeScript CLI through tsx', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'bin/kinora.mjs'), '--version']);
    expect(stdout).toMatch(/^kinora \d+\.\d+\.\d+/);
  });
});
