/**
 * Kinora in हिन्दी and 中文, as a person whose browser speaks them uses it: every message the
 * refused files get (worded from the workers' codes in the page's language), the whole flow
 * from a photo to a downloaded GIF, an export error, and no English left on the page. The
 * English pages are the other specs' (they select by English words). One test per language:
 * the flow is the slow part, and the worker stays warm from one step to the next.
 */
import { copyFileSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { LANGUAGE_STORAGE_KEY, LANGUAGES, type Language } from '../src/i18n/languages.ts';
import { render, say, type Message } from '../src/i18n/messages.ts';
import { VIDEO_MAKER_MEGABYTES } from '../src/pipeline/export/contract.ts';
import { allowConsoleErrors, chooseFile, dropFile, expect, fixtures, openApp, test, waitUntilSettled } from './helpers.ts';

const bad = (name: string) => join(fixtures, 'bad', name);
const good = join(fixtures, 'photos', 'pd_color_grace-hopper_glasses_elderly.jpg');

/**
 * Latin words a Hindi or Chinese page shows on purpose: the brand, format and unit names, the
 * paste shortcut, and English itself in the language list (each language is offered in its own
 * words). File names are matched apart (below).
 */
const KEPT_LATIN = ['Kinora', 'GIF', 'MP4', 'JPEG', 'PNG', 'PDF', 'px', 'KB', 'MB', 'Ctrl', 'English'];
const FILE_NAME = /[\w.-]+\.(?:jpg|png|gif|mp4|pdf)\b/g;

/** Words of two Latin letters or more in the page's visible text, less the kept ones. */
async function englishLeftOver(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent?.trim()) continue;
      // An option of a closed list is not drawn, but it is what the list shows.
      const shown = parent instanceof HTMLOptionElement ? parent.selected : parent.checkVisibility({ visibilityProperty: true, opacityProperty: true });
      if (shown && !parent.closest('.visually-hidden')) found.push(node.textContent);
    }
    return [...found, document.title];
  });
  return texts.flatMap((text) => (text.replace(FILE_NAME, ' ').match(/[A-Za-z][A-Za-z0-9]+/g) ?? []).filter((word) => !KEPT_LATIN.includes(word)));
}

const LOCALES: Record<Exclude<Language, 'en'>, string> = { hi: 'hi-IN', 'zh-Hans': 'zh-CN' };

for (const [language, locale] of Object.entries(LOCALES) as [Exclude<Language, 'en'>, string][]) {
  test.describe(`in ${language}`, () => {
    test.use({ locale });
    const words = (message: Message) => render(LANGUAGES[language], message);

    test(`${language}: every refusal in its words, photo → face → motion → GIF, an export error, no English left`, async ({ page, context }) => {
      test.setTimeout(300_000);
      await openApp(page);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page).toHaveTitle(words(say('app.title')));
      await expect(page.getByTestId('choose-photo')).toHaveText(words(say('drop.choose')));
      expect(await englishLeftOver(page)).toEqual([]);

      // The message, without the notice's close button.
      const notice = page.getByTestId('notice-error').locator('> span');
      const refused: [string, Message][] = [
        ['not-an-image.txt', say('photo.text')],
        ['empty.jpg', say('photo.empty')],
        ['truncated.jpg', say('photo.truncated')],
        ['document.pdf', say('photo.pdf')],
        ['photo.heic', say('photo.heic')],
        ['huge-dimensions.png', say('photo.too-large', { width: 30_000, height: 30_000, megapixels: 900, moreThan: false, maxMegapixels: 120, maxSide: 20_000 })],
        ['header-10900x10900.jpg', say('photo.too-few-bytes', { width: 10_900, height: 10_900, bytes: 979 })],
      ];
      for (const [file, message] of refused) {
        await dropFile(page, bad(file));
        await expect(notice).toHaveText(words(message));
      }
      expect(await englishLeftOver(page)).toEqual([]);
      // A file too large to read at all: refused from its size (sparse, made here, never committed).
      const dir = mkdtempSync(join(tmpdir(), 'kinora-i18n-'));
      try {
        const huge = join(dir, 'scan-2.5GB.jpg');
        copyFileSync(bad('header-10900x10900.jpg'), huge);
        truncateSync(huge, 2.5 * 1024 ** 3);
        await chooseFile(page, huge);
        await expect(notice).toHaveText(words(say('photo.file-too-large', { bytes: 2.5 * 1024 ** 3, limit: 200 * 1024 * 1024 })));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      // A motion file that is not one: the reasons from the motion-file worker, in the same words.
      await page.evaluate(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File(['{"format": "kinora-driver", "version": 2}'], 'wave.kinora.json', { type: 'application/json' }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      });
      await expect(notice).toHaveText(words({ ...say('motion-file.refused', { file: 'wave.kinora.json' }), because: [say('driver.version', { version: 2, supported: 1 })] }));

      // Found by the face search: no face, a face too small, an animated GIF's first frame.
      await dropFile(page, bad('no-face.jpg'));
      await expect(notice).toHaveText(words(say('faces.none')), { timeout: 90_000 });
      await dropFile(page, bad('tiny-face.jpg'));
      await waitUntilSettled(page);
      await expect(page.getByTestId('status')).toHaveText(words(say('summary.all-small', { count: 1 })));
      await dropFile(page, bad('animated.gif'));
      await waitUntilSettled(page);
      await expect(page.getByTestId('notice-info')).toHaveText(words(say('photo.animated')));

      // Photo → face (its only one, chosen) → a motion → a GIF named in ASCII after the photo and motion id.
      await chooseFile(page, good);
      await waitUntilSettled(page);
      await expect(page.getByTestId('status')).toHaveText(words(say('summary.chosen', { count: 1, small: 0, face: 1, more: false })));
      const nod = page.getByTestId('driver-picker').locator('[data-driver="nod-yes"]');
      await expect(nod).toContainText(LANGUAGES[language].motions['nod-yes'].name);
      await nod.click();
      await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
      await expect(page.getByTestId('export-make')).toHaveText(words(say('export.download', { format: 'GIF' })));
      expect(await englishLeftOver(page)).toEqual([]);
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-make').click()]);
      expect(download.suggestedFilename()).toBe('pd_color_grace-hopper_glasses_elderly-nod-yes.gif');
      await expect(page.getByTestId('export-again')).toContainText(download.suggestedFilename());

      // An export error from the export worker: the video maker cannot be downloaded.
      // The refused download is logged by the browser, as it would be offline.
      allowConsoleErrors(page, /net::ERR_INTERNET_DISCONNECTED/);
      await context.route('**/vendor/ffmpeg/**', (route) => route.abort('internetdisconnected'));
      await page.getByTestId('export').locator('input[value="mp4"]').check();
      await page.getByTestId('export-make').click();
      await expect(notice).toHaveText(words(say('export.offline', { megabytes: VIDEO_MAKER_MEGABYTES })));
      expect(await englishLeftOver(page)).toEqual([]);
    });
  });
}

test.describe('a browser in another language', () => {
  test.use({ locale: 'fr-FR' });

  test('gets English; a language chosen here is kept for the next visit', async ({ page }) => {
    await openApp(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('choose-photo')).toHaveText('Choose a photo');
    await page.getByTestId('language').selectOption('zh-Hans');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
    await expect(page.getByTestId('choose-photo')).toHaveText(LANGUAGES['zh-Hans']['drop.choose']);
    expect(await page.evaluate((key) => localStorage.getItem(key), LANGUAGE_STORAGE_KEY)).toBe('zh-Hans');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
    await expect(page).toHaveTitle(LANGUAGES['zh-Hans']['app.title']);
  });
});
