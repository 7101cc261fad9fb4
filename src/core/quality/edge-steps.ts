/**
 * `edge_steps` (issue 10): does the face's silhouette stay clean, or does it turn into stair
 * steps (a per-pixel triangle id or nearest-neighbour mask cutting the face out like a sticker)?
 *
 * How it works. A clean (antialiased) edge is smooth ALONG its own direction: walking parallel
 * to it, at a fixed distance across it, the brightness changes only as the texture on either
 * side does. A stair-stepped edge is not: walking parallel to it, the line crosses a step every
 * few pixels and the brightness jumps by the edge's full contrast. So the measure walks the face
 * outline (the landmark face oval, a closed polygon: the frame's TARGET landmarks in a frame,
 * where the generator put the outline, and the source landmarks in the photo), every 1 px of
 * arc length, and at each point, at every offset -3..3 px across the outline (a band that holds
 * the edge even where the landmarks sit a little off it), takes the second difference of the luma
 * along the outline's tangent, L(q - t) - 2 L(q) + L(q + t) (the [1, -2, 1] filter along the
 * tangent, bilinear samples 1 px apart). Its mean square is the outline's tangential
 * high-frequency energy. `edge_steps` = that energy in the frame ÷ the same in the still photo.
 *
 * Reading it: 1 = the outline is as smooth along itself as the photo's (the frame at rest is the
 * photo: exactly 1); above 1 = steps (or noise) along the outline that the photo does not have:
 * a face-coloured disc on a textured background scores 7.8-9.1 with a hard, aliased edge where
 * the same disc antialiased and moved by a fraction of a pixel or a few pixels scores 0.94-1.03
 * (edge-steps.test.ts); below 1 = softer than the photo (a 3x3 box blur: 0.09; `sharpness` says
 * so too). Texture near the outline (hair, a patterned background) counts in both and cancels in
 * the ratio; what the head's motion brings into the band (more background on a turned cheek's
 * side) moves it a little either way.
 */

import { FACE_OVAL } from '../face/landmark-indices.ts';
import type { Points } from './measures.ts';

type Pixels = Uint8Array | Uint8ClampedArray;

/** Half-width (px) of the band across the outline that is sampled. */
export const EDGE_BAND_PX = 3;
/** Spacing (px) of the sample points along the outline, and of the filter's taps along it. */
export const EDGE_STEP_PX = 1;

/** Bilinear luma (BT.601) at (x, y) in pixel coordinates (pixel centres at +0.5); undefined outside the centres' hull. */
function lumaAt(rgba: Pixels, width: number, height: number, x: number, y: number): number | undefined {
  const fx = x - 0.5;
  const fy = y - 0.5;
  if (!(fx >= 0 && fy >= 0 && fx <= width - 1 && fy <= height - 1)) return undefined;
  const x0 = Math.min(width - 2, Math.floor(fx));
  const y0 = Math.min(height - 2, Math.floor(fy));
  const ax = fx - x0;
  const ay = fy - y0;
  const l = (px: number, py: number) => {
    const o = 4 * (py * width + px);
    return 0.299 * rgba[o]! + 0.587 * rgba[o + 1]! + 0.114 * rgba[o + 2]!;
  };
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  return (1 - ay) * ((1 - ax) * l(x0, y0) + ax * l(x1, y0)) + ay * ((1 - ax) * l(x0, y1) + ax * l(x1, y1));
}

/** The face oval of 478 landmarks, as a closed polygon of [x, y]. */
export function faceOutline(landmarks: Points): [number, number][] {
  return FACE_OVAL.map((i) => {
    const p = landmarks[i];
    if (!p) throw new RangeError(`faceOutline: no landmark ${i}`);
    return [p[0]!, p[1]!];
  });
}

/**
 * Tangential high-frequency energy along a closed outline (see the module comment): the mean of
 * (L(q - t) - 2 L(q) + L(q + t))² over the points q every EDGE_STEP_PX along the outline and
 * every offset -EDGE_BAND_PX..EDGE_BAND_PX across it (t: the segment's unit tangent). Samples
 * whose taps leave the image are skipped; undefined when none is left.
 */
export function outlineEnergy(rgba: Pixels, width: number, height: number, outline: readonly (readonly number[])[]): number | undefined {
  if (rgba.length !== width * height * 4) throw new RangeError(`outlineEnergy: expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  let sum = 0;
  let count = 0;
  const n = outline.length;
  for (let k = 0; k < n; k++) {
    const a = outline[k]!;
    const b = outline[(k + 1) % n]!;
    const dx = b[0]! - a[0]!;
    const dy = b[1]! - a[1]!;
    const length = Math.hypot(dx, dy);
    if (!(length > 0)) continue;
    const tx = (dx / length) * EDGE_STEP_PX;
    const ty = (dy / length) * EDGE_STEP_PX;
    const nx = -dy / length;
    const ny = dx / length;
    // Sample points at the middles of 1 px steps, so consecutive segments do not share a point.
    for (let s = EDGE_STEP_PX / 2; s < length; s += EDGE_STEP_PX) {
      const px = a[0]! + (dx / length) * s;
      const py = a[1]! + (dy / length) * s;
      for (let o = -EDGE_BAND_PX; o <= EDGE_BAND_PX; o++) {
        const qx = px + o * nx;
        const qy = py + o * ny;
        const before = lumaAt(rgba, width, height, qx - tx, qy - ty);
        const at = lumaAt(rgba, width, height, qx, qy);
        const after = lumaAt(rgba, width, height, qx + tx, qy + ty);
        if (before === undefined || at === undefined || after === undefined) continue;
        const d = before - 2 * at + after;
        sum += d * d;
        count++;
      }
    }
  }
  return count ? sum / count : undefined;
}

/**
 * `edge_steps` of one frame: outlineEnergy of the frame along `frameOutline` ÷ that of the photo
 * along `photoOutline` (faceOutline of T_f and of S). Undefined when either is, or when the
 * photo's outline has no energy at all.
 */
export function edgeSteps(
  frame: Pixels,
  photo: Pixels,
  width: number,
  height: number,
  frameOutline: readonly (readonly number[])[],
  photoOutline: readonly (readonly number[])[],
): number | undefined {
  const still = outlineEnergy(photo, width, height, photoOutline);
  const moving = outlineEnergy(frame, width, height, frameOutline);
  if (still === undefined || moving === undefined || !(still > 1e-9)) return undefined;
  return moving / still;
}
