/**
 * Background stability (quality.md, "background"): the scenery and other people must not move
 * or shimmer. Pure pixel arithmetic on RGBA buffers; no DOM.
 */

import { boundingBox } from '../face/geometry.ts';
import type { Points } from './measures.ts';

/** Axis-aligned box in pixels: top-left corner and size (same shape as core/face's Box). */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Factor by which the face box is grown (about its centre) before the background starts. */
export const BACKGROUND_BOX_SCALE = 2.5;

/** Bounding box of landmarks (x, y). */
export function boundingBoxOf(points: Points): FaceBox {
  if (!points.length) throw new RangeError('boundingBoxOf: no points');
  return boundingBox(points);
}

/** The face box grown by `scale` about its centre. */
export function scaleBox(box: FaceBox, scale = BACKGROUND_BOX_SCALE): FaceBox {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const w = box.width * scale;
  const h = box.height * scale;
  return { x: cx - w / 2, y: cy - h / 2, width: w, height: h };
}

type Pixels = Uint8Array | Uint8ClampedArray;

/**
 * Mean absolute difference, in 0-255 units, between the rendered frame and the source photo over
 * the R, G and B channels (alpha ignored) of the pixels outside the face box grown 2.5x about its
 * centre — outside every such box when several faces are animated together. A pixel is inside
 * (and ignored) when its centre (x + 0.5, y + 0.5) lies in a closed grown box. Both buffers are
 * RGBA, row-major, width x height. Undefined when no pixel is outside.
 */
export function background(
  frame: Pixels,
  source: Pixels,
  width: number,
  height: number,
  faceBoxes: FaceBox | readonly FaceBox[],
): number | undefined {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`background: bad size ${width}x${height}`);
  }
  const expected = width * height * 4;
  if (frame.length !== expected || source.length !== expected) {
    throw new RangeError(
      `background: expected ${expected} RGBA bytes for ${width}x${height}, got ${frame.length} and ${source.length}`,
    );
  }
  const boxes = (Array.isArray(faceBoxes) ? faceBoxes : [faceBoxes]).map((b: FaceBox) => scaleBox(b));
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    const rowBoxes = boxes.filter((box) => cy >= box.y && cy <= box.y + box.height);
    for (let x = 0; x < width; x++) {
      const cx = x + 0.5;
      if (rowBoxes.some((box) => cx >= box.x && cx <= box.x + box.width)) continue;
      const o = (y * width + x) * 4;
      sum += Math.abs(frame[o]! - source[o]!) + Math.abs(frame[o + 1]! - source[o + 1]!) + Math.abs(frame[o + 2]! - source[o + 2]!);
      count++;
    }
  }
  return count ? sum / (3 * count) : undefined;
}
