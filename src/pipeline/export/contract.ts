/** Exporting an animation to a file: the export worker's contract. */
import type { Outcome } from '../types.ts';

export type ExportFormat = 'gif' | 'mp4';

/** The note stored in every exported file (GIF comment extension, MP4 metadata). */
export const ANIMATION_NOTE = 'An animation made from a still photo with Kinora. The motion is synthetic: it was not filmed.';

export interface ExportSettings {
  format: ExportFormat;
  /** Size of every frame handed to addFrame. */
  width: number;
  height: number;
  fps: number;
  /** Frames that will be added (for progress). */
  frameCount: number;
  /** Draw the visible "animated" mark in a corner. */
  mark: boolean;
  /**
   * A sound track for an MP4 (a recording's voice: webm/opus, ogg, mp4/aac, wav, or a video whose
   * audio stream is used); GIFs are silent.
   */
  audio?: Blob;
  /** Seconds into `audio` where the animation begins (a video whose first moments had no face). */
  audioStart?: number;
}

export type ExportStage = 'loading-encoder' | 'encoding' | 'finishing';

export interface ExportProgress {
  stage: ExportStage;
  /**
   * Bytes of the encoder loaded (loading-encoder, MP4 only, while the first frames arrive), frames
   * added (encoding), frames of the final pass done (finishing: x264 for MP4), of total; total 0
   * when unknown.
   */
  done: number;
  total: number;
}

export interface ExportedFile {
  /** Transferred to the page: a plain ArrayBuffer. */
  bytes: Uint8Array<ArrayBuffer>;
  mimeType: string;
  /** File name extension, without the dot. */
  extension: string;
  frames: number;
  /** The file's frame size: an MP4 (yuv420p) drops an odd last row or column. */
  width: number;
  height: number;
  /** Worker-side milliseconds from begin to the finished file, excluding waits for frames. */
  encodeMs: number;
}

/**
 * Why a file was not made: stopped, failed, or (MP4 only) ffmpeg's core could not be downloaded.
 * It is not in the offline cache until the first MP4 (it is large), so offline before then.
 */
export type ExportErrorCode = 'cancelled' | 'failed' | 'encoder-offline';

export type ExportOutcome<T> = Outcome<T, ExportErrorCode>;

/** The download of ffmpeg's core on the first MP4 (the threaded one, public/vendor/ffmpeg/mt/; the other is 32 MB). */
export const VIDEO_MAKER_MEGABYTES = 33;


/** The export worker's side of its comlink bridge. */
export interface ExportWorkerApi {
  /** Starts a new file; abandons any file in progress. */
  begin(settings: ExportSettings, onProgress?: (progress: ExportProgress) => void): Promise<ExportOutcome<void>>;
  /** The next frame (transferred; the worker closes it). GIF encodes it at once; MP4 stores it. */
  addFrame(frame: ImageBitmap): Promise<ExportOutcome<void>>;
  /** Encodes what remains and returns the file (its bytes transferred). */
  finish(): Promise<ExportOutcome<ExportedFile>>;
  /** Stops the file in progress; its pending calls resolve with code 'cancelled'. */
  cancel(): void;
}
