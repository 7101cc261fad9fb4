import type { KinoraAutomation } from './automation-contract.ts';
import { analysePhoto } from './analyse.ts';
import { FaceFinder } from './detect/client.ts';

async function fetchBlob(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.blob();
}

/** `window.kinora`: the same pipeline as the UI, for the CLI, the bench and tests. */
export function installAutomation(finder: FaceFinder): void {
  const automation: KinoraAutomation = {
    async detectUrl(url, name) {
      try {
        return await analysePhoto(finder, await fetchBlob(url), name);
      } catch (error) {
        return { file: name, width: 0, height: 0, faces: [], error: String((error as Error).message ?? error) };
      }
    },
    async benchDetect(url, runs) {
      const blob = await fetchBlob(url);
      // A fresh worker, so the cold start includes wasm and model loading.
      const cold = new FaceFinder();
      try {
        const start = performance.now();
        const opened = await cold.openPhoto(blob);
        if (!opened.ok) throw new Error(opened.message);
        opened.value.display.close();
        const first = await cold.findFaces();
        if (!first.ok) throw new Error(first.message);
        const coldMs = performance.now() - start;
        const warmMs: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await cold.findFaces();
          warmMs.push(performance.now() - t);
        }
        return { coldMs, warmMs };
      } finally {
        cold.dispose();
      }
    },
  };
  window.kinora = automation;
}
