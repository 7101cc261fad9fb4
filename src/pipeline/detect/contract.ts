import type { Message } from '../../i18n/messages.ts';
import type { FaceReport, Outcome as GenericOutcome } from '../types.ts';

/** Stages the page shows in its progress indicator. */
export type DetectProgress =
  | { stage: 'decoding' }
  /**
   * The face models and MediaPipe's wasm (about 16 MB) being read, bytes so far of all (the
   * total grows as each file's size becomes known). `fromCache`: every file comes from the
   * offline cache (a later visit: nothing is downloaded).
   */
  | { stage: 'loading-models'; loadedBytes: number; totalBytes: number; fromCache: boolean }
  /** The wasm compiling and the models initialising: no measure of progress (indeterminate). */
  | { stage: 'starting-models' }
  /**
   * The search, in steps (the tiles, then the landmarks of the candidates): `done` reaches
   * `total` only when the list of faces is complete; `total` stays the same.
   */
  | { stage: 'finding-faces'; done: number; total: number };

export type ProgressCallback = (progress: DetectProgress) => void;

/** The first faces found, before the search for the rest (see DetectWorkerApi.findFaces). */
export type FirstFacesCallback = (faces: FaceReport[]) => void;

/** A photo the worker decoded and keeps for detection (and, later, rendering). */
export interface OpenedPhoto {
  /** Original size after EXIF orientation: every coordinate the app reports is in these pixels. */
  width: number;
  height: number;
  /** A downscaled copy for the page to draw; original pixels = display pixels * displayScale. */
  display: ImageBitmap;
  displayScale: number;
  /** Notes for the user that do not stop anything (e.g. only the first frame of a GIF is used). */
  notices: Message[];
}

export interface ScaledPhoto {
  bitmap: ImageBitmap;
  /** Original pixels per pixel of `bitmap`. */
  scale: number;
}

/** A person (figure/ground) mask of the open photo (DetectWorkerApi.personMask). */
export interface PersonMask {
  width: number;
  height: number;
  /** person confidence 0..255, row-major, one byte per pixel */
  alpha: Uint8Array;
}

/**
 * Why there is no result. `unavailable`: something the photo needs could not be loaded or run
 * (the person segmentation model); the photo itself is fine.
 */
export type PhotoErrorCode = 'empty' | 'not-image' | 'unsupported' | 'truncated' | 'corrupt' | 'too-large' | 'cancelled' | 'unavailable';

export type Outcome<T> = GenericOutcome<T, PhotoErrorCode>;

/** The detect worker's side of its comlink bridge. */
export interface DetectWorkerApi {
  /** Decodes the photo off the main thread; replaces the previous photo and cancels its work. */
  openPhoto(file: Blob, onProgress?: ProgressCallback): Promise<Outcome<OpenedPhoto>>;
  /**
   * Finds every face of the open photo (coordinates in original pixels). `onFirstFaces` is
   * called at most once, and never with an empty list, as soon as a quick pass over the whole
   * photo has found and confirmed its largest faces, while the search for the rest goes on; each
   * of these faces is in the final list with the same box, score and landmarks (the order may
   * differ). Not called when that pass finds none, nor for a cancelled search.
   */
  findFaces(onProgress?: ProgressCallback, onFirstFaces?: FirstFacesCallback): Promise<Outcome<FaceReport[]>>;
  /** Stops work in flight at its next step. */
  cancel(): void;
  /**
   * The open photo downscaled to `longSide` (never upscaled beyond the working copy), for the
   * generator, which renders at the output size rather than the photo's.
   */
  photoAt(longSide: number): Promise<Outcome<ScaledPhoto>>;
  /**
   * Where the open photo shows a person (figure) rather than background: MediaPipe's selfie
   * segmentation, run once per photo (later calls resample the same result), at exactly the size
   * of `photoAt(longSide)`'s bitmap; bilinear, so its edges are soft. The first call loads the
   * face finder's wasm and models too, if `findFaces` has not (without progress reports). An
   * error Outcome, never a throw, when the segmenter cannot be loaded or run (code
   * `unavailable`), for a bad `longSide`, or a cancelled call; the alpha buffer is transferred.
   */
  personMask(longSide: number): Promise<Outcome<PersonMask>>;
  /**
   * Landmarks of every face the landmarker sees around `box` ([x, y, w, h]) in `image` (which
   * it closes), in the image's pixels: re-detection of rendered frames, for evaluation.
   */
  landmarksNear(image: ImageBitmap, box: [number, number, number, number]): Promise<[number, number, number][][]>;
  /**
   * Live mode: the landmarks of the face in a camera frame (which it closes), in the frame's
   * pixels, or null when there is none. Frames come in time order (`timestampMs`, increasing):
   * the face is followed from one to the next.
   */
  trackFace(frame: ImageBitmap, timestampMs: number): Promise<[number, number, number][] | null>;
}

/** Faces smaller than this (side of the face box, original pixels) are too small to animate. */
export const TOO_SMALL_FACE_PX = 40;
