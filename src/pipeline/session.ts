/**
 * The page's one session controller: it owns the detect, generate and export workers and walks a
 * photo through open → faces → animate → makeFile. The preact app and `window.kinora` (the CLI,
 * the bench, tests) are thin adapters over it, so the orchestration exists once.
 *
 * Each step supersedes what it makes stale: a new photo stops the animation and the file in
 * flight, a new animation stops the previous one (and the file made from it). Every step
 * answers with an Outcome; a superseded step answers `cancelled`.
 */
import type { ParseDriverResult } from '../core/drivers/format.ts';
import type { Driver, DriverFrame } from '../core/motion/types.ts';
import { restDriver } from '../core/drivers/rest.ts';
import { groupLength, groupPhases } from '../core/drivers/group-loop.ts';
import { etaTracker, type MakePlan, type MakeStage } from '../core/export/progress.ts';
import type { EnhanceMode, EnhancePlan } from '../core/enhance/plan.ts';
import { animationRequest, DEFAULT_OUTPUT_SIZE, type Enhancement, type PreparedAnimation } from './animate.ts';
import type { DetectProgress, OpenedPhoto, Outcome as PhotoOutcome, PersonMask, ScaledPhoto } from './detect/contract.ts';
import type { EnhanceComparison, EnhancedPhoto, EnhanceProgressCallback } from './enhance/contract.ts';
import type { ExportedFile, ExportFormat, ExportOutcome, ExportProgress, ExportSettings } from './export/contract.ts';
import type { AnimationReport, FaceGenerator, FrameCallback, LiveStart } from './generate/contract.ts';
import { framesFrom, makeAnimationFile, type FrameSource } from './make-file.ts';
import { ANIMATOR, FACE_FINDER, isWorkerGone } from './worker-bridge.ts';
import { say, type ParamsOf } from '../i18n/messages.ts';
import { CANCELLED, type FaceReport, type Outcome } from './types.ts';

/** What the session needs of the detect worker (FaceFinder). */
export interface FaceDetector {
  openPhoto(file: Blob, onProgress?: (progress: DetectProgress) => void): Promise<PhotoOutcome<OpenedPhoto>>;
  findFaces(onProgress?: (progress: DetectProgress) => void, onFirstFaces?: (faces: FaceReport[]) => void): Promise<PhotoOutcome<FaceReport[]>>;
  photoAt(longSide: number): Promise<PhotoOutcome<ScaledPhoto>>;
  personMask(longSide: number): Promise<PhotoOutcome<PersonMask>>;
  landmarksNear(image: ImageBitmap, box: [number, number, number, number]): Promise<[number, number, number][][]>;
  cancel(): void;
  dispose(): void;
}

/** What the session needs of the export worker (FileExporter). */
export interface FileEncoder {
  begin(settings: ExportSettings, onProgress?: (progress: ExportProgress) => void): Promise<ExportOutcome<void>>;
  addFrame(frame: ImageBitmap): Promise<void>;
  finish(): Promise<ExportOutcome<ExportedFile>>;
  cancel(): void;
  dispose(): void;
}

/** The built-in motions, loaded when first needed (they are not on the first screen). */
export interface MotionLibrary {
  find(id: string): Driver | undefined;
  /** The motion that suits this face's pose. */
  suggestFor(face: FaceReport): string;
  /** Motions for the faces of a group photo, animated together: each suits its face, and they differ. */
  suggestForGroup(faces: readonly FaceReport[]): string[];
}

/** What the session needs of the motion-file worker (MotionFileReader). */
export interface MotionFiles {
  parseFile(file: Blob): Promise<ParseDriverResult>;
  parse(text: string): Promise<ParseDriverResult>;
  dispose(): void;
}

/** What the session needs of the enhance worker (PhotoEnhancer). */
export interface PhotoEnhancing {
  enhance(key: string, photo: ImageBitmap, plan: EnhancePlan, onProgress?: EnhanceProgressCallback): Promise<Outcome<EnhancedPhoto>>;
  cancel(): void;
  /** The last enhancement's before/after crops. */
  readonly comparison: EnhanceComparison | undefined;
  /** Drops the enhanced photo it keeps (a new photo is open). */
  forget(): void;
  dispose(): void;
}

export interface SessionWorkers {
  detector: FaceDetector;
  generator: FaceGenerator;
  /** Reads motion files off the main thread: made when one is first read. */
  motionFiles: () => MotionFiles;
  /** A new export worker: made on first use, and again after a cancel freed the last one. */
  encoder: () => FileEncoder;
  /** The enhance worker: made when a face is first enhanced (its model loads only then). */
  enhancer: () => PhotoEnhancing;
  motions: () => Promise<MotionLibrary>;
}

/** A face of the open photo and the motion it plays. */
export interface Part {
  face: FaceReport;
  motion: Motion;
  /** Where in the faces' shared loop its motion starts, frames (faces animated together; default 0). */
  phase?: number;
}

export interface Motion {
  /** A built-in motion's id, or a motion of the user's own (recorded or loaded from a file). */
  driver: string | Driver;
  /** Play the built-in motion's left-right mirror image. */
  mirrored?: boolean;
  /** 0 (still) to 1.5. */
  intensity?: number;
  glasses?: boolean;
}

export interface AnimateOptions {
  /** Long side of the frames (the whole photo is kept). */
  size?: number;
  /** Frames to render, looping the motion; default one pass. */
  frameCount?: number;
  onFrame?: FrameCallback;
  /** Sees the photo and face as the generator will get them, before they are handed over. */
  onPrepared?: (prepared: PreparedAnimation) => void;
  /** Enhance the face when the photo has fewer pixels than the animation needs (default off). */
  enhance?: EnhanceMode;
  onEnhanceProgress?: EnhanceProgressCallback;
  /** Already prepared (a file that needed its size first): used by the first attempt. */
  prepared?: PreparedAnimation;
}

export interface Animated {
  report: AnimationReport;
  /** Each face's driver, in the order of the parts. */
  drivers: Driver[];
  /** Per face, the crop its source landmarks were found in, for judging frames (see PreparedAnimation). */
  anchors: PreparedAnimation['anchors'];
  enhanced?: PreparedAnimation['enhanced'];
}

export interface FileProgress {
  stage: MakeStage;
  /** 0..1 of the whole file. */
  fraction: number;
  /** Estimated seconds left, learnt from the work done so far; undefined while unknown. */
  secondsLeft?: number;
  /** Frames are rendered anew at the file's size (rather than taken from the preview). */
  rendered: boolean;
}

export interface FileOptions {
  format: ExportFormat;
  /** Long side of the file, pixels. */
  size: number;
  mark: boolean;
  /** Frames already rendered (the preview's): used when the file is no larger than they are. */
  frames?: readonly ImageBitmap[];
  /** Frames to render when rendering anew; default the animation's own count. */
  frameCount?: number;
  /** The faces and motions to render, straight into the file; default the last animation's. */
  of?: readonly Part[];
  /** Enhance (see AnimateOptions): a file larger than the photo is then made at its size. */
  enhance?: EnhanceMode;
  onEnhanceProgress?: EnhanceProgressCallback;
  onProgress?: (progress: FileProgress) => void;
  /** The sound of the motion (its recorded voice, or its video's sound) for an MP4, from `start` seconds in. */
  sound?: { audio: Blob; start: number };
}

export type MadeFile = ExportedFile & { parts: readonly Part[]; drivers: Driver[]; renderMs: number; totalMs: number; enhanced?: PreparedAnimation['enhanced'] };

/** Frees a prepared request's bitmaps when it will not be handed to the generator. */
function closeRequest(prepared: PreparedAnimation): void {
  prepared.request.photo.close();
  prepared.request.finer?.close();
}

/** Lets tests and the CLI ask for the time; the page's clock by default. */
export type Clock = () => number;

export class Session {
  private photoTicket = 0;
  private animationTicket = 0;
  private fileTicket = 0;
  private encoder: FileEncoder | undefined;
  /** A file's frames are being rendered anew (cancelling the file stops that rendering). */
  private fileRendering = false;
  /** The open photo's file, to open it again in a face finder that replaced a dead one. */
  private file: Blob | undefined;
  private motionFiles: MotionFiles | undefined;
  private library: Promise<MotionLibrary> | undefined;
  /** The last animation asked for: a larger file renders it again. */
  private last: { parts: readonly Part[]; drivers: Driver[]; frameCount?: number } | undefined;
  /** The open photo's faces (once found): the ones not animated are kept still. */
  private found: FaceReport[] = [];
  private enhancer: PhotoEnhancing | undefined;
  /** The animation ticket of live mode, while it is on. */
  private liveTicket: number | undefined;

  constructor(
    private readonly workers: SessionWorkers,
    private readonly now: Clock = () => performance.now(),
  ) {}

  /** The detect worker, for the automation's measures (re-detection of rendered frames). */
  get detector(): FaceDetector {
    return this.workers.detector;
  }

  /** The open photo's last enhanced face, as it would look enlarged without and with the model. */
  get enhanceComparison(): EnhanceComparison | undefined {
    return this.enhancer?.comparison;
  }

  motions(): Promise<MotionLibrary> {
    this.library ??= this.workers.motions();
    this.library.catch(() => (this.library = undefined));
    return this.library;
  }

  /**
   * Opens a photo: what was in flight for the previous one stops. A file that cannot be used
   * leaves the previous photo open (nothing is lost).
   */
  async open(file: Blob, onProgress?: (progress: DetectProgress) => void): Promise<Outcome<OpenedPhoto>> {
    const ticket = ++this.photoTicket;
    this.cancelAnimation();
    this.cancelFile();
    this.enhancer?.forget();
    // The first frame should not wait for the generator's runtime: it starts while faces are found.
    this.workers.generator.warmUp();
    const opened = await this.retried('open', () => this.workers.detector.openPhoto(file, onProgress), [FACE_FINDER]);
    if (ticket !== this.photoTicket) {
      if (opened.ok) opened.value.display.close();
      return CANCELLED;
    }
    if (opened.ok) {
      this.last = undefined;
      this.found = [];
      this.file = file;
    }
    return opened;
  }

  /** Every face of the open photo; the largest ones early through `onFirstFaces`. */
  async faces(events: { onProgress?: (progress: DetectProgress) => void; onFirstFaces?: (faces: FaceReport[]) => void } = {}): Promise<Outcome<FaceReport[]>> {
    const ticket = this.photoTicket;
    const current = () => ticket === this.photoTicket;
    const found = await this.retried('faces', () =>
      this.workers.detector.findFaces(
        events.onProgress && ((progress) => current() && events.onProgress!(progress)),
        events.onFirstFaces && ((faces) => current() && events.onFirstFaces!(faces)),
      ),
      [FACE_FINDER],
    );
    if (!current()) return CANCELLED;
    if (found.ok) this.found = found.value;
    return found;
  }

  /** Resolves a motion to its frames: a built-in one by id (and mirror), or the user's own. */
  async driverFor(motion: Motion): Promise<Outcome<Driver>> {
    if (typeof motion.driver !== 'string') return { ok: true, value: motion.driver };
    const library = await this.motions();
    const id = motion.mirrored ? `${motion.driver}-mirrored` : motion.driver;
    const driver = library.find(id);
    return driver ? { ok: true, value: driver } : { ok: false, code: 'unknown-motion', message: say('motion.unknown', { id: motion.driver }) };
  }

  /** A motion file (the open driver format), read and checked off the main thread. */
  readMotionFile(file: Blob): Promise<ParseDriverResult> {
    return (this.motionFiles ??= this.workers.motionFiles()).parseFile(file);
  }

  /** Motion files kept as text (the user's own, from earlier visits), read off the main thread. */
  readMotionTexts(texts: string[]): Promise<ParseDriverResult[]> {
    const reader = (this.motionFiles ??= this.workers.motionFiles());
    return Promise.all(texts.map((text) => reader.parse(text)));
  }

  /** The motion that suits the face's pose (as Deep Nostalgia picks one). */
  async suggestedMotion(face: FaceReport): Promise<string> {
    return (await this.motions()).suggestFor(face);
  }

  /** Motions for animating the faces together (see MotionLibrary.suggestForGroup). */
  async suggestedMotions(faces: readonly FaceReport[]): Promise<string[]> {
    return (await this.motions()).suggestForGroup(faces);
  }

  /** Each part's driver, or the first that cannot be had. */
  private async driversFor(parts: readonly Part[]): Promise<Outcome<Driver[]>> {
    const drivers: Driver[] = [];
    for (const part of parts) {
      const driver = await this.driverFor(part.motion);
      if (!driver.ok) return driver;
      drivers.push(driver.value);
    }
    return { ok: true, value: drivers };
  }

  /**
   * Animates one face, or several together (one render: a group photo's "Animate everyone"); the
   * previous animation (and any file being made of it) stops.
   */
  animate(parts: readonly Part[], options: AnimateOptions = {}): Promise<Outcome<Animated>> {
    this.cancelFile();
    return this.render(parts, options);
  }

  private async render(parts: readonly Part[], options: AnimateOptions): Promise<Outcome<Animated>> {
    const ticket = ++this.animationTicket;
    const photo = this.photoTicket;
    this.workers.generator.cancel();
    const current = () => ticket === this.animationTicket && photo === this.photoTicket;
    if (!parts.length) return { ok: false, code: 'nothing-animated', message: say('nothing-animated') };
    const drivers = await this.driversFor(parts);
    if (!current()) return CANCELLED;
    if (!drivers.ok) return drivers;
    const onFrame = options.onFrame;
    // Frames already shown are not shown again when a replaced worker starts over.
    let delivered = 0;
    let ready = options.prepared;
    const attempt = async (): Promise<Outcome<Animated>> => {
      const prepared: Outcome<PreparedAnimation> = ready ? { ok: true, value: ready } : await this.prepare(parts, drivers.value, options.size ?? DEFAULT_OUTPUT_SIZE, options);
      // A retry prepares anew: the first request's bitmaps went to the dead worker.
      ready = undefined;
      if (!current()) {
        if (prepared.ok) closeRequest(prepared.value);
        return CANCELLED;
      }
      if (!prepared.ok) return prepared;
      const { request, anchors } = prepared.value;
      request.faces.forEach((face, f) => (face.driver = drivers.value[f]!));
      if (options.frameCount !== undefined) request.frameCount = options.frameCount;
      this.last = { parts, drivers: drivers.value, frameCount: options.frameCount };
      options.onPrepared?.(prepared.value);
      const animated = await this.workers.generator.animate(
        request,
        onFrame &&
          ((frame, index, total) => {
            if (!current() || index < delivered) return frame.close();
            delivered = index + 1;
            return onFrame(frame, index, total);
          }),
      );
      if (!current()) return CANCELLED;
      if (!animated.ok) return animated;
      return { ok: true, value: { report: animated.value, drivers: drivers.value, anchors, ...(prepared.value.enhanced ? { enhanced: prepared.value.enhanced } : {}) } };
    };
    return this.retried('animate', attempt, [FACE_FINDER, ANIMATOR]);
  }

  /**
   * The generator's request for the parts at one size (enhanced as asked); the faces not in it stay
   * still. Faces without a phase of their own start where their blinks meet no one else's.
   */
  private prepare(
    parts: readonly Part[],
    drivers: readonly Driver[],
    size: number,
    options: Pick<AnimateOptions, 'enhance' | 'onEnhanceProgress' | 'frameCount'>,
  ): Promise<Outcome<PreparedAnimation>> {
    const animated = (other: FaceReport) => parts.some(({ face }) => other.box.every((v, i) => v === face.box[i]));
    const phases = groupPhases(drivers, groupLength(drivers, options.frameCount));
    return animationRequest(
      this.workers.detector,
      parts.map((part, f) => ({ face: part.face, driverId: drivers[f]!.id, intensity: part.motion.intensity ?? 1, glasses: part.motion.glasses, phase: part.phase ?? phases[f]! })),
      { others: this.found.filter((other) => !animated(other)), size, enhance: this.enhancement(parts, options) },
    );
  }

  private enhancement(parts: readonly Part[], options: Pick<AnimateOptions, 'enhance' | 'onEnhanceProgress'>): Enhancement | undefined {
    if (!options.enhance || options.enhance === 'off') return undefined;
    const photo = this.photoTicket;
    return {
      mode: options.enhance,
      run: (bitmap, plan) => {
        const enhancer = (this.enhancer ??= this.workers.enhancer());
        // The same photo, face and size give the same pixels: the enhancer answers from its copy.
        const key = `${photo}:${parts.map(({ face }) => face.box.join(',')).join(';')}:${plan.target.width}x${plan.target.height}`;
        return enhancer.enhance(key, bitmap, plan, options.onEnhanceProgress);
      },
    };
  }

  /**
   * Runs a step; when a worker died on the way, it is replaced (the photo opened again in a new
   * face finder) and the step tried once more; a second death is reported in plain words.
   */
  private async retried<T, C extends string>(what: ParamsOf<'worker.failed'>['step'], step: () => Promise<Outcome<T, C>>, workers: string[]): Promise<Outcome<T, C | 'worker-failed'>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        if (!isWorkerGone(error) || !workers.includes(error.worker)) throw error;
        if (attempt > 0) return { ok: false, code: 'worker-failed', message: say('worker.failed', { step: what }) };
        if (error.worker === FACE_FINDER && this.file && what !== 'open') {
          const reopened = await this.workers.detector.openPhoto(this.file).catch(() => undefined);
          if (!reopened?.ok) return { ok: false, code: 'worker-failed', message: say('worker.failed.reopen', { step: what }) };
          reopened.value.display.close();
        }
      }
    }
  }

  /**
   * Live mode: `part`'s face prepared at `size` (the live resolution) to follow the user's face a
   * frame at a time (liveFrame); ends the animation in flight, and is ended by the next animation.
   */
  async beginLive(part: Part, size: number): Promise<Outcome<LiveStart>> {
    this.cancelFile();
    const ticket = ++this.animationTicket;
    // Live from now: endLive before the face is ready cancels it.
    this.liveTicket = ticket;
    const photo = this.photoTicket;
    this.workers.generator.cancel();
    const current = () => ticket === this.animationTicket && photo === this.photoTicket;
    const still = restDriver();
    // A retry prepares anew: the first request's bitmaps went to the dead worker.
    const attempt = async (): Promise<Outcome<LiveStart>> => {
      const prepared = await this.prepare([part], [still], size, {});
      if (!current()) {
        if (prepared.ok) closeRequest(prepared.value);
        return CANCELLED;
      }
      if (!prepared.ok) return prepared;
      const { request } = prepared.value;
      request.faces[0]!.driver = still;
      return this.workers.generator.beginLive(request);
    };
    const begun = await this.retried('animate', attempt, [FACE_FINDER, ANIMATOR]);
    if (!current()) return CANCELLED;
    return begun;
  }

  /** Live mode's next frame: the face at `frame`, `intensity` strong; undefined once live mode has ended. */
  async liveFrame(frame: DriverFrame, intensity: number): Promise<ImageBitmap | undefined> {
    if (this.liveTicket !== this.animationTicket) return undefined;
    const rendered = await this.workers.generator.liveFrame([{ frame, intensity }]);
    if (rendered && this.liveTicket !== this.animationTicket) {
      rendered.close();
      return undefined;
    }
    return rendered;
  }

  /** Leaves live mode (the generator stops); nothing else is disturbed. */
  endLive(): void {
    if (this.liveTicket === this.animationTicket) this.cancelAnimation();
    this.liveTicket = undefined;
  }

  cancelAnimation(): void {
    this.animationTicket++;
    this.workers.generator.cancel();
    this.enhancer?.cancel();
  }

  /**
   * Makes a GIF or MP4 of the last animation: from the frames given when the file is no larger
   * than they are, else rendered anew at the file's size, streaming into the export worker.
   */
  async makeFile(options: FileOptions): Promise<Outcome<MadeFile>> {
    const ticket = ++this.fileTicket;
    if (options.of) {
      const drivers = await this.driversFor(options.of);
      if (ticket !== this.fileTicket) return CANCELLED;
      if (!drivers.ok) return drivers;
      this.last = { parts: options.of, drivers: drivers.value };
    }
    const last = this.last;
    if (!last) return { ok: false, code: 'nothing-animated', message: say('nothing-animated') };
    const started = this.now();
    const ready = options.frames?.length ? options.frames : undefined;
    const readyLongSide = ready ? Math.max(ready[0]!.width, ready[0]!.height) : 0;
    const rendered = !ready || options.size > readyLongSide;
    let width: number;
    let height: number;
    let frames: FrameSource;
    let frameCount: number;
    let renderMs = 0;
    let prepared: PreparedAnimation | undefined;
    if (!rendered) {
      const scale = options.size / readyLongSide;
      width = Math.round(ready![0]!.width * scale);
      height = Math.round(ready![0]!.height * scale);
      frames = framesFrom(ready!, width, height);
      frameCount = ready!.length;
    } else {
      frameCount = groupLength(last.drivers, options.frameCount ?? last.frameCount);
      // Enhanced, a file may be larger than the photo: its size is known once it is prepared.
      if (options.enhance && options.enhance !== 'off') {
        const made = await this.prepare(last.parts, last.drivers, options.size, { ...options, frameCount });
        if (ticket !== this.fileTicket) {
          if (made.ok) closeRequest(made.value);
          return CANCELLED;
        }
        if (!made.ok) return made;
        prepared = made.value;
        width = prepared.request.photo.width;
        height = prepared.request.photo.height;
      } else {
        const scaled = await this.workers.detector.photoAt(options.size);
        if (ticket !== this.fileTicket) return CANCELLED;
        if (!scaled.ok) return scaled;
        width = scaled.value.bitmap.width;
        height = scaled.value.bitmap.height;
        scaled.value.bitmap.close();
      }
      frames = async (take) => {
        this.fileRendering = true;
        // The export worker failing to take a frame ends the rendering; its error is the file's.
        let refused: unknown;
        const animated = await this.render(last.parts, {
          size: options.size,
          frameCount,
          ...(prepared ? { prepared, enhance: options.enhance } : {}),
          onFrame: async (frame, _index, total) => {
            if (ticket !== this.fileTicket || refused !== undefined) return frame.close();
            try {
              await take(frame, total);
            } catch (error) {
              refused = error;
              this.cancelAnimation();
            }
          },
        });
        this.fileRendering = false;
        renderMs = this.now() - started;
        if (refused !== undefined) throw refused;
        return animated.ok ? undefined : animated.message;
      };
    }
    const eta = etaTracker(this.now);
    const encoder = (this.encoder ??= this.workers.encoder());
    const made = await makeAnimationFile(encoder, {
      ...(options.sound && { audio: options.sound.audio, audioStart: options.sound.start }),
      format: options.format,
      mark: options.mark,
      width,
      height,
      fps: last.drivers[0]!.fps,
      frameCount,
      frames,
      rendered,
      onProgress: (stage: MakeStage, part: number, plan: MakePlan) => {
        if (ticket !== this.fileTicket) return;
        const { fraction, secondsLeft } = eta.update(plan, stage, part);
        options.onProgress?.({ stage, fraction, secondsLeft, rendered });
      },
    }).catch((error: unknown) => {
      if (!isWorkerGone(error)) throw error;
      // Its frames are gone with it: the next file starts a new worker from the start.
      if (this.encoder === encoder) this.encoder = undefined;
      if (this.fileRendering) this.cancelAnimation();
      return { ok: false as const, code: 'worker-failed', message: say('worker.failed.save') };
    });
    if (ticket !== this.fileTicket) return CANCELLED;
    // An MP4's encoder (ffmpeg and its threads) is large: freed once its file is made.
    if (options.format === 'mp4' && this.encoder === encoder) {
      encoder.dispose();
      this.encoder = undefined;
    }
    if (!made.ok) return made;
    const enhanced = prepared?.enhanced ? { enhanced: prepared.enhanced } : {};
    return { ok: true, value: { ...made.value, parts: last.parts, drivers: last.drivers, renderMs, totalMs: this.now() - started, ...enhanced } };
  }

  /** Stops the file being made; the export worker (ffmpeg and all) is freed. */
  cancelFile(): void {
    this.fileTicket++;
    if (this.fileRendering) this.cancelAnimation();
    // A larger file's photo may be being enhanced before its frames.
    this.enhancer?.cancel();
    if (this.encoder) {
      this.encoder.cancel();
      this.encoder.dispose();
      this.encoder = undefined;
    }
  }

  /** A closed tab: everything stops and every worker is freed. */
  dispose(): void {
    this.photoTicket++;
    this.cancelAnimation();
    this.cancelFile();
    this.workers.detector.dispose();
    this.workers.generator.dispose();
    this.enhancer?.dispose();
    this.motionFiles?.dispose();
  }
}
