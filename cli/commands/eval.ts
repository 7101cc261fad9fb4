import type { EvalResult } from '../../src/pipeline/automation-contract.ts';
import { aggregate, withoutPerFrame, type SequenceSummary } from '../../src/core/quality/summary.ts';
import { parseCommandArgs, parseInteger, parseNumber, parseSeconds } from '../args.ts';
import { builtinDriverIds, parseDriverList } from '../drivers.ts';
import { appResponds, prepareInputs, shortError, TimeoutError, withTimeout } from '../inputs.ts';
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
  });
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
  };
}

// ---------------------------------------------------------------------------------------------
// Targets of the issue, checked on the pooled total.

export type PrintedSummary = Omit<SequenceSummary, 'perFrame'>;

export interface Target {
  label: string;
  max: number;
  value(s: PrintedSummary): number | undefined;
  digits: number;
}

export const TARGETS: readonly Target[] = [
  { label: 'nme median', max: 0.02, value: (s) => s.nme.median, digits: 4 },
  { label: 'nme p95', max: 0.04, value: (s) => s.nme.p95, digits: 4 },
  { label: 'transfer eyes (median)', max: 0.4, value: (s) => s.transfer.eyes, digits: 3 },
  { label: 'transfer mouth (median)', max: 0.3, value: (s) => s.transfer.mouth, digits: 3 },
  { label: 'transfer contour (median)', max: 0.3, value: (s) => s.transfer.contour, digits: 3 },
  { label: 'background median (0-255)', max: 1.0, value: (s) => s.background?.median, digits: 2 },
  { label: 'jitter median (IOD)', max: 0.01, value: (s) => s.jitter.median, digits: 4 },
];

export type Verdict = 'ok' | 'OVER' | 'n/a';

export function verdict(target: Target, summary: PrintedSummary): Verdict {
  const v = target.value(summary);
  if (v === undefined || !Number.isFinite(v)) return 'n/a';
  // A hair of tolerance, so that 0.1 + 0.2 counts as 0.3.
  return v <= target.max * (1 + 1e-9) ? 'ok' : 'OVER';
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
];

/** The human report: per photo one row per face x driver and the photo's pooled row, the total, the targets. */
export function formatEval(json: EvalJson): string {
  const rows: (string[] | string)[] = [];
  const row = (label: string, s: PrintedSummary) => [label, ...COLUMNS.map((c) => c.cell(s))];
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

  if (json.total) {
    lines.push('', 'Targets (on the total):');
    const w = Math.max(...TARGETS.map((t) => t.label.length));
    for (const t of TARGETS) {
      const value = num(t.value(json.total), t.digits).padStart(7);
      lines.push(`  ${t.label.padEnd(w)}  ${value}  <= ${String(t.max).padEnd(4)}  ${verdict(t, json.total)}`);
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
  help: `Usage: kinora eval [--drivers a,b] [--size PX] [--intensity X] [--json] [--timeout S]
                   [--verbose] [--webgpu] <image...>

For each photo, animates every face large enough to animate with each driver, runs the app's
own face detector on every rendered frame and measures how well the motion came through:
nme (landmark error / inter-ocular distance), transfer (how much of the asked-for motion the
detector sees: 0 = all, 1 = none) over the whole face and per region, gain, background change
outside the face (0-255), jitter, the loop seam, and frames where no face was found.
Slow: every frame is detected again. Runs the built app in headless Chromium on this
machine; nothing is uploaded.

Options:
  -d, --drivers a,b   drivers to run, comma-separated (default: all: ${builtinDriverIds().join(',')});
                      see \`kinora drivers\`
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
  -h, --help          show this help

The table has one row per face x driver, one pooled row per photo (with more than one
sequence) and a TOTAL row pooled over everything (medians of all the frames' values, not
medians of medians). Columns: NME MED/P95, TRANSFER median (whole face), EYES / MOUTH /
CONTOUR transfer medians, GAIN, BG MED (background median), JIT MED/P95, SEAM MEAN/MAX (jitter
across the loop seam), NO FACE (frames without a detected face / frames).
The total is then checked against the targets and marked ok or OVER:
${TARGETS.map((t) => `  ${t.label.padEnd(27)} <= ${t.max}`).join('\n')}

Examples:
  kinora eval photo.jpg
  kinora eval --drivers blink,smile scans/*.jpg
  kinora eval --json --drivers turn old.png | tail -1 | jq .total.nme

Exit codes: 0 at least one sequence was measured; 1 none was (every photo failed or had no
face large enough), unknown driver, no build (run \`npm run build\`), or Chromium/the app did
not start; 2 usage error; 130 interrupted.`,

  async run(args, ctx) {
    const options = parseEvalArgs(args);
    const drivers = options.drivers === undefined ? builtinDriverIds() : parseDriverList(options.drivers);
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
          [input.url, input.name, { drivers, size: options.size, intensity: options.intensity, glasses: options.glasses }] as const,
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
