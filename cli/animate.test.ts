import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnimateResult } from '../src/pipeline/automation-contract.ts';
import { formatAnimateSummary, parseAnimateArgs } from './commands/animate.ts';
import { EXIT, UsageError } from './commands/types.ts';
import { main } from './main.ts';
import { recordingContext, temporaryDist } from './test-support.ts';
import { frameFileName, reportJson, writeFrames, writeReport } from './report.ts';

let tmp: string;
let dist: string;
beforeAll(async () => {
  ({ tmp, dist } = await temporaryDist('kinora-animate-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const context = (env: NodeJS.ProcessEnv) => recordingContext({ env, cwd: tmp });

describe('parseAnimateArgs', () => {
  it('has defaults', () => {
    expect(parseAnimateArgs(['a.jpg', '--driver', 'blink'])).toEqual({
      image: 'a.jpg',
      driver: 'blink',
      face: undefined,
      size: 512,
      intensity: 1,
      glasses: false,
      enhance: 'off',
      frames: undefined,
      report: undefined,
      out: undefined,
      mark: true,
      timeoutMs: 600_000,
      verbose: false,
      webgpu: false,
    });
  });

  it('reads every option', () => {
    const args = parseAnimateArgs([
      '-d', 'smile', '--face', '2', '--size', '768', '--intensity', '0.5', '--frames', 'f', '--report', 'r.json',
      '-o', 'x.GIF', '--no-mark', '--timeout', '30', '--verbose', '--webgpu', '--enhance', 'auto', 'p.png',
    ]);
    expect(args).toMatchObject({ image: 'p.png', driver: 'smile', face: 2, size: 768, intensity: 0.5, enhance: 'auto', frames: 'f', report: 'r.json', out: 'x.GIF', mark: false, timeoutMs: 30_000, verbose: true, webgpu: true });
    expect(parseAnimateArgs(['-d', 'smile', '--out', 'a.mp4', 'p.png']).out).toBe('a.mp4');
  });

  it('animates everyone with --face all, each face its own motion unless one is named', () => {
    expect(parseAnimateArgs(['group.jpg', '--face', 'all'])).toMatchObject({ face: 'all', driver: 'auto' });
    expect(parseAnimateArgs(['group.jpg', '--face', 'ALL', '-d', 'nod-yes'])).toMatchObject({ face: 'all', driver: 'nod-yes' });
    expect(parseAnimateArgs(['p.jpg', '-d', 'auto'])).toMatchObject({ face: undefined, driver: 'auto' });
  });

  it.each([
    [[], /no image/],
    [['a.jpg'], /--driver is required: a built-in id/],
    [['a.jpg', 'b.jpg', '--driver', 'blink'], /one image at a time/],
    [['a.jpg', '--driver', 'blink', '--face', '0'], /--face/],
    [['a.jpg', '--driver', 'blink', '--face', '1.5'], /--face/],
    [['a.jpg', '--driver', 'blink', '--face', 'everyone'], /--face/],
    [['a.jpg', '--driver', 'blink', '--size', '20'], /--size/],
    [['a.jpg', '--driver', 'blink', '--size', 'big'], /--size/],
    [['a.jpg', '--driver', 'blink', '--intensity', '1.6'], /--intensity/],
    [['a.jpg', '--driver', 'blink', '--intensity', ''], /--intensity/],
    [['a.jpg', '--driver', 'blink', '--out', 'a.webp'], /must end in \.gif or \.mp4/],
    [['a.jpg', '--driver', 'blink', '--frames', ''], /--frames needs a path/],
    [['a.jpg', '--driver', 'blink', '--enhance', 'yes'], /--enhance "yes": use on, off or auto/],
    [['a.jpg', '--driver', 'blink', '--timeout', '-1'], /--timeout/],
    [['a.jpg', '--driver', 'blink', '--bogus'], /bogus/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseAnimateArgs(argv)).toThrow(UsageError);
    expect(() => parseAnimateArgs(argv)).toThrow(message);
  });
});

describe('kinora animate without a browser', () => {
  it.each([
    [['animate', 'a.jpg', '--driver', 'wave'], /unknown driver "wave": see `kinora drivers`/],
    [['animate', 'a.jpg', '--driver', 'moves/mine.json'], /cannot read the driver file moves\/mine\.json: ENOENT/],
    [['animate', 'missing.jpg', '--driver', 'blink'], /missing\.jpg: file not found/],
  ])('%j exits 1 with a clear message', async (argv, message) => {
    const { ctx, out } = context({ KINORA_DIST: dist });
    expect(await main(argv, ctx)).toBe(EXIT.failure);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe('');
  });

  it('exits 2 on usage errors, with a hint', async () => {
    const { ctx, out } = context({ KINORA_DIST: dist });
    expect(await main(['animate', 'a.jpg'], ctx)).toBe(EXIT.usage);
    expect(out.stderr).toContain('kinora animate --help');
  });

  it('refuses a malformed driver file with its precise errors', async () => {
    await writeFile(path.join(tmp, 'bad-driver.json'), JSON.stringify({ format: 'kinora-driver', version: 2 }));
    const { ctx, out } = context({ KINORA_DIST: dist });
    expect(await main(['animate', 'a.jpg', '--driver', 'bad-driver.json'], ctx)).toBe(EXIT.failure);
    expect(out.stderr).toMatch(/bad-driver\.json is not a valid driver file:[\s\S]*version 2 is not supported/);
  });

  it('documents the report format and the driver choices', async () => {
    const { ctx, out } = context({});
    expect(await main(['animate', '--help'], ctx)).toBe(EXIT.ok);
    for (const word of ['--driver', '--face', '--size', '--intensity', '--glasses', '--enhance', '--frames', '--report', '--out', 'driver file', '"targets"', 'Exit codes']) {
      expect(out.stdout).toContain(word);
    }
  });
});

function fakeResult(frames: number, width = 4, height = 3): AnimateResult {
  const points = (dx: number) => Array.from({ length: 478 }, (_, i): [number, number] => [i % width + dx, i % height]);
  return {
    report: {
      face: 2,
      driver: 'blink',
      fps: 25,
      width,
      height,
      backend: 'wasm',
      timings: { setupMs: 1, motionMs: 2, rasterMs: 3, fillMs: 4, synthesisMs: 5, frameMs: 41.25, totalMs: 3712 },
      source: points(0),
      targets: Array.from({ length: frames }, (_, f) => points(f / 10)),
      faces: [{ face: 2, driver: 'blink', phase: 0, source: points(0), targets: Array.from({ length: frames }, (_, f) => points(f / 10)) }],
    },
  };
}

describe('report and files', () => {
  it('the report has exactly the documented keys, in order', async () => {
    const result = fakeResult(3);
    const withExtra = { ...result.report, extra: true } as typeof result.report;
    expect(Object.keys(reportJson(withExtra))).toEqual(['driver', 'face', 'width', 'height', 'fps', 'backend', 'timings', 'source', 'targets', 'faces']);
    const file = path.join(tmp, 'out', 'r.json');
    await writeReport(file, result.report);
    const json = JSON.parse(await readFile(file, 'utf8')) as ReturnType<typeof reportJson>;
    expect(json.face).toBe(2);
    expect(json.source).toHaveLength(478);
    expect(json.targets).toHaveLength(3);
    expect(json.targets[2]![0]).toEqual([0.2, 0]);
    expect(json.timings.frameMs).toBe(41.25);
  });

  it('the summary is one line', () => {
    expect(formatAnimateSummary('p.jpg', fakeResult(90), undefined)).toBe('p.jpg: face 2, blink: 90 frames, 4x3 px, 25 fps, wasm, 41.3 ms/frame (total 3.7 s)\n');
    const exported = { base64: '', mimeType: 'video/mp4', extension: 'mp4', frames: 90, width: 510, height: 384, renderMs: 4100, encodeMs: 900, totalMs: 5230, faces: [1] };
    expect(formatAnimateSummary('p.jpg', undefined, exported)).toBe('p.jpg: face 1: 90 frames, 510x384 px, MP4 rendered in 4.1 s, file ready at 5.2 s\n');
    expect(formatAnimateSummary('p.jpg', undefined, { ...exported, faces: [1, 3] })).toBe('p.jpg: faces 1, 3: 90 frames, 510x384 px, MP4 rendered in 4.1 s, file ready at 5.2 s\n');
    const group = fakeResult(90);
    group.report.faces.push({ ...group.report.faces[0]!, face: 3, driver: 'listening' });
    expect(formatAnimateSummary('p.jpg', group, undefined)).toBe('p.jpg: faces 2 blink, 3 listening: 90 frames, 4x3 px, 25 fps, wasm, 41.3 ms/frame (total 3.7 s)\n');
  });

  it('frames are frame-0001.png, ...; older extra frames are reported, not deleted', async () => {
    expect([frameFileName(0), frameFileName(9999), frameFileName(10_000)]).toEqual(['frame-0001.png', 'frame-10000.png', 'frame-10001.png']);
    const dir = path.join(tmp, 'frames');
    // The page's PNG bytes are written as they come.
    const png = (v: number) => Buffer.from([0x89, 0x50, 0x4e, 0x47, v]).toString('base64');
    expect(await writeFrames(dir, [png(1), png(2), png(3)])).toEqual([]);
    expect(await writeFrames(dir, [png(4)])).toEqual(['frame-0002.png', 'frame-0003.png']);
    expect((await readdir(dir)).sort()).toEqual(['frame-0001.png', 'frame-0002.png', 'frame-0003.png']);
    expect(await readFile(path.join(dir, 'frame-0001.png'))).toEqual(Buffer.from(png(4), 'base64'));
  });
});
