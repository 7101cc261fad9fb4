/// <reference lib="webworker" />
import '../src/pipeline/network-guard.ts';
import { exposeSupervised } from '../src/pipeline/worker-bridge.ts';
import type { ScoredBox } from '../src/core/face/geometry.ts';
import type { Tile } from '../src/core/face/tiling.ts';
import { TileDetector, useCompiledWasm } from './detect/mediapipe.ts';

/**
 * A second face detector on the other core: the detect worker hands it half of the tiles.
 * Started and fed only by the detect worker.
 */
export interface TileDetectWorkerApi {
  /** `wasm`: MediaPipe's wasm as the detect worker compiled it (else fetched and compiled here). */
  init(detectorModel: Uint8Array, wasm?: WebAssembly.Module): Promise<void>;
  setPhoto(photo: ImageBitmap): void;
  detectTiles(tiles: Tile[]): ScoredBox[][];
}

let detector: Promise<TileDetector> | undefined;
let detectorReady: TileDetector | undefined;
let photo: ImageBitmap | undefined;

const api: TileDetectWorkerApi = {
  async init(model, wasm) {
    if (wasm) useCompiledWasm(wasm);
    detector ??= TileDetector.create(model);
    detectorReady = await detector;
  },
  setPhoto(next) {
    photo?.close();
    photo = next;
  },
  detectTiles(tiles) {
    if (!detectorReady || !photo) throw new Error('The tile detector has no model or photo yet.');
    return tiles.map((tile) => detectorReady!.detect(photo!, tile));
  },
};

exposeSupervised(api);
