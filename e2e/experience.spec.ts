import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { chooseFile, expect, fixtures, openApp, test, waitUntilSettled } from './helpers.ts';

// The first minute with a photo, as a new user meets it: where the three steps are on a laptop
// and on a phone, a keyboard-only path from the photo to a downloaded file, the sample photos
// and "Start over".

const onePerson = join(fixtures, 'photos', 'old_bw_thoreau-1856-daguerreotype-beard.jpg');

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  expect(found, 'element laid out').not.toBeNull();
  return found!;
}

async function animated(page: Page) {
  await expect(page.getByTestId('preview')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
}

/** Presses Tab until `wanted` says the focused element is the one, at most `limit` times. */
async function tabTo(page: Page, wanted: () => boolean, limit: number): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(wanted)) return presses;
  }
  throw new Error(`not reached in ${limit} presses of Tab (focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))})`);
}

test.describe('laptop 1366x768', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('the photo large on the left, Face, Motion and Save beside it with their main controls in view', async ({ page }) => {
    test.setTimeout(180_000);
    await openApp(page);
    await chooseFile(page, onePerson);
    await animated(page);
    const viewport = page.viewportSize()!;
    const preview = await box(page.getByTestId('preview'));
    for (const step of ['face', 'motion', 'save']) {
      const heading = await box(page.getByTestId(`step-${step}`).getByRole('heading').first());
      expect(heading.x, `${step} beside the photo`).toBeGreaterThan(preview.x + preview.width);
      expect(heading.y + heading.height, `${step} heading in view`).toBeLessThanOrEqual(viewport.height);
    }
    // The main controls of each step, in view without scrolling: the face strip, the chosen
    // motion and the first row of the gallery, the strength, the download button.
    const inView = [
      page.getByTestId('face-picker'),
      page.getByTestId('driver-picker').locator('button').first(),
      page.getByTestId('intensity'),
      page.getByTestId('export-make'),
    ];
    for (const control of inView) {
      const placed = await box(control);
      expect(placed.y + placed.height, `${await control.evaluate((e) => e.outerHTML.slice(0, 80))} in view`).toBeLessThanOrEqual(viewport.height);
    }
    expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
    // The suggested motion is the chosen one, and says so.
    await expect(page.getByTestId('driver-picker').getByText('Suggested for this face')).toBeVisible();
    // Rendered at the displayed size (not 512 stretched): the canvas has at least the pixels it covers.
    const pixels = await page.getByTestId('preview').evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
    expect(Math.max(pixels.width, pixels.height)).toBeGreaterThanOrEqual(Math.round(Math.max(preview.width, preview.height)) - 1);
  });

  test('keyboard only: from the first screen to a downloaded file', async ({ page }) => {
    test.setTimeout(240_000);
    await openApp(page);
    // Listening before the first key: Playwright starts catching file dialogs asynchronously.
    const chooser = page.waitForEvent('filechooser');
    await tabTo(page, () => document.activeElement?.getAttribute('data-testid') === 'choose-photo', 6);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(onePerson);
    await animated(page);
    // The result has the focus: the next Tab goes on from the photo.
    await expect(page.getByTestId('stage')).toBeFocused();

    // Into the gallery: one Tab stop for the whole gallery, arrows move within it.
    await tabTo(page, () => !!document.activeElement?.closest('[data-testid="driver-picker"]'), 12);
    const first = await page.evaluate(() => document.activeElement!.textContent);
    await page.keyboard.press('Home');
    if ((await page.evaluate(() => document.activeElement!.textContent)) === first) await page.keyboard.press('End');
    const second = await page.evaluate(() => document.activeElement!.textContent);
    expect(second).not.toBe(first);
    await page.keyboard.press('Enter');
    const chosen = page.locator('[data-testid="driver-picker"] :focus');
    await expect(chosen).toHaveAttribute(await chosen.evaluate((e) => (e.hasAttribute('aria-checked') ? 'aria-checked' : 'aria-pressed')), 'true');
    await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'false', { timeout: 30_000 }).catch(() => undefined);
    await animated(page);

    // On to "Download": past the rest of the motion step, a few stops.
    await tabTo(page, () => document.activeElement?.getAttribute('data-testid') === 'export-make', 25);
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toMatch(/^old_bw_thoreau-1856-daguerreotype-beard-.+\.gif$/);
  });

  test('a sample photo opens in one click; "Start over" goes back to the first screen', async ({ page }) => {
    test.setTimeout(180_000);
    await openApp(page);
    await expect(page.getByTestId('sample')).toHaveCount(4);
    await page.getByTestId('sample').first().click();
    await waitUntilSettled(page);
    await expect(page.getByTestId('status')).toContainText('1 face found');
    await expect(page.getByTestId('preview')).toBeVisible({ timeout: 90_000 });
    await page.getByTestId('start-over').click();
    await expect(page.getByTestId('samples')).toBeVisible();
    await expect(page.getByTestId('preview')).toHaveCount(0);
    await expect(page.getByTestId('step-motion')).toContainText('Available once a face is chosen');
  });
});

test.describe('phone 390x844', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true });

  test('the photo on top, the steps under it: Face in view, Motion one short scroll away, 44 px targets', async ({ page }) => {
    test.setTimeout(180_000);
    await openApp(page);
    await chooseFile(page, onePerson);
    await animated(page);
    const preview = await box(page.getByTestId('preview'));
    const face = await box(page.getByTestId('step-face'));
    const motion = await box(page.getByTestId('step-motion'));
    expect(face.y).toBeGreaterThanOrEqual(preview.y + preview.height - 1);
    expect(face.y, 'the Face step starts in view').toBeLessThan(844);
    expect(motion.y, 'the Motion step one short scroll away').toBeLessThan(844 * 1.5);
    // The gallery is a compact grid, not a list of 1,500 px.
    const gallery = await box(page.getByTestId('driver-picker'));
    expect(gallery.height).toBeLessThan(900);
    // Touch targets: every button and chip at least 44 px tall.
    const small = await page.locator('.steps button:visible, .app__header button:visible').evaluateAll((buttons) =>
      buttons.filter((b) => b.getBoundingClientRect().height < 44).map((b) => `${b.textContent?.trim()} ${Math.round(b.getBoundingClientRect().height)}px`),
    );
    expect(small).toEqual([]);
  });
});
