import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockForeignRequests, chromiumArgs, chromiumExecutablePath, launchBrowser, openApp } from './browser.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

describe('chromiumArgs', () => {
  it('keeps Chromium off the network and adds WebGPU only on request', () => {
    const args = chromiumArgs();
    for (const flag of ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']) {
      expect(args).toContain(flag);
    }
    expect(args).not.toContain('--enable-unsafe-webgpu');
    expect(chromiumArgs({ webgpu: true })).toContain('--enable-unsafe-webgpu');
    expect(args.includes('--no-sandbox')).toBe(process.getuid?.() === 0);
  });

  it('honours KINORA_CHROMIUM', () => {
    expect(chromiumExecutablePath({ KINORA_CHROMIUM: '/opt/chrome' })).toBe('/opt/chrome');
  });
});

// A real Chromium, with a page that is NOT the app: checks the plumbing only.
describe('in Chromium', () => {
  let root: string;
  let server: StaticServer;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'kinora-browser-'));
    await writeFile(
      path.join(root, 'index.html'),
      `<!doctype html><script>
        window.isolated = self.crossOriginIsolated;
        window.foreign = fetch('http://example.invalid/x.js').then(() => 'loaded', () => 'failed');
        window.local = fetch('/index.html').then((r) => r.status);
      </script>`,
    );
    // Its test page has an inline script and a foreign fetch: the app's CSP would refuse both.
    server = await startStaticServer({ root, contentSecurityPolicy: false });
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('blocks other hosts, allows its own origin, is cross-origin isolated', async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext();
      const warnings: string[] = [];
      const blocked = await blockForeignRequests(context, server.url, (l) => warnings.push(l));
      const page = await context.newPage();
      await page.goto(server.url);
      expect(await page.evaluate(() => (window as unknown as { foreign: Promise<string> }).foreign)).toBe('failed');
      expect(await page.evaluate(() => (window as unknown as { local: Promise<number> }).local)).toBe(200);
      expect(await page.evaluate(() => (window as unknown as { isolated: boolean }).isolated)).toBe(true);
      expect(blocked).toEqual(['http://example.invalid/x.js']);
      expect(warnings[0]).toMatch(/blocked a request to http:\/\/example\.invalid\/x\.js/);
    } finally {
      await browser.close();
    }
  });

  it('openApp explains when the page has no window.kinora', async () => {
    const browser = await launchBrowser();
    try {
      await expect(openApp(browser, server.url, { timeoutMs: 1500, log: () => {} })).rejects.toThrow(
        /did not expose window\.kinora/,
      );
    } finally {
      await browser.close();
    }
  });
});
