/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { FaceDetector, FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';
import { sniffImage } from '../src/core/image/sniff.ts';
import { fitWithin } from '../src/core/image/sizing.ts';
import { findFaces, scaleFace, type CropFace } from '../src/core/face/find-faces.ts';
import type { FaceReport } from '../src/pipeline/automation-contract.ts';
import {
  TOO_SMALL_FACE_PX,
  type DetectWorkerApi,
  type OpenedPhoto,
  type Outcome,
  type ProgressCallback,
} from '../src/pipeline/detect/contract.ts';

/** Long side of the copy faces are searched in; larger photos are downscaled first. */
const WORK_LONG_SIDE = 3072;
/** Long side of the copy the page draws. */
const DISPLAY_LONG_SIDE = 2048;
/** The detector's input side (MediaPipe short-range model). */
const DETECTOR_INPUT = 128;

// Built workers live in assets/, dev workers in workers/: either way the app root is one up.
const appRoot = new URL(/* @vite-ignore */ '../', import.meta.url).href;
const modelUrl = (name: string) => new URL(`models/${name}`, appRoot).href;

interface Models {
  detector: FaceDetector;
  landmarker: FaceLandmarker;
}

let models: Promise<Models> | undefined;

async function fetchWithProgress(url: string, onBytes: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`Could not load ${url} (${response.status})`);
  const total = Number(response.headers.get('content-length')) || 0;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onBytes(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return bytes;
}

/** MediaPipe's wasm and both models load once, on first use. */
function loadModels(onProgress?: ProgressCallback): Promise<Models> {
  models ??= (async () => {
    const names = ['face_detector.tflite', 'face_landmarker.task'];
    const loaded = new Map<string, [number, number]>();
    const report = () => {
      let done = 0;
      let total = 0;
      for (const [l, t] of loaded.values()) {
        done += l;
        total += t;
      }
      onProgress?.({ stage: 'loading-models', loadedBytes: done, totalBytes: total });
    };
    const [fileset, detectorBytes, landmarkerBytes] = await Promise.all([
      // `true`: the module build of the wasm loader, as this is a module worker.
      FilesetResolver.forVisionTasks(new URL('vendor/mediapipe', appRoot).href, true),
      ...names.map((name) => fetchWithProgress(modelUrl(name), (l, t) => (loaded.set(name, [l, t]), report()))),
    ]);
    const baseOptions = (modelAssetBuffer: Uint8Array) => ({ modelAssetBuffer, delegate: 'CPU' as const });
    // The wasm loader registers its factory when the module first runs, and each task consumes
    // it; a distinct URL per task makes import() run the loader again.
    const filesetFor = (task: string) => ({ ...fileset, wasmLoaderPath: `${fileset.wasmLoaderPath}?task=${task}` });
    const detector = await FaceDetector.createFromOptions(filesetFor('detector'), {
      baseOptions: baseOptions(detectorBytes as Uint8Array),
      runningMode: 'IMAGE',
      minDetectionConfidence: 0.5,
    });
    const landmarker = await FaceLandmarker.createFromOptions(filesetFor('landmarker'), {
      baseOptions: baseOptions(landmarkerBytes as Uint8Array),
      runningMode: 'IMAGE',
      numFaces: 3,
      minFacePresenceConfidence: 0.97,
      outputFaceBlendshapes: false,
      outputFacialTransformationMatrixes: true,
    });
    return { detector, landmarker };
  })();
  models.catch(() => (models = undefined));
  return models;
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
}

let photo: Photo | undefined;
let generation = 0;

const cancelledOutcome = { ok: false, code: 'cancelled', message: 'Cancelled.' } as const;

function resized(source: ImageBitmap, longSide: number): Promise<ImageBitmap> {
  const { width, height } = fitWithin(source.width, source.height, longSide);
  return createImageBitmap(source, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
}

const api: DetectWorkerApi = {
  async openPhoto(file, onProgress): Promise<Outcome<OpenedPhoto>> {
    // The previous photo stays until this one decodes: a bad file loses nothing.
    const job = ++generation;
    onProgress?.({ stage: 'decoding' });
    const head = new Uint8Array(await file.arrayBuffer());
    const sniffed = sniffImage(head, (file as File).name, file.type);
    if (!sniffed.ok) return { ok: false, code: sniffed.code, message: sniffed.message };
    let full: ImageBitmap;
    try {
      full = await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch {
      return {
        ok: false,
        code: 'corrupt',
        message: 'This photo could not be opened: the file is damaged. Try another copy of it.',
      };
    }
    try {
      if (job !== generation) return cancelledOutcome;
      const work = await resized(full, WORK_LONG_SIDE);
      const display = await resized(work, DISPLAY_LONG_SIDE);
      photo?.work.close();
      photo = { work, workScale: full.width / work.width };
      const notices = [...sniffed.warnings];
      if (sniffed.animated) notices.push('This is an animated image: Kinora uses its first frame.');
      const opened: OpenedPhoto = {
        width: full.width,
        height: full.height,
        display,
        displayScale: full.width / display.width,
        notices,
      };
      return Comlink.transfer({ ok: true, value: opened }, [display]);
    } finally {
      full.close();
    }
  },

  async findFaces(onProgress): Promise<Outcome<FaceReport[]>> {
    const job = generation;
    const current = photo;
    if (!current) return { ok: false, code: 'not-image', message: 'Open a photo first.' };
    const { detector, landmarker } = await loadModels(onProgress);
    if (job !== generation) return cancelledOutcome;
    const tileCanvas = new OffscreenCanvas(DETECTOR_INPUT, DETECTOR_INPUT);
    const tileContext = tileCanvas.getContext('2d', { willReadFrequently: true })!;
    tileContext.imageSmoothingQuality = 'high';
    let tilesDone = 0;
    try {
      const faces = await findFaces(
        current.work.width,
        current.work.height,
        {
          async detectTile(tile) {
            tileContext.fillStyle = '#000';
            tileContext.fillRect(0, 0, DETECTOR_INPUT, DETECTOR_INPUT);
            tileContext.drawImage(current.work, tile.x, tile.y, tile.width, tile.height, 0, 0, DETECTOR_INPUT, DETECTOR_INPUT);
            const scale = tile.width / DETECTOR_INPUT;
            onProgress?.({ stage: 'finding-faces', done: ++tilesDone, total: 0 });
            return detector.detect(tileCanvas).detections.flatMap((d) =>
              d.boundingBox
                ? [
                    {
                      x: tile.x + d.boundingBox.originX * scale,
                      y: tile.y + d.boundingBox.originY * scale,
                      width: d.boundingBox.width * scale,
                      height: d.boundingBox.height * scale,
                      score: d.categories[0]?.score ?? 0,
                    },
                  ]
                : [],
            );
          },
          async landmarkCrop(crop): Promise<CropFace[]> {
            const canvas = new OffscreenCanvas(crop.size, crop.size);
            const context = canvas.getContext('2d')!;
            context.imageSmoothingQuality = 'high';
            context.drawImage(current.work, crop.x, crop.y, crop.width, crop.height, 0, 0, crop.size, crop.size);
            const result = landmarker.detect(canvas);
            return result.faceLandmarks.map((points, i) => ({
              points,
              matrix: result.facialTransformationMatrixes?.[i]?.data,
            }));
          },
          async checkpoint() {
            await yieldToMessages();
            if (job !== generation) throw new Cancelled();
          },
        },
        { tooSmallBelow: TOO_SMALL_FACE_PX / current.workScale },
      );
      return {
        ok: true,
        value: faces.map((face) => {
          const f = scaleFace(face, current.workScale);
          return {
            box: [f.box.x, f.box.y, f.box.width, f.box.height],
            score: f.score,
            landmarks: f.landmarks,
            ...(f.tooSmall ? { tooSmall: true } : {}),
            ...(f.matrix ? { matrix: Array.from(f.matrix) } : {}),
          };
        }),
      };
    } catch (error) {
      if (error instanceof Cancelled) return cancelledOutcome;
      throw error;
    }
  },

  cancel() {
    generation++;
  },
};

Comlink.expose(api);
