import type { ExportedFile, ExportErrorCode, ExportOutcome, ExportProgress, ExportSettings, ExportStage } from '../../src/pipeline/export/contract.ts';
import { evenFrameSize } from '../../src/pipeline/export/mp4-args.ts';
import { say, Refusal, type Message } from '../../src/i18n/messages.ts';
import { CANCELLED } from '../../src/pipeline/types.ts';
import { EncoderOfflineError, type FfmpegLoader } from './ffmpeg-loader.ts';
import type { FileEncoder } from './file-encoder.ts';
import { FrameCanvas } from './frame-canvas.ts';
import { GifFile } from './gif-file.ts';
import { Mp4File } from './mp4-file.ts';

type Ended = { ok: false; code: ExportErrorCode; message: Message };
export const failed = (message: Message): Ended => ({ ok: false, code: 'failed', message });

/** One file being exported: its frames are drawn and encoded one at a time, in order. */
export class ExportSession {
  private readonly canvas: FrameCanvas;
  private readonly file: FileEncoder;
  /** The last call in line: calls overlap on the page's side, frames must not. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set once the file is done, cancelled or failed: later calls get it. */
  private ended: Ended | undefined;
  private added = 0;
  /** Time spent drawing and encoding, not waiting for frames. */
  private busyMs = 0;

  constructor(
    private readonly settings: ExportSettings,
    private readonly onProgress: ((progress: ExportProgress) => void) | undefined,
    loader: FfmpegLoader,
  ) {
    const { width, height, fps } = settings;
    if (settings.format === 'mp4') {
      const even = evenFrameSize(width, height);
      this.canvas = new FrameCanvas(even.width, even.height, settings.mark);
      this.file = new Mp4File(loader, fps, (done, total) => this.report('loading-encoder', done, total), settings.audio && { audio: settings.audio, start: settings.audioStart ?? 0 });
    } else {
      this.canvas = new FrameCanvas(width, height, settings.mark);
      this.file = new GifFile(width, height, fps);
    }
  }

  addFrame(frame: ImageBitmap): Promise<ExportOutcome<void>> {
    return this.inTurn(
      async () => {
        const started = performance.now();
        await this.file.add(this.canvas, frame);
        this.busyMs += performance.now() - started;
        this.report('encoding', ++this.added, this.settings.frameCount);
      },
      () => frame.close(),
    );
  }

  finish(): Promise<ExportOutcome<ExportedFile>> {
    return this.inTurn(async () => {
      const started = performance.now();
      const frames = this.added;
      if (frames === 0) throw new Refusal(say('export.no-frames'));
      this.report('finishing', 0, frames);
      const bytes = await this.file.finish((done) => this.report('finishing', done, frames));
      this.report('finishing', frames, frames);
      this.ended = failed(say('export.finished'));
      const { mimeType, extension } = this.file;
      const { width, height } = this.canvas;
      return { bytes, mimeType, extension, frames, width, height, encodeMs: this.busyMs + performance.now() - started };
    });
  }

  /** Frames still in line are closed unread; an encoder run in flight is stopped. */
  cancel(): void {
    if (this.ended) return;
    this.ended = CANCELLED;
    this.file.cancel();
  }

  /** Runs `step` after every earlier call, unless the file has ended (then `skipped`). */
  private inTurn<T>(step: () => Promise<T>, skipped?: () => void): Promise<ExportOutcome<T>> {
    const turn = this.queue.then(async (): Promise<ExportOutcome<T>> => {
      if (this.ended) {
        skipped?.();
        return this.ended;
      }
      try {
        return { ok: true, value: await step() };
      } catch (error) {
        // A cancelled run fails on its own (its worker is gone): that is not an error.
        if (this.ended) return this.ended;
        // The browser's and ffmpeg's own errors come in their words: passed on as they are.
        const message = error instanceof Refusal ? error.said : say('raw', { text: error instanceof Error ? error.message : String(error) });
        this.ended = error instanceof EncoderOfflineError ? { ok: false, code: 'encoder-offline', message } : failed(message);
        this.file.cancel();
        return this.ended;
      }
    });
    this.queue = turn;
    return turn;
  }

  private report(stage: ExportStage, done: number, total: number): void {
    // The page's callback answers through comlink: a closed page must not fail the export.
    Promise.resolve(this.onProgress?.({ stage, done, total })).catch(() => undefined);
  }
}
