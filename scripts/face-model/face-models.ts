// Assembles the MediaPipe Tasks face models from the legacy model files, in memory. Pure and
// deterministic: identical inputs give identical bytes.
import type { LegacyFaceModels } from './legacy-assets.ts';
import {
  FACE_FLAG_OUTPUT_NAME,
  LANDMARKS_OUTPUT_NAME,
  REFINED_LANDMARK_COUNT,
  landmarkRefinementExtension,
} from './landmark-refinement.ts';
import { createStoredZip } from './stored-zip.ts';
import { buildImageModelMetadata } from './tflite-metadata.ts';
import { patchTfliteModel } from './tflite-patch.ts';
import { readTfliteModel, type TfliteModel } from './tflite-reader.ts';
import { TFLITE_METADATA_ENTRY_NAME } from './tflite-schema.ts';

export interface FaceModelFiles {
  /** For tasks-vision FaceDetector. */
  faceDetector: Uint8Array;
  /** The landmark model inside the landmarker bundle. */
  faceLandmarksDetector: Uint8Array;
  /** For tasks-vision FaceLandmarker: stored zip of detector, landmarks model, geometry data. */
  faceLandmarkerTask: Uint8Array;
}

/** Member names MediaPipe's FaceLandmarker looks up inside the `.task` bundle. */
export const TASK_MEMBERS = {
  faceDetector: 'face_detector.tflite',
  faceLandmarksDetector: 'face_landmarks_detector.tflite',
  geometryPipelineMetadata: 'geometry_pipeline_metadata_landmarks.binarypb',
} as const;

const AUTHOR = 'Google (MediaPipe); metadata and refinement added by Kinora build-models';
const LICENSE = 'Apache-2.0';

export function assembleFaceModels(legacy: LegacyFaceModels): FaceModelFiles {
  const faceDetector = buildFaceDetector(legacy.faceDetectionShortRange);
  const faceLandmarksDetector = buildFaceLandmarksDetector(legacy.faceLandmarkWithAttention);
  const faceLandmarkerTask = createStoredZip([
    { name: TASK_MEMBERS.faceDetector, data: faceDetector },
    { name: TASK_MEMBERS.faceLandmarksDetector, data: faceLandmarksDetector },
    { name: TASK_MEMBERS.geometryPipelineMetadata, data: legacy.geometryPipelineMetadata },
  ]);
  return { faceDetector, faceLandmarksDetector, faceLandmarkerTask };
}

/** BlazeFace short range: input pixels scaled to [-1, 1]. */
export function buildFaceDetector(original: Uint8Array): Uint8Array {
  const subgraph = firstSubgraph(readTfliteModel(original));
  const metadata = buildImageModelMetadata({
    name: 'face_detector',
    description: 'BlazeFace short-range face detector (@mediapipe/face_detection) with TFLite metadata.',
    version: '1',
    author: AUTHOR,
    license: LICENSE,
    inputTensorName: tensorName(subgraph, subgraph.inputs[0]),
    normalization: { mean: [127.5], std: [127.5] },
    outputTensorNames: subgraph.outputs.map((i) => tensorName(subgraph, i)),
  });
  const patched = patchTfliteModel(original, { metadata });
  assertHasMetadata(patched);
  return patched;
}

/** Face mesh with attention, merged in-graph to 478 landmarks; input pixels scaled to [0, 1]. */
export function buildFaceLandmarksDetector(original: Uint8Array): Uint8Array {
  const model = readTfliteModel(original);
  const subgraph = firstSubgraph(model);
  const metadata = buildImageModelMetadata({
    name: 'face_landmarks_detector',
    description:
      'face_landmark_with_attention (@mediapipe/face_mesh) with lips/eyes/irises merged in-graph into 478 landmarks.',
    version: '1',
    author: AUTHOR,
    license: LICENSE,
    inputTensorName: tensorName(subgraph, subgraph.inputs[0]),
    normalization: { mean: [0], std: [255] },
    outputTensorNames: [LANDMARKS_OUTPUT_NAME, FACE_FLAG_OUTPUT_NAME],
  });
  const patched = patchTfliteModel(original, { metadata, graphExtension: landmarkRefinementExtension(model) });

  // Cheap self-check of the contract FaceLandmarker relies on.
  assertHasMetadata(patched);
  const result = firstSubgraph(readTfliteModel(patched));
  const shapes = result.outputs.map((i) => result.tensors[i]!.shape.join('x'));
  const expected = [`1x1x1x${3 * REFINED_LANDMARK_COUNT}`, '1x1x1x1'];
  if (shapes.join(',') !== expected.join(',')) throw new Error(`landmark outputs ${shapes.join(',')}, expected ${expected.join(',')}`);
  return patched;
}

function firstSubgraph(model: TfliteModel) {
  if (model.subgraphs.length !== 1) throw new Error(`expected one subgraph, found ${model.subgraphs.length}`);
  return model.subgraphs[0]!;
}

function tensorName(subgraph: TfliteModel['subgraphs'][number], index: number | undefined): string {
  const tensor = index === undefined ? undefined : subgraph.tensors[index];
  if (!tensor) throw new Error(`no tensor ${index}`);
  return tensor.name;
}

function assertHasMetadata(model: Uint8Array): void {
  const entries = readTfliteModel(model).metadata.filter((m) => m.name === TFLITE_METADATA_ENTRY_NAME);
  if (entries.length !== 1) throw new Error(`expected one ${TFLITE_METADATA_ENTRY_NAME} entry, found ${entries.length}`);
}
