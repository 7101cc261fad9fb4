import { boundingBox, type Box } from '../face/geometry.ts';
import { DETAIL_FACTOR, detailSource } from '../image/detail.ts';
import { headFrame, motionLimits, transferMotion } from '../motion/index.ts';
import type { DriverFrame, HeadFrame, Landmarks, MotionFrame, MotionLimits, Vec3 } from '../motion/types.ts';
import { figureLayers, foreground, type FigureLayers } from '../warp/figure.ts';
import { reshapeLids } from '../warp/lids.ts';
import { mouthSplit } from '../warp/mouth.ts';
import { fillPalette, paintFills, type Fill, type FillPalette, type PhotoPixels } from '../warp/fills.ts';
import { buildWarpMesh, warpTargets, type FaceMotion, type WarpMesh } from '../warp/mesh.ts';
import { rasterizeWarp, type SamplingMap } from '../warp/rasterize.ts';
import { gridSampleBilinear, rgbaToPlanar } from './reference.ts';

/** One face to animate, in the pixels of the photo. */
export interface AnimatedFace {
  landmarks: Landmarks;
  matrix?: readonly number[];
  /** The face wears glasses: keep the frames rigid and the brows gentler. */
  glasses?: boolean;
}

/** What is fixed about one animated face: its head frame and motion limits, its fill colours. */
export interface FaceSetup {
  source: Landmarks;
  head: HeadFrame;
  limits: MotionLimits;
  palette: FillPalette;
}

/**
 * Everything the generator needs for the faces it animates together, computed once: each face's
 * setup, the one warp mesh they share, and the layers the frames are made of (the people's colours
 * at twice the output size, their mask, the still background). Then each frame's driver frames
 * (one per face) become the generator's inputs (sampling grid, base and keep) plus the target
 * landmarks each face was asked to reach.
 */
export interface AnimationSetup {
  width: number;
  height: number;
  faces: FaceSetup[];
  mesh: WarpMesh;
  layers: FigureLayers;
  /** The plate where the people do not cover it, at rest: plate * (1 - mask), planar RGB. */
  uncovered: Float32Array;
  /**
   * Per triangle, SOLID when its whole source lies inside the people (mask 1: what it draws covers
   * the plate), EMPTY when wholly outside (mask 0: it uncovers the plate), else 0.
   */
  coverage: Uint8Array;
  /** Per pixel, how far (pixels, chessboard) the mask keeps its value there, when that is 0 or 1 (see maskReach). */
  maskReach: Uint8Array;
  /** Summed-area table (stride width + 1) of the pixels the mask does not leave wholly to the background. */
  personTable: Int32Array;
  /** Per-frame buffers, reused: a frame's inputs are valid until the next frame of this setup. */
  scratch: { base: Float32Array; keep: Float32Array };
  /** The people premultiplied by the mask, planar RGB at DETAIL_FACTOR times the output size: the generator's `source`. */
  foreground: Float32Array;
}

export interface AnimationOptions {
  /** The photo at exactly DETAIL_FACTOR times the output size, RGBA (else it is upsampled). */
  finer?: PhotoPixels;
  /** Person confidence 0..255 per output pixel; without it the whole photo moves with the faces. */
  person?: Uint8Array;
  /** The boxes of faces that stay still, output pixels: they are kept out of the moving figure. */
  others?: readonly Box[];
}

/** One face's part of a frame: its driver frame and how strongly it plays. */
export interface FaceFrame {
  frame: DriverFrame;
  /** 0 (still) to 1.5. */
  intensity: number;
}

export interface FrameInputs {
  grid: Float32Array;
  /** What each pixel shows besides the warped people, planar RGB [3, height, width] (see contract.ts). */
  base: Float32Array;
  /** How much of the warped people each pixel shows, [height, width]. */
  keep: Float32Array;
  /** Per face, the landmarks it was moved to. */
  targets: Landmarks[];
  timings: { motionMs: number; rasterMs: number; fillMs: number };
}

const planarOf = (pixels: PhotoPixels) => rgbaToPlanar({ data: pixels.rgba as Uint8ClampedArray, width: pixels.width, height: pixels.height });

/** `faces` (one or more) in the pixels of `photo` (the photo at output size), animated together. */
export function prepareAnimation(photo: PhotoPixels, faces: readonly AnimatedFace[], options: AnimationOptions = {}): AnimationSetup {
  const { width, height } = photo;
  if (!faces.length) throw new Error('prepareAnimation needs at least one face');
  const planar = planarOf(photo);
  const finer = options.finer && options.finer.width === width * DETAIL_FACTOR && options.finer.height === height * DETAIL_FACTOR ? planarOf(options.finer) : undefined;
  const sources = faces.map((face) => face.landmarks);
  const layers = figureLayers(planar, width, height, options.person, sources, options.others);
  const personTable = summedArea(layers.mask, width, height, (m) => m > 0);
  const heads = faces.map((face) => headFrame(face.landmarks, face.matrix));
  const mesh = buildWarpMesh(
    faces.map((face, f) => ({ source: face.landmarks, head: heads[f]!, mouthSplit: mouthSplit(photo, face.landmarks) })),
    width,
    height,
    { figure: !!options.person, others: options.others },
  );
  return {
    width,
    height,
    faces: faces.map((face, f) => ({ source: face.landmarks, head: heads[f]!, limits: motionLimits(heads[f]!, face), palette: fillPalette(photo, face.landmarks) })),
    mesh,
    layers,
    uncovered: layers.plate.map((v, i) => v * (1 - layers.mask[i % (width * height)]!)),
    coverage: triangleCoverage(mesh, layers.mask, personTable),
    maskReach: maskReach(layers.mask, width, height),
    personTable,
    scratch: { base: new Float32Array(3 * width * height), keep: new Float32Array(width * height) },
    foreground: foreground(detailSource(planar, width, height, finer, boundingBox(sources.flat())), DETAIL_FACTOR, layers, planar),
  };
}

/** How points outside the landmarks (the rings around the face) move with the head. */
export function faceMotion(motion: MotionFrame): FaceMotion {
  const { pivot, rotation: r, translation, scale } = motion;
  return {
    landmarks: motion.landmarks,
    moveHeadPoint(p, e): Vec3 {
      const x = p[0] + e[0] - pivot[0];
      const y = p[1] + e[1] - pivot[1];
      const z = p[2] + e[2] - pivot[2];
      return [
        pivot[0] + scale * (r[0] * x + r[1] * y + r[2] * z) + translation[0],
        pivot[1] + scale * (r[3] * x + r[4] * y + r[5] * z) + translation[1],
        pivot[2] + scale * (r[6] * x + r[7] * y + r[8] * z) + translation[2],
      ];
    },
    expressionOf: (landmark) => motion.displacement[landmark]! as Vec3,
    translation,
  };
}

/** Where a frame's grid, base and keep are written (sizes as in FrameInputs). */
export type FrameBuffers = Pick<FrameInputs, 'grid' | 'base' | 'keep'>;

/**
 * One frame: `frames[f]` moves the setup's face `f`. Its grid, base and keep are written `into`
 * the buffers given, else into the setup's own, reused: valid until its next frame.
 */
export function frameInputs(setup: AnimationSetup, frames: readonly FaceFrame[], into?: FrameBuffers): FrameInputs {
  if (frames.length !== setup.faces.length) throw new Error(`${frames.length} driver frames for ${setup.faces.length} faces`);
  const plane = setup.width * setup.height;
  if (into && (into.grid.length !== 2 * plane || into.base.length !== 3 * plane || into.keep.length !== plane)) throw new Error('frameInputs: buffers of the wrong size');
  const t0 = performance.now();
  const motions = setup.faces.map((face, f) => transferMotion(face.head, frames[f]!.frame, { intensity: frames[f]!.intensity, limits: face.limits }));
  const t1 = performance.now();
  const sources = setup.faces.map((face) => face.source);
  const map = rasterizeWarp(setup.mesh, warpTargets(setup.mesh, sources, motions.map(faceMotion)), {
    backgroundOnly: (t, x0, y0, x1, y1) => landsOnBackground(setup, t, x0, y0, x1, y1),
    ...(into ? { grid: into.grid } : {}),
  });
  const t2 = performance.now();
  const fill: Fill = { pixels: [], values: [] };
  setup.faces.forEach((face, f) => {
    const target = motions[f]!.landmarks;
    paintFills(fill, map, setup.mesh, f, target, face.palette, reshapeLids(map, setup.mesh, f, face.source, target));
  });
  const { base, keep } = composeLayers(map, setup, fill, into ?? setup.scratch);
  const t3 = performance.now();
  return { grid: map.grid, base, keep, targets: motions.map((motion) => motion.landmarks), timings: { motionMs: t1 - t0, rasterMs: t2 - t1, fillMs: t3 - t2 } };
}

/** A pixel that reads the photo less than this far (pixels) from itself sees its own mask (0.05 px of a soft edge's slope). */
const MASK_STILL_PX = 0.05;

const SOLID = 1;
const EMPTY = 2;

/** Summed-area table (stride width + 1, a zero row and column first) of the pixels whose mask value passes `test`. */
function summedArea(mask: Float32Array, width: number, height: number, test: (m: number) => boolean): Int32Array {
  const stride = width + 1;
  const table = new Int32Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y + 1) * stride + x + 1;
      table[i] = (test(mask[y * width + x]!) ? 1 : 0) + table[i - stride]! + table[i - 1]! - table[i - stride - 1]!;
    }
  }
  return table;
}

/** Pixels x0..x1 (exclusive), y0..y1 (exclusive) of a summed-area table that pass its test. */
function areaCount(table: Int32Array, stride: number, x0: number, y0: number, x1: number, y1: number): number {
  return table[y1 * stride + x1]! - table[y0 * stride + x1]! - table[y1 * stride + x0]! + table[y0 * stride + x0]!;
}

/**
 * An outside triangle that reads only background (EMPTY) and lands, in this frame, where the mask
 * is background too (its bounds on pixels x0..x1, y0..y1, and the pixel beyond): it shows the
 * still plate there whatever it reads.
 */
function landsOnBackground(setup: AnimationSetup, t: number, x0: number, y0: number, x1: number, y1: number): boolean {
  if (setup.coverage[t] !== EMPTY) return false;
  const { width, height, personTable } = setup;
  return areaCount(personTable, width + 1, Math.max(0, x0 - 1), Math.max(0, y0 - 1), Math.min(width, x1 + 2), Math.min(height, y1 + 2)) === 0;
}

/** Per triangle: SOLID / EMPTY when the mask is 1 / 0 over its source bounding box and the pixel beyond (bilinear's reach). */
function triangleCoverage(mesh: WarpMesh, mask: Float32Array, notBackground: Int32Array): Uint8Array {
  const { width, height, source, triangles } = mesh;
  // Summed-area tables of the pixels not wholly the person, and (given) not wholly background.
  const stride = width + 1;
  const notPerson = summedArea(mask, width, height, (m) => m < 1);
  const count = mesh.kinds.length;
  const coverage = new Uint8Array(count);
  for (let t = 0; t < count; t++) {
    const xs = [0, 1, 2].map((k) => source[2 * triangles[3 * t + k]!]!);
    const ys = [0, 1, 2].map((k) => source[2 * triangles[3 * t + k]! + 1]!);
    const x0 = Math.max(0, Math.floor(Math.min(...xs)) - 1);
    const y0 = Math.max(0, Math.floor(Math.min(...ys)) - 1);
    const x1 = Math.min(width, Math.ceil(Math.max(...xs)) + 1);
    const y1 = Math.min(height, Math.ceil(Math.max(...ys)) + 1);
    if (x1 <= x0 || y1 <= y0) continue;
    coverage[t] = areaCount(notPerson, stride, x0, y0, x1, y1) === 0 ? SOLID : areaCount(notBackground, stride, x0, y0, x1, y1) === 0 ? EMPTY : 0;
  }
  return coverage;
}

/**
 * Per pixel whose mask is 0 or 1, a distance (pixels, chessboard) within which every pixel's mask
 * has that same value (never more than the true distance; at most 255); 0 where the mask is
 * fractional. A pixel that reads the photo closer than this to itself (bilinear's reach included)
 * sees its own mask: nothing to compute.
 */
function maskReach(mask: Float32Array, width: number, height: number): Uint8Array {
  const kind = (p: number) => (mask[p] === 0 ? 0 : mask[p] === 1 ? 1 : 2);
  const reach = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const own = kind(p);
      if (own === 2) {
        reach[p] = 0;
        continue;
      }
      // Next to a pixel of another value: that one is 1 away.
      for (let dy = -1; dy <= 1 && reach[p] === 255; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < width && ny < height && kind(ny * width + nx) !== own) {
            reach[p] = 1;
            break;
          }
        }
      }
    }
  }
  // Two chamfer passes spread the distance from those pixels.
  const relax = (p: number, q: number) => {
    if (reach[q]! + 1 < reach[p]!) reach[p] = reach[q]! + 1;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (x > 0) relax(p, p - 1);
      if (y > 0) {
        relax(p, p - width);
        if (x > 0) relax(p, p - width - 1);
        if (x + 1 < width) relax(p, p - width + 1);
      }
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const p = y * width + x;
      if (x + 1 < width) relax(p, p + 1);
      if (y + 1 < height) {
        relax(p, p + width);
        if (x + 1 < width) relax(p, p + width + 1);
        if (x > 0) relax(p, p + width - 1);
      }
    }
  }
  return reach;
}

/** Bilinear sample of a one-channel image at a normalised grid position (align_corners = 0, border). */
function sampleMask(mask: Float32Array, width: number, height: number, xn: number, yn: number): number {
  const x = Math.min(width - 1, Math.max(0, ((xn + 1) * width - 1) / 2));
  const y = Math.min(height - 1, Math.max(0, ((yn + 1) * height - 1) / 2));
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = x - x0;
  const fy = y - y0;
  const top = mask[y0 * width + x0]! * (1 - fx) + mask[y0 * width + x1]! * fx;
  const bottom = mask[y1 * width + x0]! * (1 - fx) + mask[y1 * width + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * The generator's `base` and `keep` for one frame (see contract.ts): the plate wherever the moved
 * person (its mask warped with the same grid) leaves it uncovered; the fills over the person; and
 * at each fold's edge pixels, their share of the other side (that side as the generator composes
 * it: the person over the plate).
 */
function composeLayers(map: SamplingMap, setup: AnimationSetup, fill: Fill, { base, keep }: Pick<FrameBuffers, 'base' | 'keep'>): { base: Float32Array; keep: Float32Array } {
  const { width, height, layers } = setup;
  const plane = width * height;
  base.set(setup.uncovered);
  keep.fill(1);
  const { grid, triangles } = map;
  const { mask, plate } = layers;
  const { coverage, maskReach: reach } = setup;
  // Where the grid reads each pixel near where it is, within the mask's reach, the mask there is its own: `uncovered`.
  for (let y = 0, p = 0; y < height; y++) {
    const ry = y + 0.5;
    for (let x = 0; x < width; x++, p++) {
      const t = triangles[p]!;
      // No triangle (identity), or one inside the person drawing where the person was (or outside
      // drawing where the background was): as at rest.
      if (t < 0) continue;
      const m = mask[p]!;
      if ((m === 1 && coverage[t] === SOLID) || (m === 0 && coverage[t] === EMPTY)) continue;
      const xn = grid[2 * p]!;
      const yn = grid[2 * p + 1]!;
      // How far from itself it reads (centres at (2i + 1) / size - 1); bilinear reaches a pixel
      // further. Hardly moved, even a soft mask is as good as its own there.
      const far = Math.max(Math.abs(((xn + 1) * width) / 2 - x - 0.5), Math.abs(((yn + 1) * height) / 2 - ry));
      if (far < MASK_STILL_PX || far + 1 < reach[p]!) continue;
      const uncovered = 1 - sampleMask(mask, width, height, xn, yn);
      base[p] = plate[p]! * uncovered;
      base[plane + p] = plate[plane + p]! * uncovered;
      base[2 * plane + p] = plate[2 * plane + p]! * uncovered;
    }
  }
  fill.pixels.forEach((p, k) => {
    const alpha = fill.values[4 * k + 3]!;
    for (let c = 0; c < 3; c++) base[c * plane + p] = base[c * plane + p]! * (1 - alpha) + fill.values[4 * k + c]!;
    keep[p] = keep[p]! * (1 - alpha);
  });
  const { pixels, weights, samples } = map.seams;
  if (pixels.length) {
    const at = Float32Array.from(samples);
    const person = gridSampleBilinear(setup.foreground, 3, height * DETAIL_FACTOR, width * DETAIL_FACTOR, at, 1, pixels.length);
    pixels.forEach((p, k) => {
      const w = weights[k]!;
      const uncovered = 1 - sampleMask(mask, width, height, at[2 * k]!, at[2 * k + 1]!);
      for (let c = 0; c < 3; c++) {
        const other = plate[c * plane + p]! * uncovered + person[c * pixels.length + k]!;
        base[c * plane + p] = (1 - w) * base[c * plane + p]! + w * other;
      }
      keep[p] = (1 - w) * keep[p]!;
    });
  }
  return { base, keep };
}
