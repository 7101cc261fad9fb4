import type { EnhancePlan } from '../../core/enhance/plan.ts';
import type { Outcome } from '../types.ts';

export interface EnhanceProgress {
  stage: 'loading-model' | 'enhancing';
  /** Tiles done and in all (enhancing). */
  done?: number;
  total?: number;
}

export type EnhanceProgressCallback = (progress: EnhanceProgress) => void;

/** The enhanced region as the photo would look enlarged without the model, and with it: the before/after. */
export interface EnhanceComparison {
  before: ImageBitmap;
  after: ImageBitmap;
}

export interface EnhancedPhoto {
  /** The photo at the plan's target size, the region's pixels made by the model. */
  bitmap: ImageBitmap;
  comparison: EnhanceComparison;
  backend: 'webgpu' | 'wasm';
  ms: number;
}

export interface EnhanceWorkerApi {
  /** `photo` (handed over) enlarged to `plan.target`; a newer call or cancel() answers `cancelled`. */
  enhance(photo: ImageBitmap, plan: EnhancePlan, onProgress?: EnhanceProgressCallback): Promise<Outcome<EnhancedPhoto>>;
  cancel(): void;
  /** Bench: ms of each of `runs` enhancements of `crop` (handed over; after one warm-up), on WASM. */
  bench(crop: ImageBitmap, runs: number): Promise<number[]>;
}
