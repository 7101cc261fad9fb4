/// <reference lib="webworker" />
import { FaceDetector, FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';
import type { ScoredBox } from '../../src/core/face/geometry.ts';
import type { Tile } from '../../src/core/face/tiling.ts';

/** MediaPipe adapters shared by the detect worker and its tile helper. */

// Built workers live in assets/, dev workers in workers/: either way the app root is one up
// from the worker's own folder (this module is bundled into the worker).
export const appRoot = new URL(/* @vite-ignore */ '../', self.location.href).href;

export const modelUrl = (name: string) => new URL(`models/${name}`, appRoot).href;

/** The detector's input side (MediaPipe short-range model). */
const DETECTOR_INPUT = 128;

export async function fetchWithProgress(url: string, onBytes?: (loaded: number, total: number) => void): Promise<Uint8Array> {
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
    onBytes?.(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return bytes;
}

type WasmFileset = Awaited<ReturnType<typeof FilesetResolver.forVisionTasks>>;

let fileset: Promise<WasmFileset> | undefined;

/**
 * The wasm loader registers its factory when its module first runs, and each task consumes it;
 * a distinct URL per task makes import() run the loader again.
 */
async function filesetFor(task: string): Promise<WasmFileset> {
  // `true`: the module build of the wasm loader, as these are module workers.
  fileset ??= FilesetResolver.forVisionTasks(new URL('vendor/mediapipe', appRoot).href, true);
  const base = await fileset;
  return { ...base, wasmLoaderPath: `${base.wasmLoaderPath}?task=${task}` };
}

const baseOptions = (modelAssetBuffer: Uint8Array) => ({ modelAssetBuffer, delegate: 'CPU' as const });

export async function createLandmarker(model: Uint8Array): Promise<FaceLandmarker> {
  return FaceLandmarker.createFromOptions(await filesetFor('landmarker'), {
    baseOptions: baseOptions(model),
    runningMode: 'IMAGE',
    numFaces: 3,
    // Above the default 0.5: tiled search offers the landmarker face-like texture too.
    minFacePresenceConfidence: 0.97,
    outputFaceBlendshapes: false,
    outputFacialTransformationMatrixes: true,
  });
}

/** Runs the short-range detector on one square tile of a photo at a time. */
export class TileDetector {
  private readonly canvas = new OffscreenCanvas(DETECTOR_INPUT, DETECTOR_INPUT);
  private readonly context = this.canvas.getContext('2d')!;

  private constructor(private readonly detector: FaceDetector) {
    this.context.imageSmoothingQuality = 'high';
  }

  static async create(model: Uint8Array): Promise<TileDetector> {
    const detector = await FaceDetector.createFromOptions(await filesetFor('detector'), {
      baseOptions: baseOptions(model),
      runningMode: 'IMAGE',
      minDetectionConfidence: 0.5,
    });
    return new TileDetector(detector);
  }

  /** Faces in the tile, as boxes in the photo's pixels. */
  detect(photo: ImageBitmap, tile: Tile): ScoredBox[] {
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, DETECTOR_INPUT, DETECTOR_INPUT);
    this.context.drawImage(photo, tile.x, tile.y, tile.width, tile.height, 0, 0, DETECTOR_INPUT, DETECTOR_INPUT);
    const scale = tile.width / DETECTOR_INPUT;
    return this.detector.detect(this.canvas).detections.flatMap((d) =>
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
  }
}
