import { join } from 'node:path';
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
  await page.reload();
  await expect(page.getByText('Drop an old photo here')).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await chooseFile(page, join(fixtures, 'photos', 'pd_color_astronaut-eileen-collins.png'));
  await waitUntilSettled(page);
  await expect(page.getByTestId('status')).toContainText('1 face found');
  await expect(page.getByTestId('preview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
});
