import { copyFileSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareInputs } from './inputs.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prepareInputs', () => {
  it('refuses a photo over the size limit with the app\'s message, before serving it', async () => {
    // 2.5 GB, sparse: no disk used.
    const huge = join(dir, 'scan.jpg');
    copyFileSync(new URL('../e2e/fixtures/bad/header-10900x10900.jpg', import.meta.url), huge);
    truncateSync(huge, 2.5 * 1024 ** 3);
    const small = join(dir, 'small.jpg');
    copyFileSync(new URL('../e2e/fixtures/photos/painting_william-smith-oil-portrait.jpg', import.meta.url), small);
    const routes = new Map<string, string>();
    const [big, fine] = await prepareInputs([huge, small], dir, routes, { photo: true });
    expect(big!.error).toBe(
      'This file is too large (2.5 GB); the limit is 200 MB. Save a smaller copy of the photo (for example 4000 pixels wide) and try that.',
    );
    expect(fine!.error).toBeUndefined();
    expect([...routes.values()]).toEqual([small]);
    // Not a photo (a video for `record`): no photo limit.
    const [video] = await prepareInputs([huge], dir, new Map());
    expect(video!.error).toBeUndefined();
  });
});
