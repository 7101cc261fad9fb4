/**
 * What `kinora animate` writes next to the animation: the JSON report (--report) and the
 * frames as PNG files (--frames). The --out file comes ready-made from the page.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnimateResult } from '../src/pipeline/automation-contract.ts';

type Report = AnimateResult['report'];

/** The --report file: exactly these keys, in this order; coordinates in output-frame pixels. */
export interface AnimateReportJson {
  driver: string;
  /** 1-based face number, as `kinora detect` numbers them. */
  face: number;
  width: number;
  height: number;
  fps: number;
  backend: string;
  timings: Report['timings'];
  /** 478 source landmarks [x, y]. */
  source: [number, number][];
  /** Per frame, 478 target landmarks [x, y]. */
  targets: [number, number][][];
  /** Every animated face (one, or everyone with --face all): number, driver, phase, landmarks. */
  faces: Report['faces'];
  /** With --enhance, when the model ran: the region (photo pixels), ms, backend. */
  enhanced?: Report['enhanced'];
}

export function reportJson(report: Report): AnimateReportJson {
  return {
    driver: report.driver,
    face: report.face,
    width: report.width,
    height: report.height,
    fps: report.fps,
    backend: report.backend,
    timings: report.timings,
    source: report.source,
    targets: report.targets,
    faces: report.faces.map(({ face, driver, phase, source, targets }) => ({ face, driver, phase, source, targets })),
    ...(report.enhanced ? { enhanced: report.enhanced } : {}),
  };
}

export async function writeReport(file: string, report: Report): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(reportJson(report)) + '\n');
}

/** frame-0001.png, frame-0002.png, ... (at least 4 digits). */
export function frameFileName(index: number): string {
  return `frame-${String(index + 1).padStart(4, '0')}.png`;
}

const FRAME_FILE = /^frame-(\d+)\.png$/;

/**
 * Writes the base64 PNG frames into `dir` (created if needed). Returns the names of older
 * frame files in `dir` that were not overwritten (left from a longer animation), which the
 * caller should warn about; nothing is deleted.
 */
export async function writeFrames(dir: string, framesBase64: readonly string[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names = new Set<string>();
  for (const [i, b64] of framesBase64.entries()) {
    const name = frameFileName(i);
    names.add(name);
    await writeFile(path.join(dir, name), Buffer.from(b64, 'base64'));
  }
  return (await readdir(dir)).filter((f) => FRAME_FILE.test(f) && !names.has(f)).sort();
}
