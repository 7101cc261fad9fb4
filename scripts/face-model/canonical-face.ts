// Generates src/core/face/canonical/canonical-face.ts: MediaPipe's canonical face mesh (the
// neutral face its geometry pipeline fits to every detection), in the app's image-like
// convention and eye-span units, plus the 10 iris points MediaPipe's refinement adds.
//   npx tsx scripts/face-model/canonical-face.ts
// Only the npm package already in node_modules is read: no network, identical output every run.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLegacyFaceModels } from './legacy-assets.ts';
import {
  messageField,
  readMessage,
  repeatedFloatField,
  repeatedVarintField,
  varintField,
  WireType,
} from './canonical-face-protobuf.ts';

export const CANONICAL_FACE_MODULE = 'src/core/face/canonical/canonical-face.ts';

/**
 * Field numbers of mediapipe/modules/face_geometry/protos/{geometry_pipeline_metadata,mesh_3d}.proto.
 * Note: canonical_mesh is field 1 and input_source field 3 (checked against the packaged file).
 */
const GeometryPipelineMetadataField = { canonicalMesh: 1, procrustesLandmarkBasis: 2, inputSource: 3 } as const;
const Mesh3dField = { vertexType: 1, primitiveType: 2, vertexBuffer: 3, indexBuffer: 4 } as const;
const WeightedLandmarkRefField = { landmarkId: 1, weight: 2 } as const;
/** Mesh3d enums: VERTEX_PT (position + texture coordinate = 5 floats), TRIANGLE. */
const VERTEX_PT = 0;
const TRIANGLE = 0;
const FLOATS_PER_VERTEX = 5;

export const MESH_VERTEX_COUNT = 468;
export const IRIS_POINT_COUNT = 10;

/** Eye contours (16 points each) whose centre is the iris centre, as MediaPipe's refinement uses. */
export const RIGHT_EYE_CONTOUR = [33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173] as const;
export const LEFT_EYE_CONTOUR = [263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398] as const;
/**
 * Iris radius in the canonical mesh's units (centimetres): the 11.8 mm human iris diameter
 * MediaPipe's iris depth estimation assumes. It comes out at ~0.066 eye-spans, which matches the
 * radius of real detections (e.g. 7.6 px on a 118.6 px eye-span).
 */
const IRIS_RADIUS_CM = 0.59;
/**
 * The 4 boundary points after each centre (469-472, 474-477) as detections order them: image
 * right, up, image left, down (checked on a real detection, same for both eyes).
 */
const IRIS_BOUNDARY_DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0],
  [0, -1],
  [-1, 0],
  [0, 1],
];

type Point3 = [number, number, number];
type Triangle = [number, number, number];

export interface CanonicalMesh {
  /** x right, y up, z toward the viewer, centimetres (MediaPipe's canonical metric space). */
  positions: Point3[];
  /** Texture coordinates of each vertex. */
  uvs: [number, number][];
  triangles: Triangle[];
  /** [landmark, weight]: the rigid points MediaPipe's Procrustes pose fit weighs (relative weights). */
  procrustesWeights: [number, number][];
}

/** Reads the canonical mesh out of a serialized GeometryPipelineMetadata. */
export function readCanonicalMesh(geometryPipelineMetadata: Uint8Array): CanonicalMesh {
  const metadata = readMessage(geometryPipelineMetadata);
  const meshBytes = messageField(metadata, GeometryPipelineMetadataField.canonicalMesh);
  if (!meshBytes) throw new Error('GeometryPipelineMetadata has no canonical_mesh');
  const mesh = readMessage(meshBytes);
  if (varintField(mesh, Mesh3dField.vertexType) !== VERTEX_PT) throw new Error('canonical mesh vertices are not VERTEX_PT');
  if (varintField(mesh, Mesh3dField.primitiveType) !== TRIANGLE) throw new Error('canonical mesh is not a triangle list');
  const vertexBuffer = repeatedFloatField(mesh, Mesh3dField.vertexBuffer);
  const indexBuffer = repeatedVarintField(mesh, Mesh3dField.indexBuffer);
  if (vertexBuffer.length % FLOATS_PER_VERTEX !== 0) throw new Error(`vertex buffer of ${vertexBuffer.length} floats`);
  if (indexBuffer.length % 3 !== 0) throw new Error(`index buffer of ${indexBuffer.length} indices`);
  const vertexCount = vertexBuffer.length / FLOATS_PER_VERTEX;
  const positions: Point3[] = [];
  const uvs: [number, number][] = [];
  for (let v = 0; v < vertexCount; v++) {
    const o = v * FLOATS_PER_VERTEX;
    positions.push([vertexBuffer[o]!, vertexBuffer[o + 1]!, vertexBuffer[o + 2]!]);
    uvs.push([vertexBuffer[o + 3]!, vertexBuffer[o + 4]!]);
  }
  const triangles: Triangle[] = [];
  for (let i = 0; i < indexBuffer.length; i += 3) {
    const triangle: Triangle = [indexBuffer[i]!, indexBuffer[i + 1]!, indexBuffer[i + 2]!];
    if (triangle.some((index) => index >= vertexCount)) throw new Error(`triangle ${i / 3} indexes past the vertices`);
    triangles.push(triangle);
  }
  const procrustesWeights = metadata
    .filter((f) => f.field === GeometryPipelineMetadataField.procrustesLandmarkBasis)
    .map((f): [number, number] => {
      if (f.wireType !== WireType.lengthDelimited) throw new Error('procrustes_landmark_basis is not a message');
      const ref = readMessage(f.value);
      const landmark = varintField(ref, WeightedLandmarkRefField.landmarkId);
      const weight = repeatedFloatField(ref, WeightedLandmarkRefField.weight);
      if (landmark >= vertexCount || weight.length !== 1) throw new Error(`bad procrustes landmark ${landmark}`);
      return [landmark, weight[0]!];
    });
  return { positions, uvs, triangles, procrustesWeights };
}

export interface CanonicalFace {
  /** 478 points: x right, y down, z away from the viewer; eye-span 1, centred between 33 and 263. */
  points: Point3[];
  triangles: Triangle[];
  procrustesWeights: [number, number][];
}

/** Converts the metric canonical mesh to the app's convention and appends the iris points. */
export function buildCanonicalFace(mesh: CanonicalMesh): CanonicalFace {
  if (mesh.positions.length !== MESH_VERTEX_COUNT) {
    throw new Error(`canonical mesh has ${mesh.positions.length} vertices, expected ${MESH_VERTEX_COUNT}`);
  }
  // Image-like axes: flipping y and z keeps the frame right-handed (a rotation by 180° about x).
  const flipped = mesh.positions.map(([x, y, z]): Point3 => [x, -y, -z]);
  const right = flipped[33]!;
  const left = flipped[263]!;
  const eyeSpan = Math.hypot(right[0] - left[0], right[1] - left[1], right[2] - left[2]);
  const centre: Point3 = [(right[0] + left[0]) / 2, (right[1] + left[1]) / 2, (right[2] + left[2]) / 2];
  const normalise = (p: Point3): Point3 => [
    (p[0] - centre[0]) / eyeSpan,
    (p[1] - centre[1]) / eyeSpan,
    (p[2] - centre[2]) / eyeSpan,
  ];
  const points = flipped.map(normalise);
  const irisRadius = IRIS_RADIUS_CM / eyeSpan;
  for (const contour of [RIGHT_EYE_CONTOUR, LEFT_EYE_CONTOUR]) {
    // Like the refinement, the iris lies at the contour's centre and mean depth.
    const irisCentre = mean(contour.map((index) => points[index]!));
    points.push(irisCentre);
    for (const [dx, dy] of IRIS_BOUNDARY_DIRECTIONS) {
      points.push([irisCentre[0] + dx * irisRadius, irisCentre[1] + dy * irisRadius, irisCentre[2]]);
    }
  }
  return {
    points,
    triangles: mesh.triangles.map((t): Triangle => [t[0], t[1], t[2]]),
    procrustesWeights: mesh.procrustesWeights.map(([i, w]): [number, number] => [i, w]),
  };
}

/** Decimals kept in the generated module: 1e-6 eye-spans is far below any visible difference. */
const DECIMALS = 6;

/** The TypeScript source of the generated module. */
export function renderCanonicalFaceModule(face: CanonicalFace): string {
  const number = (value: number) => {
    const rounded = Number(value.toFixed(DECIMALS));
    return Object.is(rounded, -0) ? '0' : String(rounded);
  };
  const pointLines = face.points.map((p, i) => `  [${p.map(number).join(', ')}], // ${i}`);
  const triangleLines: string[] = [];
  const TRIANGLES_PER_LINE = 8;
  for (let i = 0; i < face.triangles.length; i += TRIANGLES_PER_LINE) {
    const row = face.triangles.slice(i, i + TRIANGLES_PER_LINE).map((t) => `[${t.join(', ')}]`);
    triangleLines.push(`  ${row.join(', ')},`);
  }
  return [
    '// GENERATED by scripts/face-model/canonical-face.ts from @mediapipe/face_mesh',
    '// (geometry_pipeline_metadata_landmarks.binarypb). Do not edit; regenerate with',
    '//   npx tsx scripts/face-model/canonical-face.ts',
    '// MediaPipe canonical face mesh, Apache-2.0, Copyright The MediaPipe Authors.',
    '',
    '/**',
    ' * The neutral face MediaPipe fits to its detections: 478 landmarks in a pose-free face space with',
    ' * x right and y down as seen in the image and z away from the viewer, in eye-spans',
    ' * (|p33 - p263| = 1), centred between the outer eye corners 33 and 263. Points 468-477 are the',
    ' * irises (centre, then image right, up, image left, down), added at the eye contours\' centres.',
    ' */',
    'export const CANONICAL_FACE: readonly [number, number, number][] = [',
    ...pointLines,
    '];',
    '',
    '/** Triangles of the canonical mesh (indices into CANONICAL_FACE, mesh points 0-467 only). */',
    'export const CANONICAL_TRIANGLES: readonly [number, number, number][] = [',
    ...triangleLines,
    '];',
    '',
    '/**',
    ' * [landmark, weight] of the rigid points MediaPipe weighs when fitting the canonical face to a',
    ' * detection (its facial transformation matrix); relative weights.',
    ' */',
    'export const CANONICAL_PROCRUSTES_WEIGHTS: readonly [number, number][] = [',
    ...face.procrustesWeights.map(([i, w]) => `  [${i}, ${number(w)}],`),
    '];',
    '',
  ].join('\n');
}

/** Reads node_modules and returns the module source. */
export function generateCanonicalFaceModule(nodeModulesDir: string): string {
  const metadata = readLegacyFaceModels(nodeModulesDir).geometryPipelineMetadata;
  return renderCanonicalFaceModule(buildCanonicalFace(readCanonicalMesh(metadata)));
}

function mean(points: readonly Point3[]): Point3 {
  const sum: Point3 = [0, 0, 0];
  for (const p of points) for (let k = 0; k < 3; k++) sum[k] = sum[k]! + p[k]!;
  return [sum[0] / points.length, sum[1] / points.length, sum[2] / points.length];
}

const runDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const target = join(root, CANONICAL_FACE_MODULE);
  writeFileSync(target, generateCanonicalFaceModule(join(root, 'node_modules')));
  console.log(`wrote ${CANONICAL_FACE_MODULE}`);
}
