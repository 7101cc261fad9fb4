import type { FaceReport, Outcome as GenericOutcome } from '../types.ts';

/** Stages the page shows in its progress indicator. */
export type DetectProgress =
  | { stage: 'decoding' }
  | { stage: 'loading-models'; loadedBytes: number; totalBytes: number }
  | { stage: 'finding-faces'; done: number; total: number };

export type ProgressCallback = (progress: DetectProgress) => void;

/** A photo the worker decoded and keeps for detection (and, later, rendering). */
export interface OpenedPhoto {
  /** Original size after EXIF orientation: every coordinate the app reports is in these pixels. */
  width: number;
  height: number;
  /** A downscaled copy for the page to draw; original pixels = display pixels * displayScale. */
  display: ImageBitmap;
  displayScale: number;
  /** Notes for the user that do not stop anything (e.g. only the first frame of a GIF is used). */
  notices: string[];
}

export interface ScaledPhoto {
  bitmap: ImageBitmap;
  /** Original pixels per pixel of `bitmap`. */
  scale: number;
}

export type PhotoErrorCode = 'empty' | 'not-image' | 'unsupported' | 'truncated' | 'corrupt' | 'too-large' | 'cancelled';

export type Outcome<T> = GenericOutcome<T, PhotoErrorCode>;

/** The detect worker's side of its comlink bridge. */
export interface DetectWorkerApi {
  /** Decodes the photo off the main thread; replaces the previous photo and cancels its work. */
  openPhoto(file: Blob, onProgress?: ProgressCallback): Promise<Outcome<OpenedPhoto>>;
  /** Finds every face of the open photo (coordinates in original pixels). */
  findFaces(onProgress?: ProgressCallback): Promise<Outcome<FaceReport[]>>;
  /** Stops work in flight at its next step. */
  cancel(): void;
  /**
   * The open photo downscaled to `longSide` (never upscaled beyond the working copy), for the
   * generator, which renders at the output size rather than the photo's.
   */
  photoAt(longSide: number): Promise<Outcome<ScaledPhoto>>;
  /**
   * Landmarks of every face the landmarker sees around `box` ([x, y, w, h]) in `image` (which
   * it closes), in the image's pixels: re-detection of rendered frames, for evaluation.
   */
  landmarksNear(image: ImageBitmap, box: [number, number, number, number]): Promise<[number, number, number][][]>;
}

/** Faces smaller than this (side of the face box, original pixels) are too small to animate. */
export const TOO_SMALL_FACE_PX = 40;
