/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { WorkerBridge } from '../../src/pipeline/worker-bridge.ts';
import type { LiveFace } from '../../src/pipeline/generate/contract.ts';
import type { PreparedWarp, WarpedFrame, WarpRequest, WarpWorkerApi } from '../warp.worker.ts';

/** A frame done with, going back to be filled again: its buffers only (moved, not copied). */
const handedBack = (frame: WarpedFrame): WarpedFrame => Comlink.transfer({ ...frame, targets: [] }, [frame.grid.buffer, frame.base.buffer, frame.keep.buffer]);

const transferables = (request: WarpRequest): Transferable[] => [request.photo, ...(request.finer ? [request.finer] : []), ...(request.person ? [request.person.buffer as ArrayBuffer] : [])];

/** The generate worker's side of the warp worker (started on first use, kept for the worker's life). */
export class Warp {
  private readonly bridge = new WorkerBridge<WarpWorkerApi>(() => new Worker(new URL('../warp.worker.ts', import.meta.url), { type: 'module', name: 'kinora-warp' }), 'warp');

  prepare(request: WarpRequest): Promise<PreparedWarp> {
    return this.bridge.api.prepare(Comlink.transfer(request, transferables(request)));
  }

  /**
   * The inputs of the frames `indices`, in order, each asked for as the one before is taken: the
   * warp makes frame i + 1 while the caller synthesises frame i. A frame is the caller's until
   * it takes the next one; its buffers then go back to be filled again.
   */
  async *frames(indices: readonly number[]): AsyncGenerator<WarpedFrame> {
    const api = this.bridge.api;
    let spare: WarpedFrame | undefined;
    let next: Promise<WarpedFrame> | undefined = indices.length ? api.frame(indices[0]!) : undefined;
    try {
      for (let k = 0; next; k++) {
        const frame = await next;
        next = undefined;
        if (k + 1 < indices.length) {
          next = api.frame(indices[k + 1]!, spare && handedBack(spare));
        }
        yield frame;
        spare = frame;
      }
    } finally {
      // Stopped early (cancelled): the frame asked for ahead is not wanted.
      next?.catch(() => undefined);
    }
  }

  /** Live mode: the inputs of one frame of the faces' driver frames; `spare` (a frame done with) is filled again. */
  frameOf(faces: LiveFace[], spare?: WarpedFrame): Promise<WarpedFrame> {
    return this.bridge.api.frameOf(faces, spare && handedBack(spare));
  }

  dispose(): void {
    this.bridge.dispose();
  }
}
