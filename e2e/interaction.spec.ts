import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { chooseFile, expect, fixtures, openApp, test, waitUntilSettled } from './helpers.ts';

const group = join(fixtures, 'photos', 'pd_color_group2_obama-biden-official.jpg');
const single = join(fixtures, 'photos', 'pd_color_grace-hopper_glasses_elderly.jpg');

test('a photo pasted from the clipboard opens', async ({ page }) => {
  await openApp(page);
  const bytes = readFileSync(single).toString('base64');
  await page.evaluate((bytes) => {
    const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
    const clipboardData = new DataTransfer();
    clipboardData.items.add(new File([raw], 'pasted.jpg', { type: 'image/jpeg' }));
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true }));
  }, bytes);
  await waitUntilSettled(page);
  await expect(page.getByTestId('face-outline')).toHaveCount(1);
  // One face: it is selected for the user.
  await expect(page.getByTestId('status')).toContainText('Face 1 is chosen');
});

test('faces are chosen with the keyboard (Tab + Enter) and by clicking', async ({ page }) => {
  await openApp(page);
  await chooseFile(page, group);
  await waitUntilSettled(page);
  await expect(page.getByTestId('face-outline')).toHaveCount(2);
  // The largest face, found first, comes alive at once; the other is a click or a key away.
  await expect(page.getByTestId('status')).toContainText('2 faces found');

  // Face 2 is a Tab stop: its outline on the photo, or its crop in the strip while face 1 plays.
  const focusedFace = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim());
  await page.locator('body').focus();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedFace()) === 'Face 2') break;
  }
  expect(await focusedFace()).toBe('Face 2');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status')).toContainText('Face 2 is chosen');
  await expect(page.getByTestId('face-picker').getByRole('button').nth(1)).toHaveAttribute('aria-pressed', 'true');

  await page.getByTestId('face-picker').getByRole('button').nth(0).click();
  await expect(page.getByTestId('status')).toContainText('Face 1 is chosen');
  await expect(page.getByTestId('face-outline').nth(0)).toHaveAttribute('aria-pressed', 'true');
});

test('privacy: a whole session makes no request beyond the page origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('worker', (worker) => requests.push(worker.url()));
  await openApp(page);
  await chooseFile(page, group);
  await waitUntilSettled(page);
  await page.getByTestId('face-picker').getByRole('button').nth(0).click();
  await chooseFile(page, single);
  await waitUntilSettled(page);
  // The session really loaded the models and the wasm from its own origin.
  expect(requests.some((url) => url.endsWith('.task'))).toBe(true);
  expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true);
  const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
  expect(foreign).toEqual([]);
  // Libraries cannot phone home either: tasks-vision 1.x posts usage logs every minute; the page
  // and every worker refuse requests to other origins.
  const scopes: Pick<Page, 'evaluate'>[] = [page, ...page.workers()];
  expect(scopes.length).toBeGreaterThan(2);
  const outcomes: string[] = [];
  for (const scope of scopes) {
    // onnxruntime's own thread workers sit blocked in Atomics.wait and never answer: they load
    // the generate worker's script, guard included, and are given a few seconds only.
    const outcome = await Promise.race([
      scope.evaluate(() =>
        fetch('https://odml.pa.googleapis.com/v1/log', { method: 'POST' }).then(
          () => 'sent',
          (error: Error) => error.message,
        ),
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve('blocked thread'), 5_000)),
    ]);
    outcomes.push(outcome);
  }
  const answered = outcomes.filter((outcome) => outcome !== 'blocked thread');
  // The page, the detect worker (and its helper) and the generate worker at least.
  expect(answered.length).toBeGreaterThanOrEqual(3);
  for (const outcome of answered) expect(outcome).toMatch(/keeps everything on this device/);
  expect(requests.filter((url) => url.includes('googleapis'))).toEqual([]);
});
