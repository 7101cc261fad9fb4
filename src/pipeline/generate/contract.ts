import type { Driver } from '../../core/motion/types.ts';
import type { Outcome } from '../types.ts';

/** The generator's backends, in order of preference. */
export type GeneratorBackend = 'webgpu' | 'wasm';

/** The face to animate, in the pixels of the photo handed to the worker. */
export interface FaceToAnimate {
  landmarks: [number, number, number][];
  matrix?: number[];
}

export interface AnimateRequest {
  /** The photo at output size (the whole photo: nothing is cropped). */
  photo: ImageBitmap;
  /** The same photo at exactly twice that size, when it has the pixels: moved faces stay sharp. */
  finer?: ImageBitmap;
  /** Person confidence 0..255 per pixel of `photo`: the background stays still behind them. */
  person?: Uint8Array;
  /** Other faces' boxes [x, y, width, height] in the pixels of `photo`: they stay still. */
  others?: [number, number, number, number][];
  face: FaceToAnimate;
  /** A built-in driver, or `driver` itself (e.g. from a driver file) when given. */
  driverId: string;
  driver?: Driver;
  /** 0 (still) to 1.5; 1 = the driver as recorded. */
  intensity: number;
  /** Frames to render, looping the driver (it starts and ends at rest); default: one pass. */
  frameCount?: number;
  /** The face wears glasses: keep the frames rigid and the brows gentler. */
  glasses?: boolean;
}

export interface AnimationTimings {
  /** Worker-side: session creation (first use only), per-frame medians. */
  setupMs: number;
  motionMs: number;
  rasterMs: number;
  fillMs: number;
  synthesisMs: number;
  frameMs: number;
  totalMs: number;
}

export interface AnimationReport {
  driver: string;
  fps: number;
  width: number;
  height: number;
  backend: GeneratorBackend;
  timings: AnimationTimings;
  /** Source landmarks [x, y] (478) and every frame's targets, in output-frame pixels. */
  source: [number, number][];
  targets: [number, number][][];
}

/** Called with each frame as soon as it is rendered, so the preview can start at once. */
export type FrameCallback = (frame: ImageBitmap, index: number, total: number) => void;

export interface GeneratorBenchResult {
  backend: GeneratorBackend;
  /** ms per frame of the whole generator (motion, raster, fills, synthesis), after warm-up. */
  genMs: number[];
  /** ms per frame of one bilinear GridSample of the same frame with an identity grid. */
  floorMs: number[];
}

export interface GenerateWorkerApi {
  animate(request: AnimateRequest, onFrame?: FrameCallback): Promise<Outcome<AnimationReport>>;
  /** Stops the animation in flight at its next frame. */
  cancel(): void;
  /** Starts the generator's runtime and model (once), so the first frame does not wait for them. */
  warmUp(): Promise<void>;
  /** Bench: `frames` frames of the driver on the face, WASM, timing each (see bench/). */
  bench(request: AnimateRequest, frames: number): Promise<GeneratorBenchResult>;
  /**
   * Runs the generator on the same small random inputs on WebGPU and on WASM and returns the
   * largest difference, or undefined when this browser has no WebGPU (a correctness check).
   */
  compareBackends(width: number, height: number): Promise<number | undefined>;
}

/**
 * What the page needs of a generator: the warp in the generate worker is one; a learned
 * generator with the same inputs could replace it behind this interface.
 */
export interface FaceGenerator {
  animate(request: AnimateRequest, onFrame?: FrameCallback): Promise<Outcome<AnimationReport>>;
  /** Stops the animation in flight. */
  cancel(): void;
  /** Loads what the first frame needs, ahead of it. Failures surface in `animate`. */
  warmUp(): void;
  dispose(): void;
}
