/**
 * Live mode's motion: the landmarks of the user's face in each camera frame -> a driver frame for
 * the photo, as they come. It is recordDriver (record.ts) streamed: the reference is the user's
 * face at rest, found by a short calibration (the face held still for a moment), and the motion is
 * smoothed by the same One Euro filters with the camera's own timestamps. A take of it becomes a
 * driver at a fixed frame rate, to play on the photo at full size and save.
 */
import { interOcularDistance } from '../face/landmark-indices.ts';
import type { Driver, DriverFrame, Landmarks } from '../motion/types.ts';
import { REST_FRAME } from './rest.ts';
import { lerpFrame } from './frame-mix.ts';
import { closeToRest, motionReference, MotionSmoother, relativeFrame, type MotionReference, type RecordSmoothing } from './record.ts';

/** The face held this still (landmarks within this share of the eye span of their mean)... */
export const STILL_SPREAD = 0.06;
/** ...for this long is the user's rest. */
export const CALIBRATION_SECONDS = 1;

export type LiveStep =
  /** Finding the user's rest: `progress` 0..1 of the still moment needed. */
  | { kind: 'calibrating'; progress: number; seen: boolean }
  /** The driver frame for this camera frame. */
  | { kind: 'following'; frame: DriverFrame }
  /** No face in this camera frame: the photo holds its last frame. */
  | { kind: 'lost' };

/** Follows one face through camera frames: calibrate, then a smoothed driver frame per camera frame. */
export class LiveFollower {
  private still: { landmarks: Landmarks; seconds: number }[] = [];
  private reference: MotionReference | undefined;
  private smoother: MotionSmoother;

  constructor(private readonly smoothing: RecordSmoothing = {}) {
    this.smoother = new MotionSmoother(smoothing);
  }

  get calibrated(): boolean {
    return this.reference !== undefined;
  }

  /** Starts over: the next still moment is the rest. */
  recalibrate(): void {
    this.reference = undefined;
    this.still = [];
    this.smoother = new MotionSmoother(this.smoothing);
  }

  /** The step for a camera frame at `seconds` (increasing) showing `face` (null: none seen). */
  push(face: Landmarks | null, seconds: number): LiveStep {
    if (!this.reference) return this.calibrate(face, seconds);
    if (!face) return { kind: 'lost' };
    return { kind: 'following', frame: this.smoother.smooth(relativeFrame(this.reference, { landmarks: face }), seconds) };
  }

  private calibrate(face: Landmarks | null, seconds: number): LiveStep {
    if (!face) {
      this.still = [];
      return { kind: 'calibrating', progress: 0, seen: false };
    }
    this.still.push({ landmarks: face, seconds });
    // A move restarts the still moment from this frame.
    if (spread(this.still.map((s) => s.landmarks)) > STILL_SPREAD) this.still = [{ landmarks: face, seconds }];
    const held = seconds - this.still[0]!.seconds;
    if (held < CALIBRATION_SECONDS) return { kind: 'calibrating', progress: Math.max(0, held) / CALIBRATION_SECONDS, seen: true };
    this.reference = motionReference({ landmarks: meanLandmarks(this.still.map((s) => s.landmarks)) });
    this.still = [];
    return { kind: 'following', frame: this.smoother.smooth(REST_FRAME, seconds) };
  }
}

/** Largest distance of a landmark from its mean over `faces`, in eye spans of the first. */
function spread(faces: readonly Landmarks[]): number {
  const mean = meanLandmarks(faces);
  const unit = interOcularDistance(faces[0]!) || 1;
  let largest = 0;
  for (const face of faces) {
    for (let i = 0; i < face.length; i++) largest = Math.max(largest, Math.hypot(face[i]![0] - mean[i]![0], face[i]![1] - mean[i]![1]));
  }
  return largest / unit;
}

function meanLandmarks(faces: readonly Landmarks[]): Landmarks {
  return faces[0]!.map((_, i) => {
    const sum = [0, 0, 0];
    for (const face of faces) for (let k = 0; k < 3; k++) sum[k]! += face[i]![k]!;
    return sum.map((v) => v / faces.length) as [number, number, number];
  });
}

/** A live take: the driver frames as they came, then resampled to a driver. */
export class LiveTake {
  private readonly samples: { frame: DriverFrame; seconds: number }[] = [];

  /** `start`: when the take began (the sound recorded with it), on the frames' clock; default its first frame. */
  constructor(private readonly start?: number) {}

  add(frame: DriverFrame, seconds: number): void {
    const last = this.samples.at(-1);
    if (last && seconds <= last.seconds) return;
    this.samples.push({ frame, seconds });
  }

  /** Seconds from the first frame to the last. */
  get seconds(): number {
    return this.samples.length ? this.samples.at(-1)!.seconds - this.samples[0]!.seconds : 0;
  }

  /**
   * The take at `fps` (each frame interpolated between the camera frames either side), lasting
   * `seconds` when given (the length of the sound recorded with it), else the take's own length.
   */
  driver(options: { fps: number; id: string; name: string; seconds?: number }): Driver {
    const { fps, id, name } = options;
    if (this.samples.length < 2) throw new Error('A take needs at least two frames of motion.');
    // Before its first frame of motion (the face was not in view yet) the take holds that frame.
    const start = this.start ?? this.samples[0]!.seconds;
    const count = Math.max(2, Math.round((options.seconds ?? this.seconds) * fps));
    const frames: DriverFrame[] = [];
    let k = 0;
    for (let f = 0; f < count; f++) {
      const t = start + f / fps;
      while (k + 2 < this.samples.length && this.samples[k + 1]!.seconds <= t) k++;
      const a = this.samples[k]!;
      const b = this.samples[k + 1]!;
      frames.push(lerpFrame(a.frame, b.frame, Math.min(1, Math.max(0, (t - a.seconds) / (b.seconds - a.seconds)))));
    }
    return { id, name, fps, loops: closeToRest(frames[0]!) && closeToRest(frames.at(-1)!), frames };
  }
}
