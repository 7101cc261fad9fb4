import {
  LEFT_BROW_SKIN,
  LEFT_EYE_CORNERS,
  LEFT_LID_CREASE,
  LEFT_LOWER_LID,
  LEFT_UPPER_LID,
  LOWER_LIP_INNER,
  UPPER_LIP_INNER,
  RIGHT_BROW_SKIN,
  RIGHT_EYE_CORNERS,
  RIGHT_LID_CREASE,
  RIGHT_LOWER_LID,
  RIGHT_UPPER_LID,
} from '../face/regions.ts';
import { interOcularDistance } from '../face/landmark-indices.ts';
import type { Landmarks } from '../motion/types.ts';
import { TriangleKind } from './mesh.ts';
import { pixelNoise } from '../random.ts';
import { forEachPixelIn } from './polygon.ts';
import type { SamplingMap } from './rasterize.ts';

/**
 * What a warp cannot produce, painted over it (shared/reference/warp-prototype, "fills"):
 * - a dark mouth interior, only in the newly opened gap (the photo's own teeth stay on their lip);
 * - closed eyelids made of lid skin rather than a smear of the eye, fading in as the lid closes,
 *   with a thin lash line;
 * - grain matched to the photo, so fills do not look pasted on.
 * The result is premultiplied RGBA, planar [4, height, width] in 0..1, as the generator takes it.
 */

export interface PhotoPixels {
  width: number;
  height: number;
  /** RGBA bytes at output size. */
  rgba: Uint8ClampedArray | Uint8Array;
}

/** Colours and grain of the photo a face's fills are made from: computed once per face. */
export interface FillPalette {
  mouth: [number, number, number];
  rightLid: [number, number, number];
  leftLid: [number, number, number];
  lash: [number, number, number];
  /** Standard deviation of the photo's fine grain, 0..1 units. */
  grain: number;
  sourceMouthGap: number;
  sourceEyeOpening: [number, number];
}

type Point = readonly [number, number];

function pixel(photo: PhotoPixels, x: number, y: number): [number, number, number] {
  const xi = Math.min(photo.width - 1, Math.max(0, Math.round(x)));
  const yi = Math.min(photo.height - 1, Math.max(0, Math.round(y)));
  const i = 4 * (yi * photo.width + xi);
  return [photo.rgba[i]! / 255, photo.rgba[i + 1]! / 255, photo.rgba[i + 2]! / 255];
}

function percentileColour(colours: [number, number, number][], p: number): [number, number, number] {
  if (!colours.length) return [0.5, 0.5, 0.5];
  const out: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const sorted = colours.map((v) => v[c]!).sort((a, b) => a - b);
    out[c] = sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  }
  return out;
}

const xy = (landmarks: Landmarks, indices: readonly number[]): Point[] => indices.map((i) => [landmarks[i]![0], landmarks[i]![1]]);

function eyeOpening(landmarks: Landmarks, upper: readonly number[], lower: readonly number[]): number {
  let sum = 0;
  for (let k = 0; k < upper.length; k++) sum += Math.hypot(landmarks[upper[k]!]![0] - landmarks[lower[k]!]![0], landmarks[upper[k]!]![1] - landmarks[lower[k]!]![1]);
  return sum / upper.length;
}

function mouthGap(landmarks: Landmarks): number {
  return Math.hypot(landmarks[13]![0] - landmarks[14]![0], landmarks[13]![1] - landmarks[14]![1]);
}

/** Fine grain: mean absolute difference between neighbouring pixels on the cheeks and forehead. */
function estimateGrain(photo: PhotoPixels, source: Landmarks): number {
  const centres = [205, 425, 151].map((i) => source[i]!);
  const radius = Math.max(2, Math.round(interOcularDistance(source) * 0.06));
  let sum = 0;
  let n = 0;
  for (const [cx, cy] of centres) {
    for (let y = Math.round(cy - radius); y <= cy + radius; y++) {
      for (let x = Math.round(cx - radius); x <= cx + radius; x++) {
        const a = pixel(photo, x, y);
        const b = pixel(photo, x + 1, y);
        sum += Math.abs(a[0] + a[1] + a[2] - b[0] - b[1] - b[2]) / 3;
        n++;
      }
    }
  }
  // For white noise the mean |difference| of neighbours is 2/sqrt(pi) sigma.
  return n ? (sum / n) * (Math.sqrt(Math.PI) / 2) : 0.01;
}

export function fillPalette(photo: PhotoPixels, source: Landmarks): FillPalette {
  const lipSeam = [...UPPER_LIP_INNER, ...LOWER_LIP_INNER].map((i) => pixel(photo, source[i]![0], source[i]![1]));
  const lipMedian = percentileColour(lipSeam, 0.5);
  const lidSkin = (crease: readonly number[], above: readonly number[]) => {
    const colours: [number, number, number][] = [];
    forEachPixelIn([...xy(source, crease), ...xy(source, [...above].reverse())], photo.width, photo.height, (x, y) => colours.push(pixel(photo, x, y)));
    return percentileColour(colours, 0.7);
  };
  const eyeColours: [number, number, number][] = [];
  for (const [upper, lower] of [
    [RIGHT_UPPER_LID, RIGHT_LOWER_LID],
    [LEFT_UPPER_LID, LEFT_LOWER_LID],
  ] as const) {
    forEachPixelIn([...xy(source, upper), ...xy(source, [...lower].reverse())], photo.width, photo.height, (x, y) => eyeColours.push(pixel(photo, x, y)));
  }
  return {
    mouth: lipMedian.map((v) => v * 0.35) as [number, number, number],
    rightLid: lidSkin(RIGHT_LID_CREASE, RIGHT_BROW_SKIN),
    leftLid: lidSkin(LEFT_LID_CREASE, LEFT_BROW_SKIN),
    lash: percentileColour(eyeColours, 0.05),
    grain: estimateGrain(photo, source),
    sourceMouthGap: mouthGap(source),
    sourceEyeOpening: [eyeOpening(source, RIGHT_UPPER_LID, RIGHT_LOWER_LID), eyeOpening(source, LEFT_UPPER_LID, LEFT_LOWER_LID)],
  };
}

/** The region of a mask that is painted, grown by `margin`, clipped to the frame. */
interface Extent {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function extentOf(mask: Float32Array, width: number, height: number, margin: number): Extent | undefined {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  if (x1 < 0) return undefined;
  return { x0: Math.max(0, x0 - margin), y0: Math.max(0, y0 - margin), x1: Math.min(width - 1, x1 + margin), y1: Math.min(height - 1, y1 + margin) };
}

/**
 * Separable box blur of a mask within its extent, `radius` pixels: soft edges for the fills.
 * Fills are small (a mouth, two lids), so only their extent is touched.
 */
function blur(mask: Float32Array, width: number, extent: Extent, radius: number): Float32Array {
  if (radius < 1) return mask;
  const { x0, y0, x1, y1 } = extent;
  const tmp = new Float32Array(mask.length);
  const out = new Float32Array(mask.length);
  const span = 2 * radius + 1;
  const at = (x: number, y: number, plane: Float32Array) => plane[y * width + Math.min(x1, Math.max(x0, x))]!;
  for (let y = y0; y <= y1; y++) {
    let acc = 0;
    for (let x = x0 - radius; x <= x0 + radius; x++) acc += at(x, y, mask);
    for (let x = x0; x <= x1; x++) {
      tmp[y * width + x] = acc / span;
      acc += at(x + radius + 1, y, mask) - at(x - radius, y, mask);
    }
  }
  const atY = (x: number, y: number) => tmp[Math.min(y1, Math.max(y0, y)) * width + x]!;
  for (let x = x0; x <= x1; x++) {
    let acc = 0;
    for (let y = y0 - radius; y <= y0 + radius; y++) acc += atY(x, y);
    for (let y = y0; y <= y1; y++) {
      out[y * width + x] = acc / span;
      acc += atY(x, y + radius + 1) - atY(x, y - radius);
    }
  }
  return out;
}

const ramp = (value: number, from: number, to: number) => Math.min(1, Math.max(0, (value - from) / (to - from)));

export function paintFills(map: SamplingMap, target: Landmarks, palette: FillPalette): Float32Array {
  const { width, height, kinds } = map;
  const plane = width * height;
  const fill = new Float32Array(4 * plane);
  /** Pixels whose grain is added (layers' extents overlap). */
  const grained = new Uint8Array(plane);
  const iod = interOcularDistance(target);
  const fade = Math.max(1, Math.round(iod * 0.02));

  const layers: { mask: Float32Array; extent: Extent; colour: [number, number, number]; strength: number }[] = [];
  const addLayer = (mask: Float32Array, radius: number, colour: [number, number, number], strength: number) => {
    const extent = extentOf(mask, width, height, radius + 1);
    if (extent) layers.push({ mask: blur(mask, width, extent, radius), extent, colour, strength });
  };

  // Mouth: only the gap the tear opened, fading in over the first pixels of opening.
  const opened = mouthGap(target) - palette.sourceMouthGap;
  const mouthStrength = ramp(opened, 0.5, 3.5);
  if (mouthStrength > 0) {
    const mask = new Float32Array(plane);
    for (let p = 0; p < plane; p++) if (kinds[p] === TriangleKind.MouthGap) mask[p] = 1;
    addLayer(mask, fade, palette.mouth, 0.95 * mouthStrength);
  }

  // Lids: the stretched lid between crease and lid line becomes lid skin as the eye closes.
  const eyes = [
    { upper: RIGHT_UPPER_LID, lower: RIGHT_LOWER_LID, crease: RIGHT_LID_CREASE, corners: RIGHT_EYE_CORNERS, colour: palette.rightLid, source: palette.sourceEyeOpening[0] },
    { upper: LEFT_UPPER_LID, lower: LEFT_LOWER_LID, crease: LEFT_LID_CREASE, corners: LEFT_EYE_CORNERS, colour: palette.leftLid, source: palette.sourceEyeOpening[1] },
  ];
  for (const eye of eyes) {
    const closure = 1 - eyeOpening(target, eye.upper, eye.lower) / Math.max(1e-6, eye.source);
    const strength = ramp(closure, 0.25, 0.8);
    if (strength <= 0) continue;
    const lidLine = xy(target, [eye.corners[0], ...eye.upper, eye.corners[1]]);
    const lid = new Float32Array(plane);
    forEachPixelIn([...xy(target, [eye.corners[0], ...eye.crease, eye.corners[1]]), ...[...lidLine].reverse()], width, height, (x, y) => (lid[y * width + x] = 1));
    // The squeezed eye itself, under the lid line.
    forEachPixelIn([...lidLine, ...xy(target, [...eye.lower].reverse())], width, height, (x, y) => (lid[y * width + x] = 1));
    addLayer(lid, fade, eye.colour, 0.75 * strength);
    const lashStrength = ramp(closure, 0.6, 0.9);
    if (lashStrength > 0) {
      const lash = new Float32Array(plane);
      const thickness = Math.max(0.6, iod * 0.012);
      for (let k = 0; k + 1 < lidLine.length; k++) {
        const [ax, ay] = lidLine[k]!;
        const [bx, by] = lidLine[k + 1]!;
        const steps = Math.ceil(Math.hypot(bx - ax, by - ay) * 2) + 1;
        for (let s = 0; s <= steps; s++) {
          const t = s / steps;
          // Tapered toward the corners.
          const along = (k + t) / (lidLine.length - 1);
          const taper = Math.sin(Math.PI * along);
          const x = Math.round(ax + (bx - ax) * t - 0.5);
          const y = Math.round(ay + (by - ay) * t + thickness * 0.5 - 0.5);
          if (x >= 0 && y >= 0 && x < width && y < height) lash[y * width + x] = Math.max(lash[y * width + x]!, taper);
        }
      }
      addLayer(lash, Math.round(thickness / 2), palette.lash, 0.55 * lashStrength);
    }
  }

  // Composite the layers (over), then add the photo's grain where anything was painted.
  for (const { mask, extent, colour, strength } of layers) {
    for (let y = extent.y0; y <= extent.y1; y++) {
      for (let x = extent.x0; x <= extent.x1; x++) {
        const p = y * width + x;
        const a = mask[p]! * strength;
        if (a <= 0) continue;
        for (let c = 0; c < 3; c++) fill[c * plane + p] = colour[c]! * a + fill[c * plane + p]! * (1 - a);
        fill[3 * plane + p] = a + fill[3 * plane + p]! * (1 - a);
      }
    }
  }
  for (const { extent } of layers) {
    for (let y = extent.y0; y <= extent.y1; y++) {
      for (let x = extent.x0; x <= extent.x1; x++) {
        const p = y * width + x;
        const a = fill[3 * plane + p]!;
        if (a <= 0 || grained[p]) continue;
        grained[p] = 1;
        // Uniform noise in [-1, 1] has a standard deviation of 1/sqrt(3).
        const g = palette.grain * Math.sqrt(3) * pixelNoise(x, y) * a;
        for (let c = 0; c < 3; c++) fill[c * plane + p] = Math.min(a, Math.max(0, fill[c * plane + p]! + g));
      }
    }
  }
  return fill;
}
