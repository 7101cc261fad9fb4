// The converted model on onnxruntime-node, as an UpscaleTile: for the parity check and the eval.
import * as ort from 'onnxruntime-node';
import { EnhanceTensor } from '../../src/core/enhance/contract.ts';
import type { UpscaleTile } from '../../src/core/enhance/enhance.ts';

export async function nodeUpscaler(model: Uint8Array): Promise<UpscaleTile> {
  const session = await ort.InferenceSession.create(model);
  return async (planar, width, height) => {
    const result = await session.run({ [EnhanceTensor.image]: new ort.Tensor('float32', planar, [1, 3, height, width]) });
    return result[EnhanceTensor.upscaled]!.data as Float32Array;
  };
}
