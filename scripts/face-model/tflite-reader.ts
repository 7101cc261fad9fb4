// Minimal typed reader for the TFLite model fields this build inspects or rewires.
import { FlatTable } from './flatbuffer-table.ts';
import {
  BufferField,
  MetadataField,
  ModelField,
  OperatorCodeField,
  OperatorField,
  SubGraphField,
  TensorField,
  TFLITE_FILE_IDENTIFIER,
} from './tflite-schema.ts';

export interface TfliteOperatorCode {
  /** The effective builtin operator (max of the deprecated int8 and the int32 field). */
  builtinCode: number;
  customCode: string | null;
  version: number;
}

export interface TfliteTensor {
  name: string;
  shape: number[];
  type: number;
  /** Index into `Model.buffers`; 0 is the empty sentinel buffer (non-constant tensor). */
  buffer: number;
}

export interface TfliteOperator {
  opcodeIndex: number;
  inputs: number[];
  outputs: number[];
  builtinOptionsType: number;
  /** The options table (read it with the `*OptionsField` ids of tflite-schema.ts). */
  builtinOptions: FlatTable | null;
}

export interface TfliteSubgraph {
  name: string | null;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

export interface TfliteMetadataEntry {
  name: string;
  buffer: number;
}

export interface TfliteModel {
  version: number;
  description: string | null;
  operatorCodes: TfliteOperatorCode[];
  subgraphs: TfliteSubgraph[];
  bufferCount: number;
  metadata: TfliteMetadataEntry[];
}

export function tfliteRoot(bytes: Uint8Array): FlatTable {
  return FlatTable.root(bytes, TFLITE_FILE_IDENTIFIER);
}

export function readTfliteModel(bytes: Uint8Array): TfliteModel {
  const model = tfliteRoot(bytes);
  return {
    version: model.uint32(ModelField.version),
    description: model.string(ModelField.description),
    operatorCodes: model.tables(ModelField.operatorCodes).map(readOperatorCode),
    subgraphs: model.tables(ModelField.subgraphs).map(readSubgraph),
    bufferCount: model.tables(ModelField.buffers).length,
    metadata: model.tables(ModelField.metadata).map((entry) => ({
      name: entry.string(MetadataField.name) ?? '',
      buffer: entry.uint32(MetadataField.buffer),
    })),
  };
}

/** Contents of `Model.buffers[index]` (a view, empty for buffers without data). */
export function readTfliteBuffer(bytes: Uint8Array, index: number): Uint8Array {
  const buffers = tfliteRoot(bytes).tables(ModelField.buffers);
  const buffer = buffers[index];
  if (!buffer) throw new Error(`buffer ${index} out of range (${buffers.length} buffers)`);
  return buffer.bytes(BufferField.data) ?? new Uint8Array(0);
}

/** Contents of the buffer named by the model's metadata entry `name`, or null if absent. */
export function readTfliteMetadataBuffer(bytes: Uint8Array, name: string): Uint8Array | null {
  const entry = readTfliteModel(bytes).metadata.find((m) => m.name === name);
  return entry ? readTfliteBuffer(bytes, entry.buffer) : null;
}

function readOperatorCode(code: FlatTable): TfliteOperatorCode {
  return {
    builtinCode: Math.max(
      code.int8(OperatorCodeField.deprecatedBuiltinCode),
      code.int32(OperatorCodeField.builtinCode),
    ),
    customCode: code.string(OperatorCodeField.customCode),
    version: code.int32(OperatorCodeField.version, 1),
  };
}

function readSubgraph(subgraph: FlatTable): TfliteSubgraph {
  return {
    name: subgraph.string(SubGraphField.name),
    tensors: subgraph.tables(SubGraphField.tensors).map((tensor) => ({
      name: tensor.string(TensorField.name) ?? '',
      shape: tensor.int32s(TensorField.shape),
      type: tensor.int8(TensorField.type),
      buffer: tensor.uint32(TensorField.buffer),
    })),
    inputs: subgraph.int32s(SubGraphField.inputs),
    outputs: subgraph.int32s(SubGraphField.outputs),
    operators: subgraph.tables(SubGraphField.operators).map((op) => ({
      opcodeIndex: op.uint32(OperatorField.opcodeIndex),
      inputs: op.int32s(OperatorField.inputs),
      outputs: op.int32s(OperatorField.outputs),
      builtinOptionsType: op.uint8(OperatorField.builtinOptionsType),
      builtinOptions: op.table(OperatorField.builtinOptions),
    })),
  };
}
