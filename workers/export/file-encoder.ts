import type { FrameCanvas } from './frame-canvas.ts';

/** One file format's encoder, fed the export's frames in order. */
export interface FileEncoder {
  readonly mimeType: string;
  readonly extension: string;
  /** Draws the frame on the canvas (which closes it) and encodes or stores it. */
  add(canvas: FrameCanvas, frame: ImageBitmap): void | Promise<void>;
  /** The file; `onFrames` hears how many frames its last pass has done. */
  finish(onFrames: (done: number) => void): Promise<Uint8Array<ArrayBuffer>>;
  /** Stops and frees what it holds. */
  cancel(): void;
}
