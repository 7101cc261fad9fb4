/// <reference lib="webworker" />
import '../src/pipeline/network-guard.ts';
import * as Comlink from 'comlink';
import { exposeSupervised } from '../src/pipeline/worker-bridge.ts';
import { frameInputs, prepareAnimation, type AnimatedFace, type AnimationSetup, type FrameBuffers } from '../src/core/generator/animation.ts';
import { partFrame, type GroupPart } from '../src/core/drivers/group-loop.ts';
import type { Box } from '../src/core/face/geometry.ts';
import { packTargets } from '../src/core/motion/target-track.ts';
import type { LiveFace } from '../src/pipeline/generate/contract.ts';
import { photoPixels } from './generate/photo-pixels.ts';

/**
 * The warp beside the generator: the generate worker hands it an animation, then asks for each
 * frame's inputs one frame ahead, so that the warp (JS, one core) of frame i + 1 runs while the
 * generator (wasm threads or the GPU) synthesises frame i. Started and fed only by the generate
 * worker.
 */
export interface WarpWorkerApi {
  /** Prepares the animation (the bitmaps and mask are handed over); the person at detail scale is the generator's source. */
  prepare(request: WarpRequest): Promise<PreparedWarp>;
  /**
   * Frame `index` of the loop. `spare` is a frame the generator is done with: its buffers are
   * filled again (and handed back), so that two frames' buffers go round.
   */
  frame(index: number, spare?: WarpedFrame): WarpedFrame;
  /** Live mode: the frame of each face's driver frame as given (not the loop's), `spare` as for `frame`. */
  frameOf(faces: LiveFace[], spare?: WarpedFrame): WarpedFrame;
}


export interface WarpRequest {
  photo: ImageBitmap;
  finer?: ImageBitmap;
  person?: Uint8Array;
  others?: [number, number, number, number][];
  /** Each face and its strength, 0 (still) to 1.5. */
  faces: (AnimatedFace & { intensity: number })[];
  /** Each face's driver and phase, and the loop's length. */
  parts: GroupPart[];
  length: number;
}

export interface PreparedWarp {
  width: number;
  height: number;
  /** setup.foreground: planar RGB [3, height * DETAIL_FACTOR, width * DETAIL_FACTOR]. */
  foreground: Float32Array;
}

/** One frame's generator inputs (see FrameInputs), each face's targets (packTargets) and the warp's timings. */
export interface WarpedFrame {
  grid: Float32Array;
  base: Float32Array;
  keep: Float32Array;
  targets: Float32Array[];
  timings: { motionMs: number; rasterMs: number; fillMs: number };
}

let animation: { setup: AnimationSetup; parts: GroupPart[]; intensities: number[]; length: number } | undefined;

/** Buffers for a frame of `setup`: the spare frame's, else new ones. */
function buffersFor(setup: AnimationSetup, spare: WarpedFrame | undefined): FrameBuffers {
  const plane = setup.width * setup.height;
  if (spare?.grid.length === 2 * plane && spare.base.length === 3 * plane && spare.keep.length === plane) return spare;
  return { grid: new Float32Array(2 * plane), base: new Float32Array(3 * plane), keep: new Float32Array(plane) };
}

const api: WarpWorkerApi = {
  async prepare(request) {
    const photo = photoPixels(request.photo);
    const finer = request.finer && photoPixels(request.finer);
    const others = (request.others ?? []).map(([x, y, width, height]): Box => ({ x, y, width, height }));
    const person = request.person?.length === photo.width * photo.height ? request.person : undefined;
    const setup = prepareAnimation(photo, request.faces, { finer, person, others });
    animation = { setup, parts: request.parts, intensities: request.faces.map((face) => face.intensity), length: request.length };
    // The setup keeps its own (the folds' edges read it): the generator gets a copy.
    const foreground = setup.foreground.slice();
    return Comlink.transfer({ width: photo.width, height: photo.height, foreground }, [foreground.buffer]);
  },

  frame(index, spare) {
    if (!animation) throw new Error('The warp has no animation to make frames of.');
    const { parts, intensities, length } = animation;
    return warped(
      parts.map((part, f) => ({ frame: partFrame(part, index, length), intensity: intensities[f]! })),
      spare,
    );
  },

  frameOf(faces, spare) {
    return warped(faces, spare);
  },
};

function warped(faces: LiveFace[], spare: WarpedFrame | undefined): WarpedFrame {
  if (!animation) throw new Error('The warp has no animation to make frames of.');
  const { setup } = animation;
  if (faces.length !== setup.faces.length) throw new Error(`The animation has ${setup.faces.length} faces, not ${faces.length}.`);
  const inputs = frameInputs(setup, faces, buffersFor(setup, spare));
  const targets = inputs.targets.map(packTargets);
  const frame: WarpedFrame = { grid: inputs.grid, base: inputs.base, keep: inputs.keep, targets, timings: inputs.timings };
  return Comlink.transfer(frame, [frame.grid.buffer, frame.base.buffer, frame.keep.buffer, ...targets.map((t) => t.buffer)]);
}

exposeSupervised(api);
