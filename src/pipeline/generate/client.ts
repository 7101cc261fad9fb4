import * as Comlink from 'comlink';
import type { Outcome } from '../detect/contract.ts';
import type { AnimateRequest, AnimationReport, FrameCallback, GenerateWorkerApi, GeneratorBenchResult } from './contract.ts';

/**
 * The page's side of the generate worker: one comlink bridge, started on first use. A new
 * request cancels the one in flight; `dispose` frees the worker (and its GPU device).
 */
export class FaceAnimator {
  private worker: Worker | undefined;
  private bridge: Comlink.Remote<GenerateWorkerApi> | undefined;

  private get api(): Comlink.Remote<GenerateWorkerApi> {
    if (!this.bridge) {
      this.worker = new Worker(new URL('../../../workers/generate.worker.ts', import.meta.url), {
        type: 'module',
        name: 'kinora-generate',
      });
      this.bridge = Comlink.wrap<GenerateWorkerApi>(this.worker);
    }
    return this.bridge;
  }

  async animate(request: AnimateRequest, onFrame?: FrameCallback): Promise<Outcome<AnimationReport>> {
    const api = this.api;
    await api.cancel();
    return api.animate(Comlink.transfer(request, [request.photo]), onFrame && Comlink.proxy(onFrame));
  }

  bench(request: AnimateRequest, frames: number): Promise<GeneratorBenchResult> {
    return this.api.bench(Comlink.transfer(request, [request.photo]), frames);
  }

  compareBackends(width: number, height: number): Promise<number | undefined> {
    return this.api.compareBackends(width, height);
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
