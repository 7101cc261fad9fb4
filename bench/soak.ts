/**
 * `npm run soak`: many animations in a row in ONE page, through the app's UI as a user makes them,
 * and whether memory, workers, object URLs and ImageBitmaps stay flat. Not part of `npm test`.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page, type Worker } from 'playwright-core';
import { parseCommandArgs, parseInteger, parseSeconds } from '../cli/args.ts';
import { blockForeignRequests, chromiumArgs, chromiumExecutablePath } from '../cli/browser.ts';
import { EXIT, UsageError } from '../cli/commands/types.ts';
import { isMainModule, MissingBuildError, REPO_ROOT, requireDist } from '../cli/paths.ts';
import { startStaticServer } from '../cli/static-server.ts';
import { heapGrowth, heapSummary, type HeapGrowth, type HeapSummary } from './heap-diff.ts';
import { PROBE_SOURCE, type ProbeReading } from './soak-probe.ts';

const DEFAULT_COUNT = 100;
const DEFAULT_TIMEOUT_S = 240;
/** Every EXPORT_EVERY-th animation is saved as a file (GIF, then MP4, alternating). */
const EXPORT_EVERY = 10;
/** Readings are taken after every READ_EVERY-th animation. */
const READ_EVERY = 10;
/** The goal: at the end, the heap and the renderer's memory within this much of the first reading. */
const TOLERANCE = 0.1;

/** One-face photos from e2e/fixtures/photos, of different sizes and kinds. */
export const SOAK_PHOTOS = [
  'pd_color_grace-hopper_glasses_elderly.jpg',
  'old_bw_florence-kelley-three-quarter-view.jpg',
  'painting_mona-lisa.jpg',
  'pd_color_astronaut-eileen-collins.png',
  'painting_william-smith-oil-portrait.jpg',
  'old_bw_thoreau-1856-daguerreotype-beard.jpg',
  'lowres_color_obama-240p-letterboxed.jpg',
  'old_bw_glassplate-man-moustache-6035x8212.jpg',
].map((file) => path.join(REPO_ROOT, 'e2e', 'fixtures', 'photos', file));

export const HELP = `Usage: npm run soak [-- options]      (or: tsx bench/soak.ts [options])

Makes ${DEFAULT_COUNT} animations in a row in one page of the built app (dist/; run \`npm run build\`
first), through its UI: a new photo through the file input every 4th animation (one-face photos
from e2e/fixtures/photos, in turn), otherwise another motion chip or a new strength (the slider,
by keyboard); each waits for the preview's data-complete="true". Every ${EXPORT_EVERY}th animation
is saved ("Download", the file caught), GIF and MP4 in turn.

After every ${READ_EVERY}th animation is complete (before its file is made, so that no reading
has a file's export worker in it: after an MP4, ffmpeg's 33 workers live until the next
animation frees them), with garbage collected first (page and workers), it reads: the page's JS
heap (CDP Performance.getMetrics JSHeapUsedSize), the page's renderer's (the largest renderer) and the
GPU process's resident memory (/proc/<pid>/status VmRSS, pids from CDP SystemInfo.getProcessInfo), the live workers
(Playwright page.workers()), and, through a probe run in the page and in every worker
(bench/soak-probe.ts), the object URLs never revoked and the ImageBitmaps alive (not closed,
not transferred, not collected) with their pixel bytes.

The goal: the heap and the renderer's RSS at the end within ${TOLERANCE * 100} % of the first reading
(animation ${READ_EVERY}), and no more workers than then. The RSS is judged less the live
ImageBitmaps' pixels (the preview holds the current animation's frames: 115-260 MB, by motion
and photo); the raw growth is printed too.

Options:
  --count N      animations (default ${DEFAULT_COUNT}; at least ${READ_EVERY}: 20 is a quick check)
  --json         the last line of stdout is one JSON object (the table goes to stderr)
  --timeout S    give up on one animation or one file after S seconds (default ${DEFAULT_TIMEOUT_S})
  --heap-diff    take V8 heap snapshots of the page at the first and the last reading and print
                 the constructors that grew most (what a heap growth is made of)
  --verbose      forward the page's console errors and every step to stderr
  -h, --help     show this help

Environment: KINORA_DIST (built app folder), KINORA_CHROMIUM (Chromium executable).

Exit codes: 0 the goal met; 1 missed, the page crashed, an animation failed or no build;
2 usage error.`;

export interface Reading {
  animation: number;
  /** Seconds since the first animation started. */
  elapsedS: number;
  heapMB: number;
  /** The page's renderer process (the largest renderer; workers run in it too). */
  rendererRssMB: number | null;
  /** RSS of every renderer process, MB, largest first (the others are Chromium's spares). */
  renderers: number[];
  gpuRssMB: number | null;
  workers: number;
  workerUrls: string[];
  domNodes: number | null;
  /** Page + workers. */
  objectUrls: number;
  objectUrlMB: number;
  imageBitmaps: number;
  imageBitmapMB: number;
  /** Per context ("page", or the worker's script name): the probe's reading. */
  contexts: Record<string, ProbeReading | { error: string }>;
}

export interface SoakResult {
  count: number;
  completed: number;
  crashed: boolean;
  error?: string;
  /** The files made; `workersAfter`: live workers right after it (ffmpeg's stay until the next animation). */
  files: { animation: number; format: string; name: string; bytes: number; workersAfter: number }[];
  readings: Reading[];
  /** With --heap-diff: what grew in the page's heap from the first reading to the last (V8 snapshots). */
  heapGrowth?: HeapGrowth[];
  verdict: {
    heapGrowth: number | null;
    rssGrowth: number | null;
    /** The renderer's RSS less the live ImageBitmaps' pixels (the current animation's frames): what the goal is judged on. */
    rssNetGrowth: number | null;
    heapOk: boolean;
    rssOk: boolean;
    workersOk: boolean;
    ok: boolean;
  };
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function rssOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

interface ProcessInfo {
  type: string;
  id: number;
}

/** Renderer and GPU RSS: pids from CDP SystemInfo.getProcessInfo, falling back to /proc. */
async function processMemory(browserCdp: CDPSession): Promise<{ renderer: number | null; renderers: number[]; gpu: number | null }> {
  let processes: ProcessInfo[] = [];
  try {
    processes = ((await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] }).processInfo;
  } catch {
    processes = await processesFromProc();
  }
  const sizes = async (type: string) =>
    (await Promise.all(processes.filter((p) => p.type === type).map((p) => rssOf(p.id)))).filter((v): v is number => v !== null);
  // Chromium keeps a spare renderer or two (tens of MB): the page's is the largest by far.
  const renderers = (await sizes('renderer')).sort((a, b) => b - a);
  const gpu = [...(await sizes('GPU')), ...(await sizes('gpu-process'))];
  return { renderer: renderers[0] ?? null, renderers, gpu: gpu.length ? gpu.reduce((a, b) => a + b, 0) : null };
}

async function processesFromProc(): Promise<ProcessInfo[]> {
  const { readdir } = await import('node:fs/promises');
  const found: ProcessInfo[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
    if (type && /chrom/i.test(cmdline)) found.push({ type: type === 'gpu-process' ? 'GPU' : type, id: Number(entry) });
  }
  return found;
}

const workerName = (worker: Worker) => {
  const url = worker.url();
  if (url.startsWith('blob:')) return 'blob';
  return path.basename(new URL(url).pathname).replace(/-[\w-]{8}\.(m?js)$/, '');
};

/**
 * A worker blocked in a wait (onnxruntime's and ffmpeg's wasm threads sit in Atomics.wait) never
 * answers an evaluate: give up on it after a while.
 */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer (a blocked thread)')), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** GC in the page and every worker, then everything read. */
async function read(page: Page, cdp: CDPSession, browserCdp: CDPSession, animation: number, elapsedS: number): Promise<Reading> {
  const workers = page.workers();
  for (let i = 0; i < 2; i++) {
    await Promise.all(workers.map((w) => within(2000, w.evaluate('globalThis.gc && gc()')).catch(() => undefined)));
    await page.evaluate('globalThis.gc && gc()');
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const dom = await cdp.send('Memory.getDOMCounters').then((c) => c.nodes).catch(() => null);
  const contexts: Reading['contexts'] = {};
  const probe = async (name: string, run: () => Promise<unknown>) => {
    let key = name;
    for (let n = 2; key in contexts; n++) key = `${name}#${n}`;
    try {
      const reading = (await run()) as ProbeReading | undefined;
      contexts[key] = reading ?? { error: 'no probe' };
    } catch (err) {
      contexts[key] = { error: (err as Error).message.split('\n')[0]! };
    }
  };
  await probe('page', () => page.evaluate('globalThis.__soakProbe?.read()'));
  for (const worker of workers) await probe(workerName(worker), () => within(2000, worker.evaluate('globalThis.__soakProbe?.read()')));
  const readings = Object.values(contexts).filter((c): c is ProbeReading => !('error' in c));
  const memory = await processMemory(browserCdp);
  return {
    animation,
    elapsedS: Math.round(elapsedS),
    heapMB: mb(heap),
    rendererRssMB: memory.renderer === null ? null : mb(memory.renderer),
    renderers: memory.renderers.map(mb),
    gpuRssMB: memory.gpu === null ? null : mb(memory.gpu),
    workers: workers.length,
    workerUrls: workers.map(workerName),
    domNodes: dom,
    objectUrls: readings.reduce((s, r) => s + r.urls, 0),
    objectUrlMB: mb(readings.reduce((s, r) => s + r.urlBytes, 0)),
    imageBitmaps: readings.reduce((s, r) => s + r.bitmaps, 0),
    imageBitmapMB: mb(readings.reduce((s, r) => s + r.bitmapBytes, 0)),
    contexts,
  };
}

// Waits for "a new animation has completed": armed before the action, it notes when the preview's
// data-complete goes "false" (or a new preview canvas appears), then waits for "true".
const ARM_SOURCE = `(() => {
  const state = { fresh: false };
  window.__soakWatch?.observer.disconnect();
  const old = document.querySelector('[data-testid="preview"]');
  const check = () => {
    const preview = document.querySelector('[data-testid="preview"]');
    if (!preview) return;
    if (preview !== old || preview.getAttribute('data-complete') === 'false') state.fresh = true;
  };
  state.observer = new MutationObserver(check);
  state.observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-complete'] });
  window.__soakWatch = state;
})()`;
const DONE_SOURCE = `(() => {
  const state = window.__soakWatch;
  const preview = document.querySelector('[data-testid="preview"]');
  const error = document.querySelector('[data-testid="notice-error"]');
  if (error) return 'error: ' + error.textContent;
  return !!state && state.fresh && preview?.getAttribute('data-complete') === 'true' ? 'done' : false;
})()`;

async function waitForAnimation(page: Page, timeoutMs: number): Promise<void> {
  // Polled from here: the app's CSP forbids the string evaluation waitForFunction would use.
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const outcome = (await page.evaluate(DONE_SOURCE)) as string | false;
    if (outcome === 'done') return;
    if (outcome) throw new Error(`the app showed an error: ${outcome.slice(7)}`);
    if (performance.now() > deadline) throw new Error(`no complete animation within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Step = 'photo' | 'motion' | 'strength';
/** Animation n (1-based): a new photo every 4th, else a motion, a strength, a motion. */
export function stepFor(n: number): Step {
  return (['photo', 'motion', 'strength', 'motion'] as const)[(n - 1) % 4]!;
}

async function act(page: Page, n: number, log: (line: string) => void): Promise<string> {
  const step = stepFor(n);
  if (step === 'photo') {
    const photo = SOAK_PHOTOS[Math.floor((n - 1) / 4) % SOAK_PHOTOS.length]!;
    await page.getByTestId('file-input').setInputFiles(photo);
    return `photo ${path.basename(photo)}`;
  }
  await page.getByTestId('driver-picker').waitFor({ state: 'visible' });
  if (step === 'motion') {
    const chips = page.getByTestId('driver-picker').locator('button[aria-pressed="false"]');
    const count = await chips.count();
    // Animations 2, 4, 6, 8… are motions: they walk the gallery in order.
    const chip = chips.nth(Math.floor(n / 2) % count);
    const name = ((await chip.getAttribute('aria-label')) ?? (await chip.innerText())).split('\n')[0]!.trim();
    await chip.click();
    return `motion ${name}`;
  }
  const slider = page.getByTestId('intensity');
  await slider.focus();
  // Down twice, then up twice, in turn: every key press is a change (each restarts the render).
  const key = Math.floor(n / 4) % 2 ? 'ArrowRight' : 'ArrowLeft';
  await slider.press(key);
  await slider.press(key);
  const value = await slider.inputValue();
  log(`  strength ${value}`);
  return `strength ${Math.round(Number(value) * 100)}%`;
}

async function makeFile(page: Page, format: 'GIF' | 'MP4', timeoutMs: number): Promise<{ name: string; bytes: number }> {
  const panel = page.getByTestId('export');
  await panel.getByLabel(format, { exact: true }).check();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: timeoutMs }), page.getByTestId('export-make').click()]);
  const file = await download.path();
  const bytes = (await stat(file)).size;
  await download.delete();
  await page.getByTestId('export-make').waitFor({ state: 'visible', timeout: timeoutMs });
  return { name: download.suggestedFilename(), bytes };
}

export function verdict(readings: Reading[], count: number): SoakResult['verdict'] {
  const first = readings.find((r) => r.animation === READ_EVERY);
  const last = readings.find((r) => r.animation === count);
  const growth = (a: number | null | undefined, b: number | null | undefined) => (a && b !== null && b !== undefined ? b / a - 1 : null);
  const heapGrowth = growth(first?.heapMB, last?.heapMB);
  const rssGrowth = growth(first?.rendererRssMB, last?.rendererRssMB);
  const net = (r: Reading | undefined) => (r && r.rendererRssMB !== null ? r.rendererRssMB - r.imageBitmapMB : null);
  const rssNetGrowth = growth(net(first), net(last));
  const heapOk = heapGrowth !== null && heapGrowth <= TOLERANCE;
  // The preview's frames are the current animation's (a 250-frame motion at 640 px holds 260 MB,
  // a 110-frame one at 512 px 115 MB): they are taken out, so that readings of different photos
  // and motions compare.
  const rssOk = rssNetGrowth !== null && rssNetGrowth <= TOLERANCE;
  const workersOk = !!first && !!last && last.workers <= first.workers;
  return { heapGrowth, rssGrowth, rssNetGrowth, heapOk, rssOk, workersOk, ok: heapOk && rssOk && workersOk };
}

/** The animations the table shows: 10, the middle (50 of 100) and the last. */
export function tableRows(count: number): number[] {
  const middle = Math.max(READ_EVERY, Math.round(count / 2 / READ_EVERY) * READ_EVERY);
  return [...new Set([READ_EVERY, middle, count])].filter((n) => n <= count);
}

const fmt = (v: number | null, digits = 1) => (v === null ? '?' : v.toFixed(digits));
const pct = (v: number | null) => (v === null ? '?' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %`);

/** Per page/worker: what the probe found alive (bitmaps by where they were made and size). */
function describeContexts(r: Reading): string[] {
  const lines: string[] = [];
  const failed = new Map<string, number>();
  for (const [name, c] of Object.entries(r.contexts)) {
    if ('error' in c) {
      const key = `${name.replace(/#\d+$/, '')}: probe ${c.error}`;
      failed.set(key, (failed.get(key) ?? 0) + 1);
    } else {
      const by = Object.entries(c.bitmapsBy).map(([k, n]) => `${n}x ${k}`).join('; ');
      const urls = Object.entries(c.urlsBy).map(([k, n]) => `${n}x ${k}`).join('; ');
      const t = c.totals;
      lines.push(
        `${name}: ${c.bitmaps} ImageBitmaps${by ? ` [${by}]` : ''}, ${c.urls} object URLs${urls ? ` [${urls}]` : ''}` +
          ` (so far: ${t.bitmapsMade} made, ${t.bitmapsReceived} received, ${t.urlsMade} URLs made, ${t.urlsRevoked} revoked)`,
      );
    }
  }
  for (const [key, n] of failed) lines.push(n > 1 ? `${key} (x${n})` : key);
  return lines;
}

export function formatReport(result: SoakResult): string {
  const header = ['animation', 'heap MB', 'renderer RSS MB', 'less frames MB', 'GPU RSS MB', 'workers', 'object URLs', 'ImageBitmaps (MB)', 'DOM nodes'];
  const rows = tableRows(result.count)
    .map((n) => result.readings.find((r) => r.animation === n))
    .filter((r): r is Reading => !!r)
    .map((r) => [
      String(r.animation),
      fmt(r.heapMB),
      fmt(r.rendererRssMB),
      fmt(r.rendererRssMB === null ? null : r.rendererRssMB - r.imageBitmapMB),
      fmt(r.gpuRssMB),
      String(r.workers),
      `${r.objectUrls} (${fmt(r.objectUrlMB)} MB)`,
      `${r.imageBitmaps} (${fmt(r.imageBitmapMB)})`,
      r.domNodes === null ? '?' : String(r.domNodes),
    ]);
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) => row.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  const v = result.verdict;
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  lines.push('');
  lines.push(`${result.completed} of ${result.count} animations${result.crashed ? ' — THE PAGE CRASHED' : ''}${result.error ? ` — stopped: ${result.error}` : ''}`);
  lines.push(`files: ${result.files.map((f) => `#${f.animation} ${f.format} ${Math.round(f.bytes / 1024)} KB (then ${f.workersAfter} workers)`).join(', ') || 'none'}`);
  const last = result.readings.at(-1);
  if (last) {
    const named = new Map<string, number>();
    for (const name of last.workerUrls) named.set(name, (named.get(name) ?? 0) + 1);
    lines.push(`at #${last.animation}: workers ${[...named].map(([name, n]) => (n > 1 ? `${name} x${n}` : name)).join(', ') || 'none'}`);
    for (const detail of describeContexts(last)) lines.push(`  ${detail}`);
  }
  if (result.heapGrowth?.length) {
    lines.push(`page heap growth #${READ_EVERY} → #${result.count} (V8 snapshots, self size):`);
    for (const g of result.heapGrowth) lines.push(`  ${g.key}: ${g.count >= 0 ? '+' : ''}${g.count} objects, +${(g.bytes / 1024).toFixed(1)} KB`);
  }
  lines.push(`goal (vs #${READ_EVERY}, within ${TOLERANCE * 100} %): heap ${pct(v.heapGrowth)} ${mark(v.heapOk)}; renderer RSS ${pct(v.rssGrowth)}, less the live frames ${pct(v.rssNetGrowth)} ${mark(v.rssOk)}; workers ${mark(v.workersOk)}`);
  lines.push(v.ok && !result.crashed && result.completed === result.count ? 'verdict: ok' : 'verdict: MISSED');
  return lines.join('\n') + '\n';
}

export interface SoakOptions {
  browser: Browser;
  appUrl: string;
  count: number;
  timeoutMs: number;
  log: (line: string) => void;
  verbose: boolean;
  /** Heap snapshots at the first and last reading, diffed per constructor. */
  heapDiff?: boolean;
}

export async function soak(o: SoakOptions): Promise<SoakResult> {
  const context = await o.browser.newContext({ serviceWorkers: 'block', acceptDownloads: true });
  const result: SoakResult = { count: o.count, completed: 0, crashed: false, files: [], readings: [], verdict: verdict([], o.count) };
  try {
    await blockForeignRequests(context, o.appUrl, o.log);
    await context.addInitScript({ content: PROBE_SOURCE });
    // Workers: the probe goes in front of each worker's script as it is served.
    await context.route(/\/assets\/[^/]*worker[^/]*\.js(\?|$)/, async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      await route.fulfill({ response, body: `${PROBE_SOURCE}\n${body}` });
    });
    const page = await context.newPage();
    page.on('crash', () => {
      result.crashed = true;
      o.log('soak: THE PAGE CRASHED');
    });
    page.on('pageerror', (err) => o.log(`soak: [page] uncaught: ${err.message}`));
    if (o.verbose) page.on('console', (msg) => msg.type() === 'error' && o.log(`soak: [page error] ${msg.text()}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const browserCdp = await o.browser.newBrowserCDPSession();
    await page.goto(o.appUrl, { waitUntil: 'load', timeout: o.timeoutMs });
    await page.getByTestId('file-input').waitFor({ state: 'attached', timeout: o.timeoutMs });
    const started = performance.now();
    let firstHeap: HeapSummary | undefined;
    for (let n = 1; n <= o.count; n++) {
      const t0 = performance.now();
      await page.evaluate(ARM_SOURCE);
      const step = o.verbose ? o.log : () => undefined;
      const what = await act(page, n, step);
      step(`  #${n} ${what}: waiting for the animation`);
      await waitForAnimation(page, o.timeoutMs);
      let line = `soak: #${n} ${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`;
      result.completed = n;
      // Read with the animation complete and no file being made (the last file's export worker,
      // with ffmpeg's 33 workers after an MP4, is freed by the next animation): readings compare.
      if (n % READ_EVERY === 0 || n === o.count) {
        step(`  #${n}: reading`);
        const r = await read(page, cdp, browserCdp, n, (performance.now() - started) / 1000);
        result.readings.push(r);
        if (o.heapDiff && (n === READ_EVERY || n === o.count)) {
          const summary = await heapSummary(cdp);
          if (n === READ_EVERY) firstHeap = summary;
          if (n === o.count && firstHeap) result.heapGrowth = heapGrowth(firstHeap, summary);
        }
        line += `; heap ${r.heapMB} MB, renderer ${fmt(r.rendererRssMB)} MB, GPU ${fmt(r.gpuRssMB)} MB, ${r.workers} workers, ${r.objectUrls} URLs, ${r.imageBitmaps} bitmaps (${r.imageBitmapMB} MB), ${r.domNodes} nodes`;
      }
      if (n % EXPORT_EVERY === 0) {
        const format = (n / EXPORT_EVERY) % 2 ? 'GIF' : 'MP4';
        step(`  #${n}: making a ${format}`);
        const t1 = performance.now();
        const file = await makeFile(page, format, o.timeoutMs);
        const workers = page.workers().length;
        result.files.push({ animation: n, format, ...file, workersAfter: workers });
        line += `; ${format} ${file.name} ${Math.round(file.bytes / 1024)} KB in ${((performance.now() - t1) / 1000).toFixed(1)} s, then ${workers} workers`;
      }
      o.log(line);
      const r = result.readings.at(-1);
      if (o.verbose && r?.animation === n) for (const detail of describeContexts(r)) o.log(`  ${detail}`);
    }
  } catch (err) {
    result.error = result.crashed ? 'the page crashed' : (err as Error).message.split('\n')[0];
  } finally {
    await context.close().catch(() => undefined);
  }
  result.verdict = verdict(result.readings, o.count);
  return result;
}

export async function main(argv: string[]): Promise<number> {
  const log = (line: string) => process.stderr.write(line + '\n');
  let count = DEFAULT_COUNT;
  let timeoutMs = DEFAULT_TIMEOUT_S * 1000;
  let json = false;
  let verbose = false;
  let heapDiff = false;
  try {
    const { values } = parseCommandArgs('soak', argv, {
      count: { type: 'string' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
      verbose: { type: 'boolean' },
      'heap-diff': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(HELP + '\n');
      return EXIT.ok;
    }
    if (values.count !== undefined) count = parseInteger('soak', '--count', values.count, READ_EVERY, 10_000);
    if (values.timeout !== undefined) timeoutMs = parseSeconds('soak', '--timeout', values.timeout);
    json = !!values.json;
    verbose = !!values.verbose;
    heapDiff = !!values['heap-diff'];
  } catch (err) {
    if (err instanceof UsageError) {
      log(`soak: ${err.message}\n\n${HELP}`);
      return EXIT.usage;
    }
    throw err;
  }
  let dist: string;
  try {
    dist = requireDist();
  } catch (err) {
    if (err instanceof MissingBuildError) {
      log(err.message);
      return EXIT.failure;
    }
    throw err;
  }
  const server = await startStaticServer({ root: dist });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: chromiumExecutablePath(),
      headless: true,
      // gc() in the page and in workers (each its own isolate) before every reading.
      args: [...chromiumArgs(), '--js-flags=--expose-gc', '--enable-precise-memory-info'],
    });
    const result = await soak({ browser, appUrl: server.url, count, timeoutMs, log, verbose, heapDiff });
    const report = formatReport(result);
    if (json) {
      process.stderr.write(report);
      process.stdout.write(JSON.stringify(result) + '\n');
    } else process.stdout.write(report);
    return result.verdict.ok && !result.crashed && result.completed === count ? EXIT.ok : EXIT.failure;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
  }
}

if (isMainModule(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`soak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
