import type { Box } from '../face/geometry.ts';
import { DETAIL_FACTOR, detailSource } from '../image/detail.ts';
import { headFrame, motionLimits, transferMotion } from '../motion/index.ts';
import type { DriverFrame, HeadFrame, Landmarks, MotionFrame, MotionLimits, Vec3 } from '../motion/types.ts';
import { figureLayers, foreground, type FigureLayers } from '../warp/figure.ts';
import { fillPalette, paintFills, type FillPalette, type PhotoPixels } from '../warp/fills.ts';
import { buildWarpMesh, warpTargets, type FaceMotion, type WarpMesh } from '../warp/mesh.ts';
import { rasterizeWarp, type SamplingMap } from '../warp/rasterize.ts';
import { gridSampleBilinear, rgbaToPlanar } from './reference.ts';

/**
 * Everything the generator needs for one face, computed once: its head frame and motion limits,
 * the warp mesh, the fill colours, and the layers the frames are made of (the person's colours at
 * twice the output size, their mask, the still background). Then each driver frame becomes the
 * generator's inputs (sampling grid and fill layer) plus the target landmarks it was asked to reach.
 */
export interface AnimationSetup {
  width: number;
  height: number;
  source: Landmarks;
  head: HeadFrame;
  limits: MotionLimits;
  mesh: WarpMesh;
  palette: FillPalette;
  layers: FigureLayers;
  /** The person premultiplied by the mask, planar RGB at DETAIL_FACTOR times the output size: the generator's `source`. */
  foreground: Float32Array;
}

export interface AnimationOptions {
  glasses?: boolean;
  /** The photo at exactly DETAIL_FACTOR times the output size, RGBA (else it is upsampled). */
  finer?: PhotoPixels;
  /** Person confidence 0..255 per output pixel; without it the whole photo moves with the face. */
  person?: Uint8Array;
  /** Other faces' boxes, output pixels: they are kept out of the moving figure. */
  others?: readonly Box[];
}

export interface FrameInputs {
  grid: Float32Array;
  /** Premultiplied RGBA, planar [4, height, width]. */
  fill: Float32Array;
  targets: Landmarks;
  timings: { motionMs: number; rasterMs: number; fillMs: number };
}

const planarOf = (pixels: PhotoPixels) => rgbaToPlanar({ data: pixels.rgba as Uint8ClampedArray, width: pixels.width, height: pixels.height });

/** `face` in the pixels of `photo` (the photo at output size). */
export function prepareAnimation(
  photo: PhotoPixels,
  face: { landmarks: Landmarks; matrix?: readonly number[] },
  options: AnimationOptions = {},
): AnimationSetup {
  const { width, height } = photo;
  const head = headFrame(face.landmarks, face.matrix);
  const planar = planarOf(photo);
  const finer = options.finer && options.finer.width === width * DETAIL_FACTOR && options.finer.height === height * DETAIL_FACTOR ? planarOf(options.finer) : undefined;
  const layers = figureLayers(planar, width, height, options.person, face.landmarks, options.others);
  return {
    width,
    height,
    source: face.landmarks,
    head,
    limits: motionLimits(head, options),
    mesh: buildWarpMesh(face.landmarks, head, width, height, { figure: !!options.person, others: options.others }),
    palette: fillPalette(photo, face.landmarks),
    layers,
    foreground: foreground(detailSource(planar, width, height, finer), DETAIL_FACTOR, layers, planar),
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
  };
}

export function frameInputs(setup: AnimationSetup, driverFrame: DriverFrame, intensity: number): FrameInputs {
  const t0 = performance.now();
  const motion = transferMotion(setup.head, driverFrame, { intensity, limits: setup.limits });
  const t1 = performance.now();
  const map = rasterizeWarp(setup.mesh, warpTargets(setup.mesh, setup.source, faceMotion(motion)));
  const t2 = performance.now();
  const fill = paintFills(map, motion.landmarks, setup.palette);
  blendSeams(map, setup, fill);
  const t3 = performance.now();
  return { grid: map.grid, fill, targets: motion.landmarks, timings: { motionMs: t1 - t0, rasterMs: t2 - t1, fillMs: t3 - t2 } };
}

/**
 * Antialiases the folds: each seam pixel also shows its share of the other side (that side's
 * colour as the generator composes it: the person over the plate), beneath whatever fill the
 * pixel already has.
 */
function blendSeams(map: SamplingMap, setup: AnimationSetup, fill: Float32Array): void {
  const { pixels, weights, samples } = map.seams;
  if (!pixels.length) return;
  const { width, height, layers, foreground: colours } = setup;
  const plane = width * height;
  const grid = Float32Array.from(samples);
  const person = gridSampleBilinear(colours, 3, height * DETAIL_FACTOR, width * DETAIL_FACTOR, grid, 1, pixels.length);
  const share = gridSampleBilinear(layers.mask, 1, height, width, grid, 1, pixels.length);
  pixels.forEach((p, k) => {
    const keep = 1 - weights[k]!;
    const alpha = fill[3 * plane + p]!;
    for (let ch = 0; ch < 3; ch++) {
      const other = layers.plate[ch * plane + p]! * (1 - share[k]!) + person[ch * pixels.length + k]!;
      fill[ch * plane + p] = keep * fill[ch * plane + p]! + (1 - keep) * other;
    }
    fill[3 * plane + p] = 1 - keep * (1 - alpha);
  });
}
