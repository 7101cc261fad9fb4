/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import type { ScoredBox } from '../../src/core/face/geometry.ts';
import type { Tile } from '../../src/core/face/tiling.ts';
import type { TileDetectWorkerApi } from '../tile-detect.worker.ts';
import { TileDetector } from './mediapipe.ts';

interface Helper {
  worker: Worker;
  api: Comlink.Remote<TileDetectWorkerApi>;
  /** The photo the helper holds. */
  photo?: ImageBitmap;
}

/**
 * Detector inference is the cost of the tiled search, so it runs on two cores: this worker's
 * detector takes half of each batch of tiles, a helper worker's the other half. Without a
 * second core, or if the helper fails to start, everything runs here.
 */
export class TileSearch {
  private constructor(
    private readonly local: TileDetector,
    private helper: Helper | undefined,
  ) {}

  /** `wasm`: MediaPipe's wasm, compiled once, for the helper too. */
  static async create(model: Uint8Array, wasm?: WebAssembly.Module): Promise<TileSearch> {
    const local = TileDetector.create(model);
    const helper = (navigator.hardwareConcurrency ?? 1) >= 2 ? await startHelper(model, wasm) : undefined;
    return new TileSearch(await local, helper);
  }

  async detectTiles(photo: ImageBitmap, tiles: Tile[]): Promise<ScoredBox[][]> {
    const helper = this.helper;
    if (!helper || tiles.length < 2) return tiles.map((tile) => this.local.detect(photo, tile));
    if (helper.photo !== photo) {
      const copy = await createImageBitmap(photo);
      await helper.api.setPhoto(Comlink.transfer(copy, [copy]));
      helper.photo = photo;
    }
    const remoteTiles = tiles.filter((_, i) => i % 2 === 1);
    const remote = helper.api.detectTiles(remoteTiles);
    const local = tiles.filter((_, i) => i % 2 === 0).map((tile) => this.local.detect(photo, tile));
    let remoteResults: ScoredBox[][];
    try {
      remoteResults = await remote;
    } catch {
      // The helper is gone (e.g. out of memory): finish its share here and carry on alone.
      this.dispose();
      remoteResults = remoteTiles.map((tile) => this.local.detect(photo, tile));
    }
    return tiles.map((_, i) => (i % 2 === 0 ? local[i / 2]! : remoteResults[(i - 1) / 2]!));
  }

  dispose(): void {
    this.helper?.worker.terminate();
    this.helper = undefined;
  }
}

async function startHelper(model: Uint8Array, wasm?: WebAssembly.Module): Promise<Helper | undefined> {
  const worker = new Worker(new URL('../tile-detect.worker.ts', import.meta.url), { type: 'module', name: 'kinora-tiles' });
  const api = Comlink.wrap<TileDetectWorkerApi>(worker);
  try {
    await api.init(model, wasm);
    return { worker, api };
  } catch {
    worker.terminate();
    return undefined;
  }
}
