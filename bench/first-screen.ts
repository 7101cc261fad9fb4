/**
 * What the first screen of the built app downloads: the JS named in dist/index.html by
 * `<script type="module" src>` and `<link rel="modulepreload" href>`. Everything else
 * (lazy chunks, workers, wasm, models) is counted apart, for information.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizedFile {
  /** Path relative to dist, with forward slashes. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface FirstScreen {
  files: SizedFile[];
  /** Sum of gzip -9 sizes of `files`. */
  gzipBytes: number;
  /** URLs that index.html loads from another origin (should be none). */
  external: string[];
}

type Attributes = Record<string, string>;

/** Tags named `name` in `html`, with their attributes (names lower-cased; bare attributes = ''). */
export function findTags(html: string, name: string): Attributes[] {
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  const tags: Attributes[] = [];
  const tagRe = new RegExp(`<${name}\\b((?:[^>"']|"[^"]*"|'[^']*')*)>`, 'gi');
  for (const m of withoutComments.matchAll(tagRe)) {
    const attrs: Attributes = {};
    const attrRe = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
    for (const a of m[1]!.matchAll(attrRe)) {
      attrs[a[1]!.toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? '';
    }
    tags.push(attrs);
  }
  return tags;
}

/** URLs of the JS the first screen loads, in document order, without duplicates. */
export function firstScreenScriptUrls(html: string): string[] {
  const urls: string[] = [];
  // Document order across both tag kinds does not matter for a sum; keep scripts first.
  for (const t of findTags(html, 'script')) {
    if (t.type?.trim().toLowerCase() === 'module' && t.src) urls.push(t.src.trim());
  }
  for (const t of findTags(html, 'link')) {
    const rel = (t.rel ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('modulepreload') && t.href) urls.push(t.href.trim());
  }
  return [...new Set(urls)];
}

function isExternal(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
}

/** Maps a URL from index.html to a file in dist (handles `/x`, `./x`, `x`, query strings). */
export function urlToDistFile(dist: string, url: string): string {
  const clean = decodeURIComponent(url.replace(/[?#].*$/, ''));
  const file = clean.startsWith('/') ? path.join(dist, clean) : path.resolve(dist, clean);
  const rel = path.relative(dist, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${url} points outside ${dist}`);
  return file;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

export async function measureFirstScreen(dist: string): Promise<FirstScreen> {
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const files: SizedFile[] = [];
  const external: string[] = [];
  const seen = new Set<string>();
  for (const url of firstScreenScriptUrls(html)) {
    if (isExternal(url)) {
      external.push(url);
      continue;
    }
    const file = urlToDistFile(dist, url);
    if (seen.has(file)) continue;
    seen.add(file);
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      throw new Error(`index.html loads ${url} but ${file} does not exist (stale build? run npm run build)`);
    }
    files.push({
      file: toPosix(path.relative(dist, file)),
      bytes: content.length,
      gzipBytes: gzipSync(content, { level: 9 }).length,
    });
  }
  return { files, gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0), external };
}

/** Extensions of files loaded after the first screen: code, workers, wasm, models. */
export const LAZY_EXTENSIONS = ['.js', '.mjs', '.wasm', '.tflite', '.task', '.onnx', '.binarypb', '.data', '.bin'];

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/** Raw size of every JS/wasm/model file in dist that the first screen does not load. */
export async function measureLazyBytes(dist: string, firstScreen: FirstScreen): Promise<{ files: number; bytes: number }> {
  const excluded = new Set(firstScreen.files.map((f) => path.join(dist, f.file)));
  let files = 0;
  let bytes = 0;
  for await (const file of walk(dist)) {
    if (excluded.has(file) || !LAZY_EXTENSIONS.includes(path.extname(file).toLowerCase())) continue;
    files += 1;
    bytes += (await stat(file)).size;
  }
  return { files, bytes };
}
