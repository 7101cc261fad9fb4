/// <reference lib="webworker" />
import { FaceDetector, FaceLandmarker, FilesetResolver, ImageSegmenter } from '@mediapipe/tasks-vision';
import type { ScoredBox } from '../../src/core/face/geometry.ts';
import type { Tile } from '../../src/core/face/tiling.ts';
import { withoutChatter } from '../../src/core/face/mediapipe-log.ts';
import { cachedResponse } from '../../src/offline/cache.ts';

/** MediaPipe adapters shared by the detect worker and its tile helper. */

// Built workers live in assets/, dev workers in workers/: either way the app root is one up
// from the worker's own folder (this module is bundled into the worker).
export const appRoot = new URL(/* @vite-ignore */ '../', self.location.href).href;

export const modelUrl = (name: string) => new URL(`models/${name}`, appRoot).href;

/** The detector's input side (MediaPipe short-range model). */
const DETECTOR_INPUT = 128;

/** Where a file came from: the offline cache (no network at all) or the network. */
export interface Fetched {
  bytes: Uint8Array<ArrayBuffer>;
  fromCache: boolean;
}

/**
 * A file of the app, read from the offline cache when it holds it (later visits: no network, no
 * service-worker round trip), else fetched; `onBytes` follows the reading either way.
 */
export async function fetchWithProgress(url: string, onBytes?: (loaded: number, total: number) => void): Promise<Fetched> {
  const cached = await cachedResponse(url);
  const response = cached ?? (await fetch(url));
  if (!response.ok || !response.body) throw new Error(`Could not load ${url} (${response.status})`);
  const total = Number(response.headers.get('content-length')) || 0;
  onBytes?.(0, total);
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
  return { bytes, fromCache: !!cached };
}

/**
 * Compiles a wasm file while it streams in. From the offline cache the response goes to the
 * compiler as it is, so that Chromium can reuse its cached machine code (later visits); from the
 * network its bytes are counted on the way.
 */
export async function compileWasm(url: string, onBytes?: (loaded: number, total: number) => void): Promise<WebAssembly.Module> {
  const cached = await cachedResponse(url);
  const response = cached ?? (await fetch(url));
  if (!response.ok || !response.body) throw new Error(`Could not load ${url} (${response.status})`);
  const total = Number(response.headers.get('content-length')) || 0;
  onBytes?.(0, total);
  if (cached) {
    const module = await WebAssembly.compileStreaming(cached);
    onBytes?.(total, total);
    return module;
  }
  let loaded = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        onBytes?.(loaded, total);
        controller.enqueue(chunk);
      },
    }),
  );
  return WebAssembly.compileStreaming(new Response(counted, { headers: { 'Content-Type': 'application/wasm' } }));
}

/** MediaPipe's wasm binary (the loader script stays with tasks-vision). */
export const wasmUrl = () => new URL('vendor/mediapipe/vision_wasm_module_internal.wasm', appRoot).href;

let compiledWasm: WebAssembly.Module | undefined;

/**
 * Every MediaPipe task this worker creates from now on instantiates this compiled module
 * instead of fetching and compiling the wasm again (13 MB; there are two tasks per worker).
 */
export function useCompiledWasm(module: WebAssembly.Module): void {
  compiledWasm = module;
}

interface EmscriptenModuleArg {
  print?: (...args: unknown[]) => void;
  printErr?: (...args: unknown[]) => void;
  instantiateWasm?: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => object;
}
type ModuleFactory = (arg?: EmscriptenModuleArg) => Promise<unknown>;

/**
 * tasks-vision imports MediaPipe's emscripten loader, which sets `globalThis.ModuleFactory`, and
 * calls it with its own module object. The factory is wrapped on its way in: the module gets
 * printers without MediaPipe's log chatter and, when there is one, the compiled wasm.
 * `custom_dbg`, its other console.warn channel, is filtered the same way.
 */
function hookMediaPipeLoader(): void {
  const scope = globalThis as Record<string, unknown>;
  let factory: ModuleFactory | undefined;
  Object.defineProperty(scope, 'ModuleFactory', {
    configurable: true,
    get: () => factory,
    set(next: ModuleFactory | undefined) {
      factory =
        typeof next === 'function'
          ? (arg = {}) => {
              arg.print ??= withoutChatter(console.log.bind(console));
              arg.printErr ??= withoutChatter(console.error.bind(console));
              const module = compiledWasm;
              if (module && !arg.instantiateWasm) {
                // Synchronous (allowed in workers): a failure rejects the loader's promise.
                arg.instantiateWasm = (imports, done) => (done(new WebAssembly.Instance(module, imports)), {});
              }
              return next(arg);
            }
          : next;
    },
  });
  let debug: ((...args: unknown[]) => void) | undefined = withoutChatter(console.warn.bind(console));
  Object.defineProperty(scope, 'custom_dbg', {
    configurable: true,
    get: () => debug,
    set(next: unknown) {
      debug = typeof next === 'function' ? withoutChatter(next as (...args: unknown[]) => void) : undefined;
    },
  });
}
hookMediaPipeLoader();

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

/**
 * The landmarker for a camera's frames (live mode): VIDEO mode follows the face from the frame
 * before and runs the face detector only when it has lost it, so a frame costs the landmarks alone.
 */
export async function createVideoLandmarker(model: Uint8Array): Promise<FaceLandmarker> {
  return FaceLandmarker.createFromOptions(await filesetFor('video-landmarker'), {
    baseOptions: baseOptions(model),
    runningMode: 'VIDEO',
    numFaces: 1,
    outputFaceBlendshapes: false,
    outputFacialTransformationMatrixes: false,
  });
}

/** The person segmenter: one confidence mask (the person's probability), no category mask. */
export async function createSegmenter(model: Uint8Array): Promise<ImageSegmenter> {
  return ImageSegmenter.createFromOptions(await filesetFor('segmenter'), {
    baseOptions: baseOptions(model),
    runningMode: 'IMAGE',
    outputConfidenceMasks: true,
    outputCategoryMask: false,
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
