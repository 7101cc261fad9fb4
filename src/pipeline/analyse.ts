import { english } from '../i18n/english.ts';
import type { ImageReport } from './automation-contract.ts';
import type { Session } from './session.ts';

/** Open + find faces, as one report: what the CLI prints for each image (in English, as the CLI speaks). */
export async function analysePhoto(session: Session, file: Blob, name: string): Promise<ImageReport> {
  const opened = await session.open(file);
  if (!opened.ok) return { file: name, width: 0, height: 0, faces: [], error: english(opened.message) };
  const { width, height, display } = opened.value;
  display.close();
  const found = await session.faces();
  if (!found.ok) return { file: name, width, height, faces: [], error: english(found.message) };
  return { file: name, width, height, faces: found.value };
}
