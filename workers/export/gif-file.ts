import { GifEncoder } from '../../src/core/encode/gif.ts';
import { ANIMATION_NOTE } from '../../src/pipeline/export/contract.ts';
import type { FileEncoder } from './file-encoder.ts';
import type { FrameCanvas } from './frame-canvas.ts';

/** GIF: each frame is quantised and compressed as it arrives, so only the file grows. */
export class GifFile implements FileEncoder {
  readonly mimeType = 'image/gif';
  readonly extension = 'gif';
  private readonly encoder: GifEncoder;

  constructor(width: number, height: number, fps: number) {
    this.encoder = new GifEncoder({ width, height, fps, comment: ANIMATION_NOTE });
  }

  add(canvas: FrameCanvas, frame: ImageBitmap): void {
    this.encoder.addFrame(canvas.pixels(frame));
  }

  finish(): Promise<Uint8Array<ArrayBuffer>> {
    return Promise.resolve(this.encoder.finish() as Uint8Array<ArrayBuffer>);
  }

  cancel(): void {}
}
