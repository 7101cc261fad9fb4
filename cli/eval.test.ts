import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalResult } from '../src/pipeline/automation-contract.ts';
import { aggregate, type PerFrameValues, type SequenceSummary } from '../src/core/quality/summary.ts';
import { evalJson, formatEval, parseEvalArgs, stringifyEval, TARGETS, verdict, type EvalJson } from './commands/eval.ts';
import { EXIT, UsageError } from './commands/types.ts';
import { main } from './main.ts';
import { recordingContext, temporaryDist } from './test-support.ts';

let tmp: string;
let dist: string;
beforeAll(async () => {
  ({ tmp, dist } = await temporaryDist('kinora-eval-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const context = (env: NodeJS.ProcessEnv) => recordingContext({ env, cwd: tmp });

/** A one-sequence summary made from per-frame values (aggregate recomputes the statistics). */
function summary(values: Partial<PerFrameValues>, frames = 10, framesWithoutFace = 0, withBackground = true): SequenceSummary {
  const perFrame: PerFrameValues = { nme: [], transfer: [], eyes: [], mouth: [], contour: [], gain: [], jitter: [], seam: [], background: [], ...values };
  const base = aggregate([]);
  return aggregate([{ ...base, sequences: 1, frames, framesWithoutFace, perFrame, ...(withBackground ? { background: { median: 0, p95: 0, max: 0 } } : {}) }]);
}

describe('parseEvalArgs', () => {
  it('has defaults and reads every option', () => {
    expect(parseEvalArgs(['a.jpg', 'b.png'])).toEqual({
      files: ['a.jpg', 'b.png'],
      drivers: undefined,
      size: 512,
      intensity: 1,
      glasses: false,
      json: false,
      timeoutMs: 600_000,
      verbose: false,
      webgpu: false,
    });
    expect(parseEvalArgs(['--drivers', 'blink,smile', '--size', '256', '--intensity', '1.5', '--glasses', '--json', '--timeout', '90', 'a.jpg'])).toMatchObject({
      glasses: true,
      drivers: 'blink,smile',
      size: 256,
      intensity: 1.5,
      json: true,
      timeoutMs: 90_000,
    });
  });

  it.each([[[]], [['--drivers', ',', 'a.jpg']], [['--size', '0', 'a.jpg']], [['--json=yes', 'a.jpg']], [['--intensity', '-1', 'a.jpg']]])(
    '%j is a usage error',
    (argv) => {
      expect(() => parseEvalArgs(argv)).toThrow(UsageError);
    },
  );
});

describe('eval output', () => {
  const good = summary({ nme: [0.01, 0.012, 0.05], transfer: [0.2], eyes: [0.3], mouth: [0.1], contour: [0.25], gain: [0.9], jitter: [0.001, 0.002], seam: [0.003], background: [0.5, 0.7] }, 3);
  const noisy = summary({ nme: [0.03, 0.03, 0.03], transfer: [0.6], eyes: [0.6], mouth: [0.5], contour: [0.5], gain: [0.5], jitter: [0.02], seam: [0.02], background: [2] }, 4, 1);
  const results: EvalResult[] = [
    {
      file: 'one.jpg',
      sequences: [
        { face: 1, driver: 'blink', summary: good },
        { face: 1, driver: 'smile', summary: noisy },
      ],
    },
    { file: 'empty.jpg', sequences: [] },
    { file: 'bad.jpg', error: 'This photo file is damaged', sequences: [] },
  ];

  it('JSON: photos with sequences (no per-frame arrays), pooled summaries, null when nothing was measured', () => {
    const json = evalJson(results);
    expect(json.photos.map((p) => [p.file, p.error, p.sequences.length, p.summary === null])).toEqual([
      ['one.jpg', undefined, 2, false],
      ['empty.jpg', undefined, 0, true],
      ['bad.jpg', 'This photo file is damaged', 0, true],
    ]);
    const parsed = JSON.parse(stringifyEval(json)) as EvalJson;
    expect(parsed.photos[0]!.sequences[0]).toMatchObject({ face: 1, driver: 'blink', summary: { frames: 3, nme: { median: 0.012 } } });
    expect(JSON.stringify(parsed)).not.toContain('perFrame');
    // Pooled over frames, not medians of medians.
    expect(parsed.total!.nme.median).toBe(0.03);
    expect(parsed.total!.frames).toBe(7);
    expect(parsed.total!.framesWithoutFace).toBe(1);
    expect(parsed.total!.sequences).toBe(2);
    expect(evalJson([{ file: 'x', sequences: [] }]).total).toBeNull();
  });

  it('undefined statistics become null, so every key is there', () => {
    const json = evalJson([{ file: 'a', sequences: [{ face: 1, driver: 'blink', summary: summary({ nme: [0.01] }, 1, 0, false) }] }]);
    const parsed = JSON.parse(stringifyEval(json)) as { total: Record<string, Record<string, unknown>> };
    expect(parsed.total.transfer).toMatchObject({ mouth: null, eyes: null });
    expect(parsed.total.seam).toEqual({ mean: null, max: null });
  });

  it('the table has a row per sequence, the photo, errors, the total and the targets', () => {
    const text = formatEval(evalJson(results));
    expect(text).toMatch(/^\s+NME MED\s+NME P95\s+TRANSFER\s+EYES\s+MOUTH\s+CONTOUR\s+GAIN\s+BG MED\s+JIT MED\s+JIT P95\s+SEAM MEAN\/MAX\s+NO FACE$/m);
    expect(text).toMatch(/^ {2}face 1 blink\s+0\.0120\s+0\.0462\s+0\.200\s+0\.300\s+0\.100\s+0\.250\s+0\.90\s+0\.60\s+0\.0015\s+0\.0019\s+0\.0030\/0\.0030\s+0\/3$/m);
    expect(text).toMatch(/^ {2}photo\s+0\.0300/m);
    expect(text).toContain('empty.jpg  no face large enough to animate');
    expect(text).toContain('bad.jpg  error: This photo file is damaged');
    expect(text).toMatch(/^TOTAL \(2 sequences\)\s+0\.0300.*1\/7$/m);
    expect(text).toMatch(/nme median\s+0\.0300\s+<= 0\.02\s+OVER/);
    expect(text).toMatch(/nme p95\s+0\.0450\s+<= 0\.04\s+OVER/);
    expect(text).toMatch(/transfer eyes \(median\)\s+0\.450\s+<= 0\.4\s+OVER/);
    expect(text).toMatch(/transfer mouth \(median\)\s+0\.300\s+<= 0\.3\s+ok/);
    expect(text).toMatch(/background median \(0-255\)\s+0\.70\s+<= 1\s+ok/);
    expect(text).toMatch(/jitter median \(IOD\)\s+0\.0020\s+<= 0\.01\s+ok/);
  });

  it('the targets are the issue\'s', () => {
    expect(TARGETS.map((t) => [t.label, t.max])).toEqual([
      ['nme median', 0.02],
      ['nme p95', 0.04],
      ['transfer eyes (median)', 0.4],
      ['transfer mouth (median)', 0.3],
      ['transfer contour (median)', 0.3],
      ['background median (0-255)', 1],
      ['jitter median (IOD)', 0.01],
    ]);
    const empty = summary({}, 0, 0, false);
    expect(TARGETS.map((t) => verdict(t, empty))).toEqual(TARGETS.map(() => 'n/a'));
  });

  it('says so when nothing was measured', () => {
    expect(formatEval(evalJson([{ file: 'a.jpg', error: 'file not found', sequences: [] }]))).toContain('Nothing measured');
  });
});

describe('kinora eval without a browser', () => {
  it('unknown drivers exit 1', async () => {
    const { ctx, out } = context({ KINORA_DIST: dist });
    expect(await main(['eval', '--drivers', 'blink,wave', 'a.jpg'], ctx)).toBe(EXIT.failure);
    expect(out.stderr).toMatch(/unknown driver "wave"/);
  });

  it('unreadable photos: JSON on the last stdout line, exit 1', async () => {
    const { ctx, out } = context({ KINORA_DIST: dist });
    expect(await main(['eval', '--json', 'missing.jpg', tmp], ctx)).toBe(EXIT.failure);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!) as EvalJson;
    expect(json.photos.map((p) => p.error)).toEqual(['file not found', 'is a directory']);
    expect(json.total).toBeNull();
    expect(out.stderr).toContain('Nothing measured');
  });

  it('documents the targets', async () => {
    const { ctx, out } = context({});
    expect(await main(['eval', '--help'], ctx)).toBe(EXIT.ok);
    for (const t of TARGETS) expect(out.stdout).toContain(t.label);
    expect(out.stdout).toContain('--drivers');
  });
});
