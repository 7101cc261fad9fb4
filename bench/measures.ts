/**
 * The bench's measures. To add one: write an `async (ctx) => number` function below and add
 * one line to `measures`. Shared, expensive work (the browser, benchDetect) lives in
 * BenchContext and is done once, whichever measures ask for it.
 */
import type { DetectTimings, EndToEndTimings, ExportTimings, GeneratorTimings, LiveBenchTimings } from '../src/pipeline/automation-contract.ts';
import type { FollowingError } from './live-feed.ts';
import type { FirstScreen } from './first-screen.ts';
import type { Revisit } from './ui-timing.ts';

export interface BenchContext {
  dist: string;
  /** Warm runs asked of benchDetect. */
  runs: number;
  /** window.kinora.benchDetect(photo URL, runs), called once per bench run. */
  detectTimings(): Promise<DetectTimings>;
  /** first_frame_s: seconds, photo → first preview frame, warm page (bench/ui-timing.ts). */
  firstFrameWarm(): Promise<number[]>;
  /** first_frame_cold_s: the same, each in a new context (nothing cached). */
  firstFrameCold(): Promise<number[]>;
  /** faces_s_revisit: seconds, photo → faces listed, on a second visit in a persistent profile. */
  facesOnRevisit(): Promise<Revisit>;
  /** First-screen JS of dist/index.html, computed once. */
  firstScreen(): Promise<FirstScreen>;
  /** Raw size of lazily loaded JS, workers, wasm and models. */
  lazyBytes(): Promise<number>;
  /** window.kinora.benchGenerator(generator photo, { size, frames, driver }), called once per bench run. */
  generatorTimings(): Promise<GeneratorTimings>;
  /** window.kinora.benchEndToEnd(generator photo, 10 s at 512 px), called once per bench run. */
  endToEnd(): Promise<EndToEndTimings>;
  /** window.kinora.benchExport(generator photo, 10 s at 512 px): GIF and MP4 of ready frames, once per bench run. */
  exportTimings(): Promise<ExportTimings>;
  /** window.kinora.benchEnhance(generator photo, { side: 256, runs }): ms of each 256² → 1024² face crop enhancement, WASM. */
  enhanceTimings(): Promise<number[]>;
  /** benchGenerator on the group photo: its first face alone ('one'), or all its faces together ('all'); twice each, in turns, per run. */
  groupGenerator(faces: 'one' | 'all'): Promise<GeneratorTimings>;
  /** benchEndToEnd on the group photo, 10 s at 512 px: its first face alone, or all its faces; the faster of two, in turns, per run. */
  groupEndToEnd(faces: 'one' | 'all'): Promise<EndToEndTimings>;
  /** window.kinora.benchLive(generator photo) with the fake camera playing a face moving; how far the followed motion is from the one shown. */
  live(): Promise<{ timings: LiveBenchTimings; following: FollowingError }>;
}

export interface Measure {
  /** Key in the JSON output (snake_case, with its unit). */
  key: string;
  unit: 'ms' | 's' | 'bytes' | 'ratio' | 'dB' | 'fps' | 'deg' | '%';
  /** Bound printed next to the value (not enforced unless `--strict`): a maximum, or a minimum with `atLeast`. */
  target?: number;
  atLeast?: boolean;
  description: string;
  run(ctx: BenchContext): Promise<number>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function checkedMs(value: unknown, what: string, from = 'benchDetect'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${from} returned an invalid ${what}: ${JSON.stringify(value)}`);
  }
  return value;
}

function medianMs(values: unknown, what: string): number {
  if (!Array.isArray(values) || values.length === 0) throw new Error(`benchGenerator returned no ${what} values`);
  return median(values.map((v) => checkedMs(v, `${what} entry`, 'benchGenerator')));
}

async function detectMs(ctx: BenchContext): Promise<number> {
  const { firstMs } = await ctx.detectTimings();
  if (!Array.isArray(firstMs) || firstMs.length === 0) throw new Error('benchDetect returned no firstMs (an older build?)');
  return median(firstMs.map((v) => checkedMs(v, 'firstMs entry')));
}

async function detectAllMs(ctx: BenchContext): Promise<number> {
  const { warmMs } = await ctx.detectTimings();
  if (!Array.isArray(warmMs) || warmMs.length === 0) throw new Error('benchDetect returned no warm runs');
  return median(warmMs.map((v) => checkedMs(v, 'warmMs entry')));
}

const medianSeconds = (what: string, values: number[]) => {
  if (values.length === 0) throw new Error(`no ${what} runs`);
  return median(values.map((v) => checkedMs(v, what, 'the UI bench')));
};

async function detectColdMs(ctx: BenchContext): Promise<number> {
  return checkedMs((await ctx.detectTimings()).coldMs, 'coldMs');
}

async function firstScreenJsGzipBytes(ctx: BenchContext): Promise<number> {
  return (await ctx.firstScreen()).gzipBytes;
}

async function lazyBytes(ctx: BenchContext): Promise<number> {
  return ctx.lazyBytes();
}

async function genMs(ctx: BenchContext): Promise<number> {
  return medianMs((await ctx.generatorTimings()).genMs, 'genMs');
}

async function floorMs(ctx: BenchContext): Promise<number> {
  return medianMs((await ctx.generatorTimings()).floorMs, 'floorMs');
}

async function endToEndSeconds(ctx: BenchContext): Promise<number> {
  return checkedMs((await ctx.endToEnd()).seconds, 'seconds', 'benchEndToEnd');
}

async function genFloorRatio(ctx: BenchContext): Promise<number> {
  const floor = await floorMs(ctx);
  if (floor <= 0) throw new Error('floor_ms is 0: cannot form the ratio');
  return (await genMs(ctx)) / floor;
}

/** gen_ms of all the group photo's faces together (at least 5); one face's with `'one'`. */
async function groupGenMs(ctx: BenchContext, faces: 'one' | 'all'): Promise<number> {
  const timings = await ctx.groupGenerator(faces);
  if (faces === 'all' && timings.faces < 5) throw new Error(`the group photo has ${timings.faces} faces large enough, not 5 or more`);
  return medianMs(timings.genMs, 'genMs');
}

const groupEndToEndSeconds = async (ctx: BenchContext, faces: 'one' | 'all') => checkedMs((await ctx.groupEndToEnd(faces)).seconds, 'seconds', 'benchEndToEnd');

const exportMeasure = (pick: (t: ExportTimings) => unknown, what: string) => async (ctx: BenchContext) =>
  checkedMs(pick(await ctx.exportTimings()), what, 'benchExport');

export const measures: readonly Measure[] = [
  { key: 'detect_ms', unit: 'ms', target: 50, description: 'warm detection to the first face with landmarks (the whole-photo pass, median)', run: detectMs },
  { key: 'detect_all_ms', unit: 'ms', description: 'warm detection + landmarks of every face (the complete search, median)', run: detectAllMs },
  { key: 'detect_cold_ms', unit: 'ms', description: 'worker start to the complete list of faces', run: detectColdMs },
  { key: 'first_frame_s', unit: 's', target: 1.5, description: 'photo file to the first animated frame painted, page warm (median)', run: async (ctx) => medianSeconds('first_frame_s', await ctx.firstFrameWarm()) },
  { key: 'first_frame_cold_s', unit: 's', target: 5, description: 'the same in a new browser context: model download and start included (median)', run: async (ctx) => medianSeconds('first_frame_cold_s', await ctx.firstFrameCold()) },
  { key: 'faces_s_revisit', unit: 's', target: 2, description: 'second visit (offline cache): photo file to its faces listed (median)', run: async (ctx) => medianSeconds('faces_s_revisit', (await ctx.facesOnRevisit()).seconds) },
  { key: 'first_screen_js_gzip_bytes', unit: 'bytes', target: 153_600, description: 'JS of the first screen, gzip -9', run: firstScreenJsGzipBytes },
  { key: 'lazy_bytes', unit: 'bytes', description: 'info: raw size of lazy chunks, workers, wasm, models', run: lazyBytes },
  { key: 'gen_ms', unit: 'ms', description: 'generator ms per frame, 512 px, WASM, after warm-up (median)', run: genMs },
  { key: 'floor_ms', unit: 'ms', description: 'one bilinear GridSample of the same frame, identity grid (median)', run: floorMs },
  { key: 'gen_floor_ratio', unit: 'ratio', target: 3, description: 'gen_ms / floor_ms', run: genFloorRatio },
  { key: 'e2e_s', unit: 's', description: 'photo file to GIF bytes, 10 s at 25 fps, 512 px (the turn driver, looped)', run: endToEndSeconds },
  { key: 'gif_encode_s', unit: 's', target: 3, description: 'encode 250 rendered frames of 512 px to GIF (export worker)', run: exportMeasure((t) => t.gifEncodeS, 'gifEncodeS') },
  { key: 'gif_bytes', unit: 'bytes', description: 'that GIF (10 s)', run: exportMeasure((t) => t.gifBytes, 'gifBytes') },
  { key: 'gif_psnr_db', unit: 'dB', target: 40, atLeast: true, description: 'its frames vs the rendered ones, both blurred 1 px (median)', run: exportMeasure((t) => t.gifPsnrDb, 'gifPsnrDb') },
  { key: 'gif_psnr_min_db', unit: 'dB', target: 40, atLeast: true, description: 'the same, worst frame', run: exportMeasure((t) => t.gifPsnrMinDb, 'gifPsnrMinDb') },
  { key: 'mp4_encode_s', unit: 's', description: 'encode the same frames to MP4 (H.264, ffmpeg.wasm loaded)', run: exportMeasure((t) => t.mp4EncodeS, 'mp4EncodeS') },
  { key: 'mp4_bytes', unit: 'bytes', description: 'that MP4 (10 s)', run: exportMeasure((t) => t.mp4Bytes, 'mp4Bytes') },
  { key: 'gen_ms_5faces', unit: 'ms', description: 'generator ms per frame, every face of the group photo (6) together, 512 px, WASM, a whole loop of the driver (median)', run: (ctx) => groupGenMs(ctx, 'all') },
  { key: 'gen_ms_group_1face', unit: 'ms', description: 'the same photo, its first face alone (median)', run: (ctx) => groupGenMs(ctx, 'one') },
  { key: 'gen_5faces_ratio', unit: 'ratio', target: 1.5, description: 'gen_ms_5faces / gen_ms_group_1face', run: async (ctx) => (await groupGenMs(ctx, 'all')) / (await groupGenMs(ctx, 'one')) },
  { key: 'e2e_5faces_s', unit: 's', description: 'group photo file to GIF bytes, every face together, 10 s at 25 fps, 512 px', run: (ctx) => groupEndToEndSeconds(ctx, 'all') },
  { key: 'e2e_group_1face_s', unit: 's', description: 'the same, its first face alone', run: (ctx) => groupEndToEndSeconds(ctx, 'one') },
  {
    key: 'e2e_5faces_ratio',
    unit: 'ratio',
    target: 1.5,
    description: 'e2e_5faces_s / e2e_group_1face_s',
    run: async (ctx) => (await groupEndToEndSeconds(ctx, 'all')) / (await groupEndToEndSeconds(ctx, 'one')),
  },
  { key: 'live_fps', unit: 'fps', target: 15, atLeast: true, description: 'live mode: frames painted a second, the fake camera playing a face moving (640x480, 25 fps), after calibration, at 512 px, WASM', run: async (ctx) => checkedMs((await ctx.live()).timings.fps, 'fps', 'benchLive') },
  { key: 'live_latency_ms', unit: 'ms', target: 150, description: 'live mode: a camera frame captured to its render painted (median)', run: async (ctx) => checkedMs((await ctx.live()).timings.latencyMs, 'latencyMs', 'benchLive') },
  { key: 'live_latency_p95_ms', unit: 'ms', description: 'the same, 95th percentile', run: async (ctx) => checkedMs((await ctx.live()).timings.latencyP95Ms, 'latencyP95Ms', 'benchLive') },
  { key: 'live_angle_error_deg', unit: 'deg', target: 2, description: 'live mode: mean head-angle error of the motion followed vs the driver the camera showed', run: async (ctx) => (await ctx.live()).following.angleDeg },
  { key: 'live_expression_error_pct', unit: '%', target: 2, description: 'the same, mean expression error, % of the inter-ocular distance', run: async (ctx) => 100 * (await ctx.live()).following.expressionIod },
  { key: 'enhance_ms', unit: 'ms', description: 'Enhance: a 256x256 face crop of the generator photo to 1024x1024, WASM (median)', run: async (ctx) => median((await ctx.enhanceTimings()).map((v) => checkedMs(v, 'enhance ms', 'benchEnhance'))) },
];
