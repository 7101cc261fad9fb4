import type { ImageReport } from './automation-contract.ts';
import type { FaceFinder } from './detect/client.ts';

/** Open + find faces, as one report: what the CLI prints for each image. */
export async function analysePhoto(finder: FaceFinder, file: Blob, name: string): Promise<ImageReport> {
  const opened = await finder.openPhoto(file);
  if (!opened.ok) return { file: name, width: 0, height: 0, faces: [], error: opened.message };
  const { width, height, display } = opened.value;
  display.close();
  const found = await finder.findFaces();
  if (!found.ok) return { file: name, width, height, faces: [], error: found.message };
  return { file: name, width, height, faces: found.value };
}
