import { LOWER_LIP_INNER, LOWER_LIP_SEMI_INNER, UPPER_LIP_INNER, UPPER_LIP_SEMI_INNER } from '../face/regions.ts';
import { interOcularDistance } from '../face/landmark-indices.ts';
import type { Landmarks } from '../motion/types.ts';
import { TriangleKind, type WarpMesh } from './mesh.ts';
import { pixelNoise } from '../random.ts';
import { polylineAt } from './polygon.ts';
import type { LidShading } from './lids.ts';
import type { SamplingMap } from './rasterize.ts';
import { LOWER_TEETH, NO_TEETH, teethAt, teethColour, teethColumns, UPPER_TEETH } from './teeth.ts';
import { percentileColour, pixel } from './photo-colour.ts';
import { foldsOfPhoto, smileLines, type FoldsOfPhoto } from './smile-lines.ts';

/**
 * What a warp cannot produce, painted over it (shared/reference/warp-prototype, "fills"):
 * - a dark mouth interior, only in the newly opened gap (the photo's own teeth stay on their lip);
 * - over the lids as `lids.ts` reshapes them: the shadow of a lowered lid on the eye, and the
 *   grain the stretched lid skin lost;
 * - the smile lines (`smile-lines.ts`): the folds' shadow and the cheeks' light as a smile deepens;
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
  /** Standard deviation of the photo's fine grain, 0..1 units. */
  grain: number;
  sourceMouthGap: number;
  /** Teeth shown when the mouth opens, for a photo whose mouth is closed and not hidden by hair (teeth.ts). */
  teeth?: [number, number, number];
  /** The skin's colour (the cheeks' light in a smile). */
  skin: [number, number, number];
  /** Per channel, how much of a shadow's darkening it takes (mean 1): more where the skin is weak, so shadows on warm skin deepen its tone. */
  shadowTint: [number, number, number];
  /** The photo's smile folds (smile-lines.ts). */
  folds: FoldsOfPhoto;
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

/** Cheeks, forehead and chin: the skin's colour. */
const SKIN_POINTS = [205, 425, 151, 50, 280, 199];

/** The mouth interior: the lips' colour times this. */
const MOUTH_DARKNESS = 0.34;

function shadowTintOf(skin: readonly number[]): [number, number, number] {
  const strongest = Math.max(...skin, 1e-3);
  const weights = skin.map((v) => Math.sqrt(strongest / Math.max(v, 0.05 * strongest)));
  const mean = (weights[0]! + weights[1]! + weights[2]!) / 3;
  return weights.map((w) => w / mean) as [number, number, number];
}

export function fillPalette(photo: PhotoPixels, source: Landmarks): FillPalette {
  // The lips' own colour (their body, not the seam, which may be teeth), darkened: a shadowed
  // mouth is the lips' hue, very dark, never the grey of a smeared seam.
  const lips = [...UPPER_LIP_SEMI_INNER, ...LOWER_LIP_SEMI_INNER].map((i) => pixel(photo, source[i]![0], source[i]![1]));
  const lipMedian = percentileColour(lips, 0.5);
  const skin = percentileColour(SKIN_POINTS.map((i) => pixel(photo, source[i]![0], source[i]![1])), 0.5);
  const sourceMouthGap = mouthGap(source);
  const teeth = teethColour(photo, source, skin, lipMedian, sourceMouthGap);
  const grain = estimateGrain(photo, source);
  return {
    mouth: lipMedian.map((v) => v * MOUTH_DARKNESS) as [number, number, number],
    grain,
    sourceMouthGap,
    ...(teeth && { teeth }),
    skin,
    shadowTint: shadowTintOf(skin),
    folds: foldsOfPhoto(photo, source, grain),
  };
}

/** The region of a mask that is painted, grown by `margin`, clipped to the frame. */
interface Extent {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The painted part of a mask of `width` x `height` pixels, grown by `margin`, clipped to it. */
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

/** Separable box blur of a mask within its extent, `radius` pixels: soft edges for the fills. */
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

/** Mouth interior shading: this dark under the upper teeth and at the corners, this much lighter toward the lower middle (the tongue). */
const MOUTH_SHADE_EDGE = 0.55;
const MOUTH_SHADE_TONGUE = 0.9;
/** The interior is smoother than skin: this share of the photo's grain. */
const MOUTH_GRAIN = 0.4;

/**
 * What the fills paint, pixel by pixel (few pixels: a mouth, two lids), each laid over the frame
 * in turn: `values` holds 4 per pixel, the premultiplied colour (grain included, which may add to
 * what shows through) and the opacity.
 */
export interface Fill {
  pixels: number[];
  values: number[];
}

/** Adds to `fill` the fills of the mesh's face `face`, moved to `target` (faces animated together paint into one). */
export function paintFills(fill: Fill, map: SamplingMap, mesh: WarpMesh, face: number, target: Landmarks, palette: FillPalette, lids: LidShading): Fill {
  const { width, height, kinds, triangles } = map;
  const iod = interOcularDistance(target);
  const fade = Math.max(1, Math.round(iod * 0.02));

  // Mouth: only the gap the tear opened, fading in over the first pixels of opening; shaded
  // between the lips (dark under the upper lip and in the corners, lighter low in the middle).
  // The work stays within the inner lips' bounds (a local box), as the gap lies between them.
  const opened = mouthGap(target) - palette.sourceMouthGap;
  const strength = ramp(opened, 0.5, 2);
  const lips = [...UPPER_LIP_INNER, ...LOWER_LIP_INNER].map((i) => target[i]!);
  const margin = 2 * fade + 2;
  const bx = Math.max(0, Math.floor(Math.min(...lips.map((p) => p[0])) - margin));
  const by = Math.max(0, Math.floor(Math.min(...lips.map((p) => p[1])) - margin));
  const bw = Math.min(width, Math.ceil(Math.max(...lips.map((p) => p[0])) + margin)) - bx;
  const bh = Math.min(height, Math.ceil(Math.max(...lips.map((p) => p[1])) + margin)) - by;
  const gap = strength > 0 && bw > 0 && bh > 0 ? new Float32Array(bw * bh) : undefined;
  if (gap) {
    for (let y = 0; y < bh; y++) {
      for (let x = 0; x < bw; x++) {
        const p = (by + y) * width + bx + x;
        if (kinds[p] === TriangleKind.MouthGap && mesh.faceOf[triangles[p]!] === face) gap[y * bw + x] = 1;
      }
    }
  }
  const extent = gap && extentOf(gap, bw, bh, fade + 1);
  if (extent) {
    const mask = blur(gap!, bw, extent, fade);
    const line = (ids: readonly number[]) => ids.map((i) => [target[i]![0], target[i]![1]] as const).sort((a, b) => a[0] - b[0]);
    const upper = line(UPPER_LIP_INNER);
    const lower = line(LOWER_LIP_INNER);
    const [left, right] = [upper[0]![0], upper[upper.length - 1]![0]];
    const teeth = palette.teeth && {
      upper: teethColumns(UPPER_TEETH, target, upper, lower, bx + extent.x0, bx + extent.x1),
      lower: teethColumns(LOWER_TEETH, target, upper, lower, bx + extent.x0, bx + extent.x1),
    };
    for (let y = by + extent.y0; y <= by + extent.y1; y++) {
      for (let x = bx + extent.x0; x <= bx + extent.x1; x++) {
        const p = y * width + x;
        const a = mask[(y - by) * bw + x - bx]! * strength;
        if (a <= 0) continue;
        const top = polylineAt(upper, x + 0.5);
        const bottom = polylineAt(lower, x + 0.5);
        const down = Math.min(1, Math.max(0, (y + 0.5 - top) / Math.max(1, bottom - top)));
        const middle = Math.max(0, 1 - Math.abs((2 * (x + 0.5) - left - right) / Math.max(1, right - left)));
        const shade = MOUTH_SHADE_EDGE + MOUTH_SHADE_TONGUE * down * down * Math.sqrt(middle);
        const column = x - bx - extent.x0;
        const upperTooth = teeth ? teethAt(teeth.upper[column]!, y + 0.5 - top) : NO_TEETH;
        const lowerTooth = teeth ? teethAt(teeth.lower[column]!, bottom - y - 0.5) : NO_TEETH;
        // The rows never meet (their shares of the opening add up to less than it).
        const cover = Math.min(1, upperTooth.cover + lowerTooth.cover);
        const toothLight = upperTooth.cover * upperTooth.light + lowerTooth.cover * lowerTooth.light;
        // Uniform noise in [-1, 1] has a standard deviation of 1/sqrt(3); teeth keep the photo's whole grain.
        const g = (MOUTH_GRAIN + (1 - MOUTH_GRAIN) * cover) * palette.grain * Math.sqrt(3) * pixelNoise(x, y) * a;
        fill.pixels.push(p);
        for (let c = 0; c < 3; c++) {
          const colour = (1 - cover) * palette.mouth[c]! * shade + (cover && toothLight * palette.teeth![c]!);
          fill.values.push(Math.min(a, Math.max(0, colour * a + g)));
        }
        fill.values.push(a);
      }
    }
  }
  // The smile lines: the shadow takes the most-darkened channel's share off what shows through
  // and gives the others back as skin (keep has one channel), plus the cheek's light.
  const lines = smileLines(map, mesh, face, target, palette.folds);
  const tint = palette.shadowTint;
  const most = Math.max(...tint);
  lines.pixels.forEach((p, k) => {
    const shadow = lines.shadow[k]!;
    fill.pixels.push(p);
    for (let c = 0; c < 3; c++) fill.values.push((shadow * (most - tint[c]!) + lines.light[k]!) * palette.skin[c]!);
    fill.values.push(shadow * most);
  });
  // The lids: their shadow (black over), and grain added back where the lid skin is stretched
  // (additive, so it rides on the warped photo).
  lids.pixels.forEach((p, k) => {
    const g = palette.grain * Math.sqrt(3) * pixelNoise(p % width, Math.floor(p / width)) * lids.grain[k]!;
    fill.pixels.push(p);
    fill.values.push(g, g, g, lids.shadow[k]!);
  });
  return fill;
}
