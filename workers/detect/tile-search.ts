/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { WorkerBridge } from '../../src/pipeline/worker-bridge.ts';
import type { ScoredBox } from '../../src/core/face/geometry.ts';
import type { Tile } from '../../src/core/face/tiling.ts';
import type { TileDetectWorkerApi } from '../tile-detect.worker.ts';
import { TileDetector } from './mediapipe.ts';

interface Helper {
  /** Supervised: a helper that dies silently fails its share, which then runs here. */
  bridge: WorkerBridge<TileDetectWorkerApi>;
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
    const remoteTiles = tiles.filter((_, i) => i % 2 === 1);
    const remote = (async () => {
      if (helper.photo !== photo) {
        const copy = await createImageBitmap(photo);
        await helper.bridge.api.setPhoto(Comlink.transfer(copy, [copy]));
        helper.photo = photo;
      }
      return helper.bridge.api.detectTiles(remoteTiles);
    })();
    // Settled below; a failure meanwhile is no unhandled rejection.
    remote.catch(() => undefined);
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
    this.helper?.bridge.dispose();
    this.helper = undefined;
  }
}

async function startHelper(model: Uint8Array, wasm?: WebAssembly.Module): Promise<Helper | undefined> {
  const bridge = new WorkerBridge<TileDetectWorkerApi>(
    () => new Worker(new URL('../tile-detect.worker.ts', import.meta.url), { type: 'module', name: 'kinora-tiles' }),
    'second face finder',
  );
  try {
    await bridge.api.init(model, wasm);
    return { bridge };
  } catch {
    bridge.dispose();
    return undefined;
  }
}
