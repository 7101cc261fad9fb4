/**
 * "Animate everyone" on a group photo, as a user does it: every face moves in one animation, a
 * face the user keeps still stays exactly still, and the saved GIF (decoded by ImageMagick) shows
 * the same.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseFile, expect, expectNoSeriousA11yViolations, fixtures, openApp, test, waitUntilSettled } from './helpers.ts';

// Six portraits, 3 x 2, each face about in the middle of its square (e2e/fixtures/prepare.mjs).
const wall = join(fixtures, 'photos', 'made_group6_portrait-wall.jpg');
const hasTools = spawnSync('convert', ['-version']).status === 0;

/** The GIF's frames, composited, as RGB bytes each. */
function gifFrames(gif: string, width: number, height: number): Buffer[] {
  const raw = spawnSync('convert', [gif, '-coalesce', '-depth', '8', 'rgb:-'], { maxBuffer: 1 << 28 }).stdout as Buffer;
  const size = width * height * 3;
  return Array.from({ length: raw.length / size }, (_, i) => raw.subarray(i * size, (i + 1) * size));
}

/** The largest mean absolute difference (0-255) from the first frame, over the frames, in the middle half of a tile. */
function tileChange(frames: Buffer[], width: number, tile: number, side: number): number {
  const left = (tile % 3) * side + side / 4;
  const top = Math.floor(tile / 3) * side + side / 4;
  let worst = 0;
  for (const frame of frames) {
    let sum = 0;
    for (let y = top; y < top + side / 2; y++) {
      for (let x = left; x < left + side / 2; x++) {
        for (let c = 0; c < 3; c++) sum += Math.abs(frame[3 * (y * width + x) + c]! - frames[0]![3 * (y * width + x) + c]!);
      }
    }
    worst = Math.max(worst, sum / (3 * (side / 2) ** 2));
  }
  return worst;
}

test('animate everyone: every face moves together, one kept still does not, and the GIF shows it', async ({ page }) => {
  test.skip(!hasTools, 'needs ImageMagick (Debian); .ci/run installs it');
  test.setTimeout(240_000);
  await openApp(page);
  await chooseFile(page, wall);
  await waitUntilSettled(page);
  await expect(page.getByTestId('face-picker').getByRole('button')).toHaveCount(6);
  await page.getByTestId('animate-everyone').click();
  await expect(page.getByTestId('animate-everyone')).toHaveAttribute('aria-pressed', 'true');
  // Face 2 (the bottom-left portrait: faces are numbered left to right) is chosen and kept still.
  await page.getByTestId('face-picker').getByRole('button', { name: 'Face 2, moving' }).click();
  await page.getByTestId('still').check();
  await expect(page.getByTestId('face-picker').getByRole('button', { name: 'Face 2, kept still' })).toBeVisible();
  // A face kept still has no motion to choose.
  await expect(page.getByTestId('driver-picker')).toBeHidden();
  await expect(page.getByTestId('step-motion')).toContainText('Face 2 is kept still.');
  await expect(page.getByTestId('status')).toContainText('5 come to life at once');
  const preview = page.getByTestId('preview');
  await expect(preview).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
  await expect(preview).toHaveAttribute('aria-label', '5 faces brought to life at once');
  await expectNoSeriousA11yViolations(page, 'animate everyone, a face kept still');

  const dir = mkdtempSync(join(tmpdir(), 'kinora-group-'));
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-make').click()]);
  expect(download.suggestedFilename()).toBe('made_group6_portrait-wall-everyone.gif');
  const gif = join(dir, 'everyone.gif');
  await download.saveAs(gif);
  const [width, height] = spawnSync('identify', ['-format', '%w %h\\n', `${gif}[0]`], { encoding: 'utf8' }).stdout.trim().split(' ').map(Number) as [number, number];
  expect([width, height]).toEqual([480, 320]);
  const frames = gifFrames(gif, width, height);
  expect(frames.length).toBeGreaterThanOrEqual(150);
  const changes = [0, 1, 2, 3, 4, 5].map((tile) => tileChange(frames, width, tile, 160));
  // Tiles 0-2 top row, 3-5 bottom row; face 2 is tile 3.
  expect(changes[3], `face 2 kept still: ${changes.map((c) => c.toFixed(2)).join(' ')}`).toBeLessThan(0.5);
  for (const tile of [0, 1, 2, 4, 5]) expect(changes[tile], `tile ${tile} moves: ${changes.map((c) => c.toFixed(2)).join(' ')}`).toBeGreaterThan(1);
  // The loop is seamless for every face: the last frame leads back to the first.
  const seam = [0, 1, 2, 3, 4, 5].map((tile) => tileChange([frames[0]!, frames.at(-1)!], width, tile, 160));
  for (const tile of [0, 1, 2, 4, 5]) expect(seam[tile], `seam ${seam.map((c) => c.toFixed(2)).join(' ')}`).toBeLessThan(changes[tile]! / 2);
});
