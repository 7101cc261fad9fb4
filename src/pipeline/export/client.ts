import * as Comlink from 'comlink';
import { FILE_MAKER, WorkerBridge } from '../worker-bridge.ts';
import type { ExportedFile, ExportOutcome, ExportProgress, ExportSettings, ExportWorkerApi } from './contract.ts';

/**
 * Frames sent to the worker and not yet encoded. Enough to keep both sides busy, few enough that
 * a slow encoder holds back the renderer instead of piling up frames (a 1080 px frame is 4.5 MB).
 */
const FRAMES_IN_FLIGHT = 4;

/** The page's side of the export worker: one file at a time, begin → addFrame… → finish. */
export class FileExporter {
  private readonly bridge = new WorkerBridge<ExportWorkerApi>(
    () => new Worker(new URL('../../../workers/export.worker.ts', import.meta.url), { type: 'module', name: 'kinora-export' }),
    FILE_MAKER,
  );
  private inFlight: Promise<ExportOutcome<void>>[] = [];

  /** Starts a file; abandons the one in progress. */
  begin(settings: ExportSettings, onProgress?: (progress: ExportProgress) => void): Promise<ExportOutcome<void>> {
    this.inFlight = [];
    return this.bridge.api.begin(settings, onProgress && Comlink.proxy(onProgress));
  }

  /**
   * Sends the next frame (transferred: it is closed here) and resolves as soon as the worker can
   * take another, so the caller renders the next frame while this one is encoded. A frame that
   * fails ends the file: `finish` then gives the reason.
   */
  async addFrame(frame: ImageBitmap): Promise<void> {
    const added = this.bridge.api.addFrame(Comlink.transfer(frame, [frame]));
    this.inFlight.push(added);
    const settled = () => {
      this.inFlight = this.inFlight.filter((p) => p !== added);
    };
    // A failure reaches the caller through `finish` (or the wait below), not as an unhandled rejection.
    added.then(settled, settled);
    // The worker handles frames in order, so the oldest one settles first.
    while (this.inFlight.length > FRAMES_IN_FLIGHT) await this.inFlight[0];
  }

  /** The file, once every frame sent is encoded (or the reason there is none). */
  finish(): Promise<ExportOutcome<ExportedFile>> {
    this.inFlight = [];
    return this.bridge.api.finish();
  }

  /** Stops the file in progress at its next frame, or its encoder run. */
  cancel(): void {
    // A dead worker has nothing left to cancel.
    this.bridge.running?.cancel().catch(() => undefined);
  }

  /** Frees the worker, ffmpeg and all. */
  dispose(): void {
    this.bridge.dispose();
  }
}
