// Builds the person (figure/ground) segmentation model for tasks-vision's ImageSegmenter from the
// legacy `@mediapipe/selfie_segmentation` package. Pure and deterministic: the same package gives
// identical bytes.
//
// The package ships two models: `selfie_segmentation.tflite` (the general one, 256x256 input) and
// `selfie_segmentation_landscape.tflite` (144x256, for 16:9 video calls). The general model is the
// one for photos: portraits are nearer square than 16:9, and the app letterboxes the photo into
// its square input. Input RGB scaled to [0, 1]; one output channel, the person's probability
// (the graph ends in a LOGISTIC op, so tasks-vision's default activation NONE is right).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildImageModelMetadata } from './tflite-metadata.ts';
import { patchTfliteModel } from './tflite-patch.ts';
import { readTfliteModel } from './tflite-reader.ts';
import { TFLITE_METADATA_ENTRY_NAME } from './tflite-schema.ts';

export const SELFIE_SEGMENTATION_MODEL = '@mediapipe/selfie_segmentation/selfie_segmentation.tflite';

/** Input side of the general selfie segmentation model (square). */
export const SELFIE_SEGMENTER_INPUT = 256;

export function readSelfieSegmentationModel(nodeModules: string): Uint8Array {
  return new Uint8Array(readFileSync(join(nodeModules, SELFIE_SEGMENTATION_MODEL)));
}

/** The general selfie segmentation model with the TFLite metadata tasks-vision requires. */
export function buildSelfieSegmenter(original: Uint8Array): Uint8Array {
  const model = readTfliteModel(original);
  if (model.subgraphs.length !== 1) throw new Error(`expected one subgraph, found ${model.subgraphs.length}`);
  const subgraph = model.subgraphs[0]!;
  const [input, ...extraInputs] = subgraph.inputs.map((i) => subgraph.tensors[i]!);
  const [output, ...extraOutputs] = subgraph.outputs.map((i) => subgraph.tensors[i]!);
  const side = SELFIE_SEGMENTER_INPUT;
  // The contract the worker relies on: one square RGB input, one single-channel mask of the same size.
  if (!input || extraInputs.length || input.shape.join('x') !== `1x${side}x${side}x3`) {
    throw new Error(`selfie segmentation input ${input?.shape.join('x')}, expected 1x${side}x${side}x3`);
  }
  if (!output || extraOutputs.length || output.shape.join('x') !== `1x${side}x${side}x1`) {
    throw new Error(`selfie segmentation output ${output?.shape.join('x')}, expected 1x${side}x${side}x1`);
  }
  const metadata = buildImageModelMetadata({
    name: 'selfie_segmenter',
    description: 'MediaPipe selfie segmentation, general 256x256 model (@mediapipe/selfie_segmentation) with TFLite metadata.',
    version: '1',
    author: 'Google (MediaPipe); metadata added by Kinora build-models',
    license: 'Apache-2.0',
    inputTensorName: input.name,
    normalization: { mean: [0], std: [255] },
    outputTensorNames: [output.name],
  });
  const patched = patchTfliteModel(original, { metadata });
  const entries = readTfliteModel(patched).metadata.filter((m) => m.name === TFLITE_METADATA_ENTRY_NAME);
  if (entries.length !== 1) throw new Error(`expected one ${TFLITE_METADATA_ENTRY_NAME} entry, found ${entries.length}`);
  return patched;
}
