/**
 * V8 heap snapshots (CDP HeapProfiler.takeHeapSnapshot) summed per constructor, and the growth
 * between two: what the soak's heap growth is made of.
 */
import type { CDPSession } from 'playwright-core';

/** "type:name" (constructor for objects, "(string)" for strings…) → count and self bytes. */
export type HeapSummary = Map<string, { count: number; bytes: number }>;

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Sums a snapshot's nodes per type and name (strings, numbers and code pooled per type). */
export function summarize(raw: RawSnapshot): HeapSummary {
  const fields = raw.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = raw.snapshot.meta.node_types[0];
  const summary: HeapSummary = new Map();
  for (let i = 0; i < raw.nodes.length; i += width) {
    const type = types[raw.nodes[i + typeAt]!] ?? '?';
    const pooled = ['string', 'concatenated string', 'sliced string', 'number', 'code', 'hidden', 'array', 'object shape', 'bigint'].includes(type);
    const key = pooled ? `(${type})` : `${type}:${raw.strings[raw.nodes[i + nameAt]!] ?? '?'}`;
    const entry = summary.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += raw.nodes[i + sizeAt]!;
    summary.set(key, entry);
  }
  return summary;
}

/** Takes a heap snapshot of the page behind `cdp` (after a GC) and sums it. */
export async function heapSummary(cdp: CDPSession): Promise<HeapSummary> {
  const chunks: string[] = [];
  const onChunk = (event: { chunk: string }) => void chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return summarize(JSON.parse(chunks.join('')) as RawSnapshot);
}

export interface HeapGrowth {
  key: string;
  count: number;
  bytes: number;
}

/** What grew from `before` to `after`, largest byte growth first. */
export function heapGrowth(before: HeapSummary, after: HeapSummary, top = 12): HeapGrowth[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys]
    .map((key) => {
      const a = before.get(key) ?? { count: 0, bytes: 0 };
      const b = after.get(key) ?? { count: 0, bytes: 0 };
      return { key, count: b.count - a.count, bytes: b.bytes - a.bytes };
    })
    .filter((g) => g.bytes > 0)
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, top);
}
