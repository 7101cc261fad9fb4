/// <reference lib="webworker" />
import type { PhotoPixels } from '../../src/core/warp/fills.ts';

/** A bitmap's RGBA pixels (the bitmap is closed). */
export function photoPixels(photo: ImageBitmap): PhotoPixels & { rgba: Uint8ClampedArray } {
  const canvas = new OffscreenCanvas(photo.width, photo.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(photo, 0, 0);
  photo.close();
  return { width: canvas.width, height: canvas.height, rgba: context.getImageData(0, 0, canvas.width, canvas.height).data };
}
