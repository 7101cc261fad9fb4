/// <reference lib="webworker" />
import type { ImageSegmenter } from '@mediapipe/tasks-vision';
import { letterbox, type PixelRect } from '../../src/core/image/mask-resample.ts';
import { createSegmenter } from './mediapipe.ts';

/** Side of the selfie segmentation model's square input (scripts/face-model/selfie-segmenter.ts). */
export const SEGMENTER_INPUT = 256;

/**
 * The padding around a letterboxed photo: mid-grey, the middle of the model's input range. On
 * the fixtures it gave the fewest stray patches of "person" in the background (a painted
 * landscape, a seated figure's chair) of black, grey, repeated edge pixels and a mirrored photo.
 */
const PADDING = '#808080';

/** The segmenter's answer for one photo, at the model's own resolution. */
export interface Segmentation {
  /** The person's probability (0..1) for each pixel of the model's square input, row-major. */
  confidence: Float32Array;
  side: number;
  /** Where the photo lies in that square; the rest is padding. */
  photo: PixelRect;
}

/**
 * MediaPipe's selfie segmentation through tasks-vision's ImageSegmenter. The photo is scaled
 * (high quality) to fit the model's square input with its aspect ratio kept, on a grey ground:
 * tasks-vision would stretch it to the square, squashing a 3:4 portrait's head.
 */
export class PersonSegmenter {
  private readonly canvas = new OffscreenCanvas(SEGMENTER_INPUT, SEGMENTER_INPUT);
  private readonly context = this.canvas.getContext('2d')!;

  private constructor(private readonly segmenter: ImageSegmenter) {}

  static async create(model: Uint8Array): Promise<PersonSegmenter> {
    return new PersonSegmenter(await createSegmenter(model));
  }

  async segment(photo: ImageBitmap): Promise<Segmentation> {
    const side = SEGMENTER_INPUT;
    const box = letterbox(photo.width, photo.height, side);
    const scaled = await createImageBitmap(photo, { resizeWidth: box.width, resizeHeight: box.height, resizeQuality: 'high' });
    try {
      this.context.fillStyle = PADDING;
      this.context.fillRect(0, 0, side, side);
      this.context.drawImage(scaled, box.x, box.y);
    } finally {
      scaled.close();
    }
    const result = this.segmenter.segment(this.canvas);
    try {
      const mask = result.confidenceMasks?.[0];
      if (!mask) throw new Error('the segmenter returned no confidence mask');
      if (mask.width !== side || mask.height !== side) throw new Error(`the segmenter returned a ${mask.width}x${mask.height} mask, not ${side}x${side}`);
      return { confidence: mask.getAsFloat32Array().slice(), side, photo: box };
    } finally {
      result.close();
    }
  }
}
