import { headFrame, motionLimits, transferMotion } from '../motion/index.ts';
import type { DriverFrame, HeadFrame, Landmarks, MotionFrame, MotionLimits, Vec3 } from '../motion/types.ts';
import { fillPalette, paintFills, type FillPalette, type PhotoPixels } from '../warp/fills.ts';
import { buildWarpMesh, warpTargets, type FaceMotion, type WarpMesh } from '../warp/mesh.ts';
import { rasterizeWarp } from '../warp/rasterize.ts';

/**
 * Everything the generator needs for one face, computed once: its head frame and motion limits,
 * the warp mesh, and the fill colours. Then each driver frame becomes the generator's inputs
 * (sampling grid and fill layer) plus the target landmarks it was asked to reach.
 */
export interface AnimationSetup {
  width: number;
  height: number;
  source: Landmarks;
  head: HeadFrame;
  limits: MotionLimits;
  mesh: WarpMesh;
  palette: FillPalette;
}

export interface FrameInputs {
  grid: Float32Array;
  /** Premultiplied RGBA, planar [4, height, width]. */
  fill: Float32Array;
  targets: Landmarks;
  timings: { motionMs: number; rasterMs: number; fillMs: number };
}

/** `face` in the pixels of `photo` (the photo at output size). */
export function prepareAnimation(
  photo: PhotoPixels,
  face: { landmarks: Landmarks; matrix?: readonly number[] },
  options: { glasses?: boolean } = {},
): AnimationSetup {
  const head = headFrame(face.landmarks, face.matrix);
  return {
    width: photo.width,
    height: photo.height,
    source: face.landmarks,
    head,
    limits: motionLimits(head, options),
    mesh: buildWarpMesh(face.landmarks, head, photo.width, photo.height),
    palette: fillPalette(photo, face.landmarks),
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
  const t3 = performance.now();
  return { grid: map.grid, fill, targets: motion.landmarks, timings: { motionMs: t1 - t0, rasterMs: t2 - t1, fillMs: t3 - t2 } };
}
