/// <reference lib="webworker" />
// onnxruntime-web as the generate and enhance workers start it (one runtime, one wasm for both).
import * as ort from 'onnxruntime-web/webgpu';

const appRoot = new URL(/* @vite-ignore */ '../', self.location.href).href;

let configured = false;
/**
 * `spareCores`: cores left to other work running alongside (the generator leaves one to the warp
 * worker, the encoder and the page: on 2 cores a second ORT thread only fought them, and a
 * group's GIF took 8-10 % longer).
 */
function configureRuntime(spareCores: number): void {
  if (configured) return;
  configured = true;
  // Threads need cross-origin isolation (SharedArrayBuffer).
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 1) - spareCores)) : 1;
}

/** A model from public/models/ (the service worker answers from its cache offline). */
export async function loadModel(name: string, what: string): Promise<Uint8Array> {
  const response = await fetch(new URL(`models/${name}`, appRoot));
  if (!response.ok) throw new Error(`Could not load the ${what} (${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * A session for `model` on the first of `backends` that starts here (WebGPU only where the browser
 * has it); `what` names the model in the error when none does. The worker's first session sets its
 * threads (see configureRuntime).
 */
export async function startSession<B extends 'webgpu' | 'wasm'>(model: Uint8Array, backends: readonly B[], what: string, spareCores = 0): Promise<{ session: ort.InferenceSession; backend: B }> {
  configureRuntime(spareCores);
  let lastError: unknown;
  for (const backend of backends) {
    if (backend === 'webgpu' && !('gpu' in navigator)) continue;
    try {
      return { session: await ort.InferenceSession.create(model, { executionProviders: [backend], graphOptimizationLevel: 'all' }), backend };
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`The ${what} could not start: ${String((lastError as Error)?.message ?? lastError)}`);
}
