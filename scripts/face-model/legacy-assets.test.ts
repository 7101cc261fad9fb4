import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACE_DETECTION_SHORT_RANGE, FACE_MESH_DATA, FACE_MESH_LOADER, PackedAssets, parsePackedFileTable } from './legacy-assets.ts';
import { readTfliteModel } from './tflite-reader.ts';

const NODE_MODULES = join(import.meta.dirname, '..', '..', 'node_modules');

describe('parsePackedFileTable', () => {
  it('reads the byte ranges of the installed face_mesh loader', () => {
    const table = parsePackedFileTable(readFileSync(join(NODE_MODULES, FACE_MESH_LOADER), 'utf8'));
    expect(table.packageSize).toBe(3986256);
    expect(table.files.map((f) => [f.path.split('/').at(-1), f.start, f.end])).toEqual([
      ['face_landmark_with_attention.tflite', 0, 2495952],
      ['face_landmark.tflite', 2495952, 3737848],
      ['geometry_pipeline_metadata_landmarks.binarypb', 3737848, 3757224],
      ['face_detection_short_range.tflite', 3757224, 3986256],
    ]);
  });

  it('rejects loaders without a table or with out-of-bounds ranges', () => {
    expect(() => parsePackedFileTable('var x = 1;')).toThrow(/loadPackage/);
    expect(() =>
      parsePackedFileTable('loadPackage({"files": [{"filename": "/a", "start": 0, "end": 9}], "remote_package_size": 5});'),
    ).toThrow(/out of bounds/);
    expect(() => parsePackedFileTable('loadPackage({"files": [{"filename": "/a"}], "remote_package_size": 5});')).toThrow(
      /malformed/,
    );
  });
});

describe('PackedAssets', () => {
  const assets = PackedAssets.load(join(NODE_MODULES, FACE_MESH_DATA), join(NODE_MODULES, FACE_MESH_LOADER));

  it('extracts TFLite models that parse, and the same detector the face_detection package ships', () => {
    const attention = readTfliteModel(assets.file('face_landmark_with_attention.tflite'));
    expect(attention.subgraphs[0]!.outputs).toHaveLength(7);
    const detector = assets.file('face_detection_short_range.tflite');
    expect(Buffer.from(detector).equals(readFileSync(join(NODE_MODULES, FACE_DETECTION_SHORT_RANGE)))).toBe(true);
    expect(assets.file('geometry_pipeline_metadata_landmarks.binarypb')).toHaveLength(19376);
  });

  it('refuses unknown names', () => {
    expect(() => assets.file('face_landmarker.task')).toThrow(/found 0/);
  });
});
