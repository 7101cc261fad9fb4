/**
 * Making a GIF or MP4 of an animation: frames (rendered now at the file's size, or the preview's
 * own) stream into the export worker as they come, so rendering and encoding share the cores.
 * Used by the app's "Download" and by the automation the CLI and the bench drive.
 */
import type { MakePlan, MakeStage } from '../core/export/progress.ts';
import { say, type Message } from '../i18n/messages.ts';
import type { ExportedFile, ExportFormat, ExportOutcome } from './export/contract.ts';
import type { FileExporter } from './export/client.ts';

/**
 * Produces the frames in order, handing each to `take` (which resolves when the next one is
 * welcome) and `total` with the first; resolves with why it stopped, or undefined when done.
 */
export type FrameSource = (take: (frame: ImageBitmap, total: number) => Promise<void>) => Promise<Message | undefined>;

export interface MakeFileRequest {
  format: ExportFormat;
  mark: boolean;
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  /** A sound track for an MP4 (see ExportSettings.audio); a GIF is silent. */
  audio?: Blob;
  audioStart?: number;
  frames: FrameSource;
  /** Frames come from rendering (rather than ready-made): for the progress bar's plan. */
  rendered: boolean;
  onProgress?: (stage: MakeStage, part: number, plan: MakePlan) => void;
}

/** The preview's frames, resized to the file's size, as a frame source. */
export function framesFrom(frames: readonly ImageBitmap[], width: number, height: number): FrameSource {
  return async (take) => {
    for (const frame of frames) {
      if (!frame.width) return say('export.changed');
      const sized = frame.width === width && frame.height === height ? await createImageBitmap(frame) : await createImageBitmap(frame, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
      await take(sized, frames.length);
    }
    return undefined;
  };
}

export async function makeAnimationFile(exporter: Pick<FileExporter, 'begin' | 'addFrame' | 'finish' | 'cancel'>, request: MakeFileRequest): Promise<ExportOutcome<ExportedFile>> {
  const { format, mark, width, height, fps, frameCount, audio, audioStart, onProgress } = request;
  // MP4 frames always pass through a stage of their own (stored for ffmpeg) before encoding.
  const plan: MakePlan = { load: format === 'mp4', render: request.rendered || format === 'mp4', streaming: format === 'gif' };
  onProgress?.(plan.load ? 'loading' : plan.render ? 'rendering' : 'encoding', 0, plan);
  const begun = await exporter.begin({ format, width, height, fps, frameCount, mark, ...(format === 'mp4' && audio && { audio, ...(audioStart && { audioStart }) }) }, (progress) => {
    if (progress.stage === 'loading-encoder') onProgress?.('loading', progress.total ? progress.done / progress.total : 0, plan);
    // GIF frames are encoded as they arrive: that is the rendering's progress too.
    else if (progress.stage === 'encoding' && format === 'mp4') onProgress?.('encoding', progress.total ? progress.done / progress.total : 0, plan);
  });
  if (!begun.ok) return begun;
  let added = 0;
  const failure = await request.frames(async (frame, total) => {
    await exporter.addFrame(frame);
    added++;
    onProgress?.(plan.render ? 'rendering' : 'encoding', added / total, plan);
  });
  if (failure !== undefined) {
    exporter.cancel();
    return { ok: false, code: 'failed', message: failure };
  }
  return exporter.finish();
}
