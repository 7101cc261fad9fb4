import { join } from 'node:path';
import { fitWithin } from '../src/core/image/sizing.ts';
import type { ImageReport, PersonMaskResult } from '../src/pipeline/automation-contract.ts';
import { allowConsoleErrors, expect, fixtures, openApp, test } from './helpers.ts';

/** Mean of the mask over a square of `radius` around (x, y), in mask pixels. */
function meanAround(alpha: Uint8Array, width: number, height: number, x: number, y: number, radius: number): number {
  let sum = 0;
  let count = 0;
  for (let j = Math.max(0, Math.round(y - radius)); j <= Math.min(height - 1, Math.round(y + radius)); j++) {
    for (let i = Math.max(0, Math.round(x - radius)); i <= Math.min(width - 1, Math.round(x + radius)); i++) {
      sum += alpha[j * width + i]!;
      count++;
    }
  }
  return sum / count;
}

const cases = [
  // A 3:4 portrait (letterboxed into the model's square), and two people side by side (landscape).
  { file: 'old_bw_thoreau-1856-daguerreotype-beard.jpg', type: 'image/jpeg', faces: 1 },
  { file: 'pd_color_group2_obama-biden-official.jpg', type: 'image/jpeg', faces: 2 },
];

for (const photo of cases) {
  test(`${photo.file}: the person mask is the photo's size at the asked long side, on every face, off the background`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.route('**/__test/photo', (route) => route.fulfill({ path: join(fixtures, 'photos', photo.file), contentType: photo.type }));
    await openApp(page);
    const { report, masks } = await page.evaluate(async () => {
      const kinora = window.kinora!;
      const report: ImageReport = await kinora.detectUrl('/__test/photo', 'photo');
      const masks: PersonMaskResult[] = [await kinora.personMaskUrl('/__test/photo', 512), await kinora.personMaskUrl('/__test/photo', 200)];
      return { report, masks };
    });
    expect(report.error).toBeUndefined();
    expect(report.faces).toHaveLength(photo.faces);

    for (const [mask, longSide] of [[masks[0]!, 512], [masks[1]!, 200]] as const) {
      // Exactly photoAt(longSide)'s size (these photos are under the 3072 px working size).
      expect({ width: mask.width, height: mask.height }).toEqual(fitWithin(report.width, report.height, longSide));
      const alpha = new Uint8Array(Buffer.from(mask.alpha, 'base64'));
      expect(alpha).toHaveLength(mask.width * mask.height);
      const scale = mask.width / report.width;
      const r = Math.max(2, Math.round(0.02 * mask.width));

      for (const face of report.faces) {
        // The nose tip, and the middle of the forehead between the eyes and the top of the box.
        const [noseX, noseY] = face.landmarks[1]!;
        expect(meanAround(alpha, mask.width, mask.height, noseX * scale, noseY * scale, r)).toBeGreaterThan(240);
        const [, boxY] = face.box;
        const brow = face.landmarks[9]!;
        expect(meanAround(alpha, mask.width, mask.height, brow[0] * scale, ((brow[1] + boxY) / 2) * scale, r)).toBeGreaterThan(240);
      }
      // The top corners are background in both photos (the bottom ones are coats).
      const inset = 3 * r;
      expect(meanAround(alpha, mask.width, mask.height, inset, inset, r)).toBeLessThan(16);
      expect(meanAround(alpha, mask.width, mask.height, mask.width - 1 - inset, inset, r)).toBeLessThan(16);

      if (longSide === 512) {
        // Soft, not blocky: a band of partial values along the silhouette, and not a haze over everything.
        const partial = alpha.filter((v) => v > 8 && v < 247).length / alpha.length;
        expect(partial).toBeGreaterThan(0.005);
        expect(partial).toBeLessThan(0.2);
      }
    }
    if (photo.faces === 2) {
      // Between the two men, above their shoulders: the curtains behind them.
      const [left, right] = [...report.faces].sort((a, b) => a.box[0] - b.box[0]);
      const gapX = ((left!.box[0] + left!.box[2] + right!.box[0]) / 2) * (masks[0]!.width / report.width);
      const alpha = new Uint8Array(Buffer.from(masks[0]!.alpha, 'base64'));
      const y = ((left!.box[1] + right!.box[1]) / 2) * (masks[0]!.width / report.width);
      expect(meanAround(alpha, masks[0]!.width, masks[0]!.height, gapX, y, 4)).toBeLessThan(32);
    }
  });
}

for (const [what, reply] of [
  ['missing', { status: 404, body: 'not here' }],
  ['damaged', { status: 200, contentType: 'application/octet-stream', body: Buffer.from('TFL3 this is not a model at all '.repeat(64)) }],
] as const) {
  test(`a ${what} segmentation model gives a clear error Outcome, and the worker lives on`, async ({ page, context }) => {
    test.setTimeout(120_000);
    // The point of the test: Chromium logs the 404, MediaPipe its refusal of the damaged model.
    allowConsoleErrors(page, /Failed to load resource: the server responded with a status of 404/, /The model is not a valid Flatbuffer buffer/);
    await context.route('**/models/selfie_segmenter.tflite', (route) => route.fulfill(reply));
    await page.route('**/__test/photo', (route) => route.fulfill({ path: join(fixtures, 'photos', cases[0]!.file), contentType: 'image/jpeg' }));
    await openApp(page);
    const outcomes = await page.evaluate(async () => {
      const attempt = () =>
        window.kinora!.personMaskUrl('/__test/photo', 256).then(
          () => 'made',
          (error: Error) => error.message,
        );
      // Twice: the worker answered the first time (no "worker stopped"), and tries again.
      return [await attempt(), await attempt()];
    });
    for (const outcome of outcomes) {
      expect(outcome).toMatch(/^The person mask could not be made \(the segmentation model failed: [^\n]+\)\.$/);
    }
  });
}
