/// <reference lib="webworker" />
// onnxruntime-web as the generate and enhance workers start it (one runtime, one wasm for both).
import * as ort from 'onnxruntime-web/webgpu';

const appRoot = new URL(/* @vite-ignore */ '../', self.location.href).href;

let configured = false;
export function configureRuntime(): void {
  if (configured) return;
  configured = true;
  // Threads need cross-origin isolation (SharedArrayBuffer); ORT defaults to 1 on 2 cores.
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
}

/** A model from public/models/ (the service worker answers from its cache offline). */
export async function loadModel(name: string, what: string): Promise<Uint8Array> {
  const response = await fetch(new URL(`models/${name}`, appRoot));
  if (!response.ok) throw new Error(`Could not load the ${what} (${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}
