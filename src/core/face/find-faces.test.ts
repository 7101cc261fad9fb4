import { describe, expect, it } from 'vitest';
import { cropPointToImage, landmarkCrop } from './crop.ts';
import { DEFAULT_TILE_PLAN } from './tiling.ts';
import { findFaces, scaleFace, SMALL_FACE_SEARCH, smallFaceTiles, type CropFace, type FaceFinderPorts, type FoundFace } from './find-faces.ts';
import type { Box } from './geometry.ts';
import type { Crop } from './crop.ts';

/** A fake world with faces at known places: the detector sees a face when it is in its range. */
function fakePorts(
  faces: Box[],
  options: { landmarkerSees?: (face: Box) => boolean; score?: number; wobble?: number; smallest?: number } = {},
): FaceFinderPorts {
  let looks = 0;
  const detectTile = (tile: Box) =>
    faces
      .filter(
        (f) =>
          f.x >= tile.x && f.y >= tile.y && f.x + f.width <= tile.x + tile.width && f.y + f.height <= tile.y + tile.height &&
          f.width >= (options.smallest ?? 0.1) * tile.width && f.width <= 0.75 * tile.width,
      )
      .map((f) => ({ ...f, score: options.score ?? 0.95 }));
  return {
    async detectTiles(tiles: Box[]) {
      return tiles.map(detectTile);
    },
    async landmarkCrop(crop: Crop): Promise<CropFace[]> {
      const shift = (looks++ % 2) * (options.wobble ?? 0);
      return faces
        .filter((f) => options.landmarkerSees?.(f) ?? true)
        .filter((f) => f.x >= crop.x && f.y >= crop.y && f.x + f.width <= crop.x + crop.width && f.y + f.height <= crop.y + crop.height)
        .map((f) => ({
          // 478 points spread over the face box, in the crop's normalised coordinates; `wobble`
          // moves them by that fraction of the face on every other look, as texture does.
          points: Array.from({ length: 478 }, (_, i) => ({
            x: (f.x + ((i % 22) / 21) * f.width + shift * f.width - crop.x) / crop.width,
            y: (f.y + (Math.floor(i / 22) / 21) * f.height - crop.y) / crop.height,
            z: 0.01,
          })),
          matrix: Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0)),
        }));
    },
  };
}

describe('findFaces', () => {
  it('finds a large face and a small one the whole-image pass cannot see', async () => {
    const faces = [
      { x: 100, y: 100, width: 400, height: 400 },
      { x: 1300, y: 900, width: 50, height: 50 },
    ];
    const found = await findFaces(1600, 1200, fakePorts(faces), { tooSmallBelow: 40 });
    expect(found).toHaveLength(2);
    expect(found[0]!.landmarks).toHaveLength(478);
    expect(found[1]!.box.x).toBeCloseTo(1300);
    expect(found.every((f) => !f.tooSmall)).toBe(true);
  });

  it('numbers faces left to right', async () => {
    const faces = [
      { x: 900, y: 100, width: 200, height: 200 },
      { x: 100, y: 150, width: 200, height: 200 },
    ];
    const found = await findFaces(1200, 600, fakePorts(faces), { tooSmallBelow: 40 });
    expect(found.map((f) => Math.round(f.box.x))).toEqual([100, 900]);
  });

  it('drops detections the landmarker does not confirm, but reports tiny faces as too small', async () => {
    const faces = [
      { x: 100, y: 100, width: 300, height: 300 },
      { x: 900, y: 700, width: 30, height: 30 },
      { x: 600, y: 100, width: 150, height: 150 },
    ];
    const found = await findFaces(1200, 900, fakePorts(faces, { landmarkerSees: (f) => f.width >= 300 }), {
      tooSmallBelow: 40,
    });
    expect(found).toHaveLength(2);
    const tiny = found.find((f) => f.tooSmall)!;
    expect(tiny.box.width).toBeCloseTo(30);
    expect(tiny.landmarks).toEqual([]);
  });

  it('keeps an unsure detection only when a second look gives the same landmarks', async () => {
    const faces = [{ x: 100, y: 100, width: 200, height: 200 }];
    const steady = await findFaces(800, 600, fakePorts(faces, { score: 0.7 }), { tooSmallBelow: 40 });
    expect(steady).toHaveLength(1);
    const wobbly = await findFaces(800, 600, fakePorts(faces, { score: 0.7, wobble: 0.3 }), { tooSmallBelow: 40 });
    expect(wobbly).toHaveLength(0);
    const sure = await findFaces(800, 600, fakePorts(faces, { score: 0.95, wobble: 0.3 }), { tooSmallBelow: 40 });
    expect(sure).toHaveLength(1);
  });

  it('reports its progress over every tile', async () => {
    const seen: [number, number][] = [];
    await findFaces(1600, 1200, { ...fakePorts([]), progress: (done, total) => seen.push([done, total]) }, { tooSmallBelow: 40 });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)![0]).toBe(seen.at(-1)![1]);
    expect(seen.every(([done], i) => i === 0 || done > seen[i - 1]![0])).toBe(true);
  });

  it('reports the faces of the whole-image pass first, and keeps them as they were in the final list', async () => {
    const faces = [
      { x: 900, y: 300, width: 400, height: 400 },
      { x: 100, y: 900, width: 50, height: 50 },
    ];
    const events: string[] = [];
    const reports: FoundFace[][] = [];
    const ports: FaceFinderPorts = {
      ...fakePorts(faces),
      progress: (done, total) => events.push(`progress ${done}/${total}`),
      firstFaces: (found) => (reports.push(found), events.push('first')),
    };
    const found = await findFaces(1600, 1200, ports, { tooSmallBelow: 40 });
    expect(reports).toHaveLength(1);
    expect(reports[0]!).toHaveLength(1);
    const early = reports[0]![0]!;
    expect(early.box.x).toBeCloseTo(900);
    expect(early.landmarks).toHaveLength(478);
    // Reported after the whole-image tile, before the rest of the tiles.
    expect(events.slice(0, 3)).toEqual([expect.stringMatching(/^progress 0\//), expect.stringMatching(/^progress 1\//), 'first']);
    expect(found).toHaveLength(2);
    expect(found).toContain(early);
    expect(found[1]!.landmarks).toBe(early.landmarks);
  });

  it('reports no first faces when the whole-image pass finds none, and an unconfirmed one never', async () => {
    const reports: FoundFace[][] = [];
    const small = [{ x: 100, y: 100, width: 60, height: 60 }];
    expect(await findFaces(1600, 1200, { ...fakePorts(small), firstFaces: (f) => reports.push(f) }, { tooSmallBelow: 40 })).toHaveLength(1);
    const unsure = [{ x: 100, y: 100, width: 400, height: 400 }];
    const wobbly = { ...fakePorts(unsure, { score: 0.7, wobble: 0.3 }), firstFaces: (f: FoundFace[]) => reports.push(f) };
    expect(await findFaces(1600, 1200, wobbly, { tooSmallBelow: 40 })).toHaveLength(0);
    expect(reports).toEqual([]);
  });

  it('never shows the search complete before the faces are landmarked', async () => {
    const faces = Array.from({ length: 6 }, (_, i) => ({ x: 100 + i * 220, y: 500, width: 120, height: 120 }));
    const seen: [number, number][] = [];
    let landmarked = 0;
    const base = fakePorts(faces);
    const ports: FaceFinderPorts = {
      ...base,
      landmarkCrop: async (crop) => (landmarked++, base.landmarkCrop(crop)),
      progress: (done, total) => {
        seen.push([done, total]);
        if (done === total) expect(landmarked).toBeGreaterThanOrEqual(faces.length);
      },
    };
    expect(await findFaces(1600, 1200, ports, { tooSmallBelow: 40 })).toHaveLength(6);
    expect(seen.filter(([done, total]) => done === total)).toHaveLength(1);
    expect(seen.every(([, total]) => total === seen[0]![1])).toBe(true);
  });

  it('finds nothing in a photo without faces, and stops when the checkpoint throws', async () => {
    expect(await findFaces(800, 600, fakePorts([]), { tooSmallBelow: 40 })).toEqual([]);
    const ports = { ...fakePorts([]), checkpoint: async () => Promise.reject(new Error('stop')) };
    await expect(findFaces(800, 600, ports, { tooSmallBelow: 40 })).rejects.toThrow('stop');
  });
});

describe('faces too small for the detector', () => {
  // Like MediaPipe's: blind to faces under 12% of the tile (25 px in the first plan's 250 px tiles).
  const sheet = (columns: number, rows: number, size: number, step: number) =>
    Array.from({ length: columns * rows }, (_, i) => ({ x: 10 + (i % columns) * step, y: 10 + Math.floor(i / columns) * step, width: size, height: size }));

  it('finds a sheet of 100 faces of 25 px in finer tiles and reports them all as too small', async () => {
    const faces = sheet(10, 10, 25, 40);
    const blind = await findFaces(420, 420, fakePorts(faces, { smallest: 0.12 }), { tooSmallBelow: 40 });
    expect(blind).toEqual([]);
    const seen: [number, number][] = [];
    const ports = { ...fakePorts(faces, { smallest: 0.12 }), progress: (done: number, total: number) => seen.push([done, total]) };
    const found = await findFaces(420, 420, ports, { tooSmallBelow: 40, smallFaces: SMALL_FACE_SEARCH });
    expect(found).toHaveLength(100);
    expect(found.every((f) => f.tooSmall && f.landmarks.length === 478)).toBe(true);
    expect(new Set(found.map((f) => `${Math.round(f.box.x)},${Math.round(f.box.y)}`)).size).toBe(100);
    // Progress: one total, reached once, at the end.
    expect(seen.every(([, total]) => total === seen[0]![1])).toBe(true);
    expect(seen.filter(([done, total]) => done === total)).toHaveLength(1);
    expect(seen.at(-1)![0]).toBe(seen.at(-1)![1]);
  });

  it('does not search again when a face large enough was found, nor in a large photo', async () => {
    let calls = 0;
    const counted = (ports: FaceFinderPorts): FaceFinderPorts => ({ ...ports, detectTiles: (tiles) => (calls++, ports.detectTiles(tiles)) });
    const withFace = [...sheet(3, 3, 25, 40), { x: 200, y: 200, width: 150, height: 150 }];
    const found = await findFaces(420, 420, counted(fakePorts(withFace, { smallest: 0.12 })), { tooSmallBelow: 40, smallFaces: SMALL_FACE_SEARCH });
    expect(found).toHaveLength(1);
    const firstCalls = calls;
    calls = 0;
    await findFaces(420, 420, counted(fakePorts([], { smallest: 0.12 })), { tooSmallBelow: 40, smallFaces: SMALL_FACE_SEARCH });
    expect(calls).toBeGreaterThan(firstCalls);
    expect(smallFaceTiles(420, 420, DEFAULT_TILE_PLAN, SMALL_FACE_SEARCH).length).toBeGreaterThan(0);
    expect(smallFaceTiles(1600, 1200, DEFAULT_TILE_PLAN, SMALL_FACE_SEARCH)).toEqual([]);
  });

  it('keeps only what the landmarker confirms', async () => {
    const faces = sheet(4, 1, 25, 40);
    const found = await findFaces(420, 420, fakePorts(faces, { smallest: 0.12, landmarkerSees: (f) => f.x < 30 }), {
      tooSmallBelow: 40,
      smallFaces: SMALL_FACE_SEARCH,
    });
    expect(found).toHaveLength(1);
  });
});

describe('crops and coordinates', () => {
  it('centres a square crop on the face with room around it', () => {
    const crop = landmarkCrop({ x: 100, y: 200, width: 100, height: 120 });
    expect(crop.width).toBeCloseTo(264);
    expect(crop.x + crop.width / 2).toBeCloseTo(150);
    expect(crop.y + crop.height / 2).toBeCloseTo(260);
    expect(crop.size).toBe(264);
    expect(landmarkCrop({ x: 0, y: 0, width: 20, height: 20 }).size).toBe(256);
    expect(landmarkCrop({ x: 0, y: 0, width: 900, height: 900 }).size).toBe(512);
  });

  it('maps normalised crop points to image pixels and scales faces to original pixels', () => {
    const crop = { x: 50, y: 80, width: 200, height: 200, size: 256 };
    expect(cropPointToImage({ x: 0.5, y: 0.25, z: -0.1 }, crop)).toEqual([150, 130, -20]);
    const face = { box: { x: 10, y: 20, width: 30, height: 40 }, score: 1, landmarks: [[1, 2, 3]] as [number, number, number][], tooSmall: false };
    expect(scaleFace(face, 2)).toEqual({ ...face, box: { x: 20, y: 40, width: 60, height: 80 }, landmarks: [[2, 4, 6]] });
  });
});
