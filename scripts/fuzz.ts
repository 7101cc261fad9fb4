/**
 * Seeded fuzzer for the two parsers that read what people hand the app: the photo sniffer
 * (`sniffImage`, whole file and head + tail) and the driver-file parser (`parseDriver`).
 *
 * Mutated real files (bit flips, byte edits, truncations, splices of two files, header fields
 * set to huge or zero numbers, inserted and deleted ranges; for drivers also JSON values
 * replaced) must each give an answer, ok or a message: no exception, and no case slower than
 * CASE_MS. The same seed gives the same cases.
 *
 *   npm run fuzz                       # 10,000 image + 10,000 driver cases, seed 1
 *   npm run fuzz -- --cases 50000 --seed 7
 *   npm run fuzz -- --cli 300          # mutated photos through the real page (`kinora detect`; needs `npm run build`)
 *
 * The cases run in a worker thread watched from here: one that runs past the watchdog is
 * reported (seed, kind and number, so it can be replayed) and the run fails.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { parseDriver, serializeDriver } from '../src/core/drivers/format.ts';
import { builtinDrivers } from '../src/core/drivers/registry.ts';
import { slicesOf, sniffImage, sniffSlices, type SniffResult } from '../src/core/image/sniff.ts';
import { mulberry32 } from '../src/core/random.ts';
import { concatBytes } from '../src/core/bytes.ts';
import { english } from '../src/i18n/english.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = path.join(ROOT, 'e2e', 'fixtures');
/** A case slower than this is a failure (a hang in the making). */
export const CASE_MS = 1000;

type Random = () => number;
const int = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, list: readonly T[]): T => list[int(random, list.length)]!;

// ------------------------------------------------------------------ seeds

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

/** The real photos and bad inputs of the e2e fixtures, and the sniffer's format samples. */
export function imageSeeds(): Seed[] {
  const dirs = [path.join(FIXTURES, 'photos'), path.join(FIXTURES, 'bad'), path.join(ROOT, 'src', 'core', 'image', 'testdata')];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => !/\.(tsv|sh|md)$/.test(name))
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(dir, name))) })),
  );
}

/**
 * Library drivers, serialized (both encodings): most cut to their first frames, so that a case
 * parses in about a millisecond, and one whole (half a megabyte of text), drawn now and then.
 */
export function driverSeeds(count = 6, frames = 10): string[] {
  const entries = builtinDrivers().filter((entry) => !entry.mirrored).slice(0, count);
  const text = (entry: (typeof entries)[number], length: number, encoding?: 'float32-base64') =>
    serializeDriver({ ...entry.driver, frames: entry.driver.frames.slice(0, length) }, { description: entry.description, tags: entry.tags }, encoding ? { encoding } : {});
  const short = entries.flatMap((entry, i) => [text(entry, frames), ...(i < 2 ? [text(entry, frames, 'float32-base64')] : [])]);
  // Short ones 4 times over: a whole driver is 1 draw in ~30.
  return [...short, ...short, ...short, ...short, text(entries[0]!, Infinity)];
}

// ------------------------------------------------------------------ byte mutations

const SPECIAL = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 0xd8, 0xd9, 0xda, 0xc0, 0xc2, 0x3b, 0x2c, 0x21];
const HUGE = [0, 1, 0xff, 0xffff, 0x7fff, 0x8000, 0xffffffff, 0x7fffffff, 0x80000000, 0x10000, 10_900, 65_535];

/** Offsets worth editing: the header, and the bytes just after each marker-like 0xFF / chunk name. */
function interestingOffsets(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(b.length, 64); i++) out.push(i);
  for (let i = 0; i + 1 < Math.min(b.length, 4096); i++) {
    if (b[i] === 0xff && b[i + 1] !== 0 && b[i + 1] !== 0xff) out.push(i + 2, i + 3, i + 5, i + 7);
    // PNG/RIFF/ISO chunk and box names: four letters.
    if (i + 4 <= b.length && [0, 1, 2, 3].every((k) => (b[i + k]! >= 0x41 && b[i + k]! <= 0x5a) || (b[i + k]! >= 0x61 && b[i + k]! <= 0x7a))) out.push(i - 4, i + 4, i + 8);
  }
  return out.filter((i) => i >= 0 && i < b.length);
}

function writeNumber(b: Uint8Array, at: number, value: number, bytes: number, little: boolean): void {
  for (let k = 0; k < bytes && at + k < b.length; k++) {
    const shift = 8 * (little ? k : bytes - 1 - k);
    b[at + k] = Math.floor(value / 2 ** shift) & 0xff;
  }
}

export const BYTE_MUTATIONS = ['bit-flips', 'byte-set', 'truncate', 'splice', 'header-number', 'insert', 'delete', 'duplicate', 'tail-cut', 'stack'] as const;
export type ByteMutation = (typeof BYTE_MUTATIONS)[number];

export function mutateBytes(random: Random, seed: Uint8Array, others: readonly Seed[], kind: ByteMutation): Uint8Array {
  const n = seed.length;
  const at = () => int(random, Math.max(1, n));
  switch (kind) {
    case 'bit-flips': {
      const b = seed.slice();
      for (let k = 1 + int(random, 8); k > 0 && n; k--) {
        const i = random() < 0.6 ? pick(random, interestingOffsets(b).concat([at()])) : at();
        b[i]! ^= 1 << int(random, 8);
      }
      return b;
    }
    case 'byte-set': {
      const b = seed.slice();
      for (let k = 1 + int(random, 4); k > 0 && n; k--) b[random() < 0.5 ? pick(random, interestingOffsets(b).concat([at()])) : at()] = pick(random, SPECIAL);
      return b;
    }
    case 'truncate':
      return seed.slice(0, random() < 0.3 ? int(random, Math.min(n, 512)) : at());
    case 'tail-cut':
      return seed.slice(0, Math.max(0, n - 1 - int(random, Math.min(n, 64))));
    case 'splice': {
      const other = pick(random, others).bytes;
      return concatBytes(seed.subarray(0, at()), other.subarray(int(random, Math.max(1, other.length))));
    }
    case 'header-number': {
      const b = seed.slice();
      const offsets = interestingOffsets(b);
      if (!offsets.length) return b;
      writeNumber(b, pick(random, offsets), pick(random, HUGE), pick(random, [1, 2, 3, 4]), random() < 0.5);
      return b;
    }
    case 'insert': {
      const i = at();
      const junk = new Uint8Array(1 + int(random, 600)).map(() => (random() < 0.3 ? pick(random, SPECIAL) : int(random, 256)));
      return concatBytes(seed.subarray(0, i), junk, seed.subarray(i));
    }
    case 'delete': {
      const i = at();
      return concatBytes(seed.subarray(0, i), seed.subarray(Math.min(n, i + 1 + int(random, 2000))));
    }
    case 'duplicate': {
      const i = at();
      const j = Math.min(n, i + 1 + int(random, 4000));
      return concatBytes(seed.subarray(0, j), seed.subarray(i, j), seed.subarray(j));
    }
    case 'stack': {
      let b = seed;
      for (let k = 2 + int(random, 3); k > 0; k--) b = mutateBytes(random, b, others, pick(random, BYTE_MUTATIONS.filter((m) => m !== 'stack')));
      return b;
    }
  }
}

// ------------------------------------------------------------------ driver mutations

const WEIRD_VALUES: unknown[] = [null, true, 0, -1, 1e308, -1e308, 2 ** 53, 1e-320, '', 'x'.repeat(1000), [], {}, [1, 2, 3], { a: 1 }, '1e999', 'NaN', -0, 3.5, 100000];

function jsonPaths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  if (depth > 6 || out.length > 400) return out;
  if (Array.isArray(value)) value.slice(0, 8).forEach((v, i) => (out.push([...prefix, i]), jsonPaths(v, [...prefix, i], out, depth + 1)));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...prefix, k]), jsonPaths(v, [...prefix, k], out, depth + 1);
  return out;
}

export const TEXT_MUTATIONS = ['json-value', 'json-delete', 'json-nest', 'text-flip', 'text-truncate', 'text-splice', 'text-insert', 'stack'] as const;
export type TextMutation = (typeof TEXT_MUTATIONS)[number];

export function mutateText(random: Random, text: string, others: readonly string[], kind: TextMutation): string {
  const n = text.length;
  const at = () => int(random, Math.max(1, n));
  switch (kind) {
    case 'json-value':
    case 'json-delete':
    case 'json-nest': {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        return mutateText(random, text, others, 'text-flip');
      }
      const paths = jsonPaths(doc);
      if (!paths.length) return text;
      const where = pick(random, paths);
      let parent = doc as Record<string | number, unknown>;
      for (const key of where.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      const key = where.at(-1)!;
      if (kind === 'json-delete') {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      } else if (kind === 'json-nest') {
        let deep: unknown = parent[key];
        for (let k = 0; k < 1 + int(random, 5000); k++) deep = [deep];
        parent[key] = deep;
      } else {
        parent[key] = pick(random, WEIRD_VALUES);
      }
      return JSON.stringify(doc);
    }
    case 'text-flip': {
      const chars = [...text.slice(0, 20_000)];
      for (let k = 1 + int(random, 6); k > 0; k--) chars[int(random, chars.length)] = pick(random, ['"', '{', '}', '[', ']', ',', ':', '0', '9', '-', 'e', '\\', '\u0000', 'é', ' ', 'A']);
      return chars.join('') + text.slice(20_000);
    }
    case 'text-truncate':
      return text.slice(0, at());
    case 'text-splice': {
      const other = pick(random, others);
      return text.slice(0, at()) + other.slice(int(random, other.length));
    }
    case 'text-insert': {
      const i = at();
      return text.slice(0, i) + pick(random, ['1e999', '-', 'null', '"', '\ufeff', '[[[[[[', '}}}}', ',,', '0'.repeat(400)]) + text.slice(i);
    }
    case 'stack': {
      let t = text;
      for (let k = 2 + int(random, 3); k > 0; k--) t = mutateText(random, t, others, pick(random, TEXT_MUTATIONS.filter((m) => m !== 'stack')));
      return t;
    }
  }
}

// ------------------------------------------------------------------ checks

const CODES = new Set(['empty', 'not-image', 'unsupported', 'truncated', 'corrupt', 'too-large']);

/** What is wrong with a sniff result, or undefined. */
function checkSniff(r: SniffResult): string | undefined {
  if (!r || typeof r !== 'object') return 'no result';
  if (r.ok) {
    const sizes = [r.width, r.height, r.displayWidth, r.displayHeight];
    if (!sizes.every((v) => Number.isInteger(v) && v >= 0)) return `bad size ${sizes.join(',')}`;
    if ((r.width === 0) !== (r.height === 0) || (r.width === 0 && r.format !== 'avif' && r.format !== 'jpeg' && r.format !== 'png' && r.format !== 'gif')) return `size 0 for ${r.format}`;
    if (!(r.orientation >= 1 && r.orientation <= 8)) return `orientation ${r.orientation}`;
    return undefined;
  }
  if (!CODES.has(r.code)) return `unknown code ${r.code}`;
  if (english(r.message).length < 10) return `no message for ${r.code}`;
  return undefined;
}

function allFinite(value: unknown, depth = 0): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (depth > 8 || value === null || typeof value !== 'object') return true;
  if (ArrayBuffer.isView(value)) return Array.prototype.every.call(value, (v: number) => Number.isFinite(v));
  return Object.values(value).every((v) => allFinite(v, depth + 1));
}

export interface Failure {
  kind: 'image' | 'driver';
  index: number;
  mutation: string;
  seed: string;
  problem: string;
}

export interface FuzzCounts {
  cases: number;
  ok: number;
  refused: number;
  failures: Failure[];
  slowestMs: number;
  byMessage: Map<string, number>;
}

const newCounts = (): FuzzCounts => ({ cases: 0, ok: 0, refused: 0, failures: [], slowestMs: 0, byMessage: new Map() });

function timed<T>(counts: FuzzCounts, run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  const ms = performance.now() - start;
  counts.slowestMs = Math.max(counts.slowestMs, ms);
  return [value, ms];
}

/** The image case `index` of the run seeded `seed`: always the same bytes. */
export function imageCase(seed: number, index: number, seeds: readonly Seed[]): { bytes: Uint8Array; name: string; mutation: ByteMutation } {
  const random = mulberry32((seed * 1_000_003 + index) >>> 0);
  const base = pick(random, seeds);
  const mutation = pick(random, BYTE_MUTATIONS);
  return { bytes: mutateBytes(random, base.bytes, seeds, mutation), name: base.name, mutation };
}

export function driverCase(seed: number, index: number, seeds: readonly string[]): { text: string; mutation: TextMutation } {
  const random = mulberry32((seed * 2_000_003 + index) >>> 0);
  const mutation = pick(random, TEXT_MUTATIONS);
  return { text: mutateText(random, pick(random, seeds), seeds, mutation), mutation };
}

/** Runs `cases` image cases; `onCase` hears of each before it runs (the watchdog). */
export function fuzzImages(seed: number, cases: number, onCase?: (index: number) => void, seeds = imageSeeds(), caseMs = CASE_MS): FuzzCounts {
  const counts = newCounts();
  for (let index = 0; index < cases; index++) {
    onCase?.(index);
    const { bytes, name, mutation } = imageCase(seed, index, seeds);
    counts.cases++;
    const report = (problem: string) => counts.failures.push({ kind: 'image', index, mutation, seed: name, problem });
    try {
      const [whole, ms] = timed(counts, () => sniffImage(bytes, name));
      // The same file seen as the worker sees a large one: small head and tail.
      const [part, partMs] = timed(counts, () => sniffSlices(slicesOf(bytes, 2048, 1024), name));
      const problem = checkSniff(whole) ?? checkSniff(part);
      if (problem) report(problem);
      else if (ms > caseMs || partMs > caseMs) report(`slow: ${Math.round(Math.max(ms, partMs))} ms`);
      else if (whole.ok) counts.ok++;
      else {
        counts.refused++;
        const key = `${whole.code}: ${english(whole.message).slice(0, 60)}`;
        counts.byMessage.set(key, (counts.byMessage.get(key) ?? 0) + 1);
      }
    } catch (error) {
      report(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }
  return counts;
}

export function fuzzDrivers(seed: number, cases: number, onCase?: (index: number) => void, seeds = driverSeeds(), caseMs = CASE_MS): FuzzCounts {
  const counts = newCounts();
  for (let index = 0; index < cases; index++) {
    onCase?.(index);
    const { text, mutation } = driverCase(seed, index, seeds);
    counts.cases++;
    const report = (problem: string) => counts.failures.push({ kind: 'driver', index, mutation, seed: 'driver', problem });
    try {
      const [r, ms] = timed(counts, () => parseDriver(text));
      if (ms > caseMs) report(`slow: ${Math.round(ms)} ms`);
      else if (r.ok) {
        if (!r.driver.frames.length || !Number.isFinite(r.driver.fps) || !allFinite(r.driver.frames)) report('ok but not a usable driver');
        else counts.ok++;
      } else if (!Array.isArray(r.errors) || !r.errors.length || !r.errors.every((e) => english(e).length > 0)) {
        report('refused without a message');
      } else {
        counts.refused++;
        const key = english(r.errors[0]!).replace(/\d+/g, 'N').slice(0, 60);
        counts.byMessage.set(key, (counts.byMessage.get(key) ?? 0) + 1);
      }
    } catch (error) {
      report(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }
  return counts;
}

// ------------------------------------------------------------------ through the page

/** `cases` mutated photos through `kinora detect --json` (the built app in headless Chromium). */
async function fuzzThroughPage(seed: number, cases: number): Promise<void> {
  const seeds = imageSeeds().filter((s) => s.bytes.length > 0 && s.bytes.length < 600_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'kinora-fuzz-'));
  const counts = { ok: 0, faces: 0, errors: new Map<string, number>(), missing: 0 };
  const started = performance.now();
  try {
    const files: string[] = [];
    for (let index = 0; index < cases; index++) {
      const { bytes, name, mutation } = imageCase(seed, index, seeds);
      const file = path.join(dir, `${String(index).padStart(4, '0')}-${mutation}-${name}`);
      writeFileSync(file, bytes);
      files.push(file);
    }
    const BATCH = 25;
    for (let i = 0; i < files.length; i += BATCH) {
      const batch = files.slice(i, i + BATCH);
      const stdout = await new Promise<string>((resolve) =>
        execFile('node', [path.join(ROOT, 'bin', 'kinora.mjs'), 'detect', '--json', '--timeout', '60', ...batch], { maxBuffer: 1 << 30, cwd: ROOT }, (_error, out, err) => {
          if (err.trim()) process.stderr.write(err);
          resolve(out);
        }),
      );
      let reports: { file: string; faces: unknown[]; error?: string }[] = [];
      try {
        reports = JSON.parse(stdout);
      } catch {
        counts.missing += batch.length;
        continue;
      }
      for (const r of reports) {
        if (r.error) {
          const key = r.error.replace(/\d[\d,.]*/g, 'N').slice(0, 70);
          counts.errors.set(key, (counts.errors.get(key) ?? 0) + 1);
        } else {
          counts.ok++;
          counts.faces += r.faces.length;
        }
      }
      process.stderr.write(`  ${Math.min(files.length, i + BATCH)}/${files.length} files\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`through the page: ${cases} files in ${Math.round((performance.now() - started) / 1000)} s: ${counts.ok} opened (${counts.faces} faces), ${[...counts.errors.values()].reduce((a, b) => a + b, 0)} refused with a message, ${counts.missing} without a report`);
  for (const [message, count] of [...counts.errors].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(5)}  ${message}`);
}

// ------------------------------------------------------------------ command line

function print(title: string, counts: FuzzCounts): void {
  console.log(`${title}: ${counts.cases} cases, ${counts.ok} ok, ${counts.refused} refused with a message, ${counts.failures.length} failures; slowest ${counts.slowestMs.toFixed(1)} ms`);
  for (const [message, count] of [...counts.byMessage].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${String(count).padStart(6)}  ${message}`);
  for (const f of counts.failures.slice(0, 20)) console.log(`  FAIL ${f.kind} #${f.index} (${f.mutation} of ${f.seed}): ${f.problem}`);
}

/** Watchdog: a case that does not finish within this many ms fails the run (an infinite loop). */
const HANG_MS = 10_000;

async function main(args: string[]): Promise<number> {
  const value = (flag: string, fallback: number) => {
    const i = args.indexOf(flag);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const seed = value('--seed', 1);
  if (args.includes('--cli')) {
    await fuzzThroughPage(seed, value('--cli', 300));
    return 0;
  }
  const cases = value('--cases', 10_000);
  const results = await new Promise<{ images: FuzzCounts; drivers: FuzzCounts } | string>((resolve) => {
    // A worker of this file, through tsx (as bin/kinora.mjs loads the CLI).
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { seed, cases } });
    let current = 'starting';
    let last = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - last < HANG_MS) return;
      clearInterval(watchdog);
      void worker.terminate();
      resolve(`HANG: ${current} ran past ${HANG_MS / 1000} s (seed ${seed})`);
    }, 500);
    worker.on('message', (message: { case?: string; done?: { images: FuzzCounts; drivers: FuzzCounts } }) => {
      last = Date.now();
      if (message.case) current = message.case;
      if (message.done) {
        clearInterval(watchdog);
        resolve(message.done);
      }
    });
    worker.on('error', (error: Error) => (clearInterval(watchdog), resolve(`worker error: ${error.message}`)));
  });
  if (typeof results === 'string') {
    console.log(results);
    return 1;
  }
  print(`sniffImage (seed ${seed})`, results.images);
  print(`parseDriver (seed ${seed})`, results.drivers);
  return results.images.failures.length + results.drivers.failures.length ? 1 : 0;
}

if (!isMainThread && workerData && parentPort) {
  const { seed, cases } = workerData as { seed: number; cases: number };
  const port = parentPort;
  // Every 50th case is announced (and the watchdog fed); a hang names its block of 50.
  const announce = (kind: string) => (index: number) => index % 50 === 0 && port.postMessage({ case: `${kind} cases ${index}-${index + 49}` });
  const images = fuzzImages(seed, cases, announce('image'));
  const drivers = fuzzDrivers(seed, cases, announce('driver'));
  port.postMessage({ done: { images, drivers } });
} else if (isMainThread && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
