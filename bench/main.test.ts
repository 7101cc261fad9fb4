import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTable, overTarget, runBench } from './main.ts';
import { measures, median } from './measures.ts';

describe('measures registry', () => {
  it('has unique keys, including the ones other tools read', () => {
    const keys = measures.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        'detect_ms',
        'detect_all_ms',
        'detect_cold_ms',
        'first_frame_s',
        'first_frame_cold_s',
        'faces_s_revisit',
        'first_screen_js_gzip_bytes',
        'gen_ms',
        'floor_ms',
        'gen_floor_ratio',
      ]),
    );
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('formats values next to targets', () => {
    const byKey = (k: string) => measures.find((m) => m.key === k)!;
    const text = formatTable([
      { measure: byKey('detect_ms'), value: 60 },
      { measure: byKey('first_screen_js_gzip_bytes'), value: 1000 },
      { measure: byKey('detect_cold_ms'), value: null, error: 'boom' },
    ]);
    expect(text).toMatch(/detect_ms\s+60\.0 ms\s+target <= 50 ms\s+OVER TARGET/);
    expect(text).toMatch(/first_screen_js_gzip_bytes\s+1000 B\s+target <= 153600 B\s+ok/);
    expect(text).toMatch(/detect_cold_ms\s+FAILED\s+boom/);
    const ratio = formatTable([
      { measure: byKey('gen_floor_ratio'), value: 2.5 },
      { measure: byKey('gen_ms'), value: 25 },
    ]);
    expect(ratio).toMatch(/gen_floor_ratio\s+2\.50\s+target <= 3\s+ok/);
    expect(ratio).toMatch(/gen_ms\s+25\.0 ms\s*$/m);
  });

  it('gen measures: medians of benchGenerator, and their ratio', async () => {
    const byKey = (k: string) => measures.find((m) => m.key === k)!;
    const ctx = {
      generatorTimings: async () => ({ backend: 'wasm', width: 512, height: 512, genMs: [30, 10, 20], floorMs: [4, 5, 6, 100] }),
    } as unknown as Parameters<ReturnType<typeof byKey>['run']>[0];
    expect(await byKey('gen_ms').run(ctx)).toBe(20);
    expect(await byKey('floor_ms').run(ctx)).toBe(5.5);
    expect(await byKey('gen_floor_ratio').run(ctx)).toBeCloseTo(20 / 5.5);
    const empty = { generatorTimings: async () => ({ backend: 'wasm', width: 1, height: 1, genMs: [], floorMs: [1] }) } as unknown as typeof ctx;
    await expect(byKey('gen_ms').run(empty)).rejects.toThrow(/no genMs/);
  });

  it('detect_ms: to the first faces; detect_all_ms: the complete search; the UI measures: medians in seconds', async () => {
    const byKey = (k: string) => measures.find((m) => m.key === k)!;
    const ctx = {
      detectTimings: async () => ({ coldMs: 900, warmMs: [150, 170, 160], firstMs: [30, 40, 20] }),
      firstFrameWarm: async () => [1.2, 0.8, 1.0],
      firstFrameCold: async () => [4, 6],
      facesOnRevisit: async () => ({ seconds: [1.5, 1.7, 1.6], modelRequests: 0, modelRequestsFromNetwork: 0 }),
    } as unknown as Parameters<ReturnType<typeof byKey>['run']>[0];
    expect(await byKey('detect_ms').run(ctx)).toBe(30);
    expect(await byKey('detect_all_ms').run(ctx)).toBe(160);
    expect(await byKey('first_frame_s').run(ctx)).toBe(1);
    expect(await byKey('first_frame_cold_s').run(ctx)).toBe(5);
    expect(await byKey('faces_s_revisit').run(ctx)).toBe(1.6);
    const older = { detectTimings: async () => ({ coldMs: 900, warmMs: [150] }) } as unknown as typeof ctx;
    await expect(byKey('detect_ms').run(older)).rejects.toThrow(/no firstMs/);
  });

  it('e2e_s: the seconds benchEndToEnd reports, shown in seconds', async () => {
    const e2e = measures.find((m) => m.key === 'e2e_s')!;
    const ctx = { endToEnd: async () => ({ seconds: 12.34, frames: 250, width: 512, height: 512, gifBytes: 1 }) } as unknown as Parameters<typeof e2e.run>[0];
    expect(await e2e.run(ctx)).toBe(12.34);
    expect(formatTable([{ measure: e2e, value: 12.34 }])).toMatch(/e2e_s\s+12\.34 s/);
  });

  it('export measures: seconds and bytes from benchExport; the PSNR target is a minimum', async () => {
    const byKey = (k: string) => measures.find((m) => m.key === k)!;
    const timings = { frames: 250, width: 512, height: 512, gifEncodeS: 1.5, gifBytes: 4e6, gifPsnrDb: 43.2, gifPsnrMinDb: 39.5, mp4EncodeS: 5, mp4Bytes: 3e5 };
    const ctx = { exportTimings: async () => timings } as unknown as Parameters<ReturnType<typeof byKey>['run']>[0];
    expect(await byKey('gif_encode_s').run(ctx)).toBe(1.5);
    expect(await byKey('mp4_bytes').run(ctx)).toBe(3e5);
    const psnr = byKey('gif_psnr_db');
    const worst = byKey('gif_psnr_min_db');
    expect(overTarget({ measure: psnr, value: await psnr.run(ctx) })).toBe(false);
    expect(overTarget({ measure: worst, value: await worst.run(ctx) })).toBe(true);
    expect(formatTable([{ measure: worst, value: 39.5 }])).toMatch(/gif_psnr_min_db\s+39\.5 dB\s+target >= 40 dB\s+UNDER TARGET/);
  });
});

// No browser here: the photos are missing, so only the file measures run.
describe('runBench --json', () => {
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'kinora-bench-main-'));
    await writeFile(path.join(dist, 'index.html'), '<script type="module" src="/a.js"></script>');
    await writeFile(path.join(dist, 'a.js'), 'export const a = 1;');
  });
  afterAll(() => rm(dist, { recursive: true, force: true }));

  function io(env: NodeJS.ProcessEnv) {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdout: { write: (s: string) => (out.stdout += s) },
        stderr: { write: (s: string) => (out.stderr += s) },
        env,
        cwd: dist,
        signal: new AbortController().signal,
      },
    };
  }

  it('prints one JSON object as the last stdout line, with null for failed measures', async () => {
    const { out, io: ctx } = io({ KINORA_DIST: dist });
    const code = await runBench(['--json', '--photo', 'missing.jpg', '--gen-photo', 'missing-too.jpg', '--group-photo', 'missing-three.jpg'], ctx);
    expect(code).toBe(1);
    const lines = out.stdout.trimEnd().split('\n');
    const json = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(json).toMatchObject({ detect_ms: null, detect_cold_ms: null, photo: null, gen_ms: null, floor_ms: null, gen_floor_ratio: null, generator: null });
    expect((json.errors as Record<string, string>).gen_ms).toMatch(/generator photo not found/);
    expect((json.errors as Record<string, string>).gen_ms_5faces).toMatch(/group photo not found/);
    expect(typeof json.first_screen_js_gzip_bytes).toBe('number');
    expect((json.errors as Record<string, string>).detect_ms).toMatch(/photo not found/);
  });

  it('says to build when dist is missing', async () => {
    const { out, io: ctx } = io({ KINORA_DIST: path.join(dist, 'nope') });
    expect(await runBench([], ctx)).toBe(1);
    expect(out.stderr).toContain('npm run build');
  });

  it('exits 2 on usage errors', async () => {
    const { io: ctx } = io({ KINORA_DIST: dist });
    expect(await runBench(['--runs', 'many'], ctx)).toBe(2);
    expect(await runBench(['--frob'], ctx)).toBe(2);
    expect(await runBench(['--gen-frames', '0'], ctx)).toBe(2);
    expect(await runBench(['--only', 'gen_ms,nonsense_ms'], ctx)).toBe(2);
  });
});
