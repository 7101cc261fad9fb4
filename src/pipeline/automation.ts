import { DEFAULT_FPS } from '../core/drivers/authoring.ts';
import { parseDriver, serializeDriver } from '../core/drivers/format.ts';
import { recordDriver } from '../core/drivers/record.ts';
import type { Driver } from '../core/motion/types.ts';
import { nearestFace } from '../core/quality/measures.ts';
import { summarizeSequence } from '../core/quality/summary.ts';
import type { ExportOptions, FaceReport, ImageReport, KinoraAutomation } from './automation-contract.ts';
import { RECORDING_FPS, trackFaceInVideo } from './record/video.ts';
import { analysePhoto } from './analyse.ts';
import { anchorFor, animationRequest, DEFAULT_OUTPUT_SIZE, type PreparedAnimation } from './animate.ts';
import { FaceFinder } from './detect/client.ts';
import { FileExporter } from './export/client.ts';
import type { ExportFormat } from './export/contract.ts';
import { framesFrom, makeAnimationFile } from './make-file.ts';
import { blurredPsnr } from '../core/quality/psnr.ts';
import { FaceAnimator } from './generate/client.ts';

async function fetchBlob(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.blob();
}

function pixelsOf(image: ImageBitmap): Uint8ClampedArray {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(image, 0, 0);
  return context.getImageData(0, 0, image.width, image.height).data;
}

async function pngBase64(image: ImageBitmap): Promise<string> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  canvas.getContext('2d')!.drawImage(image, 0, 0);
  const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The bytes as base64, encoded by the browser (files run to megabytes). */
async function base64Of(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(new Blob([bytes]));
  });
  return dataUrl.slice(dataUrl.indexOf(',') + 1);
}

/**
 * Per frame, the blurred PSNR between a GIF's frames, decoded by the browser's own decoder, and
 * the frames it was made from (quality.md: both blurred by a 1 px Gaussian, so dithering is
 * not punished and banding is).
 */
async function gifPsnr(gif: Uint8Array<ArrayBuffer>, originals: readonly ImageBitmap[]): Promise<number[]> {
  const decoder = new ImageDecoder({ data: gif, type: 'image/gif' });
  try {
    await decoder.tracks.ready;
    const count = decoder.tracks.selectedTrack!.frameCount;
    if (count !== originals.length) throw new Error(`the GIF has ${count} frames, not ${originals.length}`);
    const result: number[] = [];
    for (const [index, original] of originals.entries()) {
      const { image } = await decoder.decode({ frameIndex: index });
      const canvas = new OffscreenCanvas(original.width, original.height);
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(image, 0, 0);
      image.close();
      const decoded = context.getImageData(0, 0, original.width, original.height).data;
      result.push(blurredPsnr(decoded, pixelsOf(original), original.width, original.height));
    }
    return result;
  } finally {
    decoder.close();
  }
}

/** 1-based face number: the one asked for, else the first face big enough to animate. */
function chooseFace(report: ImageReport, wanted?: number): { face: FaceReport; number: number } | string {
  if (report.error) return report.error;
  if (wanted !== undefined) {
    const face = report.faces[wanted - 1];
    if (!face) return `There is no face ${wanted}: the photo has ${report.faces.length}.`;
    if (face.tooSmall) return `Face ${wanted} is too small to animate.`;
    return { face, number: wanted };
  }
  const index = report.faces.findIndex((f) => !f.tooSmall);
  return index < 0 ? 'No face found that is large enough to animate.' : { face: report.faces[index]!, number: index + 1 };
}

/** `window.kinora`: the same pipeline as the UI, for the CLI, the bench and tests. */
export function installAutomation(finder: FaceFinder, animator: FaceAnimator): void {
  const prepare = async (face: FaceReport, driverId: string, size = DEFAULT_OUTPUT_SIZE, intensity = 1, glasses = false): Promise<PreparedAnimation> => {
    const made = await animationRequest(finder, face, { size, driverId, intensity, glasses });
    if (!made.ok) throw new Error(made.message);
    return made.value;
  };
  let exporter: FileExporter | undefined;
  /** Photo -> file, as the app's "Download": frames stream to the export worker as they render. */
  const exportFile = async (photo: Blob, name: string, options: ExportOptions & { frameCount?: number }) => {
    const report = await analysePhoto(finder, photo, name);
    const chosen = chooseFace(report, options.face);
    if (typeof chosen === 'string') throw new Error(chosen);
    const { defaultDriverForFace, findDriver } = await import('../core/drivers/registry.ts');
    let driver: Driver | undefined;
    if (options.driverJson !== undefined) {
      const parsed = parseDriver(options.driverJson);
      if (!parsed.ok) throw new Error(`Not a valid driver file: ${parsed.errors.join('; ')}`);
      driver = parsed.driver;
    } else {
      const id = options.driver ?? defaultDriverForFace(chosen.face.landmarks, chosen.face.matrix);
      driver = findDriver(id);
      if (!driver) throw new Error(`There is no motion called "${id}".`);
    }
    const { request } = await prepare(chosen.face, driver.id, options.size, options.intensity, options.glasses);
    request.driver = driver;
    const frameCount = options.frameCount ?? driver.frames.length;
    const { width, height } = request.photo;
    let renderMs = 0;
    const started = performance.now();
    const made = await makeAnimationFile((exporter ??= new FileExporter()), {
      format: options.format,
      mark: options.mark ?? true,
      width,
      height,
      fps: driver.fps,
      frameCount,
      rendered: true,
      frames: async (take) => {
        const animated = await animator.animate({ ...request, frameCount }, (frame, _index, total) => take(frame, total));
        renderMs = performance.now() - started;
        return animated.ok ? undefined : animated.message;
      },
    });
    if (!made.ok) throw new Error(made.message);
    return { ...made.value, face: chosen.number, renderMs, totalMs: performance.now() - started };
  };
  const automation: KinoraAutomation = {
    async detectUrl(url, name) {
      try {
        return await analysePhoto(finder, await fetchBlob(url), name);
      } catch (error) {
        return { file: name, width: 0, height: 0, faces: [], error: String((error as Error).message ?? error) };
      }
    },
    async benchDetect(url, runs) {
      const blob = await fetchBlob(url);
      // A fresh worker, so the cold start includes wasm and model loading.
      const cold = new FaceFinder();
      try {
        const start = performance.now();
        const opened = await cold.openPhoto(blob);
        if (!opened.ok) throw new Error(opened.message);
        opened.value.display.close();
        const first = await cold.findFaces();
        if (!first.ok) throw new Error(first.message);
        const coldMs = performance.now() - start;
        const warmMs: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await cold.findFaces();
          warmMs.push(performance.now() - t);
        }
        return { coldMs, warmMs };
      } finally {
        cold.dispose();
      }
    },

    async animateUrl(url, name, options) {
      const report = await analysePhoto(finder, await fetchBlob(url), name);
      const chosen = chooseFace(report, options.face);
      if (typeof chosen === 'string') throw new Error(chosen);
      const frames: ImageBitmap[] = [];
      const { request } = await prepare(chosen.face, options.driver, options.size, options.intensity, options.glasses);
      if (options.driverJson !== undefined) {
        const parsed = parseDriver(options.driverJson);
        if (!parsed.ok) throw new Error(`Not a valid driver file: ${parsed.errors.join('; ')}`);
        request.driver = parsed.driver;
      }
      const animated = await animator.animate(request, (frame) => {
        frames.push(frame);
      });
      if (!animated.ok) throw new Error(animated.message);
      const encoded = options.frames ? await Promise.all(frames.map(pngBase64)) : undefined;
      frames.forEach((f) => f.close());
      return { report: { ...animated.value, face: chosen.number }, ...(encoded ? { frames: encoded } : {}) };
    },

    async evalUrl(url, name, options) {
      const report = await analysePhoto(finder, await fetchBlob(url), name);
      if (report.error) return { file: name, error: report.error, sequences: [] };
      const sequences = [];
      for (const [index, face] of report.faces.entries()) {
        if (face.tooSmall) continue;
        for (const driver of options.drivers) {
          const { request, anchor } = await prepare(face, driver, options.size, options.intensity, options.glasses);
          const sourcePixels = pixelsOf(request.photo);
          const frames: ImageBitmap[] = [];
          const animated = await animator.animate(request, (frame) => {
            frames.push(frame);
          });
          if (!animated.ok) throw new Error(animated.message);
          const { targets, source, width, height } = animated.value;
          const detected = [];
          const pixels = [];
          for (const [f, frame] of frames.entries()) {
            pixels.push(pixelsOf(frame));
            const faces = await finder.landmarksNear(frame, anchorFor(anchor, source, targets[f]!));
            detected.push(nearestFace(faces, targets[f]!) ?? null);
          }
          sequences.push({
            face: index + 1,
            driver,
            summary: summarizeSequence({ source, targets, detected, frames: pixels, sourcePixels, width, height }),
          });
        }
      }
      return { file: name, sequences };
    },

    compareGeneratorBackends: (width, height) => animator.compareBackends(width, height),

    async recordUrl(url, source, options) {
      const tracked = await trackFaceInVideo(finder, await fetchBlob(url));
      const recorded = recordDriver(tracked, { fps: RECORDING_FPS, id: options.id, name: options.name });
      return {
        driverJson: serializeDriver(recorded.driver, { description: `Recorded from ${source}.`, tags: ['recorded'] }),
        frames: recorded.driver.frames.length,
        bridged: recorded.bridged,
        trimmed: recorded.trimmed,
        warnings: recorded.warnings,
      };
    },

    async benchEndToEnd(url, options) {
      const started = performance.now();
      const file = await exportFile(await fetchBlob(url), 'bench', {
        driver: options.driver,
        size: options.size,
        format: 'gif',
        frameCount: Math.round(options.seconds * DEFAULT_FPS),
      });
      const { bytes, frames, width, height } = file;
      return { seconds: (performance.now() - started) / 1000, frames, width, height, gifBytes: bytes.length };
    },

    async exportUrl(url, name, options) {
      const { bytes, ...described } = await exportFile(await fetchBlob(url), name, options);
      return { ...described, base64: await base64Of(bytes) };
    },

    async benchExport(url, options) {
      const report = await analysePhoto(finder, await fetchBlob(url), 'bench');
      const chosen = chooseFace(report);
      if (typeof chosen === 'string') throw new Error(chosen);
      const { request } = await prepare(chosen.face, options.driver, options.size);
      const rendered: ImageBitmap[] = [];
      const animated = await animator.animate({ ...request, frameCount: Math.round(options.seconds * DEFAULT_FPS) }, (frame) => {
        rendered.push(frame);
      });
      if (!animated.ok) throw new Error(animated.message);
      const { width, height, fps } = animated.value;
      const files = (exporter ??= new FileExporter());
      // Encoding only: the frames are ready, as when the app saves its preview.
      const encode = async (format: ExportFormat, frames: ImageBitmap[]) => {
        const started = performance.now();
        const made = await makeAnimationFile(files, { format, mark: false, width, height, fps, frameCount: frames.length, frames: framesFrom(frames, width, height), rendered: false });
        if (!made.ok) throw new Error(made.message);
        return { seconds: (performance.now() - started) / 1000, bytes: made.value.bytes };
      };
      try {
        const gif = await encode('gif', rendered);
        const psnr = (await gifPsnr(gif.bytes, rendered)).sort((a, b) => a - b);
        // ffmpeg is loaded (and warmed up) first: the measure is the encoding.
        await encode('mp4', rendered.slice(0, 2));
        const mp4 = await encode('mp4', rendered);
        return {
          frames: rendered.length,
          width,
          height,
          gifEncodeS: gif.seconds,
          gifBytes: gif.bytes.length,
          gifPsnrDb: psnr[psnr.length >> 1]!,
          gifPsnrMinDb: psnr[0]!,
          mp4EncodeS: mp4.seconds,
          mp4Bytes: mp4.bytes.length,
        };
      } finally {
        rendered.forEach((frame) => frame.close());
      }
    },

    async benchGenerator(url, options) {
      const report = await analysePhoto(finder, await fetchBlob(url), 'bench');
      const chosen = chooseFace(report);
      if (typeof chosen === 'string') throw new Error(chosen);
      const { request } = await prepare(chosen.face, options.driver, options.size);
      const { width, height } = request.photo;
      const result = await animator.bench(request, options.frames);
      return { backend: result.backend, width, height, genMs: result.genMs, floorMs: result.floorMs };
    },
  };
  window.kinora = automation;
}
