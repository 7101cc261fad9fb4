import * as Comlink from 'comlink';
import type { FaceReport } from '../automation-contract.ts';
import type { DetectWorkerApi, OpenedPhoto, Outcome, ProgressCallback, ScaledPhoto } from './contract.ts';

/**
 * The page's side of the detect worker: one comlink bridge, started on first use. A new photo
 * cancels the previous one's work; `dispose` frees the worker (e.g. when the tab closes).
 */
export class FaceFinder {
  private worker: Worker | undefined;
  private bridge: Comlink.Remote<DetectWorkerApi> | undefined;

  private get api(): Comlink.Remote<DetectWorkerApi> {
    if (!this.bridge) {
      this.worker = new Worker(new URL('../../../workers/detect.worker.ts', import.meta.url), {
        type: 'module',
        name: 'kinora-detect',
      });
      this.bridge = Comlink.wrap<DetectWorkerApi>(this.worker);
    }
    return this.bridge;
  }

  async openPhoto(file: Blob, onProgress?: ProgressCallback): Promise<Outcome<OpenedPhoto>> {
    const api = this.api;
    await api.cancel();
    return api.openPhoto(file, onProgress && Comlink.proxy(onProgress));
  }

  findFaces(onProgress?: ProgressCallback): Promise<Outcome<FaceReport[]>> {
    return this.api.findFaces(onProgress && Comlink.proxy(onProgress));
  }

  photoAt(longSide: number): Promise<Outcome<ScaledPhoto>> {
    return this.api.photoAt(longSide);
  }

  landmarksNear(image: ImageBitmap, box: [number, number, number, number]): Promise<[number, number, number][][]> {
    return this.api.landmarksNear(Comlink.transfer(image, [image]), box);
  }

  cancel(): void {
    void this.bridge?.cancel();
  }

  dispose(): void {
    this.bridge?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = undefined;
    this.bridge = undefined;
  }
}
