/// <reference lib="webworker" />
import '../src/pipeline/network-guard.ts';
import * as Comlink from 'comlink';
import { exposeSupervised } from '../src/pipeline/worker-bridge.ts';
import { findDriver } from '../src/core/drivers/registry.ts';
import { frameInputs, prepareAnimation, type FaceFrame } from '../src/core/generator/animation.ts';
import { groupLength, partFrame, type GroupPart } from '../src/core/drivers/group-loop.ts';
import { identityGrid, rgbaToPlanar } from '../src/core/generator/reference.ts';
import type { Box } from '../src/core/face/geometry.ts';
import type { Landmarks } from '../src/core/motion/types.ts';
import { median } from '../src/core/quality/stats.ts';
import type { AnimateRequest, AnimationReport, GenerateWorkerApi, GeneratorBackend } from '../src/pipeline/generate/contract.ts';
import { say } from '../src/i18n/messages.ts';
import { CANCELLED } from '../src/pipeline/types.ts';
import { Synthesizer } from './generate/synthesis.ts';

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

function photoPixels(photo: ImageBitmap): { width: number; height: number; rgba: Uint8ClampedArray } {
  const canvas = new OffscreenCanvas(photo.width, photo.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(photo, 0, 0);
  photo.close();
  return { width: canvas.width, height: canvas.height, rgba: context.getImageData(0, 0, canvas.width, canvas.height).data };
}

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

/** Frame `index` of the loop: each face's driver frame at its strength. */
const faceFrames = (request: AnimateRequest, parts: readonly GroupPart[], index: number, length: number): FaceFrame[] =>
  parts.map((part, f) => ({ frame: partFrame(part, index, length), intensity: request.faces[f]!.intensity }));

/** The animation's fixed inputs from a request: the photo's pixels (and the finer copy's), the figure. */
function setupOf(request: AnimateRequest) {
  const photo = photoPixels(request.photo);
  const finer = request.finer && photoPixels(request.finer);
  const others = (request.others ?? []).map(([x, y, width, height]): Box => ({ x, y, width, height }));
  const person = request.person?.length === photo.width * photo.height ? request.person : undefined;
  const setup = prepareAnimation(photo, request.faces, { finer, person, others });
  return { photo, setup, person: Synthesizer.personTensor(setup) };
}

const api: GenerateWorkerApi = {
  async animate(request, onFrame) {
    const job = ++generation;
    const started = performance.now();
    const loop = partsOf(request);
    if ('unknown' in loop) return { ok: false, code: 'unknown-motion', message: say('motion.unknown', { id: loop.unknown }) };
    const { parts, length } = loop;
    const { photo, setup, person } = setupOf(request);
    const generator = await synthesizer(['webgpu', 'wasm']);
    const setupMs = performance.now() - started;
    const perFrame = { motionMs: [] as number[], rasterMs: [] as number[], fillMs: [] as number[], synthesisMs: [] as number[], frameMs: [] as number[] };
    const targets: [number, number][][][] = parts.map(() => []);
    for (let index = 0; index < length; index++) {
      if (job !== generation) return CANCELLED;
      const t0 = performance.now();
      const inputs = frameInputs(setup, faceFrames(request, parts, index, length));
      const t1 = performance.now();
      const frame = await generator.run({ source: person, grid: inputs.grid, base: inputs.base, keep: inputs.keep, width: photo.width, height: photo.height });
      const t2 = performance.now();
      perFrame.motionMs.push(inputs.timings.motionMs);
      perFrame.rasterMs.push(inputs.timings.rasterMs);
      perFrame.fillMs.push(inputs.timings.fillMs);
      perFrame.synthesisMs.push(t2 - t1);
      perFrame.frameMs.push(t2 - t0);
      inputs.targets.forEach((target, f) => targets[f]!.push(xy(target)));
      if (onFrame) {
        const bitmap = await createImageBitmap(planarToImageData(frame, photo.width, photo.height));
        await onFrame(Comlink.transfer(bitmap, [bitmap]), index, length);
      }
    }
    const faces = parts.map((part, f) => ({ driver: part.driver.id, phase: part.phase, source: xy(setup.faces[f]!.source), targets: targets[f]! }));
    const report: AnimationReport = {
      driver: faces[0]!.driver,
      fps: parts[0]!.driver.fps,
      width: photo.width,
      height: photo.height,
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
      targets: faces[0]!.targets,
      faces,
    };
    return { ok: true, value: report };
  },

  cancel() {
    generation++;
  },

  async warmUp() {
    await synthesizer(['webgpu', 'wasm']);
  },

  async bench(request, frames) {
    const loop = partsOf(request);
    if ('unknown' in loop) throw new Error(`There is no motion called "${loop.unknown}".`);
    const { parts, length } = loop;
    const { photo, setup, person } = setupOf(request);
    const { width, height } = photo;
    const source = Synthesizer.sourceTensor(rgbaToPlanar({ data: photo.rgba, width, height }), width, height);
    const generator = await synthesizer(['wasm']);
    const floor = await synthesizer(['wasm'], 'floor.onnx');
    const grid = identityGrid(height, width);
    const genMs: number[] = [];
    const floorMs: number[] = [];
    // The first runs warm up the session and the caches; they are not counted.
    for (let i = -3; i < frames; i++) {
      const t0 = performance.now();
      const inputs = frameInputs(setup, faceFrames(request, parts, Math.abs(i), length));
      await generator.run({ source: person, grid: inputs.grid, base: inputs.base, keep: inputs.keep, width, height });
      const t1 = performance.now();
      await floor.run({ source, grid, width, height });
      const t2 = performance.now();
      if (i >= 0) {
        genMs.push(t1 - t0);
        floorMs.push(t2 - t1);
      }
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
