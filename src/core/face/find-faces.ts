import { boundingBox, boxCenter, intersectionOverUnion, scaleBox, type Box, type ScoredBox } from './geometry.ts';
import { cropPointToImage, landmarkCrop, type Crop } from './crop.ts';
import { mergeDetections, touchesInnerTileEdge } from './merge.ts';
import { DEFAULT_TILE_PLAN, planTiles, type Tile, type TilePlanOptions } from './tiling.ts';

/** One face the landmarker found in a crop, in the crop's normalised coordinates. */
export interface CropFace {
  points: { x: number; y: number; z: number }[];
  matrix?: number[];
}

/** The detectors, injected so the search logic runs (and is tested) without MediaPipe. */
export interface FaceFinderPorts {
  /** Faces in one tile, as boxes in image pixels. */
  detectTile(tile: Tile): Promise<ScoredBox[]>;
  /** Landmarks of every face the landmarker sees in the crop. */
  landmarkCrop(crop: Crop): Promise<CropFace[]>;
  /** Awaited between steps: lets the worker take a cancel message, and may throw to stop. */
  checkpoint?(): Promise<void>;
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

/**
 * Finds every face: tiled detection at several scales, merging of duplicates, then landmarks on
 * a crop around each face. Detections the landmarker does not confirm are dropped (tiling finds
 * face-like texture), except tiny ones, which are kept and marked too small.
 */
export async function findFaces(width: number, height: number, ports: FaceFinderPorts, options: FindFacesOptions): Promise<FoundFace[]> {
  const detections: ScoredBox[] = [];
  for (const tile of planTiles(width, height, options.tiles ?? DEFAULT_TILE_PLAN)) {
    await ports.checkpoint?.();
    for (const box of await ports.detectTile(tile)) {
      if (!touchesInnerTileEdge(box, tile, width, height)) detections.push(box);
    }
  }

  const found: FoundFace[] = [];
  for (const detection of mergeDetections(detections)) {
    await ports.checkpoint?.();
    const tooSmall = Math.max(detection.width, detection.height) < options.tooSmallBelow;
    const crop = landmarkCrop(detection);
    const inCrop = (await ports.landmarkCrop(crop)).map((face) => ({
      points: face.points.map((p) => cropPointToImage(p, crop)),
      matrix: face.matrix,
    }));
    const points = pickFaceForDetection(inCrop.map((f) => f.points), detection);
    if (points) {
      const matrix = inCrop.find((f) => f.points === points)?.matrix;
      found.push({ box: detection, score: detection.score, landmarks: points, tooSmall, ...(matrix ? { matrix } : {}) });
    } else if (tooSmall) {
      found.push({ box: detection, score: detection.score, landmarks: [], tooSmall });
    }
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
