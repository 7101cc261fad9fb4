import { join } from 'node:path';
import { chooseFile, expect, expectNoSeriousA11yViolations, fixtures, openApp, test } from './helpers.ts';

// axe-core on each screen of the app, on a laptop and on a phone: no violation of impact
// 'serious' or 'critical'. (Soft assertions: one run reports every screen.)

const onePerson = join(fixtures, 'photos', 'pd_color_grace-hopper_glasses_elderly.jpg');
const notAnImage = join(fixtures, 'bad', 'not-an-image.txt');

const viewports = [
  { name: 'laptop 1366x768', viewport: { width: 1366, height: 768 } },
  { name: 'phone 390x844', viewport: { width: 390, height: 844 } },
];

for (const { name, viewport } of viewports) {
  test.describe(name, () => {
    test.use({ viewport });

    test('the first screen, before any photo', async ({ page }) => {
      await openApp(page);
      await expectNoSeriousA11yViolations(page, `${name}, first screen`);
    });

    test('a one-face photo while its animation plays', async ({ page }) => {
      test.setTimeout(150_000);
      await openApp(page);
      await chooseFile(page, onePerson);
      // One face: chosen at once, and the animation starts by itself.
      await expect(page.getByTestId('preview')).toBeVisible({ timeout: 120_000 });
      await expectNoSeriousA11yViolations(page, `${name}, animation playing`);
    });

    test('the message for a file that is not a photo', async ({ page }) => {
      await openApp(page);
      await chooseFile(page, notAnImage);
      await expect(page.getByTestId('notice-error')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 30_000 });
      await expectNoSeriousA11yViolations(page, `${name}, bad-input message`);
    });
  });
}
