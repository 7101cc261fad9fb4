/// <reference lib="webworker" />
import '../src/pipeline/network-guard.ts';
import * as Comlink from 'comlink';
import { exposeSupervised } from '../src/pipeline/worker-bridge.ts';
import type { FaceLandmarker } from '@mediapipe/tasks-vision';
import { cropPointToImage, landmarkCrop as landmarkCropAround } from '../src/core/face/crop.ts';
import { findFaces, scaleFace, SMALL_FACE_SEARCH, type CropFace } from '../src/core/face/find-faces.ts';
import { sniffBlob } from '../src/core/image/sniff.ts';
import { say } from '../src/i18n/messages.ts';
import { addCloseUp, closeUpOf, resampleMask, type Rect } from '../src/core/image/mask-resample.ts';
import type { Box } from '../src/core/face/geometry.ts';
import { fitWithin, type Size } from '../src/core/image/sizing.ts';
import { CANCELLED, type FaceReport } from '../src/pipeline/types.ts';
import {
  TOO_SMALL_FACE_PX,
  type DetectWorkerApi,
  type OpenedPhoto,
  type Outcome,
  type PersonMask,
  type ProgressCallback,
} from '../src/pipeline/detect/contract.ts';
import { cachedResponse } from '../src/offline/cache.ts';
import { compileWasm, createLandmarker, createVideoLandmarker, fetchWithProgress, modelUrl, useCompiledWasm, wasmUrl } from './detect/mediapipe.ts';
import { PersonSegmenter, type Segmentation } from './detect/person-segmenter.ts';
import { TileSearch } from './detect/tile-search.ts';

/** Long side of the copy faces are searched in; larger photos are downscaled first. */
const WORK_LONG_SIDE = 3072;
/** Long side of the copy the page draws. */
const DISPLAY_LONG_SIDE = 2048;

interface Models {
  tiles: TileSearch;
  landmarker: FaceLandmarker;
  /** The landmarker's model, for the camera's landmarker (made when live mode first asks). */
  landmarkerModel: Uint8Array;
}

let models: Promise<Models> | undefined;

/**
 * MediaPipe's wasm and both models load once, on first use: read (from the offline cache on
 * later visits) with byte progress, then the wasm compiled once for both tasks and the helper.
 */
function loadModels(onProgress?: ProgressCallback): Promise<Models> {
  models ??= (async () => {
    const urls = [modelUrl('face_detector.tflite'), modelUrl('face_landmarker.task'), wasmUrl()];
    // Known before a byte is read, so that the first report already says where they come from.
    const fromCache = (await Promise.all(urls.map(cachedResponse))).every(Boolean);
    const loaded = new Map<string, [number, number]>();
    const report = () => {
      let done = 0;
      let total = 0;
      for (const [l, t] of loaded.values()) {
        done += l;
        total += t;
      }
      onProgress?.({ stage: 'loading-models', loadedBytes: done, totalBytes: total, fromCache });
    };
    report();
    const onBytes = (url: string) => (l: number, t: number) => (loaded.set(url, [l, t]), report());
    const [detectorModel, landmarkerModel, compiled] = await Promise.all([
      fetchWithProgress(urls[0]!, onBytes(urls[0]!)),
      fetchWithProgress(urls[1]!, onBytes(urls[1]!)),
      compileWasm(urls[2]!, onBytes(urls[2]!)),
    ]);
    onProgress?.({ stage: 'starting-models' });
    useCompiledWasm(compiled);
    const [tiles, landmarker] = await Promise.all([TileSearch.create(detectorModel.bytes, compiled), createLandmarker(landmarkerModel.bytes)]);
    return { tiles, landmarker, landmarkerModel: landmarkerModel.bytes };
  })();
  models.catch(() => (models = undefined));
  return models;
}

let segmenter: Promise<PersonSegmenter> | undefined;

/**
 * Live mode's landmarker, following the face from camera frame to camera frame. Made on first use
 * from the landmark model and the wasm alone (live mode has a worker of its own: it needs neither
 * the tile search nor the photo's landmarker); the photo's models when they are loaded already.
 */
let camera: Promise<{ landmarker: FaceLandmarker; lastMs: number }> | undefined;
function cameraLandmarker(): Promise<{ landmarker: FaceLandmarker; lastMs: number }> {
  camera ??= (async () => {
    const model = models
      ? (await models).landmarkerModel
      : await Promise.all([fetchWithProgress(modelUrl('face_landmarker.task')), compileWasm(wasmUrl())]).then(([fetched, compiled]) => {
          useCompiledWasm(compiled);
          return fetched.bytes;
        });
    return { landmarker: await createVideoLandmarker(model), lastMs: -Infinity };
  })();
  camera.catch(() => (camera = undefined));
  return camera;
}

/**
 * The person segmenter loads on first use. It instantiates the wasm the face models compiled, so
 * they load first (they are needed anyway; without progress reports if findFaces has not run).
 */
function loadSegmenter(): Promise<PersonSegmenter> {
  segmenter ??= (async () => {
    const [, model] = await Promise.all([loadModels(), fetchWithProgress(modelUrl('selfie_segmenter.tflite'))]);
    return PersonSegmenter.create(model.bytes);
  })();
  segmenter.catch(() => (segmenter = undefined));
  return segmenter;
}

class Cancelled extends Error {}

const yieldChannel = new MessageChannel();
/**
 * Lets a cancel message (or a new photo) in between two steps. A message round trip, not
 * setTimeout, which browsers clamp to 4 ms once nested: 40 tiles would lose 160 ms.
 */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    yieldChannel.port1.onmessage = () => resolve();
    yieldChannel.port2.postMessage(null);
  });
}

interface Photo {
  work: ImageBitmap;
  /** Original pixels per work pixel. */
  workScale: number;
  /** The faces found (work pixels), once the search is complete: small ones get close-up segmentations. */
  faces?: Box[];
}

let photo: Photo | undefined;
let generation = 0;

/** A small face's own segmentation, of the square around it (work pixels). */
interface CloseUp {
  rect: Rect;
  segmentation: Segmentation;
}

/**
 * The open photo's segmentation, and its small faces' close-ups (segmented on their own: the model
 * is made for one person filling the frame, and sees little of a small face in a group): run once
 * per photo (and again once its faces are known), resampled to each size asked for.
 */
let segmentation: { of: Photo; faces: Box[] | undefined; result: Promise<{ whole: Segmentation; closeUps: CloseUp[] }> } | undefined;

function segmentationOf(current: Photo): Promise<{ whole: Segmentation; closeUps: CloseUp[] }> {
  if (segmentation?.of !== current || segmentation.faces !== current.faces) {
    const faces = current.faces;
    const result = loadSegmenter().then(async (segmenter) => {
      const whole = await segmenter.segment(current.work);
      const closeUps: CloseUp[] = [];
      for (const face of faces ?? []) {
        const square = closeUpOf(face, current.work);
        if (!square) continue;
        const side = Math.round(square.width);
        const rect = { x: Math.round(square.x), y: Math.round(square.y), width: side, height: side };
        // Past the photo's edges the crop is transparent: the segmenter sees its grey ground there.
        const crop = await createImageBitmap(current.work, rect.x, rect.y, side, side);
        try {
          closeUps.push({ rect, segmentation: await segmenter.segment(crop) });
        } finally {
          crop.close();
        }
      }
      return { whole, closeUps };
    });
    const entry = { of: current, faces, result };
    segmentation = entry;
    // A failure is not kept: the next call tries again.
    result.catch(() => segmentation === entry && (segmentation = undefined));
  }
  return segmentation.result;
}


/** The size `resized` gives (photoAt's bitmap, personMask's mask). */
const sizeAt = (source: ImageBitmap, longSide: number): Size => fitWithin(source.width, source.height, longSide);

function resized(source: ImageBitmap, longSide: number): Promise<ImageBitmap> {
  const { width, height } = sizeAt(source, longSide);
  return createImageBitmap(source, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
}

function landmarkCrop(landmarker: FaceLandmarker, work: ImageBitmap, crop: { x: number; y: number; width: number; height: number; size: number }): CropFace[] {
  const canvas = new OffscreenCanvas(crop.size, crop.size);
  const context = canvas.getContext('2d')!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(work, crop.x, crop.y, crop.width, crop.height, 0, 0, crop.size, crop.size);
  const result = landmarker.detect(canvas);
  return result.faceLandmarks.map((points, i) => ({ points, matrix: result.facialTransformationMatrixes?.[i]?.data }));
}

function toReport(face: ReturnType<typeof scaleFace>): FaceReport {
  return {
    box: [face.box.x, face.box.y, face.box.width, face.box.height],
    score: face.score,
    landmarks: face.landmarks,
    ...(face.tooSmall ? { tooSmall: true } : {}),
    ...(face.matrix ? { matrix: Array.from(face.matrix) } : {}),
  };
}

/** Decoding and downscaling a photo may take this long; past it the photo is refused. */
const DECODE_DEADLINE_MS = 30_000;


class TooSlow extends Error {}

/**
 * `work`, or TooSlow once `ms` have passed. A decode cannot be stopped: what it makes after the
 * deadline is handed to `late` (to be closed).
 */
function withDeadline<T>(work: Promise<T>, ms: number, late: (value: T) => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expired = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(new TooSlow());
    }, ms);
  });
  work.then((value) => expired && late(value)).catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

interface Decoded {
  width: number;
  height: number;
  work: ImageBitmap;
  display: ImageBitmap;
}

/** The photo decoded (EXIF orientation applied) into the working and display copies. */
async function decode(file: Blob): Promise<Decoded | undefined> {
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return undefined;
  }
  try {
    const work = await resized(full, WORK_LONG_SIDE);
    const display = await resized(work, DISPLAY_LONG_SIDE);
    return { width: full.width, height: full.height, work, display };
  } finally {
    full.close();
  }
}

const api: DetectWorkerApi = {
  async openPhoto(file, onProgress): Promise<Outcome<OpenedPhoto>> {
    // The previous photo stays until this one decodes: a bad file loses nothing.
    const job = ++generation;
    onProgress?.({ stage: 'decoding' });
    // The size first, then the headers (the file's first and last bytes only): a file of any
    // size, or one whose header promises what its bytes cannot hold, is refused at once.
    let sniffed: Awaited<ReturnType<typeof sniffBlob>>;
    try {
      sniffed = await sniffBlob(file, (file as File).name, file.type);
    } catch {
      return { ok: false, code: 'not-image', message: say('photo.unreadable') };
    }
    if (!sniffed.ok) return { ok: false, code: sniffed.code, message: sniffed.message };
    if (job !== generation) return CANCELLED;
    let decoded: Decoded | undefined;
    try {
      decoded = await withDeadline(decode(file), DECODE_DEADLINE_MS, (late) => {
        late?.work.close();
        late?.display.close();
      });
    } catch (error) {
      if (error instanceof TooSlow) return { ok: false, code: 'corrupt', message: say('photo.too-slow') };
      return { ok: false, code: 'corrupt', message: say('photo.corrupt') };
    }
    if (!decoded) return { ok: false, code: 'corrupt', message: say('photo.corrupt') };
    const { width, height, work, display } = decoded;
    if (job !== generation) {
      work.close();
      display.close();
      return CANCELLED;
    }
    photo?.work.close();
    photo = { work, workScale: width / work.width };
    segmentation = undefined;
    const notices = [...sniffed.warnings];
    if (sniffed.animated) notices.push(say('photo.animated'));
    const opened: OpenedPhoto = { width, height, display, displayScale: width / display.width, notices };
    return Comlink.transfer({ ok: true, value: opened }, [display]);
  },

  async findFaces(onProgress, onFirstFaces): Promise<Outcome<FaceReport[]>> {
    const job = generation;
    const current = photo;
    if (!current) return { ok: false, code: 'not-image', message: say('photo.first') };
    // Progress and the first faces travel on their own ports: the page hears of them (the last
    // one awaited) before the final list, never after it.
    let lastProgress: unknown;
    const progress: ProgressCallback = (p) => void (lastProgress = onProgress?.(p));
    const { tiles, landmarker } = await loadModels(progress);
    if (job !== generation) return CANCELLED;
    let firstDelivered: unknown;
    try {
      const faces = await findFaces(
        current.work.width,
        current.work.height,
        {
          detectTiles: (batch) => tiles.detectTiles(current.work, batch),
          landmarkCrop: async (crop) => landmarkCrop(landmarker, current.work, crop),
          async checkpoint() {
            await yieldToMessages();
            if (job !== generation) throw new Cancelled();
          },
          progress: (done, total) => progress({ stage: 'finding-faces', done, total }),
          firstFaces(found) {
            if (onFirstFaces && job === generation) firstDelivered = onFirstFaces(found.map((face) => toReport(scaleFace(face, current.workScale))));
          },
        },
        { tooSmallBelow: TOO_SMALL_FACE_PX / current.workScale, smallFaces: SMALL_FACE_SEARCH },
      );
      await Promise.all([firstDelivered, lastProgress].map((delivered) => Promise.resolve(delivered).catch(() => undefined)));
      if (job !== generation) return CANCELLED;
      current.faces = faces.filter((face) => !face.tooSmall).map((face) => face.box);
      return { ok: true, value: faces.map((face) => toReport(scaleFace(face, current.workScale))) };
    } catch (error) {
      if (error instanceof Cancelled) return CANCELLED;
      throw error;
    }
  },

  cancel() {
    generation++;
  },

  async landmarksNear(image, [x, y, width, height]) {
    const { landmarker } = await loadModels();
    const crop = landmarkCropAround({ x, y, width, height });
    try {
      return landmarkCrop(landmarker, image, crop).map((face) => face.points.map((p) => cropPointToImage(p, crop)));
    } finally {
      image.close();
    }
  },

  async trackFace(frame, timestampMs) {
    try {
      const tracking = await cameraLandmarker();
      // VIDEO mode refuses a timestamp that does not increase.
      const at = Math.max(Math.round(timestampMs), tracking.lastMs + 1);
      tracking.lastMs = at;
      const points = tracking.landmarker.detectForVideo(frame, at).faceLandmarks[0];
      const whole = { x: 0, y: 0, width: frame.width, height: frame.height, size: Math.max(frame.width, frame.height) };
      return points ? points.map((p) => cropPointToImage(p, whole)) : null;
    } finally {
      frame.close();
    }
  },

  async personMask(longSide): Promise<Outcome<PersonMask>> {
    const job = generation;
    const current = photo;
    if (!current) return { ok: false, code: 'not-image', message: say('photo.first') };
    if (!(Number.isFinite(longSide) && longSide >= 1)) {
      return { ok: false, code: 'unavailable', message: say('mask.size', { px: longSide }) };
    }
    let segmented: { whole: Segmentation; closeUps: CloseUp[] };
    try {
      segmented = await segmentationOf(current);
    } catch (error) {
      if (job !== generation) return CANCELLED;
      // MediaPipe's messages end in a source trace: the first line says it.
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
      return { ok: false, code: 'unavailable', message: say('mask.failed', { reason }) };
    }
    if (job !== generation) return CANCELLED;
    const size = sizeAt(current.work, longSide);
    const { confidence, side, photo: region } = segmented.whole;
    const alpha = resampleMask(confidence, { width: side, height: side }, region, size);
    const scale = size.width / current.work.width;
    for (const { rect, segmentation: close } of segmented.closeUps) {
      addCloseUp(alpha, size, close.confidence, close.side, { x: rect.x * scale, y: rect.y * scale, width: rect.width * scale, height: rect.height * scale });
    }
    return Comlink.transfer({ ok: true, value: { ...size, alpha } }, [alpha.buffer]);
  },

  async photoAt(longSide) {
    if (!photo) return { ok: false, code: 'not-image', message: say('photo.first') };
    const bitmap = await resized(photo.work, longSide);
    const scale = photo.workScale * (photo.work.width / bitmap.width);
    return Comlink.transfer({ ok: true, value: { bitmap, scale } }, [bitmap]);
  },
};

exposeSupervised(api);
