import { DEFAULT_FPS } from '../core/drivers/authoring.ts';
import { parseDriver, serializeDriver } from '../core/drivers/format.ts';
import { recordDriver } from '../core/drivers/record.ts';
import { loopSeam } from '../core/drivers/group-loop.ts';
import type { Driver } from '../core/motion/types.ts';
import { nearestFace } from '../core/quality/measures.ts';
import { summarizeSequence } from '../core/quality/summary.ts';
import { boundingBoxOf, type FaceBox } from '../core/quality/background.ts';
import { gifSeam, type PersonMaskPixels } from '../core/quality/believability.ts';
import { english } from '../i18n/english.ts';
import { Refusal, type Message } from '../i18n/messages.ts';
import { AUTO_DRIVER, type EvalResult, type ExportOptions, type FaceChoice, type ImageReport, type KinoraAutomation } from './automation-contract.ts';
import { RECORDING_FPS, trackFaceInVideo } from './record/video.ts';
import { analysePhoto } from './analyse.ts';
import { anchorFor, animationRequest, DEFAULT_OUTPUT_SIZE } from './animate.ts';
import { PhotoEnhancer } from './enhance/client.ts';
import { FaceFinder } from './detect/client.ts';
import type { ExportFormat } from './export/contract.ts';
import { blurredPsnr } from '../core/quality/psnr.ts';
import type { FaceAnimator } from './generate/client.ts';
import type { Part, Session } from './session.ts';
import type { FaceReport } from './types.ts';
import { unpackTargets } from '../core/motion/target-track.ts';
import type { LiveLoop } from './live/live-loop.ts';

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

/** Frames `indices` of a GIF, decoded by the browser's own decoder (frames composited), RGBA, by index. */
async function gifFramesAt(gif: Uint8Array<ArrayBuffer>, width: number, height: number, indices: readonly number[]): Promise<Map<number, Uint8ClampedArray>> {
  const decoder = new ImageDecoder({ data: gif, type: 'image/gif' });
  try {
    await decoder.tracks.ready;
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const decoded = new Map<number, Uint8ClampedArray>();
    for (const frameIndex of new Set(indices)) {
      const { image } = await decoder.decode({ frameIndex });
      context.clearRect(0, 0, width, height);
      context.drawImage(image, 0, 0);
      image.close();
      decoded.set(frameIndex, context.getImageData(0, 0, width, height).data);
    }
    return decoded;
  } finally {
    decoder.close();
  }
}

/**
 * gif_seam of rendered frames, per face: they are made into a GIF as "Download" makes one (the
 * export worker, at their own size, no mark), decoded, and the two frames between which the face's
 * motion comes round compared in its box (the GIF's last and first, for a face whose motion starts
 * with the loop; faces animated together each start at their own point). Undefined (and a
 * warning) when the GIF cannot be made.
 */
async function gifSeamsOf(
  session: Session,
  frames: readonly ImageBitmap[],
  width: number,
  height: number,
  faces: readonly { box: FaceBox; seam: readonly [number, number] }[],
): Promise<(number | undefined)[]> {
  const none = faces.map(() => undefined);
  const made = await session.makeFile({ format: 'gif', mark: false, size: Math.max(width, height), frames: [...frames] });
  if (!made.ok) {
    console.warn(`kinora eval: no GIF for gif_seam: ${english(made.message)}`);
    return none;
  }
  const { bytes } = made.value;
  if (made.value.width !== width || made.value.height !== height) {
    console.warn(`kinora eval: the GIF is ${made.value.width}x${made.value.height}, not ${width}x${height}: no gif_seam`);
    return none;
  }
  const decoded = await gifFramesAt(bytes as Uint8Array<ArrayBuffer>, width, height, faces.flatMap((face) => face.seam));
  return faces.map(({ box, seam: [before, after] }) => gifSeam(decoded.get(after)!, decoded.get(before)!, width, height, box));
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
 * The boxes of every face not animated (too small ones included: they must stay still too), in
 * the animation's pixels: original pixels / scale, as animationRequest scales landmarks.
 */
function otherFaceBoxes(report: ImageReport, animated: readonly number[], width: number, height: number): FaceBox[] {
  const scale = Math.max(report.width, report.height) / Math.max(width, height);
  return report.faces
    .filter((_, i) => !animated.includes(i))
    .map(({ box: [x, y, w, h] }) => ({ x: x / scale, y: y / scale, width: w / scale, height: h / scale }));
}

interface Chosen {
  face: FaceReport;
  /** 1-based. */
  number: number;
}

/** The faces asked for: one by its 1-based number, 'all' large enough, else the first face big enough to animate. */
function chooseFaces(report: ImageReport, wanted?: FaceChoice): Chosen[] | string {
  if (report.error) return report.error;
  if (typeof wanted === 'number') {
    const face = report.faces[wanted - 1];
    if (!face) return `There is no face ${wanted}: the photo has ${report.faces.length}.`;
    if (face.tooSmall) return `Face ${wanted} is too small to animate.`;
    return [{ face, number: wanted }];
  }
  const animatable = report.faces.flatMap((face, i) => (face.tooSmall ? [] : [{ face, number: i + 1 }]));
  if (!animatable.length) return 'No face found that is large enough to animate.';
  return wanted === 'all' ? animatable : animatable.slice(0, 1);
}

/**
 * Each chosen face's part: a driver file's text as its motion, or the built-in motion of that id,
 * or (AUTO_DRIVER, or none given) the motion that suits it — varied across a group.
 */
async function partsOf(session: Session, chosen: readonly Chosen[], options: { driver?: string; driverJson?: string; intensity?: number; glasses?: boolean }): Promise<Part[]> {
  let given: string | Driver | undefined = options.driver === AUTO_DRIVER ? undefined : options.driver;
  if (options.driverJson !== undefined) {
    const parsed = parseDriver(options.driverJson);
    if (!parsed.ok) throw new Error(`Not a valid driver file: ${parsed.errors.map(english).join('; ')}`);
    given = parsed.driver;
  }
  const faces = chosen.map((c) => c.face);
  const drivers = given !== undefined ? faces.map(() => given) : faces.length > 1 ? await session.suggestedMotions(faces) : [await session.suggestedMotion(faces[0]!)];
  return faces.map((face, f) => ({ face, motion: { driver: drivers[f]!, intensity: options.intensity ?? 1, glasses: !!options.glasses } }));
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
    const chosen = chooseFaces(await analysePhoto(session, photo, name), options.face);
    if (typeof chosen === 'string') throw new Error(chosen);
    const made = unwrap(
      await session.makeFile({
        format: options.format,
        mark: options.mark ?? true,
        size: options.size ?? DEFAULT_OUTPUT_SIZE,
        frameCount: options.frameCount,
        of: await partsOf(session, chosen, options),
        enhance: options.enhance,
      }),
    );
    return { ...made, faces: chosen.map((c) => c.number) };
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
      const chosen = chooseFaces(await analyse(url, name), options.face);
      if (typeof chosen === 'string') throw new Error(chosen);
      const frames: ImageBitmap[] = [];
      const animated = unwrap(
        await session.animate(await partsOf(session, chosen, options), {
          size: options.size,
          enhance: options.enhance,
          onFrame: (frame) => void frames.push(frame),
        }),
      );
      const encoded = options.frames ? await Promise.all(frames.map(pngBase64)) : undefined;
      frames.forEach((f) => f.close());
      const enhanced = animated.enhanced ? { enhanced: animated.enhanced } : {};
      // As JSON for the CLI: the targets unpacked.
      const faces = animated.report.faces.map((track, f) => ({ ...track, targets: unpackTargets(track.targets, track.source.length), face: chosen[f]!.number }));
      const report = { ...animated.report, targets: faces[0]!.targets, face: chosen[0]!.number, faces, ...enhanced };
      return { report, ...(encoded ? { frames: encoded } : {}) };
    },

    async evalUrl(url, name, options) {
      const report = await analyse(url, name);
      if (report.error) return { file: name, error: report.error, sequences: [] };
      // Believability (issues 10, 11): the person mask once per photo, at the animations' size.
      const personMask = report.faces.some((f) => !f.tooSmall) ? await personMaskAt(session, options.size ?? DEFAULT_OUTPUT_SIZE) : undefined;
      const sequences: EvalResult['sequences'] = [];
      const animatable = report.faces.flatMap((face, i) => (face.tooSmall ? [] : [{ face, number: i + 1 }]));
      // Each face on its own, or (faces: 'all') every face together in one render per driver.
      const casts = options.faces === 'all' ? (animatable.length ? [animatable] : []) : animatable.map((one) => [one]);
      for (const cast of casts) {
        for (const driver of options.drivers) {
          let sourcePixels: ReturnType<typeof pixelsOf> = new Uint8ClampedArray();
          const frames: ImageBitmap[] = [];
          const animated = unwrap(
            await session.animate(await partsOf(session, cast, { driver, intensity: options.intensity, glasses: options.glasses }), {
              size: options.size,
              onPrepared: (prepared) => (sourcePixels = pixelsOf(prepared.request.photo)),
              onFrame: (frame) => void frames.push(frame),
            }),
          );
          const { width, height } = animated.report;
          const tracks = animated.report.faces.map((track) => ({ ...track, targets: unpackTargets(track.targets, track.source.length) }));
          const boxes = tracks.map((track) => boundingBoxOf(track.source));
          // Believability (issues 10, 11): the GIF's seam (before the frames go to the detector, which closes them), the other faces, the mask.
          const seams = await gifSeamsOf(
            session,
            frames,
            width,
            height,
            tracks.map((track, k) => ({ box: boxes[k]!, seam: loopSeam({ driver: animated.drivers[k]!, phase: track.phase }, frames.length) })),
          );
          const still = {
            otherFaces: otherFaceBoxes(report, cast.map((c) => c.number - 1), width, height),
            personMask: personMask && personMask.width === width && personMask.height === height ? personMask : undefined,
          };
          if (personMask && !still.personMask) console.warn(`kinora eval: the person mask is ${personMask.width}x${personMask.height}, the frames ${width}x${height}`);
          const detected: (ReturnType<typeof nearestFace> | null)[][] = tracks.map(() => []);
          const pixels = [];
          for (const [f, frame] of frames.entries()) {
            pixels.push(pixelsOf(frame));
            // The detector takes the bitmap it is given: every face but the last looks at a copy.
            for (const [k, track] of tracks.entries()) {
              const image = k === tracks.length - 1 ? frame : await createImageBitmap(frame);
              const faces = await session.detector.landmarksNear(image, anchorFor(animated.anchors[k]!, track.source, track.targets[f]!));
              detected[k]!.push(nearestFace(faces, track.targets[f]!) ?? null);
            }
          }
          for (const [k, track] of tracks.entries()) {
            const { source, targets } = track;
            const companions = boxes.filter((_, j) => j !== k);
            sequences.push({
              face: cast[k]!.number,
              driver: track.driver,
              summary: summarizeSequence({ source, targets, detected: detected[k]!, frames: pixels, sourcePixels, width, height, gifSeam: seams[k], companions, ...still }),
            });
            if (options.judge) {
              // The independent judge (issue 11): face-api from the URLs `kinora eval` serves, in a lazy chunk.
              const judge = await import('./judge/face-api-judge.ts');
              const api = await judge.loadJudge(options.judge);
              sequences.at(-1)!.summary.judge = await judge.judgeSequence(api, { driverId: track.driver, width, height, photo: sourcePixels, frames: pixels, source, targets });
            }
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
        face: options.face,
      });
      const { bytes, frames, width, height } = file;
      return { seconds: (performance.now() - started) / 1000, frames, width, height, gifBytes: bytes.length };
    },

    async exportUrl(url, name, options) {
      const { bytes, drivers: _drivers, parts: _parts, ...described } = await exportFile(await fetchBlob(url), name, options);
      return { ...described, base64: await base64Of(bytes) };
    },

    async benchExport(url, options) {
      const chosen = chooseFaces(await analyse(url, 'bench'));
      if (typeof chosen === 'string') throw new Error(chosen);
      const rendered: ImageBitmap[] = [];
      const animated = unwrap(
        await session.animate([{ face: chosen[0]!.face, motion: { driver: options.driver } }], {
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

    async benchLive(url, { seconds, size }) {
      const chosen = chooseFaces(await analyse(url, 'bench'));
      if (typeof chosen === 'string') throw new Error(chosen);
      const camera = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
      const tracker = new FaceFinder();
      const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: camera });
      // On the page, as the app paints: a canvas in the document.
      const canvas = document.body.appendChild(document.createElement('canvas'));
      let loop: LiveLoop | undefined;
      try {
        const { LiveLoop } = await import('./live/live-loop.ts');
        const begun = unwrap(await session.beginLive({ face: chosen[0]!.face, motion: { driver: 'live' } }, size));
        Object.assign(canvas, { width: begun.width, height: begun.height });
        await video.play();
        let following!: () => void;
        const calibrated = new Promise<void>((resolve) => (following = resolve));
        loop = new LiveLoop({
          video,
          tracker,
          render: (frame, intensity) => session.liveFrame(frame, intensity),
          intensity: () => 1,
          paint: (frame) => {
            canvas.getContext('2d')!.drawImage(frame, 0, 0);
            frame.close();
          },
          onStatus: (status) => status.step === 'following' && following(),
        });
        loop.start();
        await calibrated;
        loop.restartTimings();
        loop.startTake();
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        const timings = loop.timings();
        const take = loop.stopTake()!.driver({ fps: RECORDING_FPS, id: 'live-bench', name: 'Live bench' });
        return { ...timings, width: begun.width, height: begun.height, backend: begun.backend, takeJson: serializeDriver(take) };
      } finally {
        loop?.stop();
        camera.getTracks().forEach((track) => track.stop());
        tracker.dispose();
        session.endLive();
        canvas.remove();
      }
    },

    async personMaskUrl(url, longSide) {
      maskFinder ??= new FaceFinder();
      const opened = unwrap(await maskFinder.openPhoto(await fetchBlob(url)));
      opened.display.close();
      // As the app: the faces are known first (small ones are segmented close up too).
      unwrap(await maskFinder.findFaces());
      const started = performance.now();
      const { width, height, alpha } = unwrap(await maskFinder.personMask(longSide));
      const ms = performance.now() - started;
      return { width, height, alpha: await base64Of(alpha as Uint8Array<ArrayBuffer>), ms };
    },

    async benchGenerator(url, options) {
      const report = await analyse(url, 'bench');
      const chosen = chooseFaces(report, options.faces === 'all' ? 'all' : undefined);
      if (typeof chosen === 'string') throw new Error(chosen);
      const others = report.faces.filter((face) => !chosen.some((c) => c.face === face));
      const parts = chosen.map(({ face }, f) => ({ face, driverId: options.driver, intensity: 1, phase: 13 * f }));
      const { request } = unwrap(await animationRequest(session.detector, parts, { size: options.size, others }));
      const { width, height } = request.photo;
      const result = await animator.bench(request, options.frames);
      return { backend: result.backend, faces: parts.length, width, height, genMs: result.genMs, floorMs: result.floorMs };
    },

    async benchEnhance(url, { side, runs }) {
      const chosen = chooseFaces(await analyse(url, 'bench'));
      if (typeof chosen === 'string') throw new Error(chosen);
      const photo = unwrap(await session.detector.photoAt(Number.MAX_SAFE_INTEGER));
      const { bitmap, scale } = photo;
      const [x, y, w, h] = chosen[0]!.face.box.map((v) => v / scale) as [number, number, number, number];
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
