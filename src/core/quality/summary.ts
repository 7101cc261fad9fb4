/**
 * One summary per animated sequence, for `kinora eval`, `npm run bench` and tests, and pooling of
 * several summaries into one (medians of the pooled per-frame values, not medians of medians).
 *
 * A summary is plain data (survives JSON, structured clone and postMessage). It carries its
 * per-frame values in `perFrame` so that summaries can be aggregated; print `withoutPerFrame(s)`.
 */

import { background, boundingBoxOf, type FaceBox } from './background.ts';
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
  /** Whether the animation loops (default true); when false, no seam jitter is measured. */
  loops?: boolean;
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
}

function pushDefined(into: number[], value: number | undefined): void {
  if (value !== undefined && Number.isFinite(value)) into.push(value);
}

function emptyPerFrame(): PerFrameValues {
  return { nme: [], transfer: [], eyes: [], mouth: [], contour: [], gain: [], jitter: [], seam: [], background: [] };
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
    for (const frame of frames) pushDefined(perFrame.background, background(frame, sourcePixels, width, height, box));
  }
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
      for (const v of s.perFrame[key]) perFrame[key].push(v);
    }
  }
  return summarize(sequences, frames, framesWithoutFace, perFrame, hasBackground);
}

/** The summary without its per-frame values, for printing. */
export function withoutPerFrame(summary: SequenceSummary): Omit<SequenceSummary, 'perFrame'> {
  const { perFrame: _perFrame, ...rest } = summary;
  return rest;
}
