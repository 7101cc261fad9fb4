import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ByteBuffer } from 'flatbuffers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_PATHS, buildModels, type BuiltOutput } from './build-models.ts';
import { TASK_MEMBERS, assembleFaceModels, type FaceModelFiles } from './face-model/face-models.ts';
import { readLegacyFaceModels, type LegacyFaceModels } from './face-model/legacy-assets.ts';
import { SELFIE_SEGMENTER_INPUT, buildSelfieSegmenter, readSelfieSegmentationModel } from './face-model/selfie-segmenter.ts';
import { readZipDirectory, storedMemberData } from './face-model/stored-zip.ts';
import { METADATA_FILE_IDENTIFIER, NormalizationOptionsField, ProcessUnitField, SubGraphMetadataField, TensorMetadataField } from './face-model/tflite-metadata.ts';
import { readTfliteMetadataBuffer, readTfliteModel } from './face-model/tflite-reader.ts';

const REPO = join(import.meta.dirname, '..');
const NODE_MODULES = join(REPO, 'node_modules');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));

describe('assembleFaceModels', () => {
  let legacy: LegacyFaceModels;
  let first: FaceModelFiles;
  let second: FaceModelFiles;
  beforeAll(() => {
    legacy = readLegacyFaceModels(NODE_MODULES);
    first = assembleFaceModels(legacy);
    second = assembleFaceModels(readLegacyFaceModels(NODE_MODULES));
  });

  it('is deterministic: two builds give identical bytes', () => {
    expect(sha256(second.faceDetector)).toBe(sha256(first.faceDetector));
    expect(sha256(second.faceLandmarksDetector)).toBe(sha256(first.faceLandmarksDetector));
    expect(sha256(second.faceLandmarkerTask)).toBe(sha256(first.faceLandmarkerTask));
  });

  it('bundles detector, landmarks model and geometry data, stored, in a fixed order', () => {
    const zip = first.faceLandmarkerTask;
    const entries = readZipDirectory(zip);
    expect(entries.map((e) => e.name)).toEqual([
      'face_detector.tflite',
      'face_landmarks_detector.tflite',
      'geometry_pipeline_metadata_landmarks.binarypb',
    ]);
    expect(entries.every((e) => e.method === 0)).toBe(true);
    const member = (name: string) => storedMemberData(zip, entries.find((e) => e.name === name)!);
    expect(same(member(TASK_MEMBERS.faceDetector), first.faceDetector)).toBe(true);
    expect(same(member(TASK_MEMBERS.faceLandmarksDetector), first.faceLandmarksDetector)).toBe(true);
    expect(same(member(TASK_MEMBERS.geometryPipelineMetadata), legacy.geometryPipelineMetadata)).toBe(true);
    // The prototype's bundle held 2,777,248 bytes; only metadata strings may differ by a few hundred.
    const content = entries.reduce((n, e) => n + e.uncompressedSize, 0);
    expect(Math.abs(content - 2_777_248)).toBeLessThan(1024);
  });

  it('gives both models metadata and the landmarks model its two outputs', () => {
    for (const model of [first.faceDetector, first.faceLandmarksDetector]) {
      const metadata = readTfliteMetadataBuffer(model, 'TFLITE_METADATA');
      expect(new TextDecoder().decode(metadata!.subarray(4, 8))).toBe('M001');
    }
    const sg = readTfliteModel(first.faceLandmarksDetector).subgraphs[0]!;
    expect(sg.outputs.map((i) => sg.tensors[i]!.shape)).toEqual([
      [1, 1, 1, 1434],
      [1, 1, 1, 1],
    ]);
  });
});

describe('buildSelfieSegmenter', () => {
  const original = readSelfieSegmentationModel(NODE_MODULES);
  const built = buildSelfieSegmenter(original);

  it('is deterministic and keeps the original model whole: only a new root and metadata are added', () => {
    expect(sha256(buildSelfieSegmenter(readSelfieSegmentationModel(NODE_MODULES)))).toBe(sha256(built));
    // The prepended root (flatbuffer-prepend) leaves the original bytes untouched at the end.
    expect(same(built.subarray(built.length - original.length), original)).toBe(true);
    expect(built.length - original.length).toBeLessThan(2048);
  });

  it('has one square RGB input and one single-channel mask of the same size', () => {
    const sg = readTfliteModel(built).subgraphs[0]!;
    const side = SELFIE_SEGMENTER_INPUT;
    expect(sg.inputs.map((i) => sg.tensors[i]!.shape)).toEqual([[1, side, side, 3]]);
    expect(sg.outputs.map((i) => sg.tensors[i]!.shape)).toEqual([[1, side, side, 1]]);
  });

  it('states the input normalization tasks-vision needs: RGB in [0, 1] (mean 0, std 255)', () => {
    const metadata = readTfliteMetadataBuffer(built, 'TFLITE_METADATA')!;
    expect(new TextDecoder().decode(metadata.subarray(4, 8))).toBe(METADATA_FILE_IDENTIFIER);
    const bb = new ByteBuffer(metadata);
    const root = bb.readInt32(bb.position()) + bb.position();
    const subgraph = vectorTables(bb, root, 3)[0]!; // ModelMetadata.subgraph_metadata
    const input = vectorTables(bb, subgraph, SubGraphMetadataField.inputTensorMetadata)[0]!;
    const unit = vectorTables(bb, input, TensorMetadataField.processUnits)[0]!;
    const options = bb.__indirect(unit + bb.__offset(unit, 4 + 2 * ProcessUnitField.options));
    const floats = (field: number) => {
      const at = options + bb.__offset(options, 4 + 2 * field);
      const start = bb.__vector(at);
      return Array.from({ length: bb.__vector_len(at) }, (_, i) => bb.readFloat32(start + 4 * i));
    };
    expect(floats(NormalizationOptionsField.mean)).toEqual([0]);
    expect(floats(NormalizationOptionsField.std)).toEqual([255]);
  });
});

/** The tables of a table's vector field (flatbuffers' generated-code accessors, by field id). */
function vectorTables(bb: ByteBuffer, table: number, field: number): number[] {
  const at = table + bb.__offset(table, 4 + 2 * field);
  const start = bb.__vector(at);
  return Array.from({ length: bb.__vector_len(at) }, (_, i) => bb.__indirect(start + 4 * i));
}

describe('buildModels', () => {
  // Two scratch project roots sharing this repository's node_modules.
  const roots: string[] = [];
  const lines: string[] = [];
  let results: BuiltOutput[][] = [];
  beforeAll(() => {
    for (let i = 0; i < 2; i++) {
      const root = mkdtempSync(join(tmpdir(), 'build-models-'));
      symlinkSync(NODE_MODULES, join(root, 'node_modules'), 'dir');
      roots.push(root);
    }
    // A leftover from an older tasks-vision must not survive a build.
    mkdirSync(join(roots[1]!, OUTPUT_PATHS.wasmDir), { recursive: true });
    writeFileSync(join(roots[1]!, OUTPUT_PATHS.wasmDir, 'stale.wasm'), 'old');
    results = roots.map((projectRoot) => buildModels({ projectRoot, log: (line) => lines.push(line) }));
  });
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('writes identical files in two runs and reports what it wrote', () => {
    expect(results[1]).toEqual(results[0]);
    for (const output of results[0]!) {
      const bytes = readFileSync(join(roots[0]!, output.path));
      expect(bytes.length).toBe(output.size);
      expect(sha256(bytes)).toBe(output.sha256);
    }
  });

  it('prints one line per output with its size and sha256', () => {
    expect(lines).toHaveLength(2 * results[0]!.length);
    results[0]!.forEach((output, i) => {
      expect(lines[i]).toContain(output.path);
      expect(lines[i]).toContain(String(output.size));
      expect(lines[i]).toContain(output.sha256);
    });
  });

  it('writes the models and the tasks-vision wasm the app loads, and nothing stale', () => {
    const paths = results[0]!.map((o) => o.path);
    expect(paths.slice(0, 6)).toEqual([
      OUTPUT_PATHS.faceDetector,
      OUTPUT_PATHS.faceLandmarkerTask,
      OUTPUT_PATHS.selfieSegmenter,
      OUTPUT_PATHS.generator,
      OUTPUT_PATHS.generatorFloor,
      OUTPUT_PATHS.enhance,
    ]);
    const wasm = readdirSync(join(NODE_MODULES, '@mediapipe/tasks-vision/wasm'))
      .filter((name) => name.startsWith('vision_wasm_module_internal.'))
      .sort();
    expect(wasm).toEqual(['vision_wasm_module_internal.js', 'vision_wasm_module_internal.wasm']);
    expect(readdirSync(join(roots[1]!, OUTPUT_PATHS.wasmDir)).sort()).toEqual(wasm);
    expect(paths.slice(6)).toEqual(wasm.map((name) => `${OUTPUT_PATHS.wasmDir}/${name}`));
    expect(existsSync(join(roots[1]!, OUTPUT_PATHS.wasmDir, 'stale.wasm'))).toBe(false);
  });
});
