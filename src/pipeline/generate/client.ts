import * as Comlink from 'comlink';
import type { Outcome } from '../types.ts';
import { ANIMATOR, WorkerBridge } from '../worker-bridge.ts';
import type { AnimateRequest, AnimationReport, FaceGenerator, FrameCallback, GenerateWorkerApi, GeneratorBenchResult, LiveFace, LiveStart } from './contract.ts';

/** What a request hands over to the worker rather than copies: its bitmaps and the mask's buffer. */
const transferables = (request: AnimateRequest): Transferable[] => [
  request.photo,
  ...(request.finer ? [request.finer] : []),
  ...(request.person ? [request.person.buffer as ArrayBuffer] : []),
];

/** The page's side of the generate worker. A new request cancels the one in flight. */
export class FaceAnimator implements FaceGenerator {
  private readonly bridge = new WorkerBridge<GenerateWorkerApi>(
    () => new Worker(new URL('../../../workers/generate.worker.ts', import.meta.url), { type: 'module', name: 'kinora-generate' }),
    ANIMATOR,
  );

  async animate(request: AnimateRequest, onFrame?: FrameCallback): Promise<Outcome<AnimationReport>> {
    const api = this.bridge.api;
    await api.cancel();
    return api.animate(Comlink.transfer(request, transferables(request)), onFrame && Comlink.proxy(onFrame));
  }

  async beginLive(request: AnimateRequest): Promise<Outcome<LiveStart>> {
    const api = this.bridge.api;
    await api.cancel();
    return api.beginLive(Comlink.transfer(request, transferables(request)));
  }

  liveFrame(faces: LiveFace[]): Promise<ImageBitmap | undefined> {
    return this.bridge.api.liveFrame(faces);
  }

  bench(request: AnimateRequest, frames: number): Promise<GeneratorBenchResult> {
    return this.bridge.api.bench(Comlink.transfer(request, transferables(request)), frames);
  }

  compareBackends(width: number, height: number): Promise<number | undefined> {
    return this.bridge.api.compareBackends(width, height);
  }

  cancel(): void {
    // A dead worker has nothing left to cancel.
    this.bridge.running?.cancel().catch(() => undefined);
  }

  warmUp(): void {
    this.bridge.api.warmUp().catch(() => undefined);
  }

  /** Frees the worker and its GPU device. */
  dispose(): void {
    this.bridge.dispose();
  }
}
