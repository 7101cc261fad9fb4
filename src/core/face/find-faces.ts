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
  /**
   * Steps of the search done so far, of all: one per tile, then a share for the landmarks of
   * the candidates (`done` reaches `total` only when the list is complete).
   */
  progress?(done: number, total: number): void;
  /**
   * Called at most once, before the tiled search for the rest, with the faces the whole-image
   * pass found and the landmarker confirmed (never with none). Each of them is in the final
   * list, the same object (same box, score and landmarks); the order may change.
   */
  firstFaces?(faces: FoundFace[]): void;
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
  /**
   * The search for faces too small for the detector (see SMALL_FACE_SEARCH), run when the
   * tiled search finds no face large enough to animate; omitted: never.
   */
  smallFaces?: SmallFaceSearch;
}

/**
 * The detector does not see a face under about 12% of its input (15 of 128 px), so the tile plan
 * stops at faces of `minFace` (30 px): a sheet of 25 px faces looks empty. When nothing large
 * enough was found, the photo is searched again in finer tiles, each drawn larger into the
 * detector: the photo upscaled, tile by tile (a 83 px tile is drawn 1.5x into the detector's
 * 128 px, a 25 px face fills 30% of it). What that finds must get landmarks (from a crop drawn
 * larger too) and is reported as too small to animate, so the page can say so rather than "no
 * face". Only for photos small enough that the finer plan has at most `maxTiles` tiles (about
 * a megapixel); the levels the first search covered are not searched again.
 */
export interface SmallFaceSearch {
  plan: TilePlanOptions;
  maxTiles: number;
}

export const SMALL_FACE_SEARCH: SmallFaceSearch = {
  plan: { minFace: 10, smallestFraction: 0.12, largestFraction: 0.75 },
  maxTiles: 400,
};

/** The finer tiles of the search for small faces (empty when the photo is too large for it). */
export function smallFaceTiles(width: number, height: number, firstPlan: TilePlanOptions, search: SmallFaceSearch): Tile[] {
  // Tiles of this side and under are where the first plan stopped: finer ones are new.
  const firstFinest = firstPlan.minFace / firstPlan.smallestFraction;
  const tiles = planTiles(width, height, search.plan).filter((tile) => tile.level > 0 && tile.width <= firstFinest);
  return tiles.length <= search.maxTiles ? tiles : [];
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

/** The landmark steps' share of the progress, in tiles: landmarking costs about a third of the tiled search. */
const landmarkSteps = (tiles: number) => Math.max(1, Math.ceil(tiles / 3));

/** Detections at least this close (IoU) to a face of the first pass are that face. */
const SAME_FACE_IOU = 0.3;

/**
 * Landmarks for a detection, confirmed as the search requires: a face the landmarker does not
 * see is dropped (unless tiny: kept, marked too small), an unsure one must look the same twice.
 */
async function faceOfDetection(
  ports: FaceFinderPorts,
  detection: ScoredBox,
  options: FindFacesOptions,
  needLandmarks = false,
): Promise<FoundFace | undefined> {
  const tooSmall = Math.max(detection.width, detection.height) < options.tooSmallBelow;
  const points = await landmarksOfDetection(ports, detection, landmarkCrop(detection));
  if (points && (detection.score >= CONFIDENT_SCORE || (await confirmedBySecondLook(ports, detection, points.landmarks)))) {
    return { box: detection, score: detection.score, tooSmall, ...points };
  }
  if (tooSmall && !points && !needLandmarks) return { box: detection, score: detection.score, landmarks: [], tooSmall };
  return undefined;
}

/**
 * Finds every face: tiled detection at several scales, merging of duplicates, then landmarks on
 * a crop around each face. Detections the landmarker does not confirm, twice, are dropped (tiling
 * finds face-like texture), except tiny ones, which are kept and marked too small.
 *
 * The whole image (the plan's first level, one tile) is searched first and its faces, once
 * confirmed, go to `ports.firstFaces` at once; they are kept as they are in the final list.
 */
export async function findFaces(width: number, height: number, ports: FaceFinderPorts, options: FindFacesOptions): Promise<FoundFace[]> {
  const plan = options.tiles ?? DEFAULT_TILE_PLAN;
  const tiles = planTiles(width, height, plan);
  const fine = options.smallFaces ? smallFaceTiles(width, height, plan, options.smallFaces) : [];
  // The search for small faces, when the photo allows one, has its share from the start, so
  // that `done` reaches `total` only once, at the end, whether it runs or not.
  const total = tiles.length + landmarkSteps(tiles.length) + (fine.length ? fine.length + landmarkSteps(fine.length) : 0);
  let reported = -1;
  const progress = (done: number) => {
    if (done > reported) ports.progress?.((reported = done), total);
  };
  const detections: ScoredBox[] = [];
  const search = async (batch: Tile[]): Promise<ScoredBox[]> => {
    const found = await ports.detectTiles(batch);
    const kept: ScoredBox[] = [];
    batch.forEach((tile, i) => {
      for (const box of found[i]!) if (!touchesInnerTileEdge(box, tile, width, height)) kept.push(box);
    });
    detections.push(...kept);
    return kept;
  };

  // The first pass: the whole image, downscaled into the detector once.
  progress(0);
  const whole = tiles.filter((tile) => tile.level === 0);
  const rest = tiles.filter((tile) => tile.level !== 0);
  await ports.checkpoint?.();
  const early: FoundFace[] = [];
  for (const detection of mergeDetections(await search(whole))) {
    await ports.checkpoint?.();
    const face = await faceOfDetection(ports, detection, options);
    if (face?.landmarks.length) early.push(face);
  }
  const first = dropDuplicateFaces(early, early);
  progress(whole.length);
  if (first.length) ports.firstFaces?.(orderForReading([...first]));

  // Then the tiled search for the rest.
  for (let start = 0; start < rest.length; start += TILE_BATCH) {
    await ports.checkpoint?.();
    const batch = rest.slice(start, start + TILE_BATCH);
    await search(batch);
    progress(whole.length + start + batch.length);
  }

  const found: FoundFace[] = [];
  const claimed = new Set<FoundFace>();
  const candidates = mergeDetections(detections);
  for (const [i, detection] of candidates.entries()) {
    await ports.checkpoint?.();
    // A face the first pass found is kept as it was reported.
    const known = first.find((face) => !claimed.has(face) && intersectionOverUnion(face.box, detection) >= SAME_FACE_IOU);
    if (known) {
      claimed.add(known);
      found.push(known);
    } else {
      const face = await faceOfDetection(ports, detection, options);
      if (face) found.push(face);
    }
    if (i + 1 < candidates.length) progress(tiles.length + Math.floor(((i + 1) * landmarkSteps(tiles.length)) / candidates.length));
  }
  for (const face of first) if (!claimed.has(face)) found.push(face);
  let result = dropDuplicateFaces(found, first);
  if (fine.length && !result.some((face) => !face.tooSmall)) {
    result = await withSmallFaces(width, height, result, fine, ports, options, (done) => progress(tiles.length + landmarkSteps(tiles.length) + done));
  }
  progress(total);
  return orderForReading(result);
}

/**
 * The search for small faces (SmallFaceSearch) over `fine` tiles: faces under the too-small
 * size that the landmarker confirms, added to `found` (where one was found already, as a bare
 * box, the new one, with landmarks, takes its place).
 */
async function withSmallFaces(
  width: number,
  height: number,
  found: FoundFace[],
  fine: Tile[],
  ports: FaceFinderPorts,
  options: FindFacesOptions,
  progress: (done: number) => void,
): Promise<FoundFace[]> {
  const detections: ScoredBox[] = [];
  for (let start = 0; start < fine.length; start += TILE_BATCH) {
    await ports.checkpoint?.();
    const batch = fine.slice(start, start + TILE_BATCH);
    const boxes = await ports.detectTiles(batch);
    batch.forEach((tile, i) => {
      for (const box of boxes[i]!) if (!touchesInnerTileEdge(box, tile, width, height)) detections.push(box);
    });
    progress(start + batch.length);
  }
  const small: FoundFace[] = [];
  const candidates = mergeDetections(detections).filter((d) => Math.max(d.width, d.height) < options.tooSmallBelow);
  for (const [i, detection] of candidates.entries()) {
    await ports.checkpoint?.();
    const face = await faceOfDetection(ports, detection, options, true);
    if (face) small.push({ ...face, tooSmall: true });
    progress(fine.length + Math.floor(((i + 1) * landmarkSteps(fine.length)) / candidates.length));
  }
  const kept = dropDuplicateFaces(small, []);
  return [...kept, ...found.filter((old) => !kept.some((face) => intersectionOverUnion(face.box, old.box) >= SAME_FACE_IOU))];
}

/** Two detections can lead the landmarker to the same face; keep the better one (a face already reported first wins). */
function dropDuplicateFaces(faces: FoundFace[], reported: readonly FoundFace[]): FoundFace[] {
  const extent = (f: FoundFace) => (f.landmarks.length ? boundingBox(f.landmarks) : f.box);
  const kept: FoundFace[] = [];
  const rank = (f: FoundFace) => (reported.includes(f) ? 1 : 0);
  for (const face of [...faces].sort((a, b) => rank(b) - rank(a) || b.score - a.score)) {
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
