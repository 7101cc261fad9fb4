import * as Comlink from 'comlink';
import type { FaceReport } from '../types.ts';
import { FACE_FINDER, WorkerBridge } from '../worker-bridge.ts';
import type { DetectWorkerApi, FirstFacesCallback, OpenedPhoto, Outcome, PersonMask, ProgressCallback, ScaledPhoto } from './contract.ts';

/** The page's side of the detect worker. A new photo cancels the previous one's work. */
export class FaceFinder {
  private readonly bridge = new WorkerBridge<DetectWorkerApi>(
    () => new Worker(new URL('../../../workers/detect.worker.ts', import.meta.url), { type: 'module', name: 'kinora-detect' }),
    FACE_FINDER,
  );

  async openPhoto(file: Blob, onProgress?: ProgressCallback): Promise<Outcome<OpenedPhoto>> {
    const api = this.bridge.api;
    await api.cancel();
    return api.openPhoto(file, onProgress && Comlink.proxy(onProgress));
  }

  /** See DetectWorkerApi.findFaces: `onFirstFaces` gets the first faces before the rest are found. */
  findFaces(onProgress?: ProgressCallback, onFirstFaces?: FirstFacesCallback): Promise<Outcome<FaceReport[]>> {
    return this.bridge.api.findFaces(onProgress && Comlink.proxy(onProgress), onFirstFaces && Comlink.proxy(onFirstFaces));
  }

  photoAt(longSide: number): Promise<Outcome<ScaledPhoto>> {
    return this.bridge.api.photoAt(longSide);
  }

  /** See DetectWorkerApi.personMask: the open photo's person mask, the size of `photoAt(longSide)`. */
  personMask(longSide: number): Promise<Outcome<PersonMask>> {
    return this.bridge.api.personMask(longSide);
  }

  landmarksNear(image: ImageBitmap, box: [number, number, number, number]): Promise<[number, number, number][][]> {
    return this.bridge.api.landmarksNear(Comlink.transfer(image, [image]), box);
  }

  trackFace(frame: ImageBitmap, timestampMs: number): Promise<[number, number, number][] | null> {
    return this.bridge.api.trackFace(Comlink.transfer(frame, [frame]), timestampMs);
  }

  cancel(): void {
    // A dead worker has nothing left to cancel.
    this.bridge.running?.cancel().catch(() => undefined);
  }

  dispose(): void {
    this.bridge.dispose();
  }
}
