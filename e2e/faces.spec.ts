import { dropFile, expect, fixturePhotos, openApp, test, waitUntilSettled } from './helpers.ts';

test.describe('every fixture photo, dropped through the UI, shows the right faces', () => {
  for (const photo of fixturePhotos()) {
    test(`${photo.file}: ${photo.faces} face(s)`, async ({ page }) => {
      await openApp(page);
      await dropFile(page, photo.path);
      await expect(page.getByTestId('photo')).toBeVisible();
      await waitUntilSettled(page);
      await expect(page.getByTestId('notice-error')).toHaveCount(0);
      await expect(page.getByTestId('face-outline')).toHaveCount(photo.faces);
      await expect(page.getByTestId('face-picker').getByRole('button')).toHaveCount(photo.faces);
      await expect(page.getByTestId('status')).toContainText(`${photo.faces} ${photo.faces === 1 ? 'face' : 'faces'} found`);
    });
  }
});
