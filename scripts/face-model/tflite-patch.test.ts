import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLegacyFaceModels, type LegacyFaceModels } from './legacy-assets.ts';
import { LANDMARKS_OUTPUT_NAME, landmarkRefinementExtension } from './landmark-refinement.ts';
import { buildImageModelMetadata } from './tflite-metadata.ts';
import { patchTfliteModel } from './tflite-patch.ts';
import { readTfliteBuffer, readTfliteMetadataBuffer, readTfliteModel, type TfliteModel } from './tflite-reader.ts';
import { BuiltinOperator, ConcatenationOptionsField, GatherOptionsField } from './tflite-schema.ts';

const NODE_MODULES = join(import.meta.dirname, '..', '..', 'node_modules');

const metadataFor = (inputTensorName: string) =>
  buildImageModelMetadata({
    name: 'test',
    description: 'test',
    version: '1',
    author: 'test',
    license: 'Apache-2.0',
    inputTensorName,
    normalization: { mean: [127.5], std: [127.5] },
    outputTensorNames: [],
  });

/** Everything the patcher must leave untouched when only metadata is added. */
const graphOf = (model: TfliteModel) => ({
  version: model.version,
  description: model.description,
  operatorCodes: model.operatorCodes,
  subgraphs: model.subgraphs.map((s) => ({ ...s, operators: s.operators.map((o) => ({ ...o, builtinOptions: null })) })),
});

/** Byte equality without vitest's slow element-wise diffing of large arrays. */
const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
const allBuffersEqual = (a: Uint8Array, b: Uint8Array, count: number) =>
  Array.from({ length: count }, (_, i) => i).filter((i) => !sameBytes(readTfliteBuffer(a, i), readTfliteBuffer(b, i)));

let legacy: LegacyFaceModels;
beforeAll(() => {
  legacy = readLegacyFaceModels(NODE_MODULES);
});

describe('patchTfliteModel with metadata only (face detector)', () => {
  it('keeps the graph, every weight buffer and the original bytes, and adds one metadata entry', () => {
    const original = legacy.faceDetectionShortRange;
    const metadata = metadataFor('input');
    const patched = patchTfliteModel(original, { metadata });
    const before = readTfliteModel(original);
    const after = readTfliteModel(patched);

    expect(graphOf(after)).toEqual(graphOf(before));
    expect(after.subgraphs[0]!.tensors).toHaveLength(250);
    expect(after.subgraphs[0]!.operators).toHaveLength(164);
    expect(after.bufferCount).toBe(before.bufferCount + 1);
    expect(allBuffersEqual(patched, original, before.bufferCount)).toEqual([]);
    expect(after.metadata).toEqual([...before.metadata, { name: 'TFLITE_METADATA', buffer: before.bufferCount }]);
    expect(readTfliteMetadataBuffer(patched, 'TFLITE_METADATA')).toEqual(metadata);

    expect(sameBytes(patched.subarray(patched.length - original.length), original)).toBe(true);
    expect((patched.length - original.length) % 16).toBe(0);
  });

  it('replaces, rather than duplicates, existing TFLITE_METADATA when patched again', () => {
    const once = patchTfliteModel(legacy.faceDetectionShortRange, { metadata: metadataFor('first') });
    const second = metadataFor('second');
    const twice = patchTfliteModel(once, { metadata: second });
    const entries = readTfliteModel(twice).metadata.filter((m) => m.name === 'TFLITE_METADATA');
    expect(entries).toHaveLength(1);
    expect(readTfliteMetadataBuffer(twice, 'TFLITE_METADATA')).toEqual(second);
  });

  it('aligns the metadata buffer data to 16 bytes like other TFLite buffers', () => {
    const patched = patchTfliteModel(legacy.faceDetectionShortRange, { metadata: metadataFor('input') });
    const data = readTfliteMetadataBuffer(patched, 'TFLITE_METADATA')!;
    expect((data.byteOffset - patched.byteOffset) % 16).toBe(0);
  });
});

describe('patchTfliteModel with the landmark refinement extension', () => {
  let before: TfliteModel;
  let after: TfliteModel;
  let patched: Uint8Array;
  beforeAll(() => {
    const original = legacy.faceLandmarkWithAttention;
    before = readTfliteModel(original);
    patched = patchTfliteModel(original, {
      metadata: metadataFor('input_1'),
      graphExtension: landmarkRefinementExtension(before),
    });
    after = readTfliteModel(patched);
  });

  it('starts from the 7-output attention model', () => {
    const sg = before.subgraphs[0]!;
    expect(sg.outputs.map((i) => sg.tensors[i]!.shape.at(-1))).toEqual([1404, 160, 142, 142, 10, 10, 1]);
  });

  it('outputs the 1x1x1x1434 landmarks and the 1x1x1x1 face flag', () => {
    const sg = after.subgraphs[0]!;
    const outputs = sg.outputs.map((i) => sg.tensors[i]!);
    expect(outputs.map((t) => t.name)).toEqual([LANDMARKS_OUTPUT_NAME, 'conv_faceflag']);
    expect(outputs.map((t) => t.shape)).toEqual([
      [1, 1, 1, 1434],
      [1, 1, 1, 1],
    ]);
    expect(outputs.map((t) => t.type)).toEqual([0, 0]); // FLOAT32
    expect(sg.inputs).toEqual(before.subgraphs[0]!.inputs);
  });

  it('keeps original tensors and operators readable and unchanged, appending 8 tensors and 5 ops', () => {
    const [b, a] = [before.subgraphs[0]!, after.subgraphs[0]!];
    expect(a.tensors.slice(0, b.tensors.length)).toEqual(b.tensors);
    expect(a.tensors).toHaveLength(b.tensors.length + 8);
    const strip = (ops: typeof a.operators) => ops.map((o) => ({ ...o, builtinOptions: null }));
    expect(strip(a.operators.slice(0, b.operators.length))).toEqual(strip(b.operators));
    expect(a.operators).toHaveLength(b.operators.length + 5);
    expect(allBuffersEqual(patched, legacy.faceLandmarkWithAttention, before.bufferCount)).toEqual([]);
  });

  it('appends CONCATENATION, FULLY_CONNECTED, RESHAPE, CONCATENATION, GATHER with valid opcodes and options', () => {
    const ops = after.subgraphs[0]!.operators.slice(-5);
    const codes = ops.map((op) => after.operatorCodes[op.opcodeIndex]!.builtinCode);
    expect(codes).toEqual([
      BuiltinOperator.CONCATENATION,
      BuiltinOperator.FULLY_CONNECTED,
      BuiltinOperator.RESHAPE,
      BuiltinOperator.CONCATENATION,
      BuiltinOperator.GATHER,
    ]);
    // RESHAPE already existed in the model and is reused; the others are appended once each.
    expect(after.operatorCodes.slice(0, before.operatorCodes.length)).toEqual(before.operatorCodes);
    expect(after.operatorCodes.slice(before.operatorCodes.length).map((c) => c.builtinCode)).toEqual([2, 9, 36]);
    expect(ops[0]!.builtinOptions!.int32(ConcatenationOptionsField.axis)).toBe(3);
    expect(ops[3]!.builtinOptions!.int32(ConcatenationOptionsField.axis)).toBe(3);
    expect(ops[4]!.builtinOptions!.int32(GatherOptionsField.axis)).toBe(3);
  });

  it('adds three constant buffers plus the metadata buffer', () => {
    expect(after.bufferCount).toBe(before.bufferCount + 4);
    const sg = after.subgraphs[0]!;
    const constants = sg.tensors.slice(before.subgraphs[0]!.tensors.length).filter((t) => t.buffer !== 0);
    expect(constants.map((t) => t.name)).toEqual(['refine/iris_z_weights', 'refine/iris_z_shape', 'refine/gather_indices']);
    expect(constants.map((t) => readTfliteBuffer(patched, t.buffer).length)).toEqual([2 * 1868 * 4, 4 * 4, 1434 * 4]);
    expect(after.metadata.at(-1)).toEqual({ name: 'TFLITE_METADATA', buffer: before.bufferCount + 3 });
  });

  it('rejects operators that reference missing tensors', () => {
    const extension = landmarkRefinementExtension(before);
    const broken = { ...extension, outputs: [before.subgraphs[0]!.tensors.length + 100] };
    expect(() => patchTfliteModel(legacy.faceLandmarkWithAttention, { metadata: metadataFor('x'), graphExtension: broken })).toThrow(/out of range/);
  });
});
