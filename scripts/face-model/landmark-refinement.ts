// Turns the legacy `face_landmark_with_attention.tflite` (7 outputs: 468-point mesh, lips,
// eyes and irises refined separately, face flag) into the model MediaPipe Tasks'
// FaceLandmarker expects: one 1x1x1x1434 tensor of 478 x/y/z landmarks, plus the face flag.
// The legacy solution merged the outputs on the CPU (tensors_to_face_landmarks_graph.cc with
// LandmarksRefinementCalculator); here the same merge is appended to the graph as
//   CONCATENATION(all 6 outputs) -> FULLY_CONNECTED(iris z) -> RESHAPE -> CONCATENATION -> GATHER.
import type { GraphExtension, NewTensor } from './tflite-patch.ts';
import type { TfliteModel, TfliteTensor } from './tflite-reader.ts';
import {
  ActivationFunctionType,
  BuiltinOperator,
  BuiltinOptionsType,
  ConcatenationOptionsField,
  FullyConnectedOptionsField,
  GatherOptionsField,
  TensorType,
} from './tflite-schema.ts';
import { int32Field, int8Field } from './flatbuffer-prepend.ts';

export const MESH_LANDMARK_COUNT = 468;
export const IRIS_LANDMARK_COUNT = 5;
export const REFINED_LANDMARK_COUNT = MESH_LANDMARK_COUNT + 2 * IRIS_LANDMARK_COUNT; // 478
export const LANDMARKS_OUTPUT_NAME = 'output_landmarks_478';
export const FACE_FLAG_OUTPUT_NAME = 'conv_faceflag';

// Mesh landmark index for each x/y pair of the lips / eye outputs (MediaPipe's
// tensors_to_face_landmarks_graph.cc). Their z stays the mesh's.
export const LIPS_LANDMARKS = [
  61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 185, 40, 39, 37, 0, 267, 269, 270, 409, 78, 95, 88, 178, 87, 14,
  317, 402, 318, 324, 308, 191, 80, 81, 82, 13, 312, 311, 310, 415, 76, 77, 90, 180, 85, 16, 315, 404, 320, 307, 306,
  184, 74, 73, 72, 11, 302, 303, 304, 408, 62, 96, 89, 179, 86, 15, 316, 403, 319, 325, 292, 183, 42, 41, 38, 12, 268,
  271, 272, 407,
] as const;
export const LEFT_EYE_LANDMARKS = [
  33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173, 130, 25, 110, 24, 23, 22, 26, 112, 243,
  247, 30, 29, 27, 28, 56, 190, 226, 31, 228, 229, 230, 231, 232, 233, 244, 113, 225, 224, 223, 222, 221, 189, 35, 124,
  46, 53, 52, 65, 143, 111, 117, 118, 119, 120, 121, 128, 245, 156, 70, 63, 105, 66, 107, 55, 193,
] as const;
export const RIGHT_EYE_LANDMARKS = [
  263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398, 359, 255, 339, 254, 253, 252, 256,
  341, 463, 467, 260, 259, 257, 258, 286, 414, 446, 261, 448, 449, 450, 451, 452, 453, 464, 342, 445, 444, 443, 442,
  441, 413, 265, 353, 276, 283, 282, 295, 372, 340, 346, 347, 348, 349, 350, 357, 465, 383, 300, 293, 334, 296, 336,
  285, 417,
] as const;
/** The iris outputs carry only x/y; each iris gets the mean z of its eye's 16 contour points. */
export const LEFT_IRIS_DEPTH_SOURCE = [33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173] as const;
export const RIGHT_IRIS_DEPTH_SOURCE = [
  263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398,
] as const;
export const LEFT_IRIS_LANDMARKS = [468, 469, 470, 471, 472] as const;
export const RIGHT_IRIS_LANDMARKS = [473, 474, 475, 476, 477] as const;

/** Legacy output tensor names, in the order they are concatenated, with their value counts. */
export const ATTENTION_OUTPUTS = [
  { name: 'output_mesh_identity', values: 3 * MESH_LANDMARK_COUNT },
  { name: 'output_lips', values: 2 * LIPS_LANDMARKS.length },
  { name: 'output_left_eye', values: 2 * LEFT_EYE_LANDMARKS.length },
  { name: 'output_right_eye', values: 2 * RIGHT_EYE_LANDMARKS.length },
  { name: 'output_left_iris', values: 2 * IRIS_LANDMARK_COUNT },
  { name: 'output_right_iris', values: 2 * IRIS_LANDMARK_COUNT },
] as const;

/** Offsets of each part inside the concatenated vector; the two iris z values come last. */
export interface ConcatenatedLayout {
  mesh: number;
  lips: number;
  leftEye: number;
  rightEye: number;
  leftIris: number;
  rightIris: number;
  /** Length of the concatenation of the six outputs (1868). */
  outputsLength: number;
  leftIrisZ: number;
  rightIrisZ: number;
  /** Length including the two iris z values (1870). */
  totalLength: number;
}

export function concatenatedLayout(): ConcatenatedLayout {
  const starts: number[] = [];
  let length = 0;
  for (const output of ATTENTION_OUTPUTS) {
    starts.push(length);
    length += output.values;
  }
  const [mesh, lips, leftEye, rightEye, leftIris, rightIris] = starts as [number, number, number, number, number, number];
  return {
    mesh,
    lips,
    leftEye,
    rightEye,
    leftIris,
    rightIris,
    outputsLength: length,
    leftIrisZ: length,
    rightIrisZ: length + 1,
    totalLength: length + 2,
  };
}

/**
 * For each of the 478 x 3 output values, its index in the concatenated vector. Mirrors the
 * refinement order of MediaPipe: mesh first, then lips, eyes, irises (later ones overwrite).
 */
export function landmarkGatherIndices(layout = concatenatedLayout()): Int32Array {
  const indices = new Int32Array(3 * REFINED_LANDMARK_COUNT);
  for (let i = 0; i < 3 * MESH_LANDMARK_COUNT; i++) indices[i] = layout.mesh + i;
  const refineXY = (landmarks: readonly number[], start: number) =>
    landmarks.forEach((landmark, j) => {
      indices[3 * landmark] = start + 2 * j;
      indices[3 * landmark + 1] = start + 2 * j + 1;
    });
  refineXY(LIPS_LANDMARKS, layout.lips);
  refineXY(LEFT_EYE_LANDMARKS, layout.leftEye);
  refineXY(RIGHT_EYE_LANDMARKS, layout.rightEye);
  refineXY(LEFT_IRIS_LANDMARKS, layout.leftIris);
  refineXY(RIGHT_IRIS_LANDMARKS, layout.rightIris);
  for (const landmark of LEFT_IRIS_LANDMARKS) indices[3 * landmark + 2] = layout.leftIrisZ;
  for (const landmark of RIGHT_IRIS_LANDMARKS) indices[3 * landmark + 2] = layout.rightIrisZ;
  return indices;
}

/**
 * FULLY_CONNECTED weights (2 x outputsLength, row-major) whose rows average the mesh z of the
 * left / right eye contour: output[k] = sum_i weights[k][i] * concatenated[i].
 */
export function irisDepthWeights(layout = concatenatedLayout()): Float32Array {
  const weights = new Float32Array(2 * layout.outputsLength);
  const rows = [LEFT_IRIS_DEPTH_SOURCE, RIGHT_IRIS_DEPTH_SOURCE];
  rows.forEach((sources, row) => {
    for (const landmark of sources) {
      weights[row * layout.outputsLength + layout.mesh + 3 * landmark + 2] = 1 / sources.length;
    }
  });
  return weights;
}

/** The graph extension producing `[landmarks 1x1x1x1434, face flag]` from the attention model. */
export function landmarkRefinementExtension(model: TfliteModel): GraphExtension {
  const subgraph = model.subgraphs[0];
  if (!subgraph) throw new Error('model has no subgraph');
  const tensorIndex = (name: string): number => {
    const index = subgraph.tensors.findIndex((t) => t.name === name);
    if (index < 0 || !subgraph.outputs.includes(index)) throw new Error(`model has no output "${name}"`);
    return index;
  };
  const outputIndices = ATTENTION_OUTPUTS.map(({ name, values }) => {
    const index = tensorIndex(name);
    assertShape(subgraph.tensors[index]!, [1, 1, 1, values]);
    return index;
  });
  const faceFlag = tensorIndex(FACE_FLAG_OUTPUT_NAME);

  const layout = concatenatedLayout();
  const bytesOf = (array: Float32Array | Int32Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const tensors: NewTensor[] = [];
  const addTensor = (tensor: NewTensor): number => tensors.push(tensor) - 1 + subgraph.tensors.length;
  const f32 = TensorType.FLOAT32;
  const i32 = TensorType.INT32;

  const outputs = addTensor({ name: 'refine/outputs', shape: [1, 1, 1, layout.outputsLength], type: f32 });
  const weights = addTensor({
    name: 'refine/iris_z_weights',
    shape: [2, layout.outputsLength],
    type: f32,
    data: bytesOf(irisDepthWeights(layout)),
  });
  const irisZ = addTensor({ name: 'refine/iris_z', shape: [1, 2], type: f32 });
  const irisZShape = addTensor({ name: 'refine/iris_z_shape', shape: [4], type: i32, data: bytesOf(new Int32Array([1, 1, 1, 2])) });
  const irisZ4d = addTensor({ name: 'refine/iris_z_4d', shape: [1, 1, 1, 2], type: f32 });
  const all = addTensor({ name: 'refine/outputs_and_iris_z', shape: [1, 1, 1, layout.totalLength], type: f32 });
  const gatherIndices = landmarkGatherIndices(layout);
  const indices = addTensor({ name: 'refine/gather_indices', shape: [gatherIndices.length], type: i32, data: bytesOf(gatherIndices) });
  const landmarks = addTensor({ name: LANDMARKS_OUTPUT_NAME, shape: [1, 1, 1, gatherIndices.length], type: f32 });

  const lastAxis = 3;
  const concatenateOnLastAxis = () => ({
    type: BuiltinOptionsType.ConcatenationOptions,
    fields: [
      int32Field(ConcatenationOptionsField.axis, lastAxis),
      int8Field(ConcatenationOptionsField.fusedActivationFunction, ActivationFunctionType.NONE),
    ],
  });
  return {
    tensors,
    operators: [
      { builtinCode: BuiltinOperator.CONCATENATION, inputs: outputIndices, outputs: [outputs], options: concatenateOnLastAxis() },
      {
        builtinCode: BuiltinOperator.FULLY_CONNECTED,
        inputs: [outputs, weights, -1], // no bias
        outputs: [irisZ],
        options: {
          type: BuiltinOptionsType.FullyConnectedOptions,
          fields: [int8Field(FullyConnectedOptionsField.fusedActivationFunction, ActivationFunctionType.NONE)],
        },
      },
      {
        builtinCode: BuiltinOperator.RESHAPE,
        inputs: [irisZ, irisZShape],
        outputs: [irisZ4d],
        options: { type: BuiltinOptionsType.ReshapeOptions, fields: [] },
      },
      {
        builtinCode: BuiltinOperator.CONCATENATION,
        inputs: [outputs, irisZ4d],
        outputs: [all],
        options: concatenateOnLastAxis(),
      },
      {
        builtinCode: BuiltinOperator.GATHER,
        inputs: [all, indices],
        outputs: [landmarks],
        options: { type: BuiltinOptionsType.GatherOptions, fields: [int32Field(GatherOptionsField.axis, lastAxis)] },
      },
    ],
    outputs: [landmarks, faceFlag],
  };
}

function assertShape(tensor: TfliteTensor, expected: readonly number[]): void {
  if (tensor.shape.join('x') !== expected.join('x') || tensor.type !== TensorType.FLOAT32) {
    throw new Error(`tensor ${tensor.name}: expected float32 ${expected.join('x')}, got ${tensor.shape.join('x')}`);
  }
}
