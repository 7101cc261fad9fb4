/**
 * Live mode's loop in the page: each new camera frame is followed (the camera's landmarker), turned
 * into a driver frame (LiveFollower) and rendered on the photo (the session's generator). Two
 * stages, one frame in each at most: the landmarker takes the newest camera frame while the
 * generator renders the one before, and a frame that arrives while a stage is busy is dropped,
 * never queued, so the delay stays that of one frame's work however slow the machine.
 */
import { LiveFollower, LiveTake, type LiveStep } from '../../core/drivers/live-follow.ts';
import { mirrorFrame } from '../../core/drivers/mirror.ts';
import type { DriverFrame, Landmarks } from '../../core/motion/types.ts';
import { percentile } from '../../core/quality/stats.ts';

/** Follows the face in camera frames (the detect worker's trackFace). */
export interface CameraTracker {
  trackFace(frame: ImageBitmap, timestampMs: number): Promise<Landmarks | null>;
}

/** Renders the photo's face at a driver frame (Session.liveFrame); undefined once live mode has ended. */
export type LiveRenderer = (frame: DriverFrame, intensity: number) => Promise<ImageBitmap | undefined>;

export interface LiveStatus {
  step: LiveStep['kind'];
  /** While calibrating: 0..1 of the still moment. */
  progress: number;
  /** A face is in the camera's view. */
  seen: boolean;
  /** Frames painted in the last second. */
  fps: number;
}

export interface LiveTimings {
  /** Frames painted per second over the whole run. */
  fps: number;
  /** Camera frame's capture → its render painted, ms: median and 95th percentile. */
  latencyMs: number;
  latencyP95Ms: number;
  painted: number;
  /** Camera frames let go because a stage was busy. */
  dropped: number;
}

export interface LiveLoopOptions {
  /** Plays the camera. */
  video: HTMLVideoElement;
  tracker: CameraTracker;
  render: LiveRenderer;
  /** The strength slider, read at each frame. */
  intensity: () => number;
  /**
   * Play the motion left-right mirrored, read at each frame: as the user sees themselves in the
   * (mirrored) camera view, the photo then moves like their mirror image. Off: as the camera sees them.
   */
  mirror?: () => boolean;
  /** Shows a rendered frame; the callee closes it. */
  paint: (frame: ImageBitmap) => void;
  onStatus: (status: LiveStatus) => void;
  /** The generator failed several frames in a row (its worker died twice, say): live mode cannot go on. */
  onFailure?: () => void;
}

/** Renders failed in a row before live mode gives up. */
const FAILURES_TOLERATED = 3;

/** Latencies kept for the measure (the last minute or so). */
const KEPT_LATENCIES = 1800;

type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (callback: (now: number, metadata: { captureTime?: number; mediaTime: number }) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

export class LiveLoop {
  private readonly follower = new LiveFollower();
  private stopped = true;
  private tracking = false;
  private rendering = false;
  /** The newest driver frame not yet rendered, and when its camera frame was captured. */
  private pending: { frame: DriverFrame; capturedAt: number } | undefined;
  private take: LiveTake | undefined;
  private readonly paintedAt: number[] = [];
  private readonly latencies: number[] = [];
  private startedAt = 0;
  private painted = 0;
  private dropped = 0;
  private lastStatus: LiveStatus = { step: 'calibrating', progress: 0, seen: false, fps: 0 };
  private lastStatusAt = 0;
  private handle: number | undefined;
  private failures = 0;

  constructor(private readonly options: LiveLoopOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.startedAt = performance.now();
    this.next();
  }

  stop(): void {
    this.stopped = true;
    const video = this.options.video as VideoWithFrameCallback;
    if (this.handle !== undefined) {
      if (video.cancelVideoFrameCallback) video.cancelVideoFrameCallback(this.handle);
      else cancelAnimationFrame(this.handle);
    }
    this.handle = undefined;
    this.pending = undefined;
  }

  /** Timings from now on (the bench: after calibration). */
  restartTimings(): void {
    this.startedAt = performance.now();
    this.painted = 0;
    this.dropped = 0;
    this.latencies.length = 0;
  }

  /** The next still moment becomes the rest. */
  recalibrate(): void {
    this.follower.recalibrate();
  }

  /** Starts keeping the motion, from now (the voice recorded with it starts now too). */
  startTake(): void {
    this.take = new LiveTake(performance.now() / 1000);
  }

  /** The motion kept since startTake. */
  stopTake(): LiveTake | undefined {
    const take = this.take;
    this.take = undefined;
    return take;
  }

  timings(): LiveTimings {
    const seconds = (performance.now() - this.startedAt) / 1000;
    return {
      fps: seconds > 0 ? this.painted / seconds : 0,
      latencyMs: percentile(this.latencies, 50) ?? NaN,
      latencyP95Ms: percentile(this.latencies, 95) ?? NaN,
      painted: this.painted,
      dropped: this.dropped,
    };
  }

  /** Waits for the camera's next frame (requestVideoFrameCallback; animation frames where there is none). */
  private next(): void {
    if (this.stopped) return;
    const video = this.options.video as VideoWithFrameCallback;
    if (video.requestVideoFrameCallback) {
      this.handle = video.requestVideoFrameCallback((now, metadata) => this.onCameraFrame(metadata.captureTime ?? now));
    } else {
      let shown = video.currentTime;
      const poll = (now: number) => {
        if (video.currentTime === shown) return void (this.handle = requestAnimationFrame(poll));
        shown = video.currentTime;
        this.onCameraFrame(now);
      };
      this.handle = requestAnimationFrame(poll);
    }
  }

  private onCameraFrame(capturedAt: number): void {
    this.next();
    const { video } = this.options;
    if (this.tracking || video.videoWidth === 0) {
      this.dropped++;
      return;
    }
    this.tracking = true;
    void this.follow(capturedAt).finally(() => (this.tracking = false));
  }

  private async follow(capturedAt: number): Promise<void> {
    const frame = await createImageBitmap(this.options.video).catch(() => undefined);
    if (!frame || this.stopped) return frame?.close();
    const face = await this.options.tracker.trackFace(frame, capturedAt).catch(() => null);
    if (this.stopped) return;
    const step = this.follower.push(face, capturedAt / 1000);
    if (step.kind === 'following') {
      const frame = this.options.mirror?.() ? mirrorFrame(step.frame) : step.frame;
      this.take?.add(frame, capturedAt / 1000);
      if (this.pending) this.dropped++;
      this.pending = { frame, capturedAt };
      void this.renderPending();
    }
    this.report(step);
  }

  private async renderPending(): Promise<void> {
    if (this.rendering || !this.pending) return;
    this.rendering = true;
    try {
      while (this.pending && !this.stopped) {
        const { frame, capturedAt } = this.pending;
        this.pending = undefined;
        let rendered: ImageBitmap | undefined;
        try {
          rendered = await this.options.render(frame, this.options.intensity());
          this.failures = 0;
        } catch {
          if (++this.failures >= FAILURES_TOLERATED && !this.stopped) {
            this.stop();
            this.options.onFailure?.();
          }
          continue;
        }
        if (!rendered) continue;
        if (this.stopped) return rendered.close();
        this.options.paint(rendered);
        // Painted with the next animation frame: its time is the end of the delay.
        requestAnimationFrame(() => this.onPainted(capturedAt));
      }
    } finally {
      this.rendering = false;
    }
  }

  private onPainted(capturedAt: number): void {
    const now = performance.now();
    this.painted++;
    this.latencies.push(now - capturedAt);
    if (this.latencies.length > KEPT_LATENCIES) this.latencies.shift();
    this.paintedAt.push(now);
  }

  /** Status to the page: at once when the step changes, else four times a second. */
  private report(step: LiveStep): void {
    const now = performance.now();
    // Frames painted in the last second (each camera frame reports, so the list stays short).
    while (this.paintedAt.length && this.paintedAt[0]! < now - 1000) this.paintedAt.shift();
    const seen = step.kind === 'following' || (step.kind === 'calibrating' && step.seen);
    const status: LiveStatus = { step: step.kind, progress: step.kind === 'calibrating' ? step.progress : 1, seen, fps: this.paintedAt.length };
    if (status.step === this.lastStatus.step && status.seen === this.lastStatus.seen && now - this.lastStatusAt < 250) return;
    this.lastStatus = status;
    this.lastStatusAt = now;
    this.options.onStatus(status);
  }
}
