import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatReport, main, SOAK_PHOTOS, stepFor, tableRows, verdict, type Reading, type SoakResult } from './soak.ts';

const reading = (animation: number, heapMB: number, rendererRssMB: number, workers: number, imageBitmapMB = 100): Reading => ({
  animation,
  elapsedS: animation * 10,
  heapMB,
  rendererRssMB,
  renderers: [rendererRssMB],
  gpuRssMB: 100,
  workers,
  workerUrls: [],
  domNodes: 450,
  objectUrls: 1,
  objectUrlMB: 0.3,
  imageBitmaps: 150,
  imageBitmapMB,
  contexts: {},
});

describe('soak', () => {
  it('takes a new photo every 4th animation, else a motion or a strength', () => {
    expect([1, 2, 3, 4, 5, 6].map(stepFor)).toEqual(['photo', 'motion', 'strength', 'motion', 'photo', 'motion']);
    for (const photo of SOAK_PHOTOS) expect(existsSync(photo)).toBe(true);
  });

  it('shows animations 10, the middle and the last', () => {
    expect(tableRows(100)).toEqual([10, 50, 100]);
    expect(tableRows(20)).toEqual([10, 20]);
    expect(tableRows(10)).toEqual([10]);
  });

  it('judges the end against animation 10: heap, RSS less the live frames, workers', () => {
    const flat = verdict([reading(10, 6, 900, 5, 250), reading(100, 6.2, 800, 5, 115)], 100);
    expect(flat).toMatchObject({ heapOk: true, rssOk: true, workersOk: true, ok: true });
    expect(flat.rssGrowth!).toBeCloseTo(800 / 900 - 1);
    expect(flat.rssNetGrowth!).toBeCloseTo(685 / 650 - 1);
    const grown = verdict([reading(10, 6, 900, 5), reading(100, 8, 1200, 7)], 100);
    expect(grown).toMatchObject({ heapOk: false, rssOk: false, workersOk: false, ok: false });
    // No reading at the end (the page crashed): not ok.
    expect(verdict([reading(10, 6, 900, 5)], 100).ok).toBe(false);
  });

  it('prints the table and the verdict', () => {
    const readings = [reading(10, 6, 900, 5), reading(50, 6, 910, 5), reading(100, 6, 920, 5)];
    const result: SoakResult = { count: 100, completed: 100, crashed: false, files: [], readings, verdict: verdict(readings, 100) };
    const text = formatReport(result);
    expect(text).toMatch(/^ *animation +heap MB/);
    expect(text.split('\n').filter((line) => /^ *(10|50|100) +\d/.test(line))).toHaveLength(3);
    expect(text).toMatch(/verdict: ok/);
    expect(formatReport({ ...result, crashed: true, completed: 31 })).toMatch(/THE PAGE CRASHED[\s\S]*verdict: MISSED/);
  });

  it('rejects a bad --count', async () => {
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(await main(['--count', '3'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
  });
});

describe('heap diff', () => {
  it('sums snapshot nodes per constructor and lists what grew', async () => {
    const { summarize, heapGrowth } = await import('./heap-diff.ts');
    const meta = { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'], node_types: [['hidden', 'array', 'string', 'object', 'code', 'closure']] as [string[]] };
    const strings = ['Frame', 'hello', 'onFrame'];
    const snapshot = (frames: number) => ({
      snapshot: { meta },
      strings,
      nodes: [...Array.from({ length: frames }, (_, i) => [3, 0, i, 100, 0]).flat(), 2, 1, 99, 16, 0, 5, 2, 98, 32, 0],
    });
    const before = summarize(snapshot(2));
    expect(before.get('object:Frame')).toEqual({ count: 2, bytes: 200 });
    expect(before.get('(string)')).toEqual({ count: 1, bytes: 16 });
    expect(heapGrowth(before, summarize(snapshot(5)))).toEqual([{ key: 'object:Frame', count: 3, bytes: 300 }]);
  });
});
