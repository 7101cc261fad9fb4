import { boundingBox, boxCenter, intersectionOverUnion, scaleBox, type Box, type ScoredBox } from './geometry.ts';
import { cropPointToImage, landmarkCrop, type Crop } from './crop.ts';
import { mergeDetections, touchesInnerTileEdge } from './merge.ts';
import { interOcularDistance, meanDistance } from './landmark-indices.ts';
import { DEFAULT_TILE_PLAN, planTiles, type Tile, type TilePlanOptions } from './tiling.ts';

/** One face the landmarker found in a crop, in the crop's normalised coordinates. */
export interface CropFace {
  points: { x: number; y: number; z: number }[];
  matrix?: number[];
}

/** The detectors, injected so the search logic runs (and is tested) without MediaPipe. */
export interface FaceFinderPorts {
  /** Faces in each tile of a batch, as boxes in image pixels. */
  detectTiles(tiles: Tile[]): Promise<ScoredBox[][]>;
  /** Landmarks of every face the landmarker sees in the crop. */
  landmarkCrop(crop: Crop): Promise<CropFace[]>;
  /** Awaited between steps: lets the worker take a cancel message, and may throw to stop. */
  checkpoint?(): Promise<void>;
  /** Tiles searched so far, of all. */
  progress?(done: number, total: number): void;
}

export interface FoundFace {
  box: Box;
  score: number;
  /** 478 points in image pixels; empty for a face too small to get landmarks. */
  landmarks: [number, number, number][];
  matrix?: number[];
  tooSmall: boolean;
}

export interface FindFacesOptions {
  tiles?: TilePlanOptions;
  /** Faces whose side is below this many image pixels are reported as too small to animate. */
  tooSmallBelow: number;
}

/** The landmarks belong to the detected face when their centre lies inside its (grown) box. */
function pickFaceForDetection(faces: [number, number, number][][], detection: Box): [number, number, number][] | undefined {
  const grown = scaleAbout(detection, 1.5);
  const [dx, dy] = boxCenter(detection);
  let best: [number, number, number][] | undefined;
  let bestDistance = Infinity;
  for (const points of faces) {
    const [cx, cy] = boxCenter(boundingBox(points));
    const inside = cx >= grown.x && cx <= grown.x + grown.width && cy >= grown.y && cy <= grown.y + grown.height;
    const distance = Math.hypot(cx - dx, cy - dy);
    if (inside && distance < bestDistance) {
      best = points;
      bestDistance = distance;
    }
  }
  return best;
}

function scaleAbout(b: Box, factor: number): Box {
  const [cx, cy] = boxCenter(b);
  return { x: cx - (b.width * factor) / 2, y: cy - (b.height * factor) / 2, width: b.width * factor, height: b.height * factor };
}

/** Tiles per detector call batch: small enough that a cancel is taken within ~50 ms. */
const TILE_BATCH = 16;

const RECHECK_CONTEXT = 2.8;
/** The recheck crop's centre moves by this fraction of the face size, up and to the left. */
const RECHECK_SHIFT = -0.1;
/** Mean landmark distance between the two looks, in inter-ocular distances. Measured on the
 *  fixtures: real faces 0.005-0.05, chair wickerwork 0.31. */
const MAX_RECHECK_DISAGREEMENT = 0.15;

/** Detections this sure need no second look (false ones on the fixtures scored 0.52-0.73). */
const CONFIDENT_SCORE = 0.9;

function shifted(b: Box, fraction: number): Box {
  return { ...b, x: b.x + fraction * b.width, y: b.y + fraction * b.height };
}

/** A second look from another crop: a real face gives the same landmarks, texture does not. */
async function confirmedBySecondLook(ports: FaceFinderPorts, detection: Box, landmarks: [number, number, number][]): Promise<boolean> {
  const again = await landmarksOfDetection(ports, detection, landmarkCrop(shifted(detection, RECHECK_SHIFT), RECHECK_CONTEXT));
  return !!again && meanDistance(landmarks, again.landmarks) <= MAX_RECHECK_DISAGREEMENT * interOcularDistance(landmarks);
}

async function landmarksOfDetection(
  ports: FaceFinderPorts,
  detection: Box,
  crop: Crop,
): Promise<{ landmarks: [number, number, number][]; matrix?: number[] } | undefined> {
  const faces = (await ports.landmarkCrop(crop)).map((face) => ({
    landmarks: face.points.map((p) => cropPointToImage(p, crop)),
    matrix: face.matrix,
  }));
  const landmarks = pickFaceForDetection(faces.map((f) => f.landmarks), detection);
  const matrix = faces.find((f) => f.landmarks === landmarks)?.matrix;
  return landmarks && { landmarks, ...(matrix ? { matrix } : {}) };
}

/**
 * Finds every face: tiled detection at several scales, merging of duplicates, then landmarks on
 * a crop around each face. Detections the landmarker does not confirm, twice, are dropped (tiling
 * finds face-like texture), except tiny ones, which are kept and marked too small.
 */
export async function findFaces(width: number, height: number, ports: FaceFinderPorts, options: FindFacesOptions): Promise<FoundFace[]> {
  const detections: ScoredBox[] = [];
  const tiles = planTiles(width, height, options.tiles ?? DEFAULT_TILE_PLAN);
  for (let start = 0; start < tiles.length; start += TILE_BATCH) {
    await ports.checkpoint?.();
    const batch = tiles.slice(start, start + TILE_BATCH);
    const found = await ports.detectTiles(batch);
    batch.forEach((tile, i) => {
      for (const box of found[i]!) if (!touchesInnerTileEdge(box, tile, width, height)) detections.push(box);
    });
    ports.progress?.(start + batch.length, tiles.length);
  }

  const found: FoundFace[] = [];
  for (const detection of mergeDetections(detections)) {
    await ports.checkpoint?.();
    const tooSmall = Math.max(detection.width, detection.height) < options.tooSmallBelow;
    const points = await landmarksOfDetection(ports, detection, landmarkCrop(detection));
    if (points && (detection.score >= CONFIDENT_SCORE || (await confirmedBySecondLook(ports, detection, points.landmarks)))) {
      found.push({ box: detection, score: detection.score, tooSmall, ...points });
      continue;
    }
    if (tooSmall && !points) found.push({ box: detection, score: detection.score, landmarks: [], tooSmall });
  }
  return orderForReading(dropDuplicateFaces(found));
}

/** Two detections can lead the landmarker to the same face; keep the better one. */
function dropDuplicateFaces(faces: FoundFace[]): FoundFace[] {
  const extent = (f: FoundFace) => (f.landmarks.length ? boundingBox(f.landmarks) : f.box);
  const kept: FoundFace[] = [];
  for (const face of [...faces].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => intersectionOverUnion(extent(k), extent(face)) > 0.4)) kept.push(face);
  }
  return kept;
}

/** Faces are numbered left to right, as people read a group photo. */
function orderForReading(faces: FoundFace[]): FoundFace[] {
  return faces.sort((a, b) => boxCenter(a.box)[0] - boxCenter(b.box)[0]);
}

/** Scales every coordinate of a found face, e.g. from a downscaled working copy to original pixels. */
export function scaleFace(face: FoundFace, factor: number): FoundFace {
  return {
    ...face,
    box: scaleBox(face.box, factor),
    landmarks: face.landmarks.map(([x, y, z]) => [x * factor, y * factor, z * factor] as [number, number, number]),
  };
}
