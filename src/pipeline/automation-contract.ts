/**
 * What the built page exposes on `window.kinora` for the `kinora` CLI, the bench and e2e tests.
 * It runs the very same pipeline the UI runs; only the entry point differs.
 */

import type { FaceReport } from './types.ts';
import type { LiveTimings } from './live/live-loop.ts';
import type { LiveStart } from './generate/contract.ts';

export type { FaceReport };

export interface ImageReport {
  file: string;
  width: number;
  height: number;
  faces: FaceReport[];
  error?: string;
}

export interface DetectTimings {
  /** ms from a new worker to the first landmarks: wasm and models loading, decoding, detecting. */
  coldMs: number;
  /** ms of each warm run of detection + landmarks of every face on the already decoded photo. */
  warmMs: number[];
  /** ms of the same runs to the first faces (findFaces' onFirstFaces; the complete list when there are none first). */
  firstMs: number[];
}

/**
 * Which faces: a 1-based face number, as the UI and `kinora detect` number them, or 'all' (every
 * face large enough, animated together); default: the first animatable face.
 */
export type FaceChoice = number | 'all';

/** A built-in driver's id, or 'auto': the motion that suits each face (varied across a group). */
export const AUTO_DRIVER = 'auto';

export interface AnimateOptions {
  face?: FaceChoice;
  /** A built-in driver's id, or AUTO_DRIVER. */
  driver: string;
  /** A driver file's text (the open format): animate with it instead of a built-in driver. */
  driverJson?: string;
  /** Long side of the output in pixels (default 512); the whole photo is kept. */
  size?: number;
  intensity?: number;
  /** The face wears glasses: keep the frames rigid. */
  glasses?: boolean;
  /** Return every frame as a base64 PNG. */
  frames?: boolean;
  /** Enhance the face (default off; see src/core/enhance/plan.ts). */
  enhance?: import('../core/enhance/plan.ts').EnhanceMode;
}

export interface AnimateResult {
  /**
   * AnimationReport (src/pipeline/generate/contract.ts) plus the face numbers (the first face's as
   * `face`), its targets unpacked: per frame, [x, y] per landmark (the first face's as `targets`).
   */
  report: Omit<import('./generate/contract.ts').AnimationReport, 'faces'> & {
    face: number;
    targets: [number, number][][];
    faces: (Omit<import('./generate/contract.ts').FaceTrack, 'targets'> & { face: number; targets: [number, number][][] })[];
    enhanced?: import('./animate.ts').PreparedAnimation['enhanced'];
  };
  frames?: string[];
}

export interface EvalResult {
  file: string;
  error?: string;
  sequences: { face: number; driver: string; summary: import('../core/quality/summary.ts').SequenceSummary }[];
}

/** Where the eval page loads the independent judge from (`kinora eval` serves them, same origin). */
export interface JudgeAssets {
  /** @vladmandic/face-api's ESM build (its `dist/face-api.esm.js`). */
  moduleUrl: string;
  /** Its model folder (weights manifests and shards), without a trailing slash. */
  modelUrl: string;
}

export interface GeneratorTimings {
  backend: string;
  /** Faces animated in each frame. */
  faces: number;
  width: number;
  height: number;
  genMs: number[];
  floorMs: number[];
}

export interface EndToEndTimings {
  /** Seconds from the photo file to finished GIF bytes. */
  seconds: number;
  frames: number;
  width: number;
  height: number;
  gifBytes: number;
}

/** Live mode followed the camera (Chromium's fake one in the bench) for a while, after calibration. */
export interface LiveBenchTimings extends LiveTimings, LiveStart {
  /** The motion followed over the run, as a driver file (the open format), 25 fps. */
  takeJson: string;
}

export interface RecordResult {
  /** The recorded driver, in the open driver format. */
  driverJson: string;
  frames: number;
  /** Frames without a face: bridged inside, trimmed at the ends. */
  bridged: number;
  trimmed: number;
  warnings: string[];
}

export interface ExportOptions {
  face?: FaceChoice;
  /** A built-in driver (default: AUTO_DRIVER), or `driverJson`'s when given. */
  driver?: string;
  driverJson?: string;
  /** Long side of the animation in pixels (default 512). */
  size?: number;
  format: import('./export/contract.ts').ExportFormat;
  /** The visible "animated" mark (default true). */
  mark?: boolean;
  intensity?: number;
  glasses?: boolean;
  /** Enhance the face (default off): a file larger than the photo is then made at its size. */
  enhance?: import('../core/enhance/plan.ts').EnhanceMode;
}

export interface ExportTimings {
  /** Frames, each `width` x `height` (rendered at 512 px long side for the bench). */
  frames: number;
  width: number;
  height: number;
  /** Seconds to encode the ready frames (the export worker: marking, palette, dithering, LZW). */
  gifEncodeS: number;
  gifBytes: number;
  /** Blurred PSNR (1 px Gaussian) of the GIF's frames, decoded by the browser, against the rendered ones: median, minimum. */
  gifPsnrDb: number;
  gifPsnrMinDb: number;
  /** Seconds to encode the ready frames to MP4 (ffmpeg already loaded). */
  mp4EncodeS: number;
  mp4Bytes: number;
}

export interface ExportResult {
  /** The file, base64. */
  base64: string;
  mimeType: string;
  extension: string;
  frames: number;
  /** The file's frame size (an MP4 loses an odd last row or column). */
  width: number;
  height: number;
  /** From the first frame's rendering to the last frame sent to the export worker. */
  renderMs: number;
  /** The export worker's own time: drawing, marking, encoding (ExportedFile.encodeMs). */
  encodeMs: number;
  /** From the first frame's rendering to the file's bytes: rendering and encoding overlap. */
  totalMs: number;
  /** The faces animated, 1-based. */
  faces: number[];
}

export interface PersonMaskResult {
  /** The size of `photoAt(longSide)`'s bitmap. */
  width: number;
  height: number;
  /** The mask's bytes (person confidence 0..255, row-major), base64. */
  alpha: string;
  /** ms of the worker's personMask call (the first includes loading the wasm and the models). */
  ms: number;
}

export interface KinoraAutomation {
  /** Load the photo at a same-origin URL through the app's loader and detect its faces. */
  detectUrl(url: string, name: string): Promise<ImageReport>;
  /** Bench: cold start, then `runs` warm detections of the photo at `url`. */
  benchDetect(url: string, runs: number): Promise<DetectTimings>;
  /** Animates one face of the photo at `url` with a driver; rejects with a message for the user. */
  animateUrl(url: string, name: string, options: AnimateOptions): Promise<AnimateResult>;
  /**
   * Animates every animatable face with each driver, re-detects every frame, and measures. With
   * `judge` (face-api's URLs, served by `kinora eval`), the independent judge scores each
   * sequence too (summary.judge).
   */
  evalUrl(
    url: string,
    name: string,
    options: {
      drivers: string[];
      size?: number;
      intensity?: number;
      glasses?: boolean;
      judge?: JudgeAssets;
      /** 'all': every face animated together in one render per driver (AUTO_DRIVER: each its own), each measured in it. */
      faces?: 'each' | 'all';
    },
  ): Promise<EvalResult>;
  /** Records a driver from the face in the video at `url` (decoded by the browser, up to 30 s). */
  recordUrl(url: string, name: string, options: { id: string; name: string }): Promise<RecordResult>;
  /** The generator's largest WebGPU-vs-WASM difference on small random inputs; undefined without WebGPU. */
  compareGeneratorBackends(width: number, height: number): Promise<number | undefined>;
  /** Bench: from the photo at `url` to GIF bytes of a `seconds`-long animation (the driver loops) of its first face, or all of them. */
  benchEndToEnd(url: string, options: { seconds: number; size: number; driver: string; face?: FaceChoice }): Promise<EndToEndTimings>;
  /** Animates the photo's first animatable face and exports the frames, as they render, to a file. */
  exportUrl(url: string, name: string, options: ExportOptions): Promise<ExportResult>;
  /** Bench: renders `seconds` of the driver on the photo's first face, then encodes the frames to GIF and MP4. */
  benchExport(url: string, options: { seconds: number; size: number; driver: string }): Promise<ExportTimings>;
  /** The person mask of the photo at `url` at `longSide` px, its faces found first as the app does, from a detect worker of its own (kept for later calls). */
  personMaskUrl(url: string, longSide: number): Promise<PersonMaskResult>;
  /** Bench: generator and GridSample-floor milliseconds per frame (WASM) on the photo's first face, or all its faces together. */
  benchGenerator(url: string, options: { size: number; frames: number; driver: string; faces?: 'one' | 'all' }): Promise<GeneratorTimings>;
  /**
   * Bench: live mode on the photo's first face, driven by the camera (getUserMedia: the bench
   * gives Chromium a fake one) for `seconds` after calibration, at `size` px.
   */
  benchLive(url: string, options: { seconds: number; size: number }): Promise<LiveBenchTimings>;
  /** Bench: ms of each of `runs` enhancements (WASM, after a warm-up) of a `side` x `side` crop around the photo's first face, to 4x. */
  benchEnhance(url: string, options: { side: number; runs: number }): Promise<number[]>;
}

declare global {
  interface Window {
    kinora?: KinoraAutomation;
  }
}
