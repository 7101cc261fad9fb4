/**
 * `npm run bench` / `npm run bench -- --json`: measures the built app (dist/) once and prints
 * the medians next to their targets. Measures are registered in ./measures.ts.
 */
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUTO_DRIVER, type DetectTimings, type EndToEndTimings, type ExportTimings, type GeneratorTimings, type KinoraAutomation } from '../src/pipeline/automation-contract.ts';
import { parseCommandArgs, parseSeconds } from '../cli/args.ts';
import { EXIT, UsageError, type Output } from '../cli/commands/types.ts';
import { isMainModule, MissingBuildError, REPO_ROOT, requireDist } from '../cli/paths.ts';
import { InterruptedError, startAppSession, type AppSession } from '../cli/session.ts';
import { measureFirstScreen, measureLazyBytes, type FirstScreen } from './first-screen.ts';
import { imageSize } from './image-info.ts';
import { measures, type BenchContext, type Measure } from './measures.ts';
import { findDriver } from '../src/core/drivers/registry.ts';
import { parseDriver } from '../src/core/drivers/format.ts';
import { feedFrames, followingError, writeCameraFeed } from './live-feed.ts';
import { facesOnRevisit, firstFrameCold, firstFrameWarm, type UiBenchOptions } from './ui-timing.ts';

// A ~1 MP photo with one face, as the target is stated.
export const DEFAULT_PHOTO = 'e2e/fixtures/photos/painting_mona-lisa.jpg';
const DEFAULT_RUNS = 15;
const DEFAULT_TIMEOUT_S = 300;
// The generator bench: a 512x512 photo with one face, the smile driver, 30 frames at 512 px.
export const DEFAULT_GEN_PHOTO = 'e2e/fixtures/photos/pd_color_grace-hopper_glasses_elderly.jpg';
export const GEN_DRIVER = 'smile';
export const GEN_SIZE = 512;
// e2e_s: from the photo file to GIF bytes of a 10 s animation (the turn driver, looped).
export const E2E_SECONDS = 10;
export const E2E_DRIVER = 'turn';
// The group measures (gen_ms_5faces, e2e_5faces_s): six portraits, heads a face-width apart.
export const GROUP_PHOTO = 'e2e/fixtures/photos/made_group6_portrait-wall.jpg';
const DEFAULT_GEN_FRAMES = 30;
// Live mode: the fake camera shows this face nodding; live mode drives the generator photo's face with it.
export const LIVE_CAMERA_PHOTO = 'e2e/fixtures/photos/pd_color_astronaut-eileen-collins.png';
export const LIVE_DRIVER = 'nod-yes';
const LIVE_SECONDS = 10;
// The app's live size on a laptop's screen for the (square) generator photo: App.tsx's budget of 512x512 pixels.
const LIVE_SIZE = 512;
// The UI measures (first_frame_s, first_frame_cold_s, faces_s_revisit): runs of each.
const DEFAULT_UI_RUNS = 3;
/** enhance_ms: a face crop of this side, enhanced 4x, this many times after a warm-up. */
const ENHANCE_SIDE = 256;
const ENHANCE_RUNS = 3;

export const HELP = `Usage: npm run bench [-- options]      (or: tsx bench/main.ts [options])

Measures the built app in dist/ (it builds nothing: run \`npm run build\` first) and prints
each measure next to its target:

${measures.map((m) => `  ${m.key.padEnd(28)} ${m.description}${m.target !== undefined ? ` (target ${m.atLeast ? '>=' : '<='} ${m.target}${m.unit === 'ratio' ? '' : ` ${m.unit}`})` : ''}`).join('\n')}

detect_ms is the median of window.kinora.benchDetect(photo, runs).firstMs (to the first faces,
the whole-photo pass), detect_all_ms of its warmMs (the complete search); detect_cold_ms its
coldMs. first_frame_s, first_frame_cold_s and faces_s_revisit go through the page's UI (the
file input, the preview's data-frame, the faces listed; bench/ui-timing.ts) with the photo,
the generator photo opened first to warm the page; faces_s_revisit visits twice in a
persistent profile with the service worker, and times the second visit. First-screen JS = every <script type="module" src> and <link rel="modulepreload" href>
of dist/index.html, gzip level 9, summed. gen_ms and floor_ms are the medians of
window.kinora.benchGenerator(gen photo, { size: ${GEN_SIZE}, frames, driver: '${GEN_DRIVER}' }).genMs / .floorMs
(WASM, after warm-up, in the same run); gen_floor_ratio = gen_ms / floor_ms. enhance_ms is the
median of window.kinora.benchEnhance(gen photo, { side: ${ENHANCE_SIDE}, runs: ${ENHANCE_RUNS} }): a ${ENHANCE_SIDE} px square around
its first face, enhanced 4x in a worker of its own (WASM, after one warm-up run).

Options:
  --json         the last line of stdout is one JSON object: every measure key (null when it
                 failed), "photo", "runs", "generator" ({ photo, driver, frames, size,
                 backend }) and, if any, "errors" (the table goes to stderr)
  --runs N       warm detection runs (default ${DEFAULT_RUNS})
  --photo PATH   photo to detect on (default ${DEFAULT_PHOTO})
  --gen-photo PATH
                 photo whose first face the generator animates
                 (default ${DEFAULT_GEN_PHOTO})
  --group-photo PATH
                 photo whose faces (5 or more) the group measures animate together
                 (default ${GROUP_PHOTO})
  --gen-frames N frames the generator renders and times (default ${DEFAULT_GEN_FRAMES})
  --ui-runs N    runs of each UI measure (default ${DEFAULT_UI_RUNS})
  --timeout S    give up on the detection bench, and on the generator bench, after S seconds
                 each (default ${DEFAULT_TIMEOUT_S})
  --webgpu       start Chromium with --enable-unsafe-webgpu
  --only a,b     only these measures (keys as above)
  --strict       exit 1 when a measure is over its target
  --verbose      forward the page's console errors to stderr
  -h, --help     show this help

Environment: KINORA_DIST (built app folder), KINORA_CHROMIUM (Chromium executable).

Exit codes: 0 measured (targets are informative); 1 a measure failed, no build, or
--strict and a target missed; 2 usage error; 130 interrupted.`;

export interface PhotoInfo {
  /** As printed: relative to the repo when inside it. */
  path: string;
  abs: string;
  bytes: number;
  width: number | null;
  height: number | null;
}

async function photoInfo(abs: string): Promise<PhotoInfo> {
  const size = (await stat(abs)).size;
  const handle = await open(abs, 'r');
  let header: Buffer;
  try {
    header = Buffer.alloc(Math.min(size, 512 * 1024));
    await handle.read(header, 0, header.length, 0);
  } finally {
    await handle.close();
  }
  const dims = imageSize(header);
  const rel = path.relative(REPO_ROOT, abs);
  return {
    path: rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/'),
    abs,
    bytes: size,
    width: dims?.width ?? null,
    height: dims?.height ?? null,
  };
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

export interface MeasureResult {
  measure: Measure;
  value: number | null;
  error?: string;
}

function formatValue(value: number, unit: Measure['unit']): string {
  if (unit === 'ms') return `${value.toFixed(1)} ms`;
  if (unit === 'ratio') return value.toFixed(2);
  if (unit === 's') return `${value.toFixed(2)} s`;
  if (unit === 'dB') return `${value.toFixed(1)} dB`;
  if (unit === 'fps') return `${value.toFixed(1)} fps`;
  if (unit === 'deg') return `${value.toFixed(2)}°`;
  if (unit === '%') return `${value.toFixed(2)} %`;
  return value >= 10_240 ? `${value} B (${(value / 1024).toFixed(1)} KiB)` : `${value} B`;
}

/** The value is on the wrong side of its target (above a maximum, below a minimum). */
export function overTarget(r: MeasureResult): boolean {
  if (r.value === null || r.measure.target === undefined) return false;
  return r.measure.atLeast ? r.value < r.measure.target : r.value > r.measure.target;
}

export function formatTable(results: MeasureResult[]): string {
  const rows = results.map((r) => {
    const value = r.value === null ? 'FAILED' : formatValue(r.value, r.measure.unit);
    const unit = { ms: ' ms', s: ' s', bytes: ' B', ratio: '', dB: ' dB', fps: ' fps', deg: '°', '%': ' %' }[r.measure.unit];
    const target = r.measure.target === undefined ? '' : `target ${r.measure.atLeast ? '>=' : '<='} ${r.measure.target}${unit}`;
    const verdict = r.value === null ? r.error ?? '' : r.measure.target === undefined ? '' : overTarget(r) ? (r.measure.atLeast ? 'UNDER TARGET' : 'OVER TARGET') : 'ok';
    return [r.measure.key, value, target, verdict];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd()).join('\n') + '\n';
}

function round(value: number, unit: Measure['unit']): number {
  if (unit === 'ratio' || unit === 's' || unit === 'deg' || unit === '%') return Math.round(value * 100) / 100;
  return unit === 'ms' || unit === 'dB' || unit === 'fps' ? Math.round(value * 10) / 10 : Math.round(value);
}

export async function runBench(
  argv: string[],
  io: { stdout: Output; stderr: Output; env: NodeJS.ProcessEnv; cwd: string; signal: AbortSignal },
): Promise<number> {
  let values;
  try {
    if (argv.includes('-h') || argv.includes('--help')) {
      io.stdout.write(HELP + '\n');
      return EXIT.ok;
    }
    const parsed = parseCommandArgs('bench', argv, {
      json: { type: 'boolean', default: false },
      runs: { type: 'string' },
      photo: { type: 'string' },
      'gen-photo': { type: 'string' },
      'group-photo': { type: 'string' },
      only: { type: 'string' },
      'gen-frames': { type: 'string' },
      'ui-runs': { type: 'string' },
      timeout: { type: 'string' },
      webgpu: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    });
    if (parsed.positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    values = parsed.values;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`bench: ${err.message}\nRun \`npm run bench -- --help\` for usage.\n`);
    return EXIT.usage;
  }
  const only = values.only?.split(',').map((key) => key.trim()).filter(Boolean);
  const unknown = only?.filter((key) => !measures.some((m) => m.key === key));
  if (unknown?.length) {
    io.stderr.write(`bench: --only: no measure called ${unknown.join(', ')}\n`);
    return EXIT.usage;
  }
  const chosen = only ? measures.filter((m) => only.includes(m.key)) : measures;
  const runs = values.runs === undefined ? DEFAULT_RUNS : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    io.stderr.write(`bench: invalid --runs "${values.runs}" (expected an integer >= 1)\n`);
    return EXIT.usage;
  }
  const genFrames = values['gen-frames'] === undefined ? DEFAULT_GEN_FRAMES : Number(values['gen-frames']);
  if (!Number.isInteger(genFrames) || genFrames < 1) {
    io.stderr.write(`bench: invalid --gen-frames "${values['gen-frames']}" (expected an integer >= 1)\n`);
    return EXIT.usage;
  }
  const uiRuns = values['ui-runs'] === undefined ? DEFAULT_UI_RUNS : Number(values['ui-runs']);
  if (!Number.isInteger(uiRuns) || uiRuns < 1) {
    io.stderr.write(`bench: invalid --ui-runs "${values['ui-runs']}" (expected an integer >= 1)\n`);
    return EXIT.usage;
  }
  let timeoutMs: number;
  try {
    timeoutMs = values.timeout === undefined ? DEFAULT_TIMEOUT_S * 1000 : parseSeconds('bench', '--timeout', values.timeout);
  } catch (err) {
    io.stderr.write(`bench: ${(err as Error).message}\n`);
    return EXIT.usage;
  }

  let dist: string;
  try {
    dist = requireDist(io.env);
  } catch (err) {
    if (!(err instanceof MissingBuildError)) throw err;
    io.stderr.write(`bench: ${err.message}\n`);
    return EXIT.failure;
  }

  // Human-readable lines: stdout, or stderr with --json so that stdout is only the JSON.
  const out = values.json ? io.stderr : io.stdout;
  const log = (line: string) => void io.stderr.write(line + '\n');

  /** A photo option's file (the default from the repository, a given path from the working directory). */
  const loadPhoto = async (given: string | undefined, fallback: string, what: string): Promise<{ info: PhotoInfo | null; error?: string }> => {
    const abs = path.resolve(given === undefined ? REPO_ROOT : io.cwd, given ?? fallback);
    try {
      return { info: await photoInfo(abs) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { info: null, error: code === 'ENOENT' ? `${what} not found: ${abs}` : `cannot read ${abs}: ${(err as Error).message}` };
    }
  };
  const { info: photo, error: photoError } = await loadPhoto(values.photo, DEFAULT_PHOTO, 'bench photo');
  const { info: genPhoto, error: genPhotoError } = await loadPhoto(values['gen-photo'], DEFAULT_GEN_PHOTO, 'generator photo');
  const { info: groupPhoto, error: groupPhotoError } = await loadPhoto(values['group-photo'], GROUP_PHOTO, 'group photo');

  // One browser session for every measure that needs the app, started on first use.
  const routes = new Map<string, string>();
  const routeFor = (prefix: string, abs: string) => {
    const name = path.basename(abs);
    routes.set(`/${prefix}/${name}`, abs);
    return `/${prefix}/${encodeURIComponent(name)}`;
  };
  const photoUrl = photo ? routeFor('__bench', photo.abs) : undefined;
  const genPhotoUrl = genPhoto ? routeFor('__bench-gen', genPhoto.abs) : undefined;
  const groupPhotoUrl = groupPhoto ? routeFor('__bench-group', groupPhoto.abs) : undefined;
  let session: AppSession | undefined;
  const appSession = memo(async () =>
    (session = await startAppSession({
      dist,
      extraRoutes: routes,
      verbose: values.verbose,
      webgpu: values.webgpu,
      env: io.env,
      log,
      signal: io.signal,
    })),
  );
  const timed = async <T>(what: string, promise: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs / 1000} s`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  /** Calls one of the page's bench entry points, with this bench's timeout. */
  const callKinora = async <M extends 'benchDetect' | 'benchGenerator' | 'benchEndToEnd' | 'benchExport' | 'benchEnhance' | 'animateUrl' | 'benchLive'>(
    method: M,
    args: Parameters<KinoraAutomation[M]>,
    on: AppSession | undefined = undefined,
  ): Promise<Awaited<ReturnType<KinoraAutomation[M]>>> => {
    const { page } = (on ?? (await appSession())).app;
    const call = page.evaluate(
      ([name, values]) => {
        const kinora = window.kinora as unknown as Record<string, (...a: unknown[]) => unknown> | undefined;
        if (!kinora) throw new Error('window.kinora is missing');
        if (typeof kinora[name] !== 'function') throw new Error(`this build has no ${name}: run \`npm run build\``);
        return kinora[name]!(...values);
      },
      [method, args as unknown[]] as const,
    );
    return timed(method, call as Promise<Awaited<ReturnType<KinoraAutomation[M]>>>);
  };

  const uiOptions = async (): Promise<UiBenchOptions> => {
    if (!photo || photo.width === null || photo.height === null) throw new Error(photoError ?? `cannot read the size of ${photo?.path}`);
    if (!genPhoto || genPhoto.width === null || genPhoto.height === null) throw new Error(genPhotoError ?? `cannot read the size of ${genPhoto?.path}`);
    if (Math.abs(photo.width / photo.height / (genPhoto.width / genPhoto.height) - 1) < 0.05) {
      throw new Error('the photo and the generator photo have the same shape: the UI bench tells their frames apart by it');
    }
    const { browser, server } = await appSession();
    return {
      browser,
      appUrl: server.url,
      photo: { abs: photo.abs, width: photo.width, height: photo.height },
      warmUpPhoto: { abs: genPhoto.abs, width: genPhoto.width, height: genPhoto.height },
      runs: uiRuns,
      timeoutMs,
      env: io.env,
    };
  };

  /**
   * The group photo's measures, every face and the first alone, taken in turn (all, one, all, one)
   * so that a slower spell of the machine weighs on both alike; each pair's values pooled.
   */
  const inTurns = <T,>(measure: (faces: 'one' | 'all') => Promise<T>, pool: (a: T, b: T) => T) =>
    memo(async (): Promise<[T, T]> => {
      if (!groupPhotoUrl) throw new Error(groupPhotoError);
      const all1 = await measure('all');
      const one1 = await measure('one');
      const all2 = await measure('all');
      const one2 = await measure('one');
      return [pool(all1, all2), pool(one1, one2)];
    });
  // A whole loop of the driver: one face alone, and each face of the group, go through all of it.
  const groupRounds = inTurns(
    (faces) => callKinora('benchGenerator', [groupPhotoUrl!, { size: GEN_SIZE, frames: findDriver(GEN_DRIVER)!.frames.length, driver: GEN_DRIVER, faces }]),
    (a, b) => ({ ...a, genMs: [...a.genMs, ...b.genMs], floorMs: [...a.floorMs, ...b.floorMs] }),
  );
  const groupEndToEndRounds = inTurns(
    (face) => callKinora('benchEndToEnd', [groupPhotoUrl!, { seconds: E2E_SECONDS, size: GEN_SIZE, driver: AUTO_DRIVER, ...(face === 'all' ? { face } : {}) }]),
    // The faster of the two: the machine's own hiccups only ever add time.
    (a, b) => (a.seconds <= b.seconds ? a : b),
  );

  const ctx: BenchContext = {
    dist,
    runs,
    detectTimings: memo(async (): Promise<DetectTimings> => {
      if (!photo || !photoUrl) throw new Error(photoError);
      return callKinora('benchDetect', [photoUrl, runs]);
    }),
    generatorTimings: memo(async (): Promise<GeneratorTimings> => {
      if (!genPhoto || !genPhotoUrl) throw new Error(genPhotoError);
      return callKinora('benchGenerator', [genPhotoUrl, { size: GEN_SIZE, frames: genFrames, driver: GEN_DRIVER }]);
    }),
    endToEnd: memo(async (): Promise<EndToEndTimings> => {
      if (!genPhoto || !genPhotoUrl) throw new Error(genPhotoError);
      return callKinora('benchEndToEnd', [genPhotoUrl, { seconds: E2E_SECONDS, size: GEN_SIZE, driver: E2E_DRIVER }]);
    }),
    exportTimings: memo(async (): Promise<ExportTimings> => {
      if (!genPhoto || !genPhotoUrl) throw new Error(genPhotoError);
      return callKinora('benchExport', [genPhotoUrl, { seconds: E2E_SECONDS, size: GEN_SIZE, driver: E2E_DRIVER }]);
    }),
    groupGenerator: async (faces: 'one' | 'all') => (await groupRounds())[faces === 'all' ? 0 : 1],
    groupEndToEnd: async (face: 'one' | 'all') => (await groupEndToEndRounds())[face === 'all' ? 0 : 1],
    enhanceTimings: memo(async () => {
      if (!genPhoto || !genPhotoUrl) throw new Error(genPhotoError);
      return callKinora('benchEnhance', [genPhotoUrl, { side: ENHANCE_SIDE, runs: ENHANCE_RUNS }]);
    }),
    live: memo(async () => {
      if (!genPhotoUrl) throw new Error(genPhotoError);
      // The camera's face: a photo nodding, rendered by the app itself.
      const cameraUrl = routeFor('__bench-camera', path.join(REPO_ROOT, LIVE_CAMERA_PHOTO));
      const shown = await callKinora('animateUrl', [cameraUrl, 'camera', { driver: LIVE_DRIVER, size: 480, frames: true }]);
      const dir = await mkdtemp(path.join(tmpdir(), 'kinora-live-bench-'));
      let live: AppSession | undefined;
      try {
        const video = await writeCameraFeed(shown.frames ?? [], dir);
        live = await startAppSession({ dist, extraRoutes: routes, verbose: values.verbose, webgpu: values.webgpu, fakeCamera: { video }, env: io.env, log, signal: io.signal });
        const timings = await callKinora('benchLive', [genPhotoUrl, { seconds: LIVE_SECONDS, size: LIVE_SIZE }], live);
        const parsed = parseDriver(timings.takeJson);
        if (!parsed.ok) throw new Error(`benchLive's take is not a driver: ${parsed.errors.join('; ')}`);
        log(`live: ${timings.width}x${timings.height} px, ${timings.backend}, ${timings.painted} frames painted, ${timings.dropped} camera frames dropped`);
        return { timings, following: followingError(parsed.driver.frames, feedFrames(findDriver(LIVE_DRIVER)!)) };
      } finally {
        await live?.close();
        await rm(dir, { recursive: true, force: true });
      }
    }),
    firstFrameWarm: memo(async () => firstFrameWarm(await uiOptions())),
    firstFrameCold: memo(async () => firstFrameCold(await uiOptions())),
    facesOnRevisit: memo(async () => {
      const revisit = await facesOnRevisit(await uiOptions());
      log(
        `faces_s_revisit: ${revisit.modelRequests} requests for models and wasm on the second visits, ` +
          `${revisit.modelRequestsFromNetwork} of them to the server (the rest from the service worker's cache)`,
      );
      return revisit;
    }),
    firstScreen: memo((): Promise<FirstScreen> => measureFirstScreen(dist)),
    lazyBytes: memo(async () => (await measureLazyBytes(dist, await ctx.firstScreen())).bytes),
  };

  out.write(`Kinora bench - dist: ${dist}\n`);
  if (photo) {
    const dims = photo.width !== null ? `${photo.width}x${photo.height} px, ` : '';
    out.write(`photo: ${photo.path} (${dims}${(photo.bytes / 1024).toFixed(0)} KiB), ${runs} warm runs\n`);
  } else {
    out.write(`photo: ${photoError}\n`);
  }
  out.write(
    genPhoto
      ? `generator: ${genPhoto.path}, driver ${GEN_DRIVER}, ${genFrames} frames at ${GEN_SIZE} px, WASM\n\n`
      : `generator: ${genPhotoError}\n\n`,
  );

  const results: MeasureResult[] = [];
  try {
    for (const measure of chosen) {
      if (io.signal.aborted) break;
      try {
        results.push({ measure, value: round(await measure.run(ctx), measure.unit) });
      } catch (err) {
        if (io.signal.aborted || err instanceof InterruptedError) break;
        const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/^page\.evaluate:\s*(Error:\s*)?/, '');
        results.push({ measure, value: null, error: message });
      }
    }
  } finally {
    await (session as AppSession | undefined)?.close();
  }
  if (io.signal.aborted) return EXIT.interrupted;

  out.write(formatTable(results));
  const gen = results.some((r) => r.measure.key.startsWith('gen_') && r.value !== null) ? await ctx.generatorTimings().catch(() => null) : null;
  if (gen) {
    out.write(`\ngenerator: ${gen.backend} backend, ${gen.width}x${gen.height} px, ${gen.genMs.length} frames timed\n`);
    if (gen.backend !== 'wasm') out.write(`  warning: the generator ran on ${gen.backend}, not WASM: gen_ms is not comparable\n`);
  }
  const firstScreen = await ctx.firstScreen().catch(() => null);
  if (firstScreen) {
    out.write(`\nfirst-screen JS (gzip -9):\n`);
    for (const f of firstScreen.files) out.write(`  ${f.file}  ${f.gzipBytes} B (raw ${f.bytes} B)\n`);
    if (firstScreen.files.length === 0) out.write('  (none found in index.html)\n');
    for (const url of firstScreen.external) out.write(`  warning: index.html loads ${url} from another origin (not counted)\n`);
  }

  const failed = results.filter((r) => r.value === null);
  if (values.json) {
    const json: Record<string, unknown> = {};
    for (const r of results) json[r.measure.key] = r.value;
    json.photo = photo && { path: photo.path, width: photo.width, height: photo.height, bytes: photo.bytes };
    json.runs = runs;
    json.ui_runs = uiRuns;
    json.generator = genPhoto && { photo: genPhoto.path, driver: GEN_DRIVER, frames: genFrames, size: GEN_SIZE, backend: gen?.backend ?? null };
    if (failed.length) json.errors = Object.fromEntries(failed.map((r) => [r.measure.key, r.error]));
    io.stdout.write(JSON.stringify(json) + '\n');
  }
  if (failed.length) return EXIT.failure;
  if (values.strict && results.some(overTarget)) return EXIT.failure;
  return EXIT.ok;
}

if (isMainModule(import.meta.url)) {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(EXIT.interrupted);
    process.stderr.write('\nbench: interrupted, closing...\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await runBench(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // `npm run bench` runs in the package folder; INIT_CWD is where the user typed it.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    signal: controller.signal,
  });
  process.exitCode = code;
  setTimeout(() => process.exit(code), 3000).unref();
}
