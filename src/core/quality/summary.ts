/**
 * One summary per animated sequence, for `kinora eval`, `npm run bench` and tests, and pooling of
 * several summaries into one (medians of the pooled per-frame values, not medians of medians).
 *
 * A summary is plain data (survives JSON, structured clone and postMessage). It carries its
 * per-frame values in `perFrame` so that summaries can be aggregated; print `withoutPerFrame(s)`.
 */

import { background, boundingBoxOf, type FaceBox } from './background.ts';
import {
  BACKGROUND_NEAR_MARGIN_PX,
  backgroundNear,
  distanceFromPerson,
  largestDisplacement,
  othersStill,
  sharpness,
  stillFrames,
  type PersonMaskPixels,
} from './believability.ts';
import { edgeSteps, faceOutline } from './edge-steps.ts';
import { poolJudge, type JudgeSummary } from './judge.ts';
import { jitter, nme, seamJitter, transfer, type Points } from './measures.ts';
import { REGIONS } from './regions.ts';
import { max, mean, median, percentile } from './stats.ts';

type Pixels = Uint8Array | Uint8ClampedArray;

export interface SequenceInput {
  /** Source landmarks of the animated face (pixels of the output frame). */
  source: Points;
  /** Target landmarks per frame. */
  targets: readonly Points[];
  /** Detected landmarks per frame (the face nearest the target); null/undefined = no face found. */
  detected: readonly (Points | null | undefined)[];
  /** Rendered RGBA frames, aligned with `targets`; with `sourcePixels`, `width` and `height` gives `background`. */
  frames?: readonly Pixels[];
  /** The source photo's RGBA pixels, same size as the frames. */
  sourcePixels?: Pixels;
  width?: number;
  height?: number;
  /** Face box for `background`; defaults to the bounding box of the source landmarks. */
  faceBox?: FaceBox;
  /** The boxes of the other faces animated in the same render (a group): not background either. */
  companions?: readonly FaceBox[];
  /** Whether the animation loops (default true); when false, no seam jitter is measured. */
  loops?: boolean;

  // Believability (issues 10, 11; believability.ts, edge-steps.ts). With `frames`: sharpness and
  // edge_steps always, background_near with `personMask`, others_still with `otherFaces`.
  /** The photo's person mask at the frames' size (alpha 0..255 person confidence); none: background_near undefined. */
  personMask?: PersonMaskPixels;
  /** The boxes of the other (not animated) faces, in the frames' pixels; none or empty: others_still undefined. */
  otherFaces?: readonly FaceBox[];
  /** gif_seam of this sequence, measured by the caller on the decoded GIF (believability.ts gifSeam). */
  gifSeam?: number;
}

export interface MedianP95 {
  median: number | undefined;
  p95: number | undefined;
}

/** Per-frame values behind a summary: only the frames where a value is defined. */
export interface PerFrameValues {
  nme: number[];
  transfer: number[];
  eyes: number[];
  mouth: number[];
  contour: number[];
  gain: number[];
  jitter: number[];
  seam: number[];
  background: number[];
  // Believability (believability.ts, edge-steps.ts); optional: summaries made before them have none.
  sharpness?: number[];
  backgroundNear?: number[];
  othersStill?: number[];
  edgeSteps?: number[];
  /** One value per sequence (not per frame): its gif_seam. */
  gifSeam?: number[];
  /** 1 for a still frame, 0 for one that moves (stillFrames); the mean is `stillness`. */
  still?: number[];
}

/** The believability statistics of a summary (issues 10 and 11); undefined where nothing was measured. */
export interface BelievabilitySummary {
  /** Per-frame Laplacian variance of the face box, frame ÷ photo: median and 5th percentile. */
  sharpness: { median: number | undefined; p5: number | undefined };
  /** Per-frame mean change (0-255) of the background near the head (outside the person mask). */
  backgroundNear: MedianP95;
  /** Per-frame largest mean change (0-255) inside another face's box: median and max. */
  othersStill: { median: number | undefined; max: number | undefined };
  /** Per-frame tangential high-frequency energy along the face outline, frame ÷ photo. */
  edgeSteps: MedianP95;
  /** Largest gif_seam (0-255) of the sequences. */
  gifSeam: number | undefined;
  /** Fraction of frames whose largest target landmark motion since the previous one is below 0.1 % IOD. */
  stillness: number | undefined;
}

export interface SequenceSummary {
  /** Sequences pooled in this summary (1 for summarizeSequence). */
  sequences: number;
  /** Frames in total, and those where the detector found no face (excluded from the landmark measures). */
  frames: number;
  framesWithoutFace: number;
  /** Per-frame normalised mean error |D - T| / IOD. */
  nme: MedianP95;
  /**
   * Medians of the per-frame transfer (whole face and per region, each region selecting its own
   * moving points) and gain (whole face); `frames` = frames that counted for the whole face.
   */
  transfer: {
    median: number | undefined;
    eyes: number | undefined;
    mouth: number | undefined;
    contour: number | undefined;
    gain: number | undefined;
    frames: number;
  };
  /** Per-frame jitter (IODs per frame²) over interior frames. */
  jitter: MedianP95;
  /** Jitter across the loop seam (frames n-2, n-1, 0 and n-1, 0, 1): mean and worst. */
  seam: { mean: number | undefined; max: number | undefined };
  /** Background mean absolute difference (0-255) over frames; present when frames were given. */
  background?: MedianP95 & { max: number | undefined };
  perFrame: PerFrameValues;
  /** Believability (issues 10, 11): see BelievabilitySummary. */
  sharpness: BelievabilitySummary['sharpness'];
  backgroundNear: BelievabilitySummary['backgroundNear'];
  othersStill: BelievabilitySummary['othersStill'];
  edgeSteps: BelievabilitySummary['edgeSteps'];
  gifSeam: BelievabilitySummary['gifSeam'];
  stillness: BelievabilitySummary['stillness'];
  /** The independent judge's scores (judge.ts), set by `kinora eval` unless --no-judge; pooled by aggregate. */
  judge?: JudgeSummary;
}

function pushDefined(into: number[], value: number | undefined): void {
  if (value !== undefined && Number.isFinite(value)) into.push(value);
}

function emptyPerFrame(): PerFrameValues {
  return {
    nme: [],
    transfer: [],
    eyes: [],
    mouth: [],
    contour: [],
    gain: [],
    jitter: [],
    seam: [],
    background: [],
    sharpness: [],
    backgroundNear: [],
    othersStill: [],
    edgeSteps: [],
    gifSeam: [],
    still: [],
  };
}

/** The believability statistics of pooled per-frame values. */
function believability(perFrame: PerFrameValues): BelievabilitySummary {
  const { sharpness = [], backgroundNear = [], othersStill = [], edgeSteps = [], gifSeam = [], still = [] } = perFrame;
  return {
    sharpness: { median: median(sharpness), p5: percentile(sharpness, 5) },
    backgroundNear: { median: median(backgroundNear), p95: percentile(backgroundNear, 95) },
    othersStill: { median: median(othersStill), max: max(othersStill) },
    edgeSteps: { median: median(edgeSteps), p95: percentile(edgeSteps, 95) },
    gifSeam: max(gifSeam),
    stillness: mean(still),
  };
}

/**
 * Per-frame believability values of one sequence into `perFrame` (see SequenceInput): stillness
 * from the targets; with the frames, sharpness, edge_steps, and background_near / others_still
 * when the person mask / other faces are given.
 */
function measureBelievability(input: SequenceInput, perFrame: PerFrameValues): void {
  const { source, targets, frames, sourcePixels, width, height } = input;
  for (const s of stillFrames(targets, input.loops ?? true)) if (s !== undefined) perFrame.still!.push(s ? 1 : 0);
  pushDefined(perFrame.gifSeam!, input.gifSeam);
  if (!frames || !sourcePixels || width === undefined || height === undefined) return;
  const sourceBox = boundingBoxOf(source);
  const faceBox = input.faceBox ?? sourceBox;
  const sourceOutline = faceOutline(source);
  let distance: Float32Array | undefined;
  if (input.personMask) {
    const { width: mw, height: mh } = input.personMask;
    if (mw !== width || mh !== height) throw new RangeError(`summarizeSequence: the person mask is ${mw}x${mh}, the frames ${width}x${height}`);
    distance = distanceFromPerson(input.personMask);
  }
  const others = input.otherFaces ?? [];
  for (const [f, frame] of frames.entries()) {
    const target = targets[f]!;
    pushDefined(perFrame.sharpness!, sharpness(frame, sourcePixels, width, height, boundingBoxOf(target), sourceBox));
    pushDefined(perFrame.edgeSteps!, edgeSteps(frame, sourcePixels, width, height, faceOutline(target), sourceOutline));
    if (distance) {
      const guard = largestDisplacement(source, target) + BACKGROUND_NEAR_MARGIN_PX;
      pushDefined(perFrame.backgroundNear!, backgroundNear(frame, sourcePixels, width, height, faceBox, distance, guard));
    }
    if (others.length) pushDefined(perFrame.othersStill!, othersStill(frame, sourcePixels, width, height, others, faceBox));
  }
}

function summarize(
  sequences: number,
  frames: number,
  framesWithoutFace: number,
  perFrame: PerFrameValues,
  hasBackground: boolean,
): SequenceSummary {
  const summary: SequenceSummary = {
    sequences,
    frames,
    framesWithoutFace,
    nme: { median: median(perFrame.nme), p95: percentile(perFrame.nme, 95) },
    transfer: {
      median: median(perFrame.transfer),
      eyes: median(perFrame.eyes),
      mouth: median(perFrame.mouth),
      contour: median(perFrame.contour),
      gain: median(perFrame.gain),
      frames: perFrame.transfer.length,
    },
    jitter: { median: median(perFrame.jitter), p95: percentile(perFrame.jitter, 95) },
    seam: { mean: mean(perFrame.seam), max: max(perFrame.seam) },
    perFrame,
    ...believability(perFrame),
  };
  if (hasBackground) {
    summary.background = {
      median: median(perFrame.background),
      p95: percentile(perFrame.background, 95),
      max: max(perFrame.background),
    };
  }
  return summary;
}

/** All quality.md landmark measures (and background, when pixels are given) of one sequence. */
export function summarizeSequence(input: SequenceInput): SequenceSummary {
  const { source, targets, detected } = input;
  const n = targets.length;
  if (detected.length !== n) throw new RangeError(`summarizeSequence: ${detected.length} detections for ${n} targets`);
  const perFrame = emptyPerFrame();
  let framesWithoutFace = 0;
  for (let f = 0; f < n; f++) {
    const d = detected[f];
    if (!d) {
      framesWithoutFace++;
      continue;
    }
    const t = targets[f]!;
    pushDefined(perFrame.nme, nme(d, t));
    const whole = transfer(source, t, d);
    if (whole) {
      pushDefined(perFrame.transfer, whole.transfer);
      pushDefined(perFrame.gain, whole.gain);
    }
    pushDefined(perFrame.eyes, transfer(source, t, d, REGIONS.eyes)?.transfer);
    pushDefined(perFrame.mouth, transfer(source, t, d, REGIONS.mouth)?.transfer);
    pushDefined(perFrame.contour, transfer(source, t, d, REGIONS.contour)?.transfer);
  }
  for (const v of jitter(detected, targets)) pushDefined(perFrame.jitter, v);
  if (input.loops ?? true) for (const v of seamJitter(detected, targets)) pushDefined(perFrame.seam, v);

  const { frames, sourcePixels, width, height } = input;
  if (frames) {
    if (!sourcePixels || width === undefined || height === undefined) {
      throw new TypeError('summarizeSequence: frames need sourcePixels, width and height');
    }
    if (frames.length !== n) throw new RangeError(`summarizeSequence: ${frames.length} frames for ${n} targets`);
    const box = input.faceBox ?? boundingBoxOf(source);
    const boxes = [box, ...(input.companions ?? [])];
    for (const frame of frames) pushDefined(perFrame.background, background(frame, sourcePixels, width, height, boxes));
  }
  measureBelievability(input, perFrame);
  return summarize(1, n, framesWithoutFace, perFrame, frames !== undefined);
}

/**
 * Pools several summaries (e.g. one per photo x driver) into one: statistics are recomputed over
 * the concatenated per-frame values, frame counts are summed. Aggregating aggregates works too.
 */
export function aggregate(summaries: readonly SequenceSummary[]): SequenceSummary {
  const perFrame = emptyPerFrame();
  let sequences = 0;
  let frames = 0;
  let framesWithoutFace = 0;
  let hasBackground = false;
  for (const s of summaries) {
    if (!s.perFrame) throw new TypeError('aggregate: summary without perFrame values (printed with withoutPerFrame?)');
    sequences += s.sequences;
    frames += s.frames;
    framesWithoutFace += s.framesWithoutFace;
    hasBackground ||= s.background !== undefined;
    for (const key of Object.keys(perFrame) as (keyof PerFrameValues)[]) {
      for (const v of s.perFrame[key] ?? []) perFrame[key]!.push(v);
    }
  }
  const pooled = summarize(sequences, frames, framesWithoutFace, perFrame, hasBackground);
  // The judge (judge.ts): medians over the sequences it judged.
  const judge = poolJudge(summaries.map((s) => s.judge));
  if (judge) pooled.judge = judge;
  return pooled;
}

/** The summary without its per-frame values, for printing. */
export function withoutPerFrame(summary: SequenceSummary): Omit<SequenceSummary, 'perFrame'> {
  const { perFrame: _perFrame, ...rest } = summary;
  return rest;
}
