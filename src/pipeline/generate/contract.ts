import type { Driver, DriverFrame } from '../../core/motion/types.ts';
import type { Outcome } from '../types.ts';

/** The generator's backends, in order of preference. */
export type GeneratorBackend = 'webgpu' | 'wasm';

/** Live mode's frames, once the face is prepared: their size and the backend that renders them. */
export interface LiveStart {
  width: number;
  height: number;
  backend: GeneratorBackend;
}

/** A face's pose and expression in live mode, and how strongly it plays. */
export interface LiveFace {
  frame: DriverFrame;
  /** 0 (still) to 1.5. */
  intensity: number;
}

/** A face to animate, in the pixels of the photo handed to the worker, and how it moves. */
export interface FaceToAnimate {
  landmarks: [number, number, number][];
  matrix?: number[];
  /** A built-in driver, or `driver` itself (e.g. from a driver file) when given. */
  driverId: string;
  driver?: Driver;
  /** 0 (still) to 1.5; 1 = the driver as recorded. */
  intensity: number;
  /** The face wears glasses: keep the frames rigid and the brows gentler. */
  glasses?: boolean;
  /** Where in the shared loop this face's driver starts, frames (faces animated together; default 0). */
  phase?: number;
}

export interface AnimateRequest {
  /** The photo at output size (the whole photo: nothing is cropped). */
  photo: ImageBitmap;
  /** The same photo at exactly twice that size, when it has the pixels: moved faces stay sharp. */
  finer?: ImageBitmap;
  /** Person confidence 0..255 per pixel of `photo`: the background stays still behind them. */
  person?: Uint8Array;
  /** The boxes of faces that stay still, [x, y, width, height] in the pixels of `photo`. */
  others?: [number, number, number, number][];
  /** The faces to animate, all in one render (one, or everyone in a group photo). */
  faces: FaceToAnimate[];
  /**
   * Frames to render: the faces' shared loop (core/drivers/group-loop.ts), each driver played a
   * whole number of times within it; default the longest driver's length.
   */
  frameCount?: number;
}

export interface AnimationTimings {
  /** Worker-side: session creation (first use only), per-frame medians. */
  setupMs: number;
  motionMs: number;
  rasterMs: number;
  fillMs: number;
  synthesisMs: number;
  /** A frame's wait for its inputs (the warp worker makes them while the frame before is synthesised) and its synthesis. */
  frameMs: number;
  totalMs: number;
}

/** One animated face in a report: its driver and phase, its source landmarks and every frame's targets. */
export interface FaceTrack {
  driver: string;
  phase: number;
  /** Source landmarks [x, y] (478), in output-frame pixels. */
  source: [number, number][];
  /** Every frame's targets, as many as `source`, packed (src/core/motion/target-track.ts: targetsAt). */
  targets: Float32Array;
}

export interface AnimationReport {
  /** The first face's driver (its `fps`) and source; `faces` has every face's, and their targets. */
  driver: string;
  fps: number;
  width: number;
  height: number;
  backend: GeneratorBackend;
  timings: AnimationTimings;
  source: [number, number][];
  faces: FaceTrack[];
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
  /**
   * Live mode: prepares the request's faces to be driven a frame at a time (their drivers are not
   * played); ends the animation in flight. The frames' size and the backend.
   */
  beginLive(request: AnimateRequest): Promise<Outcome<LiveStart>>;
  /** Live mode: the frame showing each face (in the request's order) at its driver frame; undefined once live mode has ended (`cancel`, another job). */
  liveFrame(faces: LiveFace[]): Promise<ImageBitmap | undefined>;
  /** Bench: `frames` frames of the request's faces, WASM, timing each (see bench/). */
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
  /** Live mode (GenerateWorkerApi.beginLive): the request's bitmaps are handed over. */
  beginLive(request: AnimateRequest): Promise<Outcome<LiveStart>>;
  liveFrame(faces: LiveFace[]): Promise<ImageBitmap | undefined>;
  dispose(): void;
}
