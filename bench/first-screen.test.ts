import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTags, firstScreenScriptUrls, measureFirstScreen, measureLazyBytes, urlToDistFile } from './first-screen.ts';

describe('firstScreenScriptUrls', () => {
  it('finds module scripts and modulepreloads, whatever the attribute order and quoting', () => {
    const html = `<!doctype html><head>
      <script type="module" crossorigin src="/assets/index-A.js"></script>
      <script src='/assets/classic.js'></script>
      <script crossorigin src=/assets/other-B.js type=module></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-C.js">
      <link href="./assets/chunk-D.js" rel="MODULEPRELOAD">
      <link rel="stylesheet" href="/assets/index.css">
      <link rel="preload" as="fetch" href="/models/face.tflite">
      <!-- <script type="module" src="/assets/commented.js"></script> -->
      <script type="module">import '/assets/inline-import.js'</script>
      <link rel="modulepreload" href="/assets/vendor-C.js">
    </head>`;
    expect(firstScreenScriptUrls(html)).toEqual([
      '/assets/index-A.js',
      '/assets/other-B.js',
      '/assets/vendor-C.js',
      './assets/chunk-D.js',
    ]);
  });

  it('parses attributes with > inside quotes', () => {
    expect(findTags(`<script data-x="a>b" type="module" src="/x.js"></script>`, 'script')).toEqual([
      { 'data-x': 'a>b', type: 'module', src: '/x.js' },
    ]);
  });

  it('maps URLs to files in dist and refuses to leave it', () => {
    expect(urlToDistFile('/d', '/assets/a.js?v=2')).toBe('/d/assets/a.js');
    expect(urlToDistFile('/d', './assets/a%20b.js')).toBe('/d/assets/a b.js');
    expect(() => urlToDistFile('/d', '../secret.js')).toThrow(/outside/);
  });
});

describe('measureFirstScreen / measureLazyBytes', () => {
  let dist: string;
  const main = 'console.log("main");'.repeat(50);
  const vendor = 'export const v = 1;'.repeat(80);
  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'kinora-bench-'));
    await mkdir(path.join(dist, 'assets'));
    await mkdir(path.join(dist, 'models'));
    await writeFile(
      path.join(dist, 'index.html'),
      `<script type="module" src="/assets/main.js"></script><link rel="modulepreload" href="/assets/vendor.js">` +
        `<script type="module" src="https://cdn.example/x.js"></script>`,
    );
    await writeFile(path.join(dist, 'assets', 'main.js'), main);
    await writeFile(path.join(dist, 'assets', 'vendor.js'), vendor);
    await writeFile(path.join(dist, 'assets', 'lazy.js'), 'x'.repeat(100));
    await writeFile(path.join(dist, 'assets', 'detect.worker.js'), 'y'.repeat(200));
    await writeFile(path.join(dist, 'assets', 'vision.wasm'), Buffer.alloc(300));
    await writeFile(path.join(dist, 'models', 'face.tflite'), Buffer.alloc(400));
    await writeFile(path.join(dist, 'assets', 'index.css'), 'body{}'.repeat(100));
    await writeFile(path.join(dist, 'logo.png'), Buffer.alloc(500));
  });
  afterAll(() => rm(dist, { recursive: true, force: true }));

  it('sums gzip -9 sizes of the first-screen JS only', async () => {
    const fs = await measureFirstScreen(dist);
    const expected = gzipSync(main, { level: 9 }).length + gzipSync(vendor, { level: 9 }).length;
    expect(fs.gzipBytes).toBe(expected);
    expect(fs.files.map((f) => f.file)).toEqual(['assets/main.js', 'assets/vendor.js']);
    expect(fs.files[0]!.bytes).toBe(main.length);
    expect(fs.external).toEqual(['https://cdn.example/x.js']);
  });

  it('counts lazy chunks, workers, wasm and models apart (not CSS, images, first-screen JS)', async () => {
    const lazy = await measureLazyBytes(dist, await measureFirstScreen(dist));
    expect(lazy).toEqual({ files: 4, bytes: 100 + 200 + 300 + 400 });
  });

  it('fails clearly when index.html names a missing file', async () => {
    const broken = await mkdtemp(path.join(tmpdir(), 'kinora-bench-'));
    try {
      await writeFile(path.join(broken, 'index.html'), '<script type="module" src="/assets/gone.js"></script>');
      await expect(measureFirstScreen(broken)).rejects.toThrow(/gone\.js.*npm run build/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
