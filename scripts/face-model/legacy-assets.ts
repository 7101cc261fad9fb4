// Reads model files out of the legacy MediaPipe "solutions" npm packages. @mediapipe/face_mesh
// ships its models concatenated in an emscripten file-packager blob; the accompanying loader
// script ends with `loadPackage({"files": [{filename, start, end}...], "remote_package_size": N})`,
// which is parsed here rather than hard-coding byte ranges that a package update could move.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PackedFile {
  /** Path inside the emscripten file system, e.g. /third_party/.../face_landmark.tflite. */
  path: string;
  start: number;
  end: number;
}

export interface PackedFileTable {
  files: PackedFile[];
  packageSize: number;
}

export const FACE_MESH_DATA = '@mediapipe/face_mesh/face_mesh_solution_packed_assets.data';
export const FACE_MESH_LOADER = '@mediapipe/face_mesh/face_mesh_solution_packed_assets_loader.js';
export const FACE_DETECTION_SHORT_RANGE = '@mediapipe/face_detection/face_detection_short_range.tflite';

/** Parses the file table literal passed to `loadPackage(...)` in an emscripten loader script. */
export function parsePackedFileTable(loaderSource: string): PackedFileTable {
  const call = 'loadPackage(';
  const start = loaderSource.lastIndexOf(call);
  const end = loaderSource.indexOf(');', start);
  if (start < 0 || end < start) throw new Error('loader has no loadPackage({...}) call');
  let table: unknown;
  try {
    table = JSON.parse(loaderSource.slice(start + call.length, end));
  } catch (error) {
    throw new Error(`loadPackage argument is not JSON: ${String(error)}`);
  }
  if (!isRecord(table) || !Array.isArray(table.files) || typeof table.remote_package_size !== 'number') {
    throw new Error('loadPackage argument lacks files / remote_package_size');
  }
  const files = table.files.map((file: unknown): PackedFile => {
    if (!isRecord(file) || typeof file.filename !== 'string' || !isIndex(file.start) || !isIndex(file.end)) {
      throw new Error(`malformed file entry ${JSON.stringify(file)}`);
    }
    if (file.end < file.start || file.end > Number(table.remote_package_size)) {
      throw new Error(`file ${file.filename} range ${file.start}..${file.end} out of bounds`);
    }
    return { path: file.filename, start: file.start, end: file.end };
  });
  return { files, packageSize: table.remote_package_size };
}

/** Reads a packed blob and its loader, checking that they belong together. */
export class PackedAssets {
  private constructor(
    private readonly data: Uint8Array,
    readonly table: PackedFileTable,
  ) {}

  static load(dataPath: string, loaderPath: string): PackedAssets {
    const data = new Uint8Array(readFileSync(dataPath));
    const table = parsePackedFileTable(readFileSync(loaderPath, 'utf8'));
    if (data.length !== table.packageSize) {
      throw new Error(`${dataPath} is ${data.length} bytes, its loader expects ${table.packageSize}`);
    }
    return new PackedAssets(data, table);
  }

  /** The file whose path ends with `/${basename}` (a copy). */
  file(basename: string): Uint8Array {
    const matches = this.table.files.filter((f) => f.path.endsWith(`/${basename}`));
    if (matches.length !== 1) throw new Error(`expected one packed file named ${basename}, found ${matches.length}`);
    const { start, end } = matches[0]!;
    return this.data.slice(start, end);
  }
}

/** The legacy model files this build needs, read from `node_modules`. */
export interface LegacyFaceModels {
  faceDetectionShortRange: Uint8Array;
  faceLandmarkWithAttention: Uint8Array;
  geometryPipelineMetadata: Uint8Array;
}

export function readLegacyFaceModels(nodeModulesDir: string): LegacyFaceModels {
  const faceMesh = PackedAssets.load(join(nodeModulesDir, FACE_MESH_DATA), join(nodeModulesDir, FACE_MESH_LOADER));
  return {
    faceDetectionShortRange: new Uint8Array(readFileSync(join(nodeModulesDir, FACE_DETECTION_SHORT_RANGE))),
    // Not face_landmark.tflite: without the attention heads its z output is unusable.
    faceLandmarkWithAttention: faceMesh.file('face_landmark_with_attention.tflite'),
    geometryPipelineMetadata: faceMesh.file('geometry_pipeline_metadata_landmarks.binarypb'),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isIndex = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
