import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FFMPEG_CORES, FFMPEG_VENDOR_DIR, vendorFfmpeg } from './vendor-ffmpeg.ts';

function fakeProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'kinora-vendor-'));
  for (const [variant, source] of Object.entries(FFMPEG_CORES)) {
    mkdirSync(join(root, source), { recursive: true });
    writeFileSync(join(root, source, 'ffmpeg-core.js'), `// ${variant}`);
    writeFileSync(join(root, source, 'ffmpeg-core.wasm'), variant);
  }
  writeFileSync(join(root, FFMPEG_CORES.mt, 'ffmpeg-core.worker.js'), '// pthread');
  return root;
}

describe('vendorFfmpeg', () => {
  it('mirrors each core into public/vendor/ffmpeg/<st|mt>/', () => {
    const root = fakeProject();
    const copied = vendorFfmpeg(root);
    expect(copied.sort()).toEqual(
      ['mt/ffmpeg-core.js', 'mt/ffmpeg-core.wasm', 'mt/ffmpeg-core.worker.js', 'st/ffmpeg-core.js', 'st/ffmpeg-core.wasm'].map((path) => join(FFMPEG_VENDOR_DIR, path)),
    );
    expect(readFileSync(join(root, FFMPEG_VENDOR_DIR, 'st', 'ffmpeg-core.wasm'), 'utf8')).toBe('st');
    expect(readFileSync(join(root, FFMPEG_VENDOR_DIR, 'mt', 'ffmpeg-core.wasm'), 'utf8')).toBe('mt');
  });

  it('drops files an older core left behind', () => {
    const root = fakeProject();
    mkdirSync(join(root, FFMPEG_VENDOR_DIR, 'st'), { recursive: true });
    writeFileSync(join(root, FFMPEG_VENDOR_DIR, 'st', 'ffmpeg-core.old.wasm'), 'stale');
    vendorFfmpeg(root);
    expect(readdirSync(join(root, FFMPEG_VENDOR_DIR, 'st')).sort()).toEqual(['ffmpeg-core.js', 'ffmpeg-core.wasm']);
  });

  it('fails when a core package is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'kinora-vendor-'));
    expect(() => vendorFfmpeg(root)).toThrow();
  });
});
