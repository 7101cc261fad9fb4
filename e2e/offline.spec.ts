import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../src/offline/csp.ts';
import { chooseFile, expect, fixtures, openApp, test, waitUntilSettled } from './helpers.ts';

// The other tests block service workers (as the CLI does): each starts from a first visit.
test.use({ serviceWorkers: 'allow' });

test('after the first visit, Kinora works offline: photo, faces, animation', async ({ page, context }) => {
  test.setTimeout(180_000);
  await openApp(page);
  // The service worker has cached the app, its workers, models and wasm.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  // The cached answers keep the Content-Security-Policy, the page's and its workers' (a worker
  // takes its policy from its own script's response).
  const workerPolicies: (string | undefined)[] = [];
  page.on('response', (response) => {
    if (/\.worker-[^/]*\.js$/.test(new URL(response.url()).pathname)) workerPolicies.push(response.headers()['content-security-policy']);
  });
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  expect(reloaded?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await expect(page.getByText('Drop an old photo here')).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await chooseFile(page, join(fixtures, 'photos', 'pd_color_astronaut-eileen-collins.png'));
  await waitUntilSettled(page);
  expect(workerPolicies.length).toBeGreaterThanOrEqual(2);
  for (const policy of workerPolicies) expect(policy).toBe(CONTENT_SECURITY_POLICY);
  await expect(page.getByTestId('status')).toContainText('1 face found');
  await expect(page.getByTestId('preview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
});

test('offline before the first MP4: "Download MP4" says the video maker downloads once while online, and offers the GIF', async ({ page, context }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // ffmpeg's core (33 MB) is not precached: it is cached when an MP4 is first made, not yet here.
  await context.setOffline(true);
  await page.reload();
  await chooseFile(page, join(fixtures, 'photos', 'pd_color_astronaut-eileen-collins.png'));
  await waitUntilSettled(page);
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
  const panel = page.getByTestId('export');
  await panel.getByLabel('MP4').check();
  await page.getByTestId('export-make').click();
  await expect(page.getByTestId('notice-error')).toContainText(
    /^Making an MP4 needs a one-time download of the video maker \(\d+ MB\) while online\. You can save a GIF now\./,
  );
  await expect(page.getByTestId('notice-error')).not.toContainText('Failed to fetch');
  // GIF, which needs nothing more, is chosen: it is made offline.
  await expect(panel.getByLabel('GIF')).toBeChecked();
  const [gif] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-make').click()]);
  expect(gif.suggestedFilename()).toMatch(/\.gif$/);
  // Back online, the MP4 is made (and its core cached for next time).
  await context.setOffline(false);
  await panel.getByLabel('MP4').check();
  const [mp4] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.getByTestId('export-make').click()]);
  expect(mp4.suggestedFilename()).toMatch(/\.mp4$/);
});
