// Copies ffmpeg.wasm's cores into public/vendor/ffmpeg/ (run by `npm run build:ffmpeg`):
//   public/vendor/ffmpeg/st/*   @ffmpeg/core, single thread (pages that are not cross-origin isolated)
//   public/vendor/ffmpeg/mt/*   @ffmpeg/core-mt, threads (needs SharedArrayBuffer)
// The export worker loads them from the app's own origin, never from a CDN.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Source package (its ES module build) for each vendored core. */
export const FFMPEG_CORES = {
  st: 'node_modules/@ffmpeg/core/dist/esm',
  mt: 'node_modules/@ffmpeg/core-mt/dist/esm',
} as const;
export const FFMPEG_VENDOR_DIR = 'public/vendor/ffmpeg';

/** Mirrors each core's files into public/vendor/ffmpeg/<st|mt>/; returns the copied paths. */
export function vendorFfmpeg(root: string): string[] {
  const copied: string[] = [];
  for (const [variant, source] of Object.entries(FFMPEG_CORES)) {
    const from = join(root, source);
    const to = join(root, FFMPEG_VENDOR_DIR, variant);
    const files = readdirSync(from, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
    if (files.length === 0) throw new Error(`no files in ${from}`);
    // A fresh directory, so nothing from an older core version lingers.
    rmSync(to, { recursive: true, force: true });
    mkdirSync(to, { recursive: true });
    for (const name of files) {
      copyFileSync(join(from, name), join(to, name));
      copied.push(join(FFMPEG_VENDOR_DIR, variant, name));
    }
  }
  return copied;
}

const runDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  try {
    for (const path of vendorFfmpeg(resolve(dirname(fileURLToPath(import.meta.url)), '..'))) console.log(path);
  } catch (error) {
    console.error(`vendor-ffmpeg: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
