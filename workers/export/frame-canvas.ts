import { animatedMark, drawMark, type MarkSprite } from '../../src/core/encode/mark.ts';

/**
 * Where each exported frame is drawn at the file's size (a frame larger than the file is cropped
 * at its right and bottom edges) and the "animated" mark blended in.
 */
export class FrameCanvas {
  private readonly canvas: OffscreenCanvas;
  private readonly context: OffscreenCanvasRenderingContext2D;
  /** Made once per file: drawing it takes milliseconds, blending it microseconds. */
  private readonly mark: MarkSprite | undefined;

  constructor(
    readonly width: number,
    readonly height: number,
    mark: boolean,
  ) {
    this.canvas = new OffscreenCanvas(width, height);
    // Frames are read back (GIF, mark): a CPU-backed canvas saves a GPU readback each time.
    this.context = this.canvas.getContext('2d', { willReadFrequently: true, alpha: false })!;
    this.mark = mark ? animatedMark(width, height) : undefined;
  }

  /** The frame's RGBA pixels with the mark; the frame is closed. */
  pixels(frame: ImageBitmap): Uint8ClampedArray<ArrayBuffer> {
    return this.drawn(frame).data;
  }

  /** The frame with the mark as a JPEG; the frame is closed. */
  jpeg(frame: ImageBitmap, quality: number): Promise<Blob> {
    if (this.mark) this.context.putImageData(this.drawn(frame), 0, 0);
    else this.drawFrame(frame);
    return this.canvas.convertToBlob({ type: 'image/jpeg', quality });
  }

  private drawn(frame: ImageBitmap): ImageData {
    this.drawFrame(frame);
    const image = this.context.getImageData(0, 0, this.width, this.height);
    if (this.mark) drawMark(image.data, this.width, this.height, this.mark);
    return image;
  }

  private drawFrame(frame: ImageBitmap): void {
    this.context.drawImage(frame, 0, 0);
    frame.close();
  }
}
