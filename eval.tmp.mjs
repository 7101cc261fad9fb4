import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.goto('http://127.0.0.1:4399/');
await page.waitForFunction(() => window.kinora);
for (const f of ['pd_color_astronaut-eileen-collins.png', 'painting_mona-lisa.jpg']) {
  const t = Date.now();
  const r = await page.evaluate((f) => window.kinora.evalUrl('/e2e/fixtures/photos/' + f, f, { drivers: ['blink', 'smile', 'turn', 'nod'] }), f);
  console.log(f, Date.now() - t, 'ms', r.error ?? '');
  for (const s of r.sequences) {
    const m = s.summary;
    console.log(s.driver.padEnd(6), 'nme', m.nme.median?.toFixed(4), m.nme.p95?.toFixed(4), 'tr', m.transfer.median?.toFixed(2), 'eyes', m.transfer.eyes?.toFixed(2), 'mouth', m.transfer.mouth?.toFixed(2), 'contour', m.transfer.contour?.toFixed(2), 'gain', m.transfer.gain?.toFixed(2), 'bg', m.background?.median?.toFixed(2), 'jit', m.jitter.median?.toFixed(4), 'seam', m.seam.max?.toFixed(4), 'noface', m.framesWithoutFace);
  }
}
await browser.close();
