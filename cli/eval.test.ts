import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalResult } from '../src/pipeline/automation-contract.ts';
import { poolJudge, type JudgeSummary } from '../src/core/quality/judge.ts';
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
      judge: true,
      faces: 'each',
    });
    expect(parseEvalArgs(['--no-judge', 'a.jpg']).judge).toBe(false);
    expect(parseEvalArgs(['--faces', 'all', 'group.jpg']).faces).toBe('all');
    expect(() => parseEvalArgs(['--faces', 'some', 'group.jpg'])).toThrow(/--faces "some": use each or all/);
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
    expect(text).toMatch(/^\s+NME MED\s+NME P95\s+TRANSFER\s+EYES\s+MOUTH\s+CONTOUR\s+GAIN\s+BG MED\s+JIT MED\s+JIT P95\s+SEAM MEAN\/MAX\s+NO FACE\s+J BLINK\s+J HAPPY\s+J SURPR\s+J ID MAX$/m);
    expect(text).toMatch(/^ {2}face 1 blink\s+0\.0120\s+0\.0462\s+0\.200\s+0\.300\s+0\.100\s+0\.250\s+0\.90\s+0\.60\s+0\.0015\s+0\.0019\s+0\.0030\/0\.0030\s+0\/3\s+-\s+-\s+-\s+-$/m);
    expect(text).toMatch(/^ {2}photo\s+0\.0300/m);
    expect(text).toContain('empty.jpg  no face large enough to animate');
    expect(text).toContain('bad.jpg  error: This photo file is damaged');
    expect(text).toMatch(/^TOTAL \(2 sequences\)\s+0\.0300.*1\/7\s+-\s+-\s+-\s+-$/m);
    expect(text).toMatch(/nme median\s+0\.0300\s+<= 0\.02\s+OVER/);
    expect(text).toMatch(/nme p95\s+0\.0450\s+<= 0\.04\s+OVER/);
    expect(text).toMatch(/transfer eyes \(median\)\s+0\.450\s+<= 0\.4\s+OVER/);
    expect(text).toMatch(/transfer mouth \(median\)\s+0\.300\s+<= 0\.3\s+ok/);
    expect(text).toMatch(/background median \(0-255\)\s+0\.70\s+<= 1\s+ok/);
    expect(text).toMatch(/jitter median \(IOD\)\s+0\.0020\s+<= 0\.01\s+ok/);
  });

  it('the targets are the issue\'s', () => {
    expect(TARGETS.map((t) => [t.label, t.max, t.min])).toEqual([
      ['nme median', 0.02, undefined],
      ['nme p95', 0.04, undefined],
      ['transfer eyes (median)', 0.4, undefined],
      ['transfer mouth (median)', 0.3, undefined],
      ['transfer contour (median)', 0.3, undefined],
      ['background median (0-255)', 1, undefined],
      ['jitter median (IOD)', 0.01, undefined],
      ['judge_blink median', 0.45, undefined],
      ['judge_happy median', undefined, 0.25],
      ['judge_identity max', 0.35, undefined],
      ['sharpness median', undefined, 0.9],
      ['sharpness p5', undefined, 0.75],
      ['background_near median', 1, undefined],
      ['background_near p95', 2.5, undefined],
      ['others_still max', 1, undefined],
      ['edge_steps p95', 1.5, undefined],
      ['gif_seam max (0-255)', 8, undefined],
      ['stillness', 0.05, undefined],
    ]);
    const empty = summary({}, 0, 0, false);
    expect(TARGETS.map((t) => verdict(t, empty))).toEqual(TARGETS.map(() => 'n/a'));
  });

  it('the judge: its columns, pooled over the sequences it judged, and its targets (UNDER a minimum)', () => {
    /** A one-sequence judge summary. */
    const judge = (blink: number | undefined, happy: number | undefined, identity: number): JudgeSummary =>
      poolJudge([
        {
          sequences: 1,
          frames: 20,
          blink,
          happy,
          surprise: undefined,
          identity,
          identityMax: identity,
          photoHappy: 0.1,
          values: { blink: blink === undefined ? [] : [blink], happy: happy === undefined ? [] : [happy], surprise: [], identity: [identity], photoHappy: [0.1] },
        },
      ])!;
    const judged: EvalResult[] = [
      {
        file: 'one.jpg',
        sequences: [
          { face: 1, driver: 'blink', summary: { ...good, judge: judge(0.3, undefined, 0.2) } },
          { face: 1, driver: 'smile', summary: { ...noisy, judge: judge(0.5, 0.1, 0.4) } },
        ],
      },
    ];
    const json = evalJson(judged);
    expect(json.total!.judge).toMatchObject({ sequences: 2, frames: 40, blink: 0.4, happy: 0.1, identityMax: 0.4 });
    const text = formatEval(json);
    expect(text).toMatch(/^ {2}face 1 blink\s.*\s0\/3\s+0\.30\s+-\s+-\s+0\.20$/m);
    expect(text).toMatch(/judge_blink median\s+0\.400\s+<= 0\.45\s+ok/);
    expect(text).toMatch(/judge_happy median\s+0\.100\s+>= 0\.25\s+UNDER/);
    expect(text).toMatch(/judge_identity max\s+0\.400\s+<= 0\.35\s+OVER/);
  });

  it('believability (pixels): a second table with the same rows, JSON keys, targets', () => {
    const pixels = (values: Partial<PerFrameValues>, frames: number) => summary({ nme: [0.01], ...values }, frames);
    const a = pixels({ sharpness: [1, 0.8, 0.6], backgroundNear: [0.5, 3], othersStill: [0.2, 1.5], edgeSteps: [1, 1.2, 2], gifSeam: [3], still: [1, 0, 0] }, 3);
    const b = pixels({ sharpness: [0.95], edgeSteps: [1.1], gifSeam: [12], still: [0] }, 1);
    const json = evalJson([{ file: 'group.jpg', sequences: [{ face: 1, driver: 'turn', summary: a }, { face: 2, driver: 'turn', summary: b }] }]);
    const total = JSON.parse(stringifyEval(json)).total as Record<string, unknown>;
    const close = (value: unknown, expected: Record<string, number>) => {
      for (const [k, v] of Object.entries(expected)) expect((value as Record<string, number>)[k]).toBeCloseTo(v, 12);
    };
    close(total.sharpness, { median: 0.875, p5: 0.6 + 0.15 * 0.2 });
    close(total.backgroundNear, { median: 1.75, p95: 0.5 + 0.95 * 2.5 });
    close(total.othersStill, { median: 0.85, max: 1.5 });
    expect(total.gifSeam).toBe(12);
    expect(total.stillness).toBe(0.25);
    expect(JSON.parse(stringifyEval(json)).photos[0].sequences[1].summary.backgroundNear).toEqual({ median: null, p95: null });
    const text = formatEval(json);
    expect(text).toMatch(/^Believability \(pixels\):\n\s+SHARP MED\/P5\s+BG NEAR MED\/P95\s+OTHERS MED\/MAX\s+EDGE MED\/P95\s+GIF SEAM\s+STILL\ngroup\.jpg$/m);
    expect(text).toMatch(/^ {2}face 1 turn\s+0\.80\/0\.62\s+1\.75\/2\.88\s+0\.85\/1\.50\s+1\.20\/1\.92\s+3\s+0\.333$/m);
    expect(text).toMatch(/^ {2}face 2 turn\s+0\.95\/0\.95\s+-\/-\s+-\/-\s+1\.10\/1\.10\s+12\s+0\.000$/m);
    expect(text).toMatch(/sharpness median\s+0\.875\s+>= 0\.9\s+UNDER/);
    expect(text).toMatch(/background_near p95\s+2\.88\s+<= 2\.5\s+OVER/);
    expect(text).toMatch(/others_still max\s+1\.50\s+<= 1\s+OVER/);
    expect(text).toMatch(/gif_seam max \(0-255\)\s+12\s+<= 8\s+OVER/);
    expect(text).toMatch(/stillness\s+0\.250\s+<= 0\.05\s+OVER/);
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
