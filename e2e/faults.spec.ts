import { join } from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { chooseFile, expect, fixtures, openApp, test, waitUntilSettled } from './helpers.ts';

// Workers die in real life (out of memory on a phone, a tab put to sleep, a wasm trap). Here one
// is closed from inside, at the worst moment: the page must notice, replace it, and go on — or
// say plainly what failed — never wait forever.

const thoreau = join(fixtures, 'photos', 'old_bw_thoreau-1856-daguerreotype-beard.jpg');
const kelley = join(fixtures, 'photos', 'old_bw_florence-kelley-three-quarter-view.jpg');

/**
 * The page's worker with this name: among those loaded from its script (onnxruntime's thread
 * workers load the generate worker's script too, but sit blocked and never answer: skipped).
 */
async function workerNamed(page: Page, name: string): Promise<Worker> {
  const script = `${name.replace('kinora-', '')}.worker`;
  // Workers start on first use: give this one a moment to appear.
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await page.waitForTimeout(100)) {
    for (const worker of page.workers().filter((w) => w.url().includes(`/${script}`))) {
      const seen = await Promise.race([worker.evaluate(() => self.name).catch(() => ''), new Promise<string>((resolve) => setTimeout(() => resolve(''), 2_000))]);
      if (seen === name) return worker;
    }
  }
  throw new Error(`no worker named ${name}`);
}

/** Ends the worker as a crash would: it stops answering anything. */
async function kill(worker: Worker): Promise<void> {
  await worker.evaluate(() => setTimeout(() => self.close(), 0)).catch(() => undefined);
}

test('the animation worker dies mid-render: a new one finishes the animation', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await chooseFile(page, thoreau);
  await expect(page.getByTestId('preview')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'false');
  await kill(await workerNamed(page, 'kinora-generate'));
  const killed = Date.now();
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 90_000 });
  await expect(page.getByTestId('animation-status')).toHaveCount(0);
  await expect(page.getByTestId('notice-error')).toHaveCount(0);
  test.info().annotations.push({ type: 'recovered', description: `animation finished ${((Date.now() - killed) / 1000).toFixed(1)} s after the worker died` });
});

test('the face finder dies between photos: the next photo opens in a new one', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await chooseFile(page, thoreau);
  await waitUntilSettled(page);
  await kill(await workerNamed(page, 'kinora-detect'));
  const killed = Date.now();
  await chooseFile(page, kelley);
  await expect(page.getByTestId('status')).toContainText('1 face found', { timeout: 60_000 });
  await expect(page.getByTestId('stage')).toHaveAttribute('aria-label', /kelley/);
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
  test.info().annotations.push({ type: 'recovered', description: `faces listed ${((Date.now() - killed) / 1000).toFixed(1)} s after the worker died` });
});

test('the file maker dies while saving: a plain message, and the next file is made', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await chooseFile(page, kelley);
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
  const panel = page.getByTestId('export');
  // A larger size is rendered anew: time enough to kill the worker mid-file.
  await panel.getByLabel('Original (640 px)').check();
  await page.getByTestId('export-make').click();
  await expect(page.getByTestId('export-progress')).toBeVisible();
  await kill(await workerNamed(page, 'kinora-export'));
  const killed = Date.now();
  await expect(page.getByTestId('notice-error')).toContainText('Something went wrong while saving the file', { timeout: 60_000 });
  await expect(page.getByTestId('export-progress')).toHaveCount(0);
  test.info().annotations.push({ type: 'recovered', description: `told ${((Date.now() - killed) / 1000).toFixed(1)} s after the worker died` });
  await panel.getByLabel('480 px').check();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-make').click();
  expect((await download).suggestedFilename()).toMatch(/\.gif$/);
});
