/// <reference lib="webworker" />
import { FFFSType, type FFmpeg } from '@ffmpeg/ffmpeg';
import { ANIMATION_NOTE } from '../../src/pipeline/export/contract.ts';
import { FRAME_DIR, frameFileName, mp4EncodeArgs } from '../../src/pipeline/export/mp4-args.ts';
import { say, Refusal } from '../../src/i18n/messages.ts';
import type { FfmpegLoader, LoadProgress } from './ffmpeg-loader.ts';
import type { FileEncoder } from './file-encoder.ts';
import type { FrameCanvas } from './frame-canvas.ts';

/** High enough that x264, not the JPEG, decides what is lost; a 512 px frame is ~60 KB. */
const JPEG_QUALITY = 0.95;
const OUTPUT = '/kinora.mp4';
/** ffmpeg's last lines, for the message when it fails. */
const LOG_LINES = 12;

/**
 * H.264 in MP4 with ffmpeg.wasm. Frames are kept as JPEG blobs while they arrive (30 s at
 * 1080 px raw would be gigabytes; blobs may even live on disk), then handed to ffmpeg in one
 * run by reference: a WORKERFS mount reads them in place, without a copy into its memory.
 */
export class Mp4File implements FileEncoder {
  readonly mimeType = 'video/mp4';
  readonly extension = 'mp4';
  private readonly frames: Blob[] = [];
  private readonly ffmpeg: Promise<FFmpeg>;
  private running = false;
  private cancelled = false;
  /** Set once loading ffmpeg has failed: no use storing more frames. */
  private loadError: unknown;

  constructor(
    private readonly loader: FfmpegLoader,
    private readonly fps: number,
    onLoadProgress: LoadProgress,
  ) {
    // Loads while the frames are rendered; a failure surfaces in finish.
    this.ffmpeg = loader.load(onLoadProgress);
    this.ffmpeg.catch((error: unknown) => {
      this.loadError = error;
    });
  }

  async add(canvas: FrameCanvas, frame: ImageBitmap): Promise<void> {
    // The file cannot be made (e.g. offline before the first MP4): say so now, not after every frame.
    if (this.loadError !== undefined) throw this.loadError;
    this.frames.push(await canvas.jpeg(frame, JPEG_QUALITY));
  }

  async finish(onFrames: (done: number) => void): Promise<Uint8Array<ArrayBuffer>> {
    const ffmpeg = await this.ffmpeg;
    if (this.cancelled) throw new Error('Cancelled.');
    const count = this.frames.length;
    const log: string[] = [];
    const onLog = ({ message }: { message: string }) => log.splice(0, log.length - LOG_LINES + 1, message);
    const onProgress = ({ progress }: { progress: number }) => onFrames(Math.round(Math.min(1, Math.max(0, progress)) * count));
    ffmpeg.on('log', onLog);
    ffmpeg.on('progress', onProgress);
    this.running = true;
    try {
      await ffmpeg.createDir(FRAME_DIR);
      await ffmpeg.mount(FFFSType.WORKERFS, { blobs: this.frames.map((data, i) => ({ name: frameFileName(i), data })) }, FRAME_DIR);
      const code = await ffmpeg.exec(mp4EncodeArgs({ fps: this.fps, note: ANIMATION_NOTE, output: OUTPUT }));
      if (code !== 0) throw new Refusal(say('export.encoder-failed', { code, log: log.join(' | ') }));
      const bytes = (await ffmpeg.readFile(OUTPUT)) as Uint8Array<ArrayBuffer>;
      await ffmpeg.deleteFile(OUTPUT);
      return bytes;
    } finally {
      this.running = false;
      ffmpeg.off('log', onLog);
      ffmpeg.off('progress', onProgress);
      this.frames.length = 0;
      // Leaves ffmpeg's file system as it was, for the next file (after a terminate there is none).
      await ffmpeg.unmount(FRAME_DIR).catch(() => undefined);
      await ffmpeg.deleteDir(FRAME_DIR).catch(() => undefined);
    }
  }

  /** An ffmpeg run in flight can only stop with its worker; a load in progress goes on, for the next file. */
  cancel(): void {
    this.cancelled = true;
    this.frames.length = 0;
    if (this.running) this.loader.terminate();
  }
}
