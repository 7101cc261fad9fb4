// Reads a TensorFlow.js layers model (model.json + weight shards), the format the
// @upscalerjs ESRGAN packages ship: the Keras topology as JSON and float32 weights.
// Only what a convolutional super-resolution model needs is typed; the converter refuses the rest.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One inbound connection: [layer name, node index, tensor index, kwargs]. */
export type InboundTensor = [string, number, number, Record<string, unknown>?];

export interface KerasLayer {
  class_name: string;
  name: string;
  config: Record<string, unknown> & { name: string };
  /** One list per call of the layer; these models call each layer once. */
  inbound_nodes: InboundTensor[][];
}

export interface KerasFunctionalModel {
  class_name: 'Functional' | 'Model';
  config: {
    name: string;
    layers: KerasLayer[];
    input_layers: [string, number, number][];
    output_layers: [string, number, number][];
  };
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

interface WeightGroup {
  paths: string[];
  weights: WeightSpec[];
}

export interface LayersModelJson {
  format?: string;
  modelTopology: { model_config?: KerasFunctionalModel } & Partial<KerasFunctionalModel>;
  weightsManifest: WeightGroup[];
}

export interface LayersModel {
  topology: KerasFunctionalModel;
  /** Every weight by its name (`<layer>/kernel`, `<layer>/bias`), with its shape. */
  weights: Map<string, { shape: number[]; values: Float32Array }>;
}

/** The topology inside model.json: Keras nests it in `model_config`; tfjs' own saver does not. */
export function topologyOf(json: LayersModelJson['modelTopology']): KerasFunctionalModel {
  const topology = json.model_config ?? (json as KerasFunctionalModel);
  if (topology.class_name !== 'Functional' && topology.class_name !== 'Model') {
    throw new Error(`expected a functional Keras model, got "${String(topology.class_name)}"`);
  }
  return topology;
}

/**
 * Splits the concatenated weight bytes by the manifest's specs, in order. Only unquantized
 * float32 weights are accepted: a quantized model would need its dequantization reproduced.
 */
export function weightsFromBytes(specs: readonly WeightSpec[], bytes: Uint8Array): LayersModel['weights'] {
  const weights: LayersModel['weights'] = new Map();
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32' || spec.quantization !== undefined) {
      throw new Error(`weight ${spec.name}: only unquantized float32 weights are supported (got ${spec.dtype}${spec.quantization ? ', quantized' : ''})`);
    }
    const count = spec.shape.reduce((product, d) => product * d, 1);
    const end = offset + count * 4;
    if (end > bytes.length) throw new Error(`weight ${spec.name}: the shards end after ${bytes.length} bytes, ${end} needed`);
    // Copied into its own aligned buffer; the shard bytes are little-endian float32.
    const values = new Float32Array(count);
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true);
    weights.set(spec.name, { shape: spec.shape, values });
    offset = end;
  }
  if (offset !== bytes.length) throw new Error(`the weight shards hold ${bytes.length} bytes, the manifest describes ${offset}`);
  return weights;
}

/** Reads model.json and its shards from disk. */
export function readLayersModel(modelJsonPath: string): LayersModel {
  const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as LayersModelJson;
  if (json.format !== undefined && json.format !== 'layers-model') throw new Error(`${modelJsonPath}: format "${json.format}" is not a layers model`);
  const directory = dirname(modelJsonPath);
  const shards = json.weightsManifest.flatMap((group) => group.paths.map((path) => readFileSync(join(directory, path))));
  const bytes = new Uint8Array(shards.reduce((sum, shard) => sum + shard.length, 0));
  let offset = 0;
  for (const shard of shards) {
    bytes.set(shard, offset);
    offset += shard.length;
  }
  return { topology: topologyOf(json.modelTopology), weights: weightsFromBytes(json.weightsManifest.flatMap((group) => group.weights), bytes) };
}
