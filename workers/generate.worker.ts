/// <reference lib="webworker" />
import '../src/pipeline/network-guard.ts';
import * as Comlink from 'comlink';
import { exposeSupervised } from '../src/pipeline/worker-bridge.ts';
import { findDriver } from '../src/core/drivers/registry.ts';
import { groupLength, type GroupPart } from '../src/core/drivers/group-loop.ts';
import { identityGrid, rgbaToPlanar } from '../src/core/generator/reference.ts';
import type { Landmarks } from '../src/core/motion/types.ts';
import { median } from '../src/core/quality/stats.ts';
import type { AnimateRequest, AnimationReport, GenerateWorkerApi, GeneratorBackend } from '../src/pipeline/generate/contract.ts';
import { say } from '../src/i18n/messages.ts';
import { CANCELLED } from '../src/pipeline/types.ts';
import { DETAIL_FACTOR } from '../src/core/image/detail.ts';
import { Synthesizer } from './generate/synthesis.ts';
import { photoPixels } from './generate/photo-pixels.ts';
import { Warp } from './generate/warp-frames.ts';
import type { WarpedFrame } from './warp.worker.ts';

const synthesizers = new Map<string, Promise<Synthesizer>>();
/** Sessions start once per backend list and model, on first use. */
function synthesizer(backends: GeneratorBackend[], model = 'generator.onnx'): Promise<Synthesizer> {
  const key = `${backends.join(',')}:${model}`;
  let session = synthesizers.get(key);
  if (!session) {
    session = Synthesizer.create(backends, model);
    session.catch(() => synthesizers.delete(key));
    synthesizers.set(key, session);
  }
  return session;
}

let generation = 0;

/** Live mode's faces, prepared once and driven a frame at a time (ended by the next job). */
let live: { job: number; width: number; height: number; source: Awaited<ReturnType<typeof prepare>>['source']; generator: Synthesizer; spare?: WarpedFrame } | undefined;

let warpWorker: Warp | undefined;
/** The warp worker, started on first use. */
const warp = () => (warpWorker ??= new Warp());

function planarToImageData(planar: Float32Array, width: number, height: number): ImageData {
  const plane = width * height;
  const rgba = new Uint8ClampedArray(plane * 4);
  // Uint8ClampedArray rounds to nearest on assignment: adding 0.5 here would brighten every pixel.
  for (let p = 0; p < plane; p++) {
    rgba[4 * p] = planar[p]! * 255;
    rgba[4 * p + 1] = planar[plane + p]! * 255;
    rgba[4 * p + 2] = planar[2 * plane + p]! * 255;
    rgba[4 * p + 3] = 255;
  }
  return new ImageData(rgba, width, height);
}

const xy = (points: Landmarks): [number, number][] => points.map((p) => [p[0], p[1]]);

/** Each face's driver and phase in the faces' shared loop; a message when a driver is unknown. */
function partsOf(request: AnimateRequest): { parts: GroupPart[]; length: number } | { unknown: string } {
  const parts: GroupPart[] = [];
  for (const face of request.faces) {
    const driver = face.driver ?? findDriver(face.driverId);
    if (!driver) return { unknown: face.driverId };
    parts.push({ driver, phase: face.phase ?? 0 });
  }
  return { parts, length: groupLength(parts.map((part) => part.driver), request.frameCount) };
}

/** The animation handed to the warp worker (its bitmaps and mask go with it); the generator's source tensor. */
async function prepare(request: AnimateRequest, parts: GroupPart[], length: number) {
  const { photo, finer, person, others, faces } = request;
  const prepared = await warp().prepare({
    photo,
    ...(finer ? { finer } : {}),
    ...(person ? { person } : {}),
    ...(others ? { others } : {}),
    // The drivers go once, with the parts.
    faces: faces.map(({ driver: _driver, ...face }) => face),
    parts,
    length,
  });
  const { width, height, foreground } = prepared;
  return { width, height, source: Synthesizer.sourceTensor(foreground, width * DETAIL_FACTOR, height * DETAIL_FACTOR) };
}

/** A job's parts and loop, its prepared animation and the generator; the id of a driver that is not known. */
async function start(request: AnimateRequest) {
  const loop = partsOf(request);
  if ('unknown' in loop) return loop;
  const [prepared, generator] = await Promise.all([prepare(request, loop.parts, loop.length), synthesizer(['webgpu', 'wasm'])]);
  return { ...loop, ...prepared, generator };
}

const unknownMotion = (id: string) => ({ ok: false, code: 'unknown-motion', message: say('motion.unknown', { id }) }) as const;

/** A synthesised frame as a bitmap, handed over. */
async function frameBitmap(frame: Float32Array, width: number, height: number): Promise<ImageBitmap> {
  const bitmap = await createImageBitmap(planarToImageData(frame, width, height));
  return Comlink.transfer(bitmap, [bitmap]);
}

const api: GenerateWorkerApi = {
  async animate(request, onFrame) {
    const job = ++generation;
    live = undefined;
    const started = performance.now();
    const begun = await start(request);
    if ('unknown' in begun) return unknownMotion(begun.unknown);
    const { parts, length, width, height, source, generator } = begun;
    const setupMs = performance.now() - started;
    const perFrame = { motionMs: [] as number[], rasterMs: [] as number[], fillMs: [] as number[], synthesisMs: [] as number[], frameMs: [] as number[] };
    // Every face's targets, kept packed (target-track.ts): they go to the page with the report.
    const targets = request.faces.map((face) => new Float32Array(length * face.landmarks.length * 2));
    let index = 0;
    let t0 = performance.now();
    for await (const inputs of warp().frames(Array.from({ length }, (_, i) => i))) {
      if (job !== generation) return CANCELLED;
      const t1 = performance.now();
      const frame = await generator.run({ source, grid: inputs.grid, base: inputs.base, keep: inputs.keep, width, height });
      const t2 = performance.now();
      perFrame.motionMs.push(inputs.timings.motionMs);
      perFrame.rasterMs.push(inputs.timings.rasterMs);
      perFrame.fillMs.push(inputs.timings.fillMs);
      perFrame.synthesisMs.push(t2 - t1);
      // A frame's time: waiting for its inputs (made while the frame before was synthesised), and synthesis.
      perFrame.frameMs.push(t2 - t0);
      inputs.targets.forEach((target, f) => targets[f]!.set(target, index * target.length));
      if (onFrame) await onFrame(await frameBitmap(frame, width, height), index, length);
      t0 = performance.now();
      index++;
    }
    const faces = parts.map((part, f) => ({ driver: part.driver.id, phase: part.phase, source: xy(request.faces[f]!.landmarks), targets: targets[f]! }));
    const report: AnimationReport = {
      driver: faces[0]!.driver,
      fps: parts[0]!.driver.fps,
      width,
      height,
      backend: generator.backend,
      timings: {
        setupMs,
        motionMs: median(perFrame.motionMs) ?? 0,
        rasterMs: median(perFrame.rasterMs) ?? 0,
        fillMs: median(perFrame.fillMs) ?? 0,
        synthesisMs: median(perFrame.synthesisMs) ?? 0,
        frameMs: median(perFrame.frameMs) ?? 0,
        totalMs: performance.now() - started,
      },
      source: faces[0]!.source,
      faces,
    };
    return Comlink.transfer({ ok: true, value: report }, targets.map((track) => track.buffer));
  },

  cancel() {
    generation++;
    // Live mode's source and buffers go with it.
    live = undefined;
  },

  async warmUp() {
    await synthesizer(['webgpu', 'wasm']);
  },

  async beginLive(request) {
    const job = ++generation;
    live = undefined;
    const started = await start(request);
    if ('unknown' in started) return unknownMotion(started.unknown);
    if (job !== generation) return CANCELLED;
    const { width, height, source, generator } = started;
    live = { job, width, height, source, generator };
    return { ok: true, value: { width, height, backend: generator.backend } };
  },

  async liveFrame(faces) {
    const current = live;
    if (!current || current.job !== generation) return undefined;
    // Its buffers go to the warp worker now: whatever happens next, they are no longer here.
    const spare = current.spare;
    current.spare = undefined;
    const inputs = await warp().frameOf(faces, spare);
    const { source, width, height } = current;
    const frame = await current.generator.run({ source, grid: inputs.grid, base: inputs.base, keep: inputs.keep, width, height });
    // The inputs are in the generator's tensors now: their buffers go back to be filled again.
    current.spare = inputs;
    return current.job === generation ? frameBitmap(frame, width, height) : undefined;
  },

  async bench(request, frames) {
    const loop = partsOf(request);
    if ('unknown' in loop) throw new Error(`There is no motion called "${loop.unknown}".`);
    const { parts, length } = loop;
    // The floor reads the photo itself: a copy, as the warp worker takes the request's.
    const photo = photoPixels(await createImageBitmap(request.photo));
    const { width, height } = photo;
    const { source } = await prepare(request, parts, length);
    const generator = await synthesizer(['wasm']);
    const floor = await synthesizer(['wasm'], 'floor.onnx');
    const floorSource = Synthesizer.sourceTensor(rgbaToPlanar({ data: photo.rgba, width, height }), width, height);
    const grid = identityGrid(height, width);
    const genMs: number[] = [];
    const floorMs: number[] = [];
    // As an animation goes: the warp one frame ahead. The first runs warm up the session and the caches; they are not counted.
    const warmUp = 3;
    const indices = Array.from({ length: warmUp + frames }, (_, i) => Math.abs(i - warmUp) % length);
    let counted = -warmUp;
    let t0 = performance.now();
    for await (const inputs of warp().frames(indices)) {
      await generator.run({ source, grid: inputs.grid, base: inputs.base, keep: inputs.keep, width, height });
      const t1 = performance.now();
      if (counted++ >= 0) genMs.push(t1 - t0);
      t0 = t1;
    }
    for (let k = -warmUp; k < frames; k++) {
      const t1 = performance.now();
      await floor.run({ source: floorSource, grid, width, height });
      if (k >= 0) floorMs.push(performance.now() - t1);
    }
    return { backend: 'wasm', genMs, floorMs };
  },

  async compareBackends(width, height) {
    let webgpu: Synthesizer;
    try {
      webgpu = await synthesizer(['webgpu']);
    } catch {
      return undefined;
    }
    const wasm = await synthesizer(['wasm']);
    // Deterministic inputs: a smooth pattern, a wavy grid partly outside the image, a varied
    // base and keep.
    const plane = width * height;
    const planar = new Float32Array(3 * plane).map((_, i) => 0.5 + 0.45 * Math.sin(i * 0.37) * Math.cos(i * 0.011));
    const grid = identityGrid(height, width).map((v, i) => v * 1.1 + 0.05 * Math.sin(i * 0.7));
    const base = new Float32Array(3 * plane).map((_, i) => 0.2 * (0.5 + 0.5 * Math.sin(i * 0.13)));
    const keep = new Float32Array(plane).map((_, i) => 0.5 + 0.5 * Math.sin(i * 0.05));
    const source = Synthesizer.sourceTensor(planar, width, height);
    const a = await webgpu.run({ source, grid, base, keep, width, height });
    const b = await wasm.run({ source, grid, base, keep, width, height });
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    return worst;
  },
};

// onnxruntime's own pthread workers load this same file: only the real worker answers the page.
if (!self.name.startsWith('em-pthread')) exposeSupervised(api);
