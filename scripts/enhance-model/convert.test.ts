import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnhanceTensor } from '../../src/core/enhance/contract.ts';
import { convertLayersModel, kernelToOihw } from './convert.ts';
import { buildEnhanceModel, layersModelPath } from './enhance-model.ts';
import { readLayersModel, topologyOf, weightsFromBytes, type LayersModelJson } from './layers-model.ts';

const NODE_MODULES = join(import.meta.dirname, '../../node_modules');
const OPTIONS = { inputName: 'x', outputName: 'y', opset: 17 } as const;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tfjs model saved to memory, as the converter reads it from disk. */
async function saved(model: tf.LayersModel) {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  const bytes = new Uint8Array(artifacts!.weightData as ArrayBuffer);
  return { topology: topologyOf(artifacts!.modelTopology as LayersModelJson['modelTopology']), weights: weightsFromBytes(artifacts!.weightSpecs!, bytes) };
}

/** Deterministic pseudo-random values in -1..1. */
const values = (count: number, seed: number) => Float32Array.from({ length: count }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 0.999);

/** Runs `model` in tfjs (NHWC) and its ONNX conversion (NCHW) on the same input; the largest difference. */
async function largestDifference(model: tf.LayersModel, height: number, width: number, channels: number): Promise<number> {
  const nhwc = values(height * width * channels, 1);
  const expected = model.predict(tf.tensor4d(nhwc, [1, height, width, channels])) as tf.Tensor4D;
  const [, ho, wo, co] = expected.shape;
  const want = await expected.data();
  const nchw = new Float32Array(nhwc.length);
  for (let p = 0; p < height * width; p++) for (let c = 0; c < channels; c++) nchw[c * height * width + p] = nhwc[p * channels + c]!;
  const session = await ort.InferenceSession.create(convertLayersModel(await saved(model), OPTIONS));
  const result = (await session.run({ x: new ort.Tensor('float32', nchw, [1, channels, height, width]) })).y!;
  expect(result.dims).toEqual([1, co, ho, wo]);
  const got = result.data as Float32Array;
  let worst = 0;
  for (let p = 0; p < ho * wo; p++) for (let c = 0; c < co; c++) worst = Math.max(worst, Math.abs(got[c * ho * wo + p]! - want[p * co + c]!));
  return worst;
}

/** A functional model from `layers(input)`, with its weights set to deterministic values (biases too). */
function functional(channels: number, build: (input: tf.SymbolicTensor) => tf.SymbolicTensor): tf.LayersModel {
  const input = tf.input({ shape: [null, null, channels] as unknown as number[] });
  const model = tf.model({ inputs: input, outputs: build(input) });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(values(w.size, i + 2).map((v) => v * 0.5), w.shape)));
  return model;
}

const conv = (filters: number, kernelSize: number, config: Partial<Parameters<typeof tf.layers.conv2d>[0]> = {}) =>
  tf.layers.conv2d({ filters, kernelSize, padding: 'same', ...config });

describe('convertLayersModel: each layer matches tfjs', () => {
  it('Conv2D: 3x3 same, 1x1, 5x5, valid, dilated, relu, no bias', async () => {
    for (const layer of [conv(4, 3), conv(5, 1), conv(2, 5), conv(3, 3, { padding: 'valid' }), conv(3, 3, { dilationRate: 2 }), conv(3, 3, { activation: 'relu' }), conv(3, 2), conv(3, 3, { useBias: false })]) {
      const model = functional(3, (x) => layer.apply(x) as tf.SymbolicTensor);
      expect(await largestDifference(model, 9, 7, 3)).toBeLessThan(1e-5);
    }
  });

  it('Activation relu, Add of three, Concatenate on channels (the residual dense block)', async () => {
    const model = functional(3, (x) => {
      const a = conv(4, 3).apply(x) as tf.SymbolicTensor;
      const b = tf.layers.activation({ activation: 'relu' }).apply(conv(4, 3).apply(a)) as tf.SymbolicTensor;
      const joined = tf.layers.concatenate({ axis: -1 }).apply([a, b]) as tf.SymbolicTensor;
      const fused = conv(4, 1).apply(joined) as tf.SymbolicTensor;
      return tf.layers.add().apply([fused, a, b]) as tf.SymbolicTensor;
    });
    expect(await largestDifference(model, 8, 8, 3)).toBeLessThan(1e-5);
  });

  it('UpSampling2D then Conv2D (rewritten as a sub-pixel convolution) for factors 2, 3, 4, kernels 3 and 5', async () => {
    for (const [size, kernel] of [[2, 3], [3, 3], [4, 3], [4, 5], [2, 1]] as const) {
      const model = functional(3, (x) => conv(3, kernel).apply(tf.layers.upSampling2d({ size: [size, size] }).apply(conv(5, 3).apply(x))) as tf.SymbolicTensor);
      expect(await largestDifference(model, 6, 5, 3)).toBeLessThan(1e-5);
    }
  });

  it('UpSampling2D alone or read twice (kept as a Resize)', async () => {
    const alone = functional(2, (x) => tf.layers.upSampling2d({ size: [3, 2] }).apply(x) as tf.SymbolicTensor);
    expect(await largestDifference(alone, 4, 5, 2)).toBe(0);
    const twice = functional(2, (x) => {
      const up = tf.layers.upSampling2d({ size: [2, 2] }).apply(x) as tf.SymbolicTensor;
      return tf.layers.add().apply([conv(2, 3).apply(up) as tf.SymbolicTensor, up]) as tf.SymbolicTensor;
    });
    expect(await largestDifference(twice, 4, 5, 2)).toBeLessThan(1e-5);
  });

  it('refuses what it does not support, naming the layer', async () => {
    const strided = await saved(functional(3, (x) => conv(2, 3, { strides: 2, name: 'strided_conv' }).apply(x) as tf.SymbolicTensor));
    expect(() => convertLayersModel(strided, OPTIONS)).toThrow(/strided_conv: strides 2x2 are not supported/);
    const pooled = await saved(functional(3, (x) => tf.layers.maxPooling2d({ poolSize: 2, name: 'the_pool' }).apply(x) as tf.SymbolicTensor));
    expect(() => convertLayersModel(pooled, OPTIONS)).toThrow(/the_pool: layer type MaxPooling2D is not supported/);
    const sigmoid = await saved(functional(3, (x) => conv(2, 3, { activation: 'sigmoid', name: 'squashed' }).apply(x) as tf.SymbolicTensor));
    expect(() => convertLayersModel(sigmoid, OPTIONS)).toThrow(/squashed: activation "sigmoid"/);
  });

  it('kernelToOihw moves HWIO to OIHW', () => {
    // [kh=1, kw=2, in=2, out=3]: value = 100 x + 10 i + o.
    const hwio = Float32Array.from([0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112]);
    expect(Array.from(kernelToOihw(hwio, [1, 2, 2, 3]))).toEqual([0, 100, 10, 110, 1, 101, 11, 111, 2, 102, 12, 112]);
  });
});

describe('weightsFromBytes', () => {
  it('refuses quantized weights and a manifest that does not fit the shards', () => {
    expect(() => weightsFromBytes([{ name: 'w', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8' } }], new Uint8Array(8))).toThrow(/quantized/);
    expect(() => weightsFromBytes([{ name: 'w', shape: [3], dtype: 'float32' }], new Uint8Array(8))).toThrow(/shards end after 8 bytes/);
    expect(() => weightsFromBytes([{ name: 'w', shape: [1], dtype: 'float32' }], new Uint8Array(8))).toThrow(/hold 8 bytes/);
  });
});

describe('the Enhance model (@upscalerjs/esrgan-slim x4)', () => {
  it('is built byte for byte the same every time', () => {
    expect(Buffer.from(buildEnhanceModel(NODE_MODULES)).equals(Buffer.from(buildEnhanceModel(NODE_MODULES)))).toBe(true);
  });

  it('gives what tfjs gives on the original model (0..1 in and out)', async () => {
    const path = layersModelPath(NODE_MODULES, 'slim');
    const original = readLayersModel(path);
    // tfjs' pure-JS build has no file:// loader: it is handed the same topology and weights.
    const specs = [...original.weights.entries()].map(([name, w]) => ({ name, shape: w.shape, dtype: 'float32' as const }));
    const data = new Float32Array(specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0));
    let offset = 0;
    for (const w of original.weights.values()) {
      data.set(w.values, offset);
      offset += w.values.length;
    }
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: { model_config: original.topology }, weightSpecs: specs, weightData: data.buffer }));
    const height = 20;
    const width = 17;
    const nhwc = values(height * width * 3, 9).map((v) => 0.5 + 0.5 * v);
    const want = await (model.predict(tf.tensor4d(nhwc, [1, height, width, 3])) as tf.Tensor).clipByValue(0, 1).data();
    const nchw = new Float32Array(nhwc.length);
    for (let p = 0; p < height * width; p++) for (let c = 0; c < 3; c++) nchw[c * height * width + p] = nhwc[p * 3 + c]!;
    const session = await ort.InferenceSession.create(buildEnhanceModel(NODE_MODULES));
    const out = (await session.run({ [EnhanceTensor.image]: new ort.Tensor('float32', nchw, [1, 3, height, width]) }))[EnhanceTensor.upscaled]!;
    expect(out.dims).toEqual([1, 3, height * 4, width * 4]);
    const got = out.data as Float32Array;
    const plane = height * 4 * width * 4;
    let worst = 0;
    for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(got[c * plane + p]! - want[p * 3 + c]!));
    expect(worst).toBeLessThan(1e-4);
  });
});
