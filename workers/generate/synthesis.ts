/// <reference lib="webworker" />
import * as ort from 'onnxruntime-web/webgpu';
import { GeneratorTensor } from '../../src/core/generator/contract.ts';
import type { GeneratorBackend } from '../../src/pipeline/generate/contract.ts';
import { loadModel, startSession } from '../onnx-runtime.ts';

const tensor = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);


/**
 * The ONNX generator on the best backend this browser has: WebGPU, else WASM (threads when
 * cross-origin isolated). A lost GPU device falls back to WASM for the rest of the session.
 */
export class Synthesizer {
  private constructor(
    private session: ort.InferenceSession,
    public backend: GeneratorBackend,
    private readonly model: Uint8Array,
  ) {}

  static async create(backends: GeneratorBackend[] = ['webgpu', 'wasm'], modelName = 'generator.onnx'): Promise<Synthesizer> {
    const model = await loadModel(modelName, 'generator model');
    // The warp worker makes the next frame meanwhile, on a core of its own.
    const { session, backend } = await startSession(model, backends, 'generator', 1);
    return new Synthesizer(session, backend, model);
  }

  /**
   * One frame at `width` x `height`: planar RGB [3, height, width] in 0..1. `source` stays the
   * same for a whole animation (the person at detail scale); the floor model takes no base and keep.
   */
  async run(inputs: { source: ort.Tensor; grid: Float32Array; base?: Float32Array; keep?: Float32Array; width: number; height: number }): Promise<Float32Array> {
    const feeds: Record<string, ort.Tensor> = {
      [GeneratorTensor.source]: inputs.source,
      [GeneratorTensor.grid]: tensor(inputs.grid, [1, inputs.height, inputs.width, 2]),
    };
    if (inputs.base) feeds[GeneratorTensor.base] = tensor(inputs.base, [1, 3, inputs.height, inputs.width]);
    if (inputs.keep) feeds[GeneratorTensor.keep] = tensor(inputs.keep, [1, 1, inputs.height, inputs.width]);
    try {
      const result = await this.session.run(feeds);
      return result[GeneratorTensor.frame]!.data as Float32Array;
    } catch (error) {
      if (this.backend !== 'webgpu') throw error;
      // The GPU device was lost (or the driver failed): carry on on the CPU.
      this.session = await ort.InferenceSession.create(this.model, { executionProviders: ['wasm'] });
      this.backend = 'wasm';
      return this.run(inputs);
    }
  }

  static sourceTensor(planar: Float32Array, width: number, height: number): ort.Tensor {
    return tensor(planar, [1, 3, height, width]);
  }

  release(): void {
    void this.session.release();
  }
}
