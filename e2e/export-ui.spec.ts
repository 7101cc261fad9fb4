/**
 * Saving the animation through the app, as a user does: the download is caught and decoded with
 * independent tools (ImageMagick for the GIF, ffprobe for the MP4).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { chooseFile, expect, fixtures, openApp, test, waitUntilSettled } from './helpers.ts';

const kelley = join(fixtures, 'photos', 'old_bw_florence-kelley-three-quarter-view.jpg'); // 498 x 640
const NOD_FRAMES = 110; // the Nod yes motion: 4.4 s at 25 fps
const hasTools = spawnSync('identify', ['-version']).status === 0 && spawnSync('ffprobe', ['-version']).status === 0;

async function animateKelley(page: Page): Promise<void> {
  await openApp(page);
  await chooseFile(page, kelley);
  await waitUntilSettled(page);
  await page.getByTestId('driver-picker').getByRole('button', { name: /^Nod yes \d/ }).click();
  await expect(page.getByTestId('preview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('export-make')).toBeEnabled();
}

test('the animation downloads as a GIF and as an MP4, marked, named after the photo and motion', async ({ page }) => {
  test.skip(!hasTools, 'needs ImageMagick and ffprobe (Debian); .ci/run installs them');
  test.setTimeout(300_000);
  await animateKelley(page);
  const panel = page.getByTestId('export');
  // Sizes never exceed the photo (480 px, and its own 640 px) unless enhanced: then 720 and 1080 too.
  await expect(panel.getByRole('radio')).toHaveCount(6);
  await page.getByTestId('enhance-toggle').uncheck();
  await expect(panel.getByRole('radio')).toHaveCount(4);
  await expect(panel.getByLabel('Original (640 px)')).toBeVisible();
  await page.getByTestId('enhance-toggle').check();

  // Before / after on the preview.
  const preview = page.getByTestId('preview');
  await page.getByTestId('before-after').getByRole('button', { name: 'Before' }).click();
  await expect(preview).toHaveAttribute('data-showing', 'original');
  await page.getByTestId('before-after').getByRole('button', { name: 'After' }).click();
  await expect(preview).toHaveAttribute('data-showing', 'animation');

  // GIF, 480 px (the default), from the preview's frames.
  const dir = mkdtempSync(join(tmpdir(), 'kinora-export-'));
  const [gifDownload] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-make').click()]);
  expect(gifDownload.suggestedFilename()).toBe('old_bw_florence-kelley-three-quarter-view-nod-yes.gif');
  const gif = join(dir, 'a.gif');
  await gifDownload.saveAs(gif);
  const frames = spawnSync('identify', ['-format', '%w %h %T %c\\n', gif], { encoding: 'utf8' }).stdout.trim().split('\n');
  expect(frames).toHaveLength(NOD_FRAMES);
  expect(frames[0]).toMatch(/^37\d 480 4 .*Kinora/);
  expect(spawnSync('identify', ['-verbose', `${gif}[0]`], { encoding: 'utf8' }).stdout).toMatch(/^\s*Iterations: 0$/m);
  await expect(panel.getByTestId('export-again')).toContainText('old_bw_florence-kelley-three-quarter-view-nod-yes.gif');

  // MP4 at the photo's own size: rendered anew at 640 px.
  await panel.getByLabel('MP4').check();
  await panel.getByLabel('Original (640 px)').check();
  const [mp4Download] = await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), page.getByTestId('export-make').click()]);
  expect(mp4Download.suggestedFilename()).toBe('old_bw_florence-kelley-three-quarter-view-nod-yes.mp4');
  const mp4 = join(dir, 'a.mp4');
  await mp4Download.saveAs(mp4);
  const probe = JSON.parse(
    spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-show_format', '-of', 'json', mp4], { encoding: 'utf8' }).stdout,
  ) as { streams: Record<string, string | number>[]; format: { tags?: Record<string, string> } };
  const video = probe.streams.find((s) => s.codec_type === 'video')!;
  expect([video.codec_name, video.pix_fmt, Number(video.nb_read_frames)]).toEqual(['h264', 'yuv420p', NOD_FRAMES]);
  expect(Number(video.height)).toBe(640);
  expect(Object.values(probe.format.tags ?? {}).join(' ')).toMatch(/Kinora/);
});

test('making a file can be cancelled, and the next one still works', async ({ page }) => {
  test.setTimeout(300_000);
  await animateKelley(page);
  const panel = page.getByTestId('export');
  await panel.getByLabel('MP4').check();
  await panel.getByLabel('Original (640 px)').check();
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.getByTestId('export-make').click();
  await expect(page.getByTestId('export-progress')).toBeVisible();
  // The export worker (and ffmpeg's, once loaded) is running...
  await expect.poll(() => page.workers().filter((w) => /export\.worker/.test(w.url())).length).toBe(1);
  await page.getByTestId('export-cancel').click();
  await expect(page.getByTestId('export-progress')).toHaveCount(0);
  // ...and cancelling frees it.
  await expect.poll(() => page.workers().filter((w) => /export\.worker|ffmpeg/.test(w.url())).length).toBe(0);
  await expect(page.getByTestId('export-make')).toBeEnabled();
  await expect(page.getByTestId('notice-error')).toHaveCount(0);
  // The mark can be switched off; the next file is made from scratch.
  await page.getByTestId('export-mark').uncheck();
  await panel.getByLabel('GIF').check();
  await panel.getByLabel('480 px').check();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-make').click()]);
  expect(download.suggestedFilename()).toMatch(/\.gif$/);
  expect(downloads).toBe(1);
});

test('where the browser can share files, the made file goes to the share sheet', async ({ page }) => {
  test.setTimeout(300_000);
  // A phone's Web Share API, stood in for: it records what it is handed.
  await page.addInitScript(() => {
    const shared: { name: string; type: string; size: number }[] = [];
    Object.assign(window, { shared });
    Object.assign(navigator, {
      canShare: (data: ShareData) => !!data.files?.length,
      share: async (data: ShareData) => void shared.push(...data.files!.map((f) => ({ name: f.name, type: f.type, size: f.size }))),
    });
  });
  await animateKelley(page);
  await expect(page.getByTestId('export-share')).toHaveCount(0);
  await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-make').click()]);
  await page.getByTestId('export-share').click();
  const shared = await page.evaluate(() => (window as unknown as { shared: { name: string; type: string; size: number }[] }).shared);
  expect(shared).toHaveLength(1);
  expect(shared[0]).toMatchObject({ name: 'old_bw_florence-kelley-three-quarter-view-nod-yes.gif', type: 'image/gif' });
  expect(shared[0]!.size).toBeGreaterThan(10_000);
});
