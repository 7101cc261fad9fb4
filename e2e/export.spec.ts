import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { findDriver } from '../src/core/drivers/registry.ts';
import { animatedMark } from '../src/core/encode/mark.ts';
import type { ExportOptions, ExportResult } from '../src/pipeline/automation-contract.ts';
import { ANIMATION_NOTE } from '../src/pipeline/export/contract.ts';
import { expect, fixtures, openApp, test } from './helpers.ts';

// 743x1155: at 256 px it is 165 px wide, so the MP4 (yuv420p) must drop a column.
const PHOTO = join(fixtures, 'photos', 'painting_mona-lisa.jpg');
const SIZE = 256;
const DRIVER = findDriver('nod')!;
const outputs = mkdtempSync(join(tmpdir(), 'kinora-export-'));

/** Exports the fixture through window.kinora and writes the file; returns the result and the path. */
async function exportPhoto(page: Page, options: ExportOptions, name: string): Promise<{ result: ExportResult; path: string }> {
  const result = await page.evaluate((options) => window.kinora!.exportUrl('/__test/photo', 'mona-lisa.jpg', options), options);
  const path = join(outputs, `${name}.${result.extension}`);
  writeFileSync(path, Buffer.from(result.base64, 'base64'));
  return { result, path };
}

async function openExporter(page: Page): Promise<void> {
  await page.route('**/__test/photo', (route) => route.fulfill({ path: PHOTO, contentType: 'image/jpeg' }));
  await openApp(page);
  await page.waitForFunction(() => typeof window.kinora?.exportUrl === 'function');
}

/** One decoded frame as RGB24, by ffmpeg (it composes GIF frames onto the canvas). */
function decodedFrame(path: string, index: number): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-vf', `select=eq(n\\,${index})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 64 << 20 });
}

/** Mean absolute difference of two RGB24 frames inside the mark's box and outside it. */
function markDifference(a: Buffer, b: Buffer, width: number, height: number): { inside: number; outside: number } {
  const mark = animatedMark(width, height);
  const sums = { inside: 0, outside: 0 };
  const counts = { inside: 0, outside: 0 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const where = x >= mark.x && x < mark.x + mark.width && y >= mark.y && y < mark.y + mark.height ? 'inside' : 'outside';
      for (let c = 0; c < 3; c++) {
        const i = 3 * (y * width + x) + c;
        sums[where] += Math.abs(a[i]! - b[i]!);
        counts[where]++;
      }
    }
  }
  return { inside: sums.inside / counts.inside, outside: sums.outside / counts.outside };
}

/** The MP4's top-level boxes, in file order. */
function topLevelBoxes(bytes: Buffer): string[] {
  const boxes: string[] = [];
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    let size = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
    if (size === 0) size = bytes.length - offset;
    if (size < 8) throw new Error(`bad box size ${size} at ${offset}`);
    boxes.push(type);
    offset += size;
  }
  return boxes;
}

test('an MP4 export is H.264 yuv420p, even-sized, fast-start, noted as synthetic, and marked', async ({ page }) => {
  test.setTimeout(180_000);
  await openExporter(page);
  const { result, path } = await exportPhoto(page, { format: 'mp4', size: SIZE, driver: DRIVER.id }, 'marked');
  expect(result).toMatchObject({ mimeType: 'video/mp4', extension: 'mp4', frames: DRIVER.frames.length, width: 164, height: 256 });
  expect(result.encodeMs).toBeGreaterThan(0);

  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path], { encoding: 'utf8' }));
  const [video, ...others] = probe.streams;
  expect(others).toHaveLength(0);
  expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 164, height: 256, r_frame_rate: `${DRIVER.fps}/1` });
  expect(Number(video.nb_frames)).toBe(DRIVER.frames.length);
  expect(probe.format.tags.comment).toBe(ANIMATION_NOTE);
  const boxes = topLevelBoxes(Buffer.from(result.base64, 'base64'));
  expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
  expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));

  const plain = await exportPhoto(page, { format: 'mp4', size: SIZE, driver: DRIVER.id, mark: false }, 'plain');
  const middle = DRIVER.frames.length >> 1;
  const difference = markDifference(decodedFrame(path, middle), decodedFrame(plain.path, middle), 164, 256);
  expect(difference.inside).toBeGreaterThan(20);
  expect(difference.outside).toBeLessThan(1.5);
});

test('a GIF export loops forever with every frame, the note as its comment, and the mark', async ({ page }) => {
  test.setTimeout(180_000);
  await openExporter(page);
  const { result, path } = await exportPhoto(page, { format: 'gif', size: SIZE, driver: DRIVER.id }, 'marked');
  expect(result).toMatchObject({ mimeType: 'image/gif', extension: 'gif', frames: DRIVER.frames.length, width: 165, height: 256 });

  // One line per frame: canvas size and delay (1/100 s).
  const frames = execFileSync('identify', ['-format', '%W %H %T\n', path], { encoding: 'utf8' }).trim().split('\n').map((line) => line.split(' ').map(Number));
  expect(frames).toHaveLength(DRIVER.frames.length);
  expect(frames.every(([width, height]) => width === 165 && height === 256)).toBe(true);
  expect(frames.reduce((sum, frame) => sum + frame[2]!, 0)).toBe((100 * DRIVER.frames.length) / DRIVER.fps);
  const first = execFileSync('identify', ['-verbose', `${path}[0]`], { encoding: 'utf8' });
  expect(first).toMatch(/^\s*Iterations: 0$/m);
  expect(execFileSync('identify', ['-format', '%c', `${path}[0]`], { encoding: 'utf8' })).toBe(ANIMATION_NOTE);

  const plain = await exportPhoto(page, { format: 'gif', size: SIZE, driver: DRIVER.id, mark: false }, 'plain');
  const middle = DRIVER.frames.length >> 1;
  const difference = markDifference(decodedFrame(path, middle), decodedFrame(plain.path, middle), 165, 256);
  expect(difference.inside).toBeGreaterThan(20);
  expect(difference.outside).toBeLessThan(1.5);
});
