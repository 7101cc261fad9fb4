/// <reference lib="webworker" />
import '../src/pipeline/network-guard.ts';
import * as Comlink from 'comlink';
import { exposeSupervised } from '../src/pipeline/worker-bridge.ts';
import type { ExportOutcome, ExportWorkerApi } from '../src/pipeline/export/contract.ts';
import { FfmpegLoader } from './export/ffmpeg-loader.ts';
import { say } from '../src/i18n/messages.ts';
import { CANCELLED } from '../src/pipeline/types.ts';
import { ExportSession, failed } from './export/session.ts';

/** ffmpeg.wasm loads on the first MP4 and stays for the worker's life. */
const ffmpeg = new FfmpegLoader();
let session: ExportSession | undefined;
/** What calls get when no file is in progress. */
let idle: ExportOutcome<never> = failed(say('export.not-begun'));

/** A programming error (the page sends what it makes), so in English, as the console shows it. */
function checkSettings({ width, height, fps, frameCount, audio, audioStart }: Parameters<ExportWorkerApi['begin']>[0]): string | undefined {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) return `Bad frame size ${width}x${height}.`;
  if (!(fps > 0 && Number.isFinite(fps))) return `Bad frame rate ${fps}.`;
  if (!(Number.isInteger(frameCount) && frameCount >= 0)) return `Bad frame count ${frameCount}.`;
  // Refused now, not by ffmpeg once every frame is rendered.
  if (audio !== undefined && !(audio instanceof Blob && audio.size > 0)) return 'Bad sound track: not a Blob, or empty.';
  if (audioStart !== undefined && !(Number.isFinite(audioStart) && audioStart >= 0)) return `Bad sound start: ${audioStart}.`;
  return undefined;
}

const api: ExportWorkerApi = {
  async begin(settings, onProgress) {
    session?.cancel();
    session = undefined;
    const problem = checkSettings(settings);
    if (problem) return (idle = failed(say('raw', { text: problem })));
    session = new ExportSession(settings, onProgress, ffmpeg);
    return { ok: true, value: undefined };
  },

  async addFrame(frame) {
    if (session) return session.addFrame(frame);
    frame.close();
    return idle;
  },

  async finish() {
    const finishing = session;
    if (!finishing) return idle;
    const outcome = await finishing.finish();
    if (session === finishing) {
      session = undefined;
      idle = outcome.ok ? failed(say('export.finished')) : outcome;
    }
    return outcome.ok ? Comlink.transfer(outcome, [outcome.value.bytes.buffer]) : outcome;
  },

  cancel() {
    session?.cancel();
    session = undefined;
    idle = CANCELLED;
  },
};

exposeSupervised(api);
