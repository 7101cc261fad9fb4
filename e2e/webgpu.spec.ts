import { chromiumArgs, chromiumExecutablePath } from '../cli/browser.ts';
import { chromium, expect, test } from './helpers.ts';

// WebGPU in headless Chromium without a GPU runs on SwiftShader: correct but slow, so this
// checks correctness on a small frame only, in a browser started with WebGPU enabled.
test('the generator gives the same frame on WebGPU and on WASM', async ({ baseURL }) => {
  test.setTimeout(180_000);
  const browser = await chromium.launch({ executablePath: chromiumExecutablePath(), args: chromiumArgs({ webgpu: true }) });
  try {
    const page = await browser.newPage();
    await page.goto(baseURL!);
    await page.waitForFunction(() => window.kinora);
    const worst = await page.evaluate(() => window.kinora!.compareGeneratorBackends(24, 17));
    expect(worst, 'WebGPU is available with --enable-unsafe-webgpu').not.toBeUndefined();
    expect(worst!).toBeLessThan(1e-4);
  } finally {
    await browser.close();
  }
});
