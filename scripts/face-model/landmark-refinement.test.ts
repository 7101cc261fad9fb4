import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ATTENTION_OUTPUTS,
  LEFT_EYE_LANDMARKS,
  LEFT_IRIS_DEPTH_SOURCE,
  LEFT_IRIS_LANDMARKS,
  LIPS_LANDMARKS,
  RIGHT_EYE_LANDMARKS,
  RIGHT_IRIS_DEPTH_SOURCE,
  RIGHT_IRIS_LANDMARKS,
  concatenatedLayout,
  irisDepthWeights,
  landmarkGatherIndices,
  landmarkRefinementExtension,
} from './landmark-refinement.ts';
import { readLegacyFaceModels } from './legacy-assets.ts';
import { buildImageModelMetadata } from './tflite-metadata.ts';
import { patchTfliteModel } from './tflite-patch.ts';
import { readTfliteBuffer, readTfliteModel, type TfliteModel } from './tflite-reader.ts';
import { BuiltinOperator, ConcatenationOptionsField, GatherOptionsField } from './tflite-schema.ts';

const NODE_MODULES = join(import.meta.dirname, '..', '..', 'node_modules');
const layout = concatenatedLayout();
const indices = landmarkGatherIndices();
const weights = irisDepthWeights();

describe('index tables', () => {
  it('have the sizes of the model outputs and no repeated landmark', () => {
    expect([LIPS_LANDMARKS.length, LEFT_EYE_LANDMARKS.length, RIGHT_EYE_LANDMARKS.length]).toEqual([80, 71, 71]);
    for (const table of [LIPS_LANDMARKS, LEFT_EYE_LANDMARKS, RIGHT_EYE_LANDMARKS, LEFT_IRIS_DEPTH_SOURCE, RIGHT_IRIS_DEPTH_SOURCE]) {
      expect(new Set(table).size).toBe(table.length);
      expect(table.every((landmark) => Number.isInteger(landmark) && landmark >= 0 && landmark < 468)).toBe(true);
    }
    expect(layout).toMatchObject({ mesh: 0, lips: 1404, leftEye: 1564, rightEye: 1706, leftIris: 1848, rightIris: 1858 });
    expect(layout).toMatchObject({ outputsLength: 1868, leftIrisZ: 1868, rightIrisZ: 1869, totalLength: 1870 });
  });

  it('agree with the eye, iris and lips landmark sets exported by @mediapipe/face_mesh', () => {
    // face_mesh names eyes from the subject's point of view: its "RIGHT" eye is the model's "left" output.
    type Connections = Array<[number, number]>;
    const faceMesh = createRequire(import.meta.url)('@mediapipe/face_mesh') as Record<string, Connections>;
    const points = (name: string) => [...new Set(faceMesh[name]!.flat())].sort((a, b) => a - b);
    const sorted = (list: readonly number[]) => [...list].sort((a, b) => a - b);
    expect(points('FACEMESH_RIGHT_EYE')).toEqual(sorted(LEFT_IRIS_DEPTH_SOURCE));
    expect(points('FACEMESH_LEFT_EYE')).toEqual(sorted(RIGHT_IRIS_DEPTH_SOURCE));
    expect(points('FACEMESH_RIGHT_IRIS')).toEqual(LEFT_IRIS_LANDMARKS.slice(1));
    expect(points('FACEMESH_LEFT_IRIS')).toEqual(RIGHT_IRIS_LANDMARKS.slice(1));
    expect(LIPS_LANDMARKS).toEqual(expect.arrayContaining(points('FACEMESH_LIPS')));
    // The iris depth comes from the 16 contour points that start each eye table.
    expect(LEFT_EYE_LANDMARKS.slice(0, 16)).toEqual([...LEFT_IRIS_DEPTH_SOURCE]);
    expect(RIGHT_EYE_LANDMARKS.slice(0, 16)).toEqual([...RIGHT_IRIS_DEPTH_SOURCE]);
  });
});

describe('landmarkGatherIndices', () => {
  const sectionOf = (index: number) => {
    if (index === layout.leftIrisZ) return 'leftIrisZ';
    if (index === layout.rightIrisZ) return 'rightIrisZ';
    const starts = ATTENTION_OUTPUTS.map((o, i) => [o.name, [layout.mesh, layout.lips, layout.leftEye, layout.rightEye, layout.leftIris, layout.rightIris][i]!] as const);
    return [...starts].reverse().find(([, start]) => index >= start)![0];
  };

  it('maps every x, y, z of the 478 landmarks to a valid index of the concatenation', () => {
    expect(indices).toHaveLength(1434);
    for (const index of indices) {
      expect(Number.isInteger(index)).toBe(true);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(layout.totalLength);
    }
  });

  it('takes x/y of refined points from their part and z always from the mesh (irises: averaged z)', () => {
    const refined = new Map<number, string>();
    LIPS_LANDMARKS.forEach((l) => refined.set(l, 'output_lips'));
    LEFT_EYE_LANDMARKS.forEach((l) => refined.set(l, 'output_left_eye'));
    RIGHT_EYE_LANDMARKS.forEach((l) => refined.set(l, 'output_right_eye'));
    for (let landmark = 0; landmark < 468; landmark++) {
      const [x, y, z] = [indices[3 * landmark]!, indices[3 * landmark + 1]!, indices[3 * landmark + 2]!];
      expect(z, `z of ${landmark}`).toBe(3 * landmark + 2);
      const part = refined.get(landmark);
      if (!part) {
        expect([x, y]).toEqual([3 * landmark, 3 * landmark + 1]);
      } else {
        expect(sectionOf(x)).toBe(part);
        expect(y).toBe(x + 1);
      }
    }
    LEFT_IRIS_LANDMARKS.forEach((landmark, k) => {
      expect([...indices.subarray(3 * landmark, 3 * landmark + 3)]).toEqual([layout.leftIris + 2 * k, layout.leftIris + 2 * k + 1, layout.leftIrisZ]);
    });
    RIGHT_IRIS_LANDMARKS.forEach((landmark, k) => {
      expect([...indices.subarray(3 * landmark, 3 * landmark + 3)]).toEqual([layout.rightIris + 2 * k, layout.rightIris + 2 * k + 1, layout.rightIrisZ]);
    });
  });

  it('uses every refined x/y value exactly once', () => {
    const used = new Set(indices);
    for (let i = layout.lips; i < layout.outputsLength; i++) expect(used.has(i), `value ${i}`).toBe(true);
  });
});

describe('irisDepthWeights', () => {
  it('averages exactly the mesh z of the 16 eye-contour points per row', () => {
    const rows = [LEFT_IRIS_DEPTH_SOURCE, RIGHT_IRIS_DEPTH_SOURCE];
    rows.forEach((sources, row) => {
      const rowWeights = weights.subarray(row * layout.outputsLength, (row + 1) * layout.outputsLength);
      const nonZero = [...rowWeights.entries()].filter(([, w]) => w !== 0);
      expect(nonZero.map(([i]) => i)).toEqual(sources.map((l) => 3 * l + 2).sort((a, b) => a - b));
      for (const [, w] of nonZero) expect(w).toBe(1 / 16);
    });
  });
});

/**
 * Runs the operators appended to a patched model (CONCATENATION, FULLY_CONNECTED, RESHAPE,
 * GATHER) with the constant tensors read back from the model bytes.
 */
function runAppendedOperators(bytes: Uint8Array, model: TfliteModel, firstOp: number, inputs: Map<number, Float32Array>) {
  const sg = model.subgraphs[0]!;
  const values = new Map(inputs);
  const constant = (index: number) => {
    const copy = readTfliteBuffer(bytes, sg.tensors[index]!.buffer).slice();
    return copy.buffer;
  };
  const valueOf = (index: number) => values.get(index) ?? new Float32Array(constant(index));
  for (const op of sg.operators.slice(firstOp)) {
    const code = model.operatorCodes[op.opcodeIndex]!.builtinCode;
    const outShape = sg.tensors[op.outputs[0]!]!.shape;
    let out: Float32Array;
    if (code === BuiltinOperator.CONCATENATION) {
      expect(op.builtinOptions!.int32(ConcatenationOptionsField.axis)).toBe(3);
      const parts = op.inputs.map(valueOf);
      out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const part of parts) {
        out.set(part, at);
        at += part.length;
      }
    } else if (code === BuiltinOperator.FULLY_CONNECTED) {
      const [input, weightTensor, bias] = op.inputs as [number, number, number];
      expect(bias).toBe(-1);
      const x = valueOf(input);
      const w = valueOf(weightTensor);
      const [units, depth] = sg.tensors[weightTensor]!.shape as [number, number];
      expect(depth).toBe(x.length);
      out = new Float32Array(units);
      for (let u = 0; u < units; u++) for (let i = 0; i < depth; i++) out[u]! += w[u * depth + i]! * x[i]!;
    } else if (code === BuiltinOperator.RESHAPE) {
      const shape = [...new Int32Array(constant(op.inputs[1]!))];
      expect(shape).toEqual(outShape);
      out = valueOf(op.inputs[0]!);
    } else if (code === BuiltinOperator.GATHER) {
      expect(op.builtinOptions!.int32(GatherOptionsField.axis)).toBe(3);
      const params = valueOf(op.inputs[0]!);
      const gather = new Int32Array(constant(op.inputs[1]!));
      out = Float32Array.from(gather, (i) => {
        expect(i).toBeLessThan(params.length);
        return params[i]!;
      });
    } else {
      throw new Error(`unexpected operator ${code}`);
    }
    expect(out.length).toBe(outShape.reduce((a, b) => a * b, 1));
    values.set(op.outputs[0]!, out);
  }
  return values;
}

/** MediaPipe's LandmarksRefinementCalculator semantics, written out directly. */
function referenceLandmarks(parts: Record<string, Float32Array>): number[] {
  const mesh = parts['output_mesh_identity']!;
  const points = Array.from({ length: 468 }, (_, i) => [mesh[3 * i]!, mesh[3 * i + 1]!, mesh[3 * i + 2]!]);
  const refine = (table: readonly number[], values: Float32Array) =>
    table.forEach((landmark, j) => {
      points[landmark]![0] = values[2 * j]!;
      points[landmark]![1] = values[2 * j + 1]!;
    });
  refine(LIPS_LANDMARKS, parts['output_lips']!);
  refine(LEFT_EYE_LANDMARKS, parts['output_left_eye']!);
  refine(RIGHT_EYE_LANDMARKS, parts['output_right_eye']!);
  const meanZ = (sources: readonly number[]) => sources.reduce((sum, l) => sum + mesh[3 * l + 2]!, 0) / sources.length;
  for (const [iris, sources] of [
    ['output_left_iris', LEFT_IRIS_DEPTH_SOURCE],
    ['output_right_iris', RIGHT_IRIS_DEPTH_SOURCE],
  ] as const) {
    const values = parts[iris]!;
    for (let k = 0; k < 5; k++) points.push([values[2 * k]!, values[2 * k + 1]!, meanZ(sources)]);
  }
  return points.flat();
}

describe('the appended graph, run on the patched real model', () => {
  let bytes: Uint8Array;
  let model: TfliteModel;
  let originalOps: number;
  beforeAll(() => {
    const original = readLegacyFaceModels(NODE_MODULES).faceLandmarkWithAttention;
    const before = readTfliteModel(original);
    originalOps = before.subgraphs[0]!.operators.length;
    const metadata = buildImageModelMetadata({
      name: 't', description: 't', version: '1', author: 't', license: 't',
      inputTensorName: 'input_1', normalization: { mean: [0], std: [255] }, outputTensorNames: [],
    });
    bytes = patchTfliteModel(original, { metadata, graphExtension: landmarkRefinementExtension(before) });
    model = readTfliteModel(bytes);
  });

  it('produces the same 478 landmarks as MediaPipe refinement for random outputs', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 200 - 100;
    const sg = model.subgraphs[0]!;
    const parts: Record<string, Float32Array> = {};
    const inputs = new Map<number, Float32Array>();
    for (const { name, values } of ATTENTION_OUTPUTS) {
      parts[name] = Float32Array.from({ length: values }, random);
      inputs.set(sg.tensors.findIndex((t) => t.name === name), parts[name]);
    }
    const values = runAppendedOperators(bytes, model, originalOps, inputs);
    const landmarks = values.get(sg.outputs[0]!)!;
    const expected = referenceLandmarks(parts);
    expect(landmarks).toHaveLength(expected.length);
    const worst = Math.max(...expected.map((v, i) => Math.abs(v - landmarks[i]!)));
    expect(worst).toBeLessThan(1e-4); // values span +-100: any miswiring is off by far more
  });
});
