import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

export const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface FixturePhoto {
  file: string;
  faces: number;
  path: string;
}

/** The photos of e2e/fixtures/photos with their true face counts (MANIFEST.tsv). */
export function fixturePhotos(): FixturePhoto[] {
  const [header, ...rows] = readFileSync(join(fixtures, 'photos', 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const columns = header!.split('\t');
  return rows.map((row) => {
    const cells = row.split('\t');
    const file = cells[columns.indexOf('file')]!;
    return { file, faces: Number(cells[columns.indexOf('faces')]), path: join(fixtures, 'photos', file) };
  });
}

export function mimeOf(path: string): string {
  const ext = path.split('.').pop()!.toLowerCase();
  return (
    { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf', heic: 'image/heic', txt: 'text/plain', json: 'application/json' }[ext] ?? ''
  );
}

export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByText('Drop an old photo here')).toBeVisible();
}

/** Drops a file on the drop zone with a real DataTransfer, as a drag from the desktop does. */
export async function dropFile(page: Page, path: string): Promise<void> {
  const bytes = readFileSync(path).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ bytes, name, type }) => {
      const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([raw], name, { type }));
      return transfer;
    },
    { bytes, name: basename(path), type: mimeOf(path) },
  );
  const zone = page.getByRole('region', { name: 'Open a photo' });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

export async function chooseFile(page: Page, path: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(path);
}

/** Waits until the app has finished with the photo: faces listed, or a message shown. */
export async function waitUntilSettled(page: Page): Promise<void> {
  await expect(page.getByTestId('status').or(page.getByTestId('notice-error'))).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 90_000 });
}
