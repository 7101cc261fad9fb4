/// <reference lib="webworker" />
import { FFFSType, type FFmpeg } from '@ffmpeg/ffmpeg';
import { ANIMATION_NOTE } from '../../src/pipeline/export/contract.ts';
import { FRAME_DIR, frameFileName, mp4EncodeArgs, SOUND_DIR, soundFileName } from '../../src/pipeline/export/mp4-args.ts';
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
 * H.264 in MP4 with ffmpeg.wasm, with AAC sound when given one. Frames are kept as JPEG blobs
 * while they arrive (30 s at 1080 px raw would be gigabytes; blobs may even live on disk), then
 * handed to ffmpeg in one run by reference: WORKERFS mounts read them, and the sound (possibly a
 * whole video), in place, without a copy into its memory.
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
    private readonly sound: { audio: Blob; start: number } | undefined,
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
    // The output's time (µs), not ffmpeg's ratio: that is of its longest input, which a sound can
    // be. Before the first packet of a run with sound it reports INT64_MAX: skipped.
    const onProgress = ({ time }: { time: number }) => {
      if (time >= 0 && time <= Number.MAX_SAFE_INTEGER) onFrames(Math.min(count, Math.round((time / 1e6) * this.fps)));
    };
    const mounts = [{ dir: FRAME_DIR, blobs: this.frames.map((data, i) => ({ name: frameFileName(i), data })) }];
    let audio: string | undefined;
    if (this.sound) {
      const name = soundFileName(this.sound.audio.type);
      mounts.push({ dir: SOUND_DIR, blobs: [{ name, data: this.sound.audio }] });
      audio = `${SOUND_DIR}/${name}`;
    }
    ffmpeg.on('log', onLog);
    ffmpeg.on('progress', onProgress);
    this.running = true;
    try {
      for (const { dir, blobs } of mounts) {
        await ffmpeg.createDir(dir);
        await ffmpeg.mount(FFFSType.WORKERFS, { blobs }, dir);
      }
      const code = await ffmpeg.exec(mp4EncodeArgs({ fps: this.fps, note: ANIMATION_NOTE, output: OUTPUT, ...(audio && { audio, audioStart: this.sound!.start }) }));
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
      for (const { dir } of mounts) {
        await ffmpeg.unmount(dir).catch(() => undefined);
        await ffmpeg.deleteDir(dir).catch(() => undefined);
      }
    }
  }

  /** An ffmpeg run in flight can only stop with its worker; a load in progress goes on, for the next file. */
  cancel(): void {
    this.cancelled = true;
    this.frames.length = 0;
    if (this.running) this.loader.terminate();
  }
}
