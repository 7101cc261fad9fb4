import * as Comlink from 'comlink';
import type { EnhancePlan } from '../../core/enhance/plan.ts';
import type { Outcome } from '../types.ts';
import { WorkerBridge } from '../worker-bridge.ts';
import type { EnhanceComparison, EnhancedPhoto, EnhanceProgressCallback, EnhanceWorkerApi } from './contract.ts';

export const ENHANCER = 'enhancer';

/**
 * The page's side of the enhance worker, started on first use. It keeps the last enhanced photo,
 * so animating the same face again at the same size (another motion) does not run the model again.
 */
export class PhotoEnhancer {
  private readonly bridge = new WorkerBridge<EnhanceWorkerApi>(
    () => new Worker(new URL('../../../workers/enhance.worker.ts', import.meta.url), { type: 'module', name: 'kinora-enhance' }),
    ENHANCER,
    // A large region on WASM takes a while between two heartbeats' worth of tiles.
    { pingEveryMs: 1000, busyDeadMs: 60_000, idleDeadMs: 5_000, startDeadMs: 30_000 },
  );
  private last: { key: string; photo: EnhancedPhoto } | undefined;

  /**
   * `photo` (handed over) enlarged to `plan.target`; `key` names what was asked (photo, face,
   * size), so the same request is answered from the kept copy. The caller owns the bitmap returned.
   */
  async enhance(key: string, photo: ImageBitmap, plan: EnhancePlan, onProgress?: EnhanceProgressCallback): Promise<Outcome<EnhancedPhoto>> {
    if (this.last?.key === key) {
      photo.close();
      return { ok: true, value: { ...this.last.photo, bitmap: await createImageBitmap(this.last.photo.bitmap), ms: 0 } };
    }
    const api = this.bridge.api;
    await api.cancel();
    const result = await api.enhance(Comlink.transfer(photo, [photo]), plan, onProgress && Comlink.proxy(onProgress));
    if (result.ok) {
      this.forget();
      this.last = { key, photo: { ...result.value, bitmap: await createImageBitmap(result.value.bitmap) } };
    }
    return result;
  }

  bench(crop: ImageBitmap, runs: number): Promise<number[]> {
    return this.bridge.api.bench(Comlink.transfer(crop, [crop]), runs);
  }

  cancel(): void {
    this.bridge.running?.cancel().catch(() => undefined);
  }

  /** The last enhancement's before/after crops (kept until the next photo or enhancement). */
  get comparison(): EnhanceComparison | undefined {
    return this.last?.photo.comparison;
  }

  /** Frees the kept copy (a new photo). */
  forget(): void {
    if (!this.last) return;
    const { bitmap, comparison } = this.last.photo;
    for (const kept of [bitmap, comparison.before, comparison.after]) kept.close();
    this.last = undefined;
  }

  dispose(): void {
    this.forget();
    this.bridge.dispose();
  }
}
