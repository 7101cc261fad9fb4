import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { chooseFile, dropFile, expect, fixtures, openApp, test, waitUntilSettled } from './helpers.ts';

const hopper = join(fixtures, 'photos', 'pd_color_grace-hopper_glasses_elderly.jpg');

/** The preview canvas's RGBA pixels. */
async function previewPixels(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="preview"]')!;
    return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
  });
}

const difference = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

test('choosing a face animates it: the preview streams in, plays, and moves', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await chooseFile(page, hopper);
  await waitUntilSettled(page);
  // One face: selected at once, so the animation starts without a click.
  await expect(page.getByTestId('driver-picker')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: /^Shake no/ }).click();
  const preview = page.getByTestId('preview');
  await expect(preview).toBeVisible({ timeout: 60_000 });
  // All frames arrive; the preview then loops over them.
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 90_000 });
  const frames = new Set<string>();
  const pixels: number[][] = [];
  for (let i = 0; i < 12 && frames.size < 3; i++) {
    const frame = await preview.getAttribute('data-frame');
    if (frame && !frames.has(frame)) {
      frames.add(frame);
      pixels.push(await previewPixels(page));
    }
    await page.waitForTimeout(400);
  }
  expect(frames.size).toBeGreaterThanOrEqual(2);
  // Different frames show different pixels: the face really moves.
  const moved = Math.max(...pixels.slice(1).map((p) => difference(p, pixels[0]!)));
  expect(moved).toBeGreaterThan(0.05);
  // And the frames are not the still photo (same 512x512 size here).
  const still = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="photo"] canvas')!;
    return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
  });
  expect(still.length).toBe(pixels[0]!.length);
  expect(Math.max(...pixels.map((p) => difference(p, still)))).toBeGreaterThan(0.05);
});

test('the default motion suits the face pose: a face turned to the left turns further left', async ({ page }) => {
  await openApp(page);
  await chooseFile(page, join(fixtures, 'photos', 'old_bw_florence-kelley-three-quarter-view.jpg'));
  await waitUntilSettled(page);
  const picker = page.getByTestId('driver-picker');
  await expect(picker).toBeVisible({ timeout: 30_000 });
  await expect(picker.getByRole('button', { pressed: true })).toHaveText(/Look aside, smile, nod/);
  // A frontal face gets a gentle smile.
  await chooseFile(page, join(fixtures, 'photos', 'pd_color_astronaut-eileen-collins.png'));
  await waitUntilSettled(page);
  await expect(page.getByTestId('driver-picker').getByRole('button', { pressed: true })).toHaveText(/Gentle smile/, { timeout: 30_000 });
});

test('a motion file plays on the chosen face; a broken one is refused with its reason', async ({ page }) => {
  test.setTimeout(120_000);
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { serializeDriver } = await import('../src/core/drivers/format.ts');
  const { findDriver } = await import('../src/core/drivers/registry.ts');
  const dir = mkdtempSync(join(tmpdir(), 'kinora-driver-'));
  const good = join(dir, 'my-nod.json');
  writeFileSync(good, serializeDriver({ ...findDriver('nod')!, id: 'my-nod', name: 'My nod' }));
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, JSON.stringify({ format: 'kinora-driver', version: 7 }));

  await openApp(page);
  await chooseFile(page, hopper);
  await waitUntilSettled(page);
  await expect(page.getByTestId('driver-picker')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('driver-file').setInputFiles(broken);
  await expect(page.getByTestId('notice-error')).toContainText('version 7 is not supported');
  // Dropped on the page like a photo, a motion file is imported.
  await dropFile(page, good);
  await expect(page.getByTestId('driver-picker').getByRole('button', { pressed: true })).toHaveText(/My nod/);
  await expect(page.getByTestId('preview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 90_000 });
  // The user's own motion can be saved again as a driver file.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-driver').click()]);
  expect(download.suggestedFilename()).toBe('My nod.kinora.json');
  const { readFileSync } = await import('node:fs');
  const { parseDriver } = await import('../src/core/drivers/format.ts');
  const saved = parseDriver(readFileSync((await download.path())!, 'utf8'));
  expect(saved.ok && saved.driver.frames.length).toBe(findDriver('nod')!.frames.length);
  // It is kept in this browser: after a reload it is still in the list.
  await page.reload();
  await chooseFile(page, hopper);
  await waitUntilSettled(page);
  await expect(page.getByTestId('driver-picker').getByRole('button', { name: /My nod/ })).toBeVisible({ timeout: 30_000 });
});

test("the user's own motion can be renamed and trimmed, and stays so", async ({ page }) => {
  test.setTimeout(180_000);
  const { writeFileSync, readFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { serializeDriver, parseDriver } = await import('../src/core/drivers/format.ts');
  const { findDriver } = await import('../src/core/drivers/registry.ts');
  const file = join(mkdtempSync(join(tmpdir(), 'kinora-driver-')), 'take-1.json');
  writeFileSync(file, serializeDriver({ ...findDriver('nod')!, id: 'take-1', name: 'Take 1' }));

  await openApp(page);
  await chooseFile(page, hopper);
  await waitUntilSettled(page);
  await expect(page.getByTestId('driver-picker')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('driver-file').setInputFiles(file);
  const editor = page.getByTestId('motion-editor');
  await expect(editor).toBeVisible();
  await expect(page.getByTestId('trim-apply')).toBeDisabled();

  await page.getByTestId('motion-name').fill('Slow nod');
  await page.getByTestId('motion-name').press('Enter');
  const chosen = page.getByTestId('driver-picker').getByRole('button', { pressed: true });
  await expect(chosen).toHaveText(/Slow nod/);

  // Frames 10..59 of 85: two seconds.
  await page.getByTestId('trim-start').fill('10');
  await page.getByTestId('trim-end').fill('59');
  await expect(page.getByTestId('trim-apply')).toHaveText('Keep 2.0 s of 3.4 s');
  await page.getByTestId('trim-apply').click();
  await expect(chosen).toHaveText(/Slow nod\s*2\.0 s/);
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 90_000 });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-driver').click()]);
  expect(download.suggestedFilename()).toBe('Slow nod.kinora.json');
  const saved = parseDriver(readFileSync((await download.path())!, 'utf8'));
  if (!saved.ok) throw new Error(saved.errors.join('; '));
  expect(saved.driver.frames).toHaveLength(50);
  // Re-based: the kept stretch starts at rest.
  const start = saved.driver.frames[0]!;
  expect(Math.abs(start.pose.pitch)).toBeLessThan(0.01);
  expect(Math.max(...Array.from(start.expression, Math.abs))).toBeLessThan(1e-3);

  // Kept in this browser as edited.
  await page.reload();
  await chooseFile(page, hopper);
  await waitUntilSettled(page);
  await expect(page.getByTestId('driver-picker').getByRole('button', { name: /Slow nod/ })).toContainText('2.0 s', { timeout: 30_000 });
});
