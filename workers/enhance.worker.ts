/// <reference lib="webworker" />
import '../src/pipeline/network-guard.ts';
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { exposeSupervised } from '../src/pipeline/worker-bridge.ts';
import { ENHANCE_FACTOR, ENHANCE_MODEL_FILE, EnhanceTensor } from '../src/core/enhance/contract.ts';
import { EnhanceCancelled, enhancePlanar, featherAlpha, type UpscaleTile } from '../src/core/enhance/enhance.ts';
import { planarToRgba, rgbaToPlanar } from '../src/core/generator/reference.ts';
import type { EnhanceWorkerApi } from '../src/pipeline/enhance/contract.ts';
import { CANCELLED } from '../src/pipeline/types.ts';
import { because, say } from '../src/i18n/messages.ts';
import { loadModel, startSession } from './onnx-runtime.ts';

type Backend = 'webgpu' | 'wasm';

/** Model pixels over which the enhanced region fades into the smoothly enlarged photo. */
const FEATHER_PX = 8 * ENHANCE_FACTOR;
/** Long side of the before/after crops the page shows. */
const COMPARISON_SIDE = 384;

const sessions = new Map<string, Promise<{ session: ort.InferenceSession; backend: Backend }>>();
/** The model starts once per backend list, on first use (it is not needed until a face is enhanced). */
function modelSession(backends: Backend[]) {
  const key = backends.join(',');
  let started = sessions.get(key);
  if (!started) {
    started = (async () => startSession(await loadModel(ENHANCE_MODEL_FILE, 'enhancement model'), backends, 'enhancement model'))();
    started.catch(() => sessions.delete(key));
    sessions.set(key, started);
  }
  return started;
}

const upscaler =
  (session: ort.InferenceSession): UpscaleTile =>
  async (planar, width, height) => {
    const feeds = { [EnhanceTensor.image]: new ort.Tensor('float32', planar, [1, 3, height, width]) };
    const result = await session.run(feeds);
    const out = result[EnhanceTensor.upscaled]!;
    // WebGPU outputs live on the GPU until read.
    const data = (await out.getData()) as Float32Array;
    out.dispose();
    return data;
  };

let generation = 0;

function pixelsOf(source: ImageBitmap, region: { x: number; y: number; width: number; height: number }) {
  const canvas = new OffscreenCanvas(region.width, region.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(source, region.x, region.y, region.width, region.height, 0, 0, region.width, region.height);
  return context.getImageData(0, 0, region.width, region.height);
}

const api: EnhanceWorkerApi = {
  async enhance(photo, plan, onProgress) {
    const job = ++generation;
    const started = performance.now();
    try {
      onProgress?.({ stage: 'loading-model' });
      const { session, backend } = await modelSession(['webgpu', 'wasm']);
      const { region, target } = plan;
      const input = rgbaToPlanar(pixelsOf(photo, region));
      const enhanced = await enhancePlanar(input, region.width, region.height, upscaler(session), {
        factor: ENHANCE_FACTOR,
        cancelled: () => job !== generation,
        onTile: (done, total) => onProgress?.({ stage: 'enhancing', done, total }),
      });
      const width = region.width * ENHANCE_FACTOR;
      const height = region.height * ENHANCE_FACTOR;
      const rgba = new Uint8ClampedArray(planarToRgba(enhanced, width, height).data);
      if (!plan.whole) {
        const alpha = featherAlpha(width, height, FEATHER_PX, {
          left: region.x > 0,
          top: region.y > 0,
          right: region.x + region.width < photo.width,
          bottom: region.y + region.height < photo.height,
        });
        for (let p = 0; p < alpha.length; p++) rgba[4 * p + 3] = alpha[p]!;
      }
      const patch = new OffscreenCanvas(width, height);
      patch.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
      const canvas = new OffscreenCanvas(target.width, target.height);
      const context = canvas.getContext('2d')!;
      context.imageSmoothingQuality = 'high';
      context.drawImage(photo, 0, 0, target.width, target.height);
      const sx = target.width / photo.width;
      const sy = target.height / photo.height;
      const placed = [region.x * sx, region.y * sy, region.width * sx, region.height * sy] as const;
      const shrink = Math.min(1, COMPARISON_SIDE / Math.max(placed[2], placed[3]));
      const crop = () => createImageBitmap(canvas, ...placed, { resizeWidth: Math.round(placed[2] * shrink), resizeHeight: Math.round(placed[3] * shrink), resizeQuality: 'high' });
      const before = await crop();
      context.drawImage(patch, ...placed);
      const after = await crop();
      const bitmap = canvas.transferToImageBitmap();
      return Comlink.transfer({ ok: true as const, value: { bitmap, comparison: { before, after }, backend, ms: performance.now() - started } }, [bitmap, before, after]);
    } catch (error) {
      if (error instanceof EnhanceCancelled) return CANCELLED;
      return { ok: false, code: 'enhance-failed', message: because(say('enhance.failed'), [say('raw', { text: error instanceof Error ? error.message : String(error) })]) };
    } finally {
      photo.close();
    }
  },

  cancel() {
    generation++;
  },

  async bench(crop, runs) {
    const { session } = await modelSession(['wasm']);
    const { width, height } = crop;
    const planar = rgbaToPlanar(pixelsOf(crop, { x: 0, y: 0, width, height }));
    crop.close();
    const times: number[] = [];
    for (let i = -1; i < runs; i++) {
      const t0 = performance.now();
      await enhancePlanar(planar, width, height, upscaler(session), { factor: ENHANCE_FACTOR });
      if (i >= 0) times.push(performance.now() - t0);
    }
    return times;
  },
};

// onnxruntime's own pthread workers load this same file: only the real worker answers the page.
if (!self.name.startsWith('em-pthread')) exposeSupervised(api);
