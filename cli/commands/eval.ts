import { AUTO_DRIVER, type EvalResult } from '../../src/pipeline/automation-contract.ts';
import { aggregate, withoutPerFrame, type SequenceSummary } from '../../src/core/quality/summary.ts';
import { parseCommandArgs, parseInteger, parseNumber, parseSeconds } from '../args.ts';
import { builtinDriverIds, parseDriverList } from '../drivers.ts';
import { appResponds, prepareInputs, shortError, TimeoutError, withTimeout } from '../inputs.ts';
import { addJudgeRoutes } from '../judge-assets.ts';
import { requireDist } from '../paths.ts';
import { InterruptedError, startAppSession, type AppSession } from '../session.ts';
import { DEFAULT_SIZE, INTENSITY_RANGE, SIZE_RANGE } from './animate.ts';
import { EXIT, UsageError, type Command, type CommandContext } from './types.ts';

const DEFAULT_TIMEOUT_S = 600;

export interface EvalArgs {
  files: string[];
  /** Raw --drivers value (checked in run: an unknown id exits 1); undefined = all built-in drivers. */
  drivers?: string;
  size: number;
  intensity: number;
  glasses: boolean;
  json: boolean;
  timeoutMs: number;
  verbose: boolean;
  webgpu: boolean;
  /** Run the independent judge (face-api) on the frames; --no-judge skips it. */
  judge: boolean;
  /** 'all': every face animated together, each measured in the group render. */
  faces: 'each' | 'all';
}

export function parseEvalArgs(args: string[]): EvalArgs {
  const { values, positionals } = parseCommandArgs('eval', args, {
    drivers: { type: 'string', short: 'd' },
    size: { type: 'string' },
    intensity: { type: 'string' },
    glasses: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    webgpu: { type: 'boolean', default: false },
    'no-judge': { type: 'boolean', default: false },
    faces: { type: 'string' },
  });
  const faces = values.faces ?? 'each';
  if (faces !== 'each' && faces !== 'all') throw new UsageError(`--faces "${faces}": use each or all`, 'eval');
  if (positionals.length === 0) throw new UsageError('no image given', 'eval');
  if (values.drivers !== undefined && values.drivers.split(',').every((s) => s.trim() === '')) {
    throw new UsageError(`--drivers needs a comma-separated list of driver ids (${builtinDriverIds().join(',')})`, 'eval');
  }
  return {
    files: positionals,
    drivers: values.drivers,
    size: values.size === undefined ? DEFAULT_SIZE : parseInteger('eval', '--size', values.size, SIZE_RANGE[0], SIZE_RANGE[1]),
    intensity: values.intensity === undefined ? 1 : parseNumber('eval', '--intensity', values.intensity, INTENSITY_RANGE[0], INTENSITY_RANGE[1]),
    glasses: values.glasses === true,
    json: values.json,
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_S * 1000 : parseSeconds('eval', '--timeout', values.timeout),
    verbose: values.verbose,
    webgpu: values.webgpu,
    judge: !values['no-judge'],
    faces,
  };
}

// ---------------------------------------------------------------------------------------------
// Targets of the issue, checked on the pooled total.

export type PrintedSummary = Omit<SequenceSummary, 'perFrame'>;

export interface Target {
  label: string;
  /** The value must be at most `max` and/or at least `min`. */
  max?: number;
  min?: number;
  value(s: PrintedSummary): number | undefined;
  digits: number;
}

/** "<= 0.02" or ">= 0.25" (both when both are set). */
export function bound(target: Target): string {
  return [target.min !== undefined ? `>= ${target.min}` : '', target.max !== undefined ? `<= ${target.max}` : ''].filter(Boolean).join(', ');
}

/** The edge_steps goal (p95 of frame ÷ photo outline energy); see TARGETS. */
export const EDGE_STEPS_P95_MAX = 1.5;

export const TARGETS: readonly Target[] = [
  { label: 'nme median', max: 0.02, value: (s) => s.nme.median, digits: 4 },
  { label: 'nme p95', max: 0.04, value: (s) => s.nme.p95, digits: 4 },
  { label: 'transfer eyes (median)', max: 0.4, value: (s) => s.transfer.eyes, digits: 3 },
  { label: 'transfer mouth (median)', max: 0.3, value: (s) => s.transfer.mouth, digits: 3 },
  { label: 'transfer contour (median)', max: 0.3, value: (s) => s.transfer.contour, digits: 3 },
  { label: 'background median (0-255)', max: 1.0, value: (s) => s.background?.median, digits: 2 },
  { label: 'jitter median (IOD)', max: 0.01, value: (s) => s.jitter.median, digits: 4 },
  // The independent judge (issue 11; src/core/quality/judge.ts): medians over the sequences it could judge.
  { label: 'judge_blink median', max: 0.45, value: (s) => s.judge?.blink, digits: 3 },
  { label: 'judge_happy median', min: 0.25, value: (s) => s.judge?.happy, digits: 3 },
  { label: 'judge_identity max', max: 0.35, value: (s) => s.judge?.identityMax, digits: 3 },
  // Believability on pixels (issues 10, 11; src/core/quality/believability.ts, edge-steps.ts).
  { label: 'sharpness median', min: 0.9, value: (s) => s.sharpness?.median, digits: 3 },
  { label: 'sharpness p5', min: 0.75, value: (s) => s.sharpness?.p5, digits: 3 },
  { label: 'background_near median', max: 1.0, value: (s) => s.backgroundNear?.median, digits: 2 },
  { label: 'background_near p95', max: 2.5, value: (s) => s.backgroundNear?.p95, digits: 2 },
  { label: 'others_still max', max: 1.0, value: (s) => s.othersStill?.max, digits: 2 },
  // A stair-stepped outline scores ~8, a clean one ~1 (edge-steps.ts): 1.5 is steps along ~7 % of the outline.
  { label: 'edge_steps p95', max: EDGE_STEPS_P95_MAX, value: (s) => s.edgeSteps?.p95, digits: 2 },
  { label: 'gif_seam max (0-255)', max: 8, value: (s) => s.gifSeam, digits: 0 },
  { label: 'stillness', max: 0.05, value: (s) => s.stillness, digits: 3 },
];

/** OVER: above a `max`; UNDER: below a `min`. */
export type Verdict = 'ok' | 'OVER' | 'UNDER' | 'n/a';

export function verdict(target: Target, summary: PrintedSummary): Verdict {
  const v = target.value(summary);
  if (v === undefined || !Number.isFinite(v)) return 'n/a';
  // A hair of tolerance, so that 0.1 + 0.2 counts as 0.3.
  const tolerance = 1e-9 * Math.max(Math.abs(target.max ?? 0), Math.abs(target.min ?? 0));
  if (target.max !== undefined && v > target.max + tolerance) return 'OVER';
  if (target.min !== undefined && v < target.min - tolerance) return 'UNDER';
  return 'ok';
}

// ---------------------------------------------------------------------------------------------
// JSON

export interface EvalJson {
  photos: {
    file: string;
    error?: string;
    sequences: { face: number; driver: string; summary: PrintedSummary }[];
    /** Pooled over the photo's sequences; null when it has none (error, or no face large enough). */
    summary: PrintedSummary | null;
  }[];
  /** Pooled over every sequence of every photo; null when there is none. */
  total: PrintedSummary | null;
}

function pooled(summaries: readonly SequenceSummary[]): PrintedSummary | null {
  return summaries.length ? withoutPerFrame(aggregate(summaries)) : null;
}

export function evalJson(results: readonly EvalResult[]): EvalJson {
  return {
    photos: results.map((r) => ({
      file: r.file,
      ...(r.error !== undefined ? { error: r.error } : {}),
      sequences: r.sequences.map((s) => ({ face: s.face, driver: s.driver, summary: withoutPerFrame(s.summary) })),
      summary: pooled(r.sequences.map((s) => s.summary)),
    })),
    total: pooled(results.flatMap((r) => r.sequences.map((s) => s.summary))),
  };
}

/** JSON with undefined statistics (no frame to measure) written as null, so every key is present. */
export function stringifyEval(json: EvalJson): string {
  return JSON.stringify(json, (_key, value: unknown) => (value === undefined ? null : value));
}

// ---------------------------------------------------------------------------------------------
// Table

function num(v: number | undefined, digits: number): string {
  return v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits);
}

const COLUMNS: { title: string; cell(s: PrintedSummary): string }[] = [
  { title: 'NME MED', cell: (s) => num(s.nme.median, 4) },
  { title: 'NME P95', cell: (s) => num(s.nme.p95, 4) },
  { title: 'TRANSFER', cell: (s) => num(s.transfer.median, 3) },
  { title: 'EYES', cell: (s) => num(s.transfer.eyes, 3) },
  { title: 'MOUTH', cell: (s) => num(s.transfer.mouth, 3) },
  { title: 'CONTOUR', cell: (s) => num(s.transfer.contour, 3) },
  { title: 'GAIN', cell: (s) => num(s.transfer.gain, 2) },
  { title: 'BG MED', cell: (s) => num(s.background?.median, 2) },
  { title: 'JIT MED', cell: (s) => num(s.jitter.median, 4) },
  { title: 'JIT P95', cell: (s) => num(s.jitter.p95, 4) },
  { title: 'SEAM MEAN/MAX', cell: (s) => `${num(s.seam.mean, 4)}/${num(s.seam.max, 4)}` },
  { title: 'NO FACE', cell: (s) => `${s.framesWithoutFace}/${s.frames}` },
  // The independent judge (judge.ts); '-' where it did not run or the driver shows no such thing.
  { title: 'J BLINK', cell: (s) => num(s.judge?.blink, 2) },
  { title: 'J HAPPY', cell: (s) => num(s.judge?.happy, 2) },
  { title: 'J SURPR', cell: (s) => num(s.judge?.surprise, 2) },
  { title: 'J ID MAX', cell: (s) => num(s.judge?.identityMax, 2) },
];

/** Believability on pixels (issues 10, 11): a second table with the same rows. */
const PIXEL_COLUMNS: { title: string; cell(s: PrintedSummary): string }[] = [
  { title: 'SHARP MED/P5', cell: (s) => `${num(s.sharpness?.median, 2)}/${num(s.sharpness?.p5, 2)}` },
  { title: 'BG NEAR MED/P95', cell: (s) => `${num(s.backgroundNear?.median, 2)}/${num(s.backgroundNear?.p95, 2)}` },
  { title: 'OTHERS MED/MAX', cell: (s) => `${num(s.othersStill?.median, 2)}/${num(s.othersStill?.max, 2)}` },
  { title: 'EDGE MED/P95', cell: (s) => `${num(s.edgeSteps?.median, 2)}/${num(s.edgeSteps?.p95, 2)}` },
  { title: 'GIF SEAM', cell: (s) => num(s.gifSeam, 0) },
  { title: 'STILL', cell: (s) => num(s.stillness, 3) },
];

/** One table: a header of column titles, then rows (a label and a summary) and lines of text. */
function formatTable(columns: typeof COLUMNS, rows: readonly ([string, PrintedSummary] | string)[]): string[] {
  const cells = (label: string, s: PrintedSummary) => [label, ...columns.map((c) => c.cell(s))];
  const header = ['', ...columns.map((c) => c.title)];
  const table = rows.map((r) => (typeof r === 'string' ? r : cells(...r)));
  const tableRows = [header, ...table.filter((r): r is string[] => Array.isArray(r))];
  const widths = header.map((_, i) => Math.max(...tableRows.map((r) => r[i]!.length)));
  const format = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [format(header), ...table.map((r) => (typeof r === 'string' ? r : format(r)))];
}

/** The human report: per photo one row per face x driver and the photo's pooled row, the total, the targets. */
export function formatEval(json: EvalJson): string {
  const rows: (string[] | string)[] = [];
  // The same rows again for the second table (believability on pixels).
  const pixelRows: ([string, PrintedSummary] | string)[] = [];
  const row = (label: string, s: PrintedSummary) => {
    pixelRows.push([label, s]);
    return [label, ...COLUMNS.map((c) => c.cell(s))];
  };
  for (const photo of json.photos) {
    if (photo.error !== undefined) {
      rows.push(`${photo.file}  error: ${photo.error}`);
      continue;
    }
    if (photo.sequences.length === 0) {
      rows.push(`${photo.file}  no face large enough to animate`);
      continue;
    }
    rows.push(photo.file);
    pixelRows.push(photo.file);
    for (const s of photo.sequences) rows.push(row(`  face ${s.face} ${s.driver}`, s.summary));
    if (photo.summary && photo.sequences.length > 1) rows.push(row('  photo', photo.summary));
  }
  const n = json.photos.reduce((k, p) => k + p.sequences.length, 0);
  if (json.total) rows.push(row(`TOTAL (${n} sequence${n === 1 ? '' : 's'})`, json.total));

  const header = ['', ...COLUMNS.map((c) => c.title)];
  const tableRows = [header, ...rows.filter((r): r is string[] => Array.isArray(r))];
  const widths = header.map((_, i) => Math.max(...tableRows.map((r) => r[i]!.length)));
  const format = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const lines = [format(header)];
  for (const r of rows) lines.push(typeof r === 'string' ? r : format(r));
  if (pixelRows.some((r) => typeof r !== 'string')) lines.push('', 'Believability (pixels):', ...formatTable(PIXEL_COLUMNS, pixelRows));

  if (json.total) {
    lines.push('', 'Targets (on the total):');
    const w = Math.max(...TARGETS.map((t) => t.label.length));
    for (const t of TARGETS) {
      const value = num(t.value(json.total), t.digits).padStart(7);
      lines.push(`  ${t.label.padEnd(w)}  ${value}  ${bound(t).padEnd(7)}  ${verdict(t, json.total)}`);
    }
  } else {
    lines.push('', 'Nothing measured: no photo gave an animated face.');
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Measure motion fidelity and stability: animate every face with each driver and re-detect every frame',
  help: `Usage: kinora eval [--drivers a,b] [--faces each|all] [--size PX] [--intensity X] [--json]
                   [--timeout S] [--verbose] [--webgpu] [--no-judge] <image...>

For each photo, animates every face large enough to animate with each driver, runs the app's
own face detector on every rendered frame and measures how well the motion came through:
nme (landmark error / inter-ocular distance), transfer (how much of the asked-for motion the
detector sees: 0 = all, 1 = none) over the whole face and per region, gain, background change
outside the face (0-255), jitter, the loop seam, and frames where no face was found; and on
the pixels whether it looks real: sharpness, background near the head, other faces kept still,
stair steps along the face outline, the GIF's loop seam, and frames where nothing moves.
Slow: every frame is detected again. Runs the built app in headless Chromium on this
machine; nothing is uploaded.

Options:
  -d, --drivers a,b   drivers to run, comma-separated (default: all: ${builtinDriverIds().join(',')};
                      with --faces all: auto);
                      see \`kinora drivers\`; with --faces all, auto gives each face its own
  --faces each|all    each (default): every face animated on its own; all: every face animated
                      together in one render per driver, each face measured in it (its background
                      leaves out the other animated faces' surroundings)
  --size PX           long side of the animation (default ${DEFAULT_SIZE}, ${SIZE_RANGE[0]}-${SIZE_RANGE[1]})
  --intensity X       strength of the motion, ${INTENSITY_RANGE[0]}-${INTENSITY_RANGE[1]} (default 1)
  --glasses           the faces wear glasses: keep the frames rigid
  --json              the last line of stdout is one JSON object (the table goes to stderr):
                        { "photos": [{ "file", "error"?, "sequences": [{ "face", "driver",
                          "summary" }], "summary" }], "total": summary }
                      summaries are SequenceSummary without per-frame values; a statistic
                      with nothing to measure is null; "summary"/"total" are null when no
                      sequence was measured
  --timeout S         give up on one photo after S seconds (default ${DEFAULT_TIMEOUT_S}); the page is
                      reloaded and the next photo runs
  --verbose           forward the page's console errors and warnings to stderr
  --webgpu            start Chromium with --enable-unsafe-webgpu
  --no-judge          skip the independent judge, which is slow (~0.7 s per judged frame):
                      a second face model (@vladmandic/face-api, a dev dependency, served from
                      node_modules to the eval page only) looks at every 5th frame and the
                      peaks: judge_blink (its eye aspect ratio at the most-closed frame / the
                      photo's), judge_happy / judge_surprise (rise of its expression probability
                      from the photo to the smile or surprise peak, on photos below 0.5),
                      judge_identity (largest face-descriptor distance photo-frame)
  -h, --help          show this help

The table has one row per face x driver, one pooled row per photo (with more than one
sequence) and a TOTAL row pooled over everything (medians of all the frames' values, not
medians of medians). Columns: NME MED/P95, TRANSFER median (whole face), EYES / MOUTH /
CONTOUR transfer medians, GAIN, BG MED (background median), JIT MED/P95, SEAM MEAN/MAX (jitter
across the loop seam), NO FACE (frames without a detected face / frames).
The judge's columns (see --no-judge): J BLINK, J HAPPY, J SURPR (medians over the sequences
where defined), J ID MAX (the largest identity distance).
A second table, "Believability (pixels)", has the same rows (src/core/quality/believability.ts,
edge-steps.ts; '-' where not measured):
  SHARP MED/P5     sharpness: Laplacian variance of the luma in the face box (the target
                   landmarks' box) of each frame / the same in the photo (its source box):
                   median and 5th percentile; below 1 = softer than the photo
  BG NEAR MED/P95  background_near: mean change (0-255) of the background pixels (person mask
                   confidence < 0.5, and farther from the person than the head's landmarks
                   moved + 2 px) within one face-width of the face box; median and p95;
                   '-' without a person mask
  OTHERS MED/MAX   others_still: per frame the largest mean change (0-255) inside another
                   face's box (group photos); median and max
  EDGE MED/P95     edge_steps: tangential high-frequency energy ([1,-2,1] along the outline, a
                   +-3 px band) along the face oval of the target landmarks / the photo's along
                   the source's; ~1 = a clean outline, well above 1 = stair steps
  GIF SEAM         gif_seam: the largest channel difference (0-255) in the face box between
                   the last and first frames of the GIF made of the frames, as decoded
  STILL            stillness: fraction of frames whose largest target landmark motion since
                   the previous frame (the last before the first included) is below 0.1 % IOD
The total is then checked against the targets and marked ok, OVER or UNDER:
${TARGETS.map((t) => `  ${t.label.padEnd(27)} ${bound(t)}`).join('\n')}

Examples:
  kinora eval photo.jpg
  kinora eval --drivers blink,smile scans/*.jpg
  kinora eval --json --drivers turn old.png | tail -1 | jq .total.nme

Exit codes: 0 at least one sequence was measured; 1 none was (every photo failed or had no
face large enough), unknown driver, no build (run \`npm run build\`), or Chromium/the app did
not start; 2 usage error; 130 interrupted.`,

  async run(args, ctx) {
    const options = parseEvalArgs(args);
    const drivers = options.drivers === undefined ? (options.faces === 'all' ? [AUTO_DRIVER] : builtinDriverIds()) : parseDriverList(options.drivers);
    const dist = requireDist(ctx.env);
    const results = await evalFiles(options, drivers, ctx, dist);
    if (results === null) return EXIT.interrupted;
    const json = evalJson(results);
    const table = formatEval(json);
    if (options.json) {
      ctx.stderr.write(table);
      ctx.stdout.write(stringifyEval(json) + '\n');
    } else {
      ctx.stdout.write(table);
    }
    return json.total ? EXIT.ok : EXIT.failure;
  },
};

/** Runs window.kinora.evalUrl on each photo, sequentially in one page. Returns null when interrupted. */
async function evalFiles(options: EvalArgs, drivers: string[], ctx: CommandContext, dist: string): Promise<EvalResult[] | null> {
  const log = (line: string) => void ctx.stderr.write(line + '\n');
  const routes = new Map<string, string>();
  const inputs = await prepareInputs(options.files, ctx.cwd, routes, { photo: true });
  // The independent judge's files, served to this page only (cli/judge-assets.ts).
  const judged = options.judge ? addJudgeRoutes(routes) : undefined;
  if (typeof judged === 'string') log(`kinora eval: warning: the judge is skipped: ${judged}`);
  const judge = typeof judged === 'string' ? undefined : judged;
  const failed = (file: string, error: string): EvalResult => ({ file, error, sequences: [] });
  if (inputs.every((input) => input.error)) return inputs.map((input) => failed(input.given, input.error!));

  let session: AppSession;
  try {
    session = await startAppSession({ dist, extraRoutes: routes, verbose: options.verbose, webgpu: options.webgpu, env: ctx.env, log, signal: ctx.signal });
  } catch (err) {
    if (err instanceof InterruptedError) return null;
    throw err;
  }

  const results: EvalResult[] = [];
  let broken: string | undefined;
  try {
    for (const [i, input] of inputs.entries()) {
      if (ctx.signal.aborted) return null;
      if (input.error || broken) {
        results.push(failed(input.given, input.error ?? broken!));
        continue;
      }
      const started = Date.now();
      log(`kinora eval: [${i + 1}/${inputs.length}] ${input.given}: ${drivers.join(', ')} ...`);
      try {
        const call = session.app.page.evaluate(
          ([url, name, opts]) => {
            const kinora = window.kinora;
            if (!kinora) throw new Error('window.kinora is missing');
            if (typeof kinora.evalUrl !== 'function') throw new Error('this build cannot evaluate (window.kinora.evalUrl is missing): run `npm run build`');
            return kinora.evalUrl(url, name, opts);
          },
          [input.url, input.name, { drivers, size: options.size, intensity: options.intensity, glasses: options.glasses, judge, faces: options.faces }] as const,
        );
        const result = await withTimeout(call, options.timeoutMs, `evaluating ${input.given}`);
        results.push({ ...result, file: input.given });
        const frames = result.sequences.reduce((n, s) => n + s.summary.frames, 0);
        const n = result.sequences.length;
        log(
          result.error !== undefined
            ? `  error: ${result.error}`
            : n === 0
              ? '  no face large enough to animate'
              : `  ${n} sequence${n === 1 ? '' : 's'}, ${frames} frames, ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
      } catch (err) {
        if (ctx.signal.aborted) return null;
        results.push(failed(input.given, shortError(err)));
        log(`  error: ${shortError(err)}`);
        if (err instanceof TimeoutError || !(await appResponds(session))) {
          log('kinora eval: reloading the app');
          try {
            await session.reopen();
          } catch (reopenErr) {
            if (ctx.signal.aborted) return null;
            broken = `not run: the app could not be reloaded (${shortError(reopenErr)})`;
            log(`kinora eval: ${broken}`);
          }
        }
      }
    }
  } finally {
    await session.close();
  }
  return ctx.signal.aborted ? null : results;
}
