import { DEFAULT_FPS } from '../core/drivers/authoring.ts';
import { parseDriver, serializeDriver } from '../core/drivers/format.ts';
import { recordDriver } from '../core/drivers/record.ts';
import type { Driver } from '../core/motion/types.ts';
import { nearestFace } from '../core/quality/measures.ts';
import { summarizeSequence } from '../core/quality/summary.ts';
import { boundingBoxOf, type FaceBox } from '../core/quality/background.ts';
import { gifSeam, type PersonMaskPixels } from '../core/quality/believability.ts';
import { english } from '../i18n/english.ts';
import { Refusal, type Message } from '../i18n/messages.ts';
import type { ExportOptions, ImageReport, KinoraAutomation } from './automation-contract.ts';
import { RECORDING_FPS, trackFaceInVideo } from './record/video.ts';
import { analysePhoto } from './analyse.ts';
import { anchorFor, animationRequest, DEFAULT_OUTPUT_SIZE } from './animate.ts';
import { PhotoEnhancer } from './enhance/client.ts';
import { FaceFinder } from './detect/client.ts';
import type { ExportFormat } from './export/contract.ts';
import { blurredPsnr } from '../core/quality/psnr.ts';
import type { FaceAnimator } from './generate/client.ts';
import type { Motion, Session } from './session.ts';
import type { FaceReport } from './types.ts';

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

// ---------------------------------------------------------------------------------------------
// Believability inputs of `kinora eval` (issues 10, 11; core/quality/believability.ts).

/** The first and last frames of a GIF, decoded by the browser's own decoder (frames composited), RGBA. */
async function gifFirstAndLast(gif: Uint8Array<ArrayBuffer>, width: number, height: number): Promise<[Uint8ClampedArray, Uint8ClampedArray]> {
  const decoder = new ImageDecoder({ data: gif, type: 'image/gif' });
  try {
    await decoder.tracks.ready;
    const count = decoder.tracks.selectedTrack!.frameCount;
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const decoded = async (frameIndex: number) => {
      const { image } = await decoder.decode({ frameIndex });
      context.clearRect(0, 0, width, height);
      context.drawImage(image, 0, 0);
      image.close();
      return context.getImageData(0, 0, width, height).data;
    };
    return [await decoded(0), await decoded(count - 1)];
  } finally {
    decoder.close();
  }
}

/**
 * gif_seam of rendered frames: they are made into a GIF as "Download" makes one (the export
 * worker, at their own size, no mark), decoded, and its last frame compared with its first in
 * the face box. Undefined (and a warning) when the GIF cannot be made.
 */
async function gifSeamOf(session: Session, frames: readonly ImageBitmap[], width: number, height: number, faceBox: FaceBox): Promise<number | undefined> {
  const made = await session.makeFile({ format: 'gif', mark: false, size: Math.max(width, height), frames: [...frames] });
  if (!made.ok) {
    console.warn(`kinora eval: no GIF for gif_seam: ${english(made.message)}`);
    return undefined;
  }
  const { bytes } = made.value;
  if (made.value.width !== width || made.value.height !== height) {
    console.warn(`kinora eval: the GIF is ${made.value.width}x${made.value.height}, not ${width}x${height}: no gif_seam`);
    return undefined;
  }
  const [first, last] = await gifFirstAndLast(bytes as Uint8Array<ArrayBuffer>, width, height);
  return gifSeam(first, last, width, height, faceBox);
}

/** The photo's person mask at the animation's size (once per photo); undefined, with a warning, when there is none. */
async function personMaskAt(session: Session, longSide: number): Promise<PersonMaskPixels | undefined> {
  const outcome = await session.detector.personMask(longSide);
  if (!outcome.ok) {
    console.warn(`kinora eval: no person mask, background_near is not measured: ${english(outcome.message)}`);
    return undefined;
  }
  return outcome.value;
}

/**
 * The boxes of every face but the animated one (too small ones included: they must stay still
 * too), in the animation's pixels: original pixels / scale, as animationRequest scales landmarks.
 */
function otherFaceBoxes(report: ImageReport, animated: number, width: number, height: number): FaceBox[] {
  const scale = Math.max(report.width, report.height) / Math.max(width, height);
  return report.faces
    .filter((_, i) => i !== animated)
    .map(({ box: [x, y, w, h] }) => ({ x: x / scale, y: y / scale, width: w / scale, height: h / scale }));
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

/** A driver file's text as a motion, or the built-in motion of that id. */
function motionOf(options: { driver?: string; driverJson?: string; intensity?: number; glasses?: boolean }, fallback: string): Motion {
  let driver: string | Driver = options.driver ?? fallback;
  if (options.driverJson !== undefined) {
    const parsed = parseDriver(options.driverJson);
    if (!parsed.ok) throw new Error(`Not a valid driver file: ${parsed.errors.map(english).join('; ')}`);
    driver = parsed.driver;
  }
  return { driver, intensity: options.intensity ?? 1, glasses: !!options.glasses };
}

/** The value, or an exception in English (the CLI's language) that says why there is none. */
function unwrap<T>(outcome: { ok: true; value: T } | { ok: false; message: Message }): T {
  if (!outcome.ok) throw new Error(english(outcome.message));
  return outcome.value;
}

/**
 * `window.kinora`: the CLI, the bench and tests drive the page's own session — the same
 * controller the UI uses. `animator` is the session's generator, for its bench-only calls.
 */
export function installAutomation(session: Session, animator: FaceAnimator): void {
  const analyse = async (url: string, name: string) => analysePhoto(session, await fetchBlob(url), name);

  /** Photo -> file, as the app's "Download": frames stream to the export worker as they render. */
  const exportFile = async (photo: Blob, name: string, options: ExportOptions & { frameCount?: number }) => {
    const chosen = chooseFace(await analysePhoto(session, photo, name), options.face);
    if (typeof chosen === 'string') throw new Error(chosen);
    const motion = motionOf(options, await session.suggestedMotion(chosen.face));
    const made = unwrap(
      await session.makeFile({
        format: options.format,
        mark: options.mark ?? true,
        size: options.size ?? DEFAULT_OUTPUT_SIZE,
        frameCount: options.frameCount,
        of: { face: chosen.face, motion },
        enhance: options.enhance,
      }),
    );
    return { ...made, face: chosen.number };
  };

  /** The person-mask check's own detect worker: the session's stays as the session left it. */
  let maskFinder: FaceFinder | undefined;

  const automation: KinoraAutomation = {
    async detectUrl(url, name) {
      try {
        return await analyse(url, name);
      } catch (error) {
        return { file: name, width: 0, height: 0, faces: [], error: String((error as Error).message ?? error) };
      }
    },
    async benchDetect(url, runs) {
      const blob = await fetchBlob(url);
      // A fresh worker, so the cold start includes wasm and model loading.
      const cold = new FaceFinder();
      /** ms to the first faces (the whole-photo pass; the complete list when it finds none) and to the complete list. */
      const timed = async (): Promise<[number, number]> => {
        const t = performance.now();
        let firstAt: number | undefined;
        const found = await cold.findFaces(undefined, () => void (firstAt ??= performance.now()));
        if (!found.ok) throw new Error(english(found.message));
        const end = performance.now();
        return [(firstAt ?? end) - t, end - t];
      };
      try {
        const start = performance.now();
        const opened = await cold.openPhoto(blob);
        if (!opened.ok) throw new Error(english(opened.message));
        opened.value.display.close();
        await timed();
        const coldMs = performance.now() - start;
        const warmMs: number[] = [];
        const firstMs: number[] = [];
        for (let i = 0; i < runs; i++) {
          const [first, all] = await timed();
          firstMs.push(first);
          warmMs.push(all);
        }
        return { coldMs, warmMs, firstMs };
      } finally {
        cold.dispose();
      }
    },

    async animateUrl(url, name, options) {
      const chosen = chooseFace(await analyse(url, name), options.face);
      if (typeof chosen === 'string') throw new Error(chosen);
      const frames: ImageBitmap[] = [];
      const animated = unwrap(
        await session.animate(chosen.face, motionOf(options, options.driver), {
          size: options.size,
          enhance: options.enhance,
          onFrame: (frame) => void frames.push(frame),
        }),
      );
      const encoded = options.frames ? await Promise.all(frames.map(pngBase64)) : undefined;
      frames.forEach((f) => f.close());
      const enhanced = animated.enhanced ? { enhanced: animated.enhanced } : {};
      return { report: { ...animated.report, face: chosen.number, ...enhanced }, ...(encoded ? { frames: encoded } : {}) };
    },

    async evalUrl(url, name, options) {
      const report = await analyse(url, name);
      if (report.error) return { file: name, error: report.error, sequences: [] };
      // Believability (issues 10, 11): the person mask once per photo, at the animations' size.
      const personMask = report.faces.some((f) => !f.tooSmall) ? await personMaskAt(session, options.size ?? DEFAULT_OUTPUT_SIZE) : undefined;
      const sequences = [];
      for (const [index, face] of report.faces.entries()) {
        if (face.tooSmall) continue;
        for (const driver of options.drivers) {
          let sourcePixels: ReturnType<typeof pixelsOf> = new Uint8ClampedArray();
          const frames: ImageBitmap[] = [];
          const animated = unwrap(
            await session.animate(face, { driver, intensity: options.intensity ?? 1, glasses: options.glasses }, {
              size: options.size,
              onPrepared: (prepared) => (sourcePixels = pixelsOf(prepared.request.photo)),
              onFrame: (frame) => void frames.push(frame),
            }),
          );
          const { targets, source, width, height } = animated.report;
          // Believability (issues 10, 11): the GIF's seam (before the frames go to the detector, which closes them), the other faces, the mask.
          const believability = {
            gifSeam: await gifSeamOf(session, frames, width, height, boundingBoxOf(source)),
            otherFaces: otherFaceBoxes(report, index, width, height),
            personMask: personMask && personMask.width === width && personMask.height === height ? personMask : undefined,
          };
          if (personMask && !believability.personMask) console.warn(`kinora eval: the person mask is ${personMask.width}x${personMask.height}, the frames ${width}x${height}`);
          const detected = [];
          const pixels = [];
          for (const [f, frame] of frames.entries()) {
            pixels.push(pixelsOf(frame));
            const faces = await session.detector.landmarksNear(frame, anchorFor(animated.anchor, source, targets[f]!));
            detected.push(nearestFace(faces, targets[f]!) ?? null);
          }
          sequences.push({
            face: index + 1,
            driver,
            summary: summarizeSequence({ source, targets, detected, frames: pixels, sourcePixels, width, height, ...believability }),
          });
          if (options.judge) {
            // The independent judge (issue 11): face-api from the URLs `kinora eval` serves, in a lazy chunk.
            const judge = await import('./judge/face-api-judge.ts');
            const api = await judge.loadJudge(options.judge);
            sequences.at(-1)!.summary.judge = await judge.judgeSequence(api, { driverId: driver, width, height, photo: sourcePixels, frames: pixels, source, targets });
          }
        }
      }
      return { file: name, sequences };
    },

    compareGeneratorBackends: (width, height) => animator.compareBackends(width, height),

    async recordUrl(url, source, options) {
      const tracked = await trackFaceInVideo(session.detector, await fetchBlob(url)).catch((error: unknown) => {
        throw error instanceof Refusal ? new Error(english(error.said)) : error;
      });
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
      const { bytes, driver: _driver, ...described } = await exportFile(await fetchBlob(url), name, options);
      return { ...described, base64: await base64Of(bytes) };
    },

    async benchExport(url, options) {
      const chosen = chooseFace(await analyse(url, 'bench'));
      if (typeof chosen === 'string') throw new Error(chosen);
      const rendered: ImageBitmap[] = [];
      const animated = unwrap(
        await session.animate(chosen.face, { driver: options.driver }, {
          size: options.size,
          frameCount: Math.round(options.seconds * DEFAULT_FPS),
          onFrame: (frame) => void rendered.push(frame),
        }),
      );
      const { width, height } = animated.report;
      // Encoding only: the frames are ready, as when the app saves its preview.
      const encode = async (format: ExportFormat, frames: ImageBitmap[]) => {
        const started = performance.now();
        const made = unwrap(await session.makeFile({ format, mark: false, size: Math.max(width, height), frames }));
        return { seconds: (performance.now() - started) / 1000, bytes: made.bytes };
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

    async personMaskUrl(url, longSide) {
      maskFinder ??= new FaceFinder();
      const opened = unwrap(await maskFinder.openPhoto(await fetchBlob(url)));
      opened.display.close();
      const started = performance.now();
      const { width, height, alpha } = unwrap(await maskFinder.personMask(longSide));
      const ms = performance.now() - started;
      return { width, height, alpha: await base64Of(alpha as Uint8Array<ArrayBuffer>), ms };
    },

    async benchGenerator(url, options) {
      const chosen = chooseFace(await analyse(url, 'bench'));
      if (typeof chosen === 'string') throw new Error(chosen);
      const { request } = unwrap(await animationRequest(session.detector, chosen.face, { size: options.size, driverId: options.driver, intensity: 1 }));
      const { width, height } = request.photo;
      const result = await animator.bench(request, options.frames);
      return { backend: result.backend, width, height, genMs: result.genMs, floorMs: result.floorMs };
    },

    async benchEnhance(url, { side, runs }) {
      const chosen = chooseFace(await analyse(url, 'bench'));
      if (typeof chosen === 'string') throw new Error(chosen);
      const photo = unwrap(await session.detector.photoAt(Number.MAX_SAFE_INTEGER));
      const { bitmap, scale } = photo;
      const [x, y, w, h] = chosen.face.box.map((v) => v / scale) as [number, number, number, number];
      if (bitmap.width < side || bitmap.height < side) throw new Error(`the photo is smaller than ${side} px`);
      const left = Math.round(Math.min(Math.max(0, x + w / 2 - side / 2), bitmap.width - side));
      const top = Math.round(Math.min(Math.max(0, y + h / 2 - side / 2), bitmap.height - side));
      const crop = await createImageBitmap(bitmap, left, top, side, side);
      bitmap.close();
      // A worker of its own: the session's (and its kept photo) stay as they were.
      const enhancer = new PhotoEnhancer();
      try {
        return await enhancer.bench(crop, runs);
      } finally {
        enhancer.dispose();
      }
    },
  };
  window.kinora = automation;
}
