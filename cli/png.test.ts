import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32, decodePng, encodePng } from './png.ts';

function picture(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    data.set([(x * 37) & 255, (y * 11 + x) & 255, (x * y) & 255, 255], i * 4);
  }
  return data;
}

describe('png', () => {
  it('crc32 of "IEND" is the well-known value', () => {
    expect(crc32(Uint8Array.from('IEND', (c) => c.charCodeAt(0)))).toBe(0xae426082);
  });

  it('round-trips RGBA', () => {
    const image = { width: 7, height: 5, data: picture(7, 5) };
    image.data[3] = 10; // some alpha
    expect(decodePng(encodePng(image))).toEqual(image);
  });

  it('rejects what it cannot read', () => {
    expect(() => decodePng(Uint8Array.of(1, 2, 3))).toThrow(/not a PNG/);
    const png = encodePng({ width: 2, height: 2, data: picture(2, 2) });
    expect(() => decodePng(png.subarray(0, png.length - 12))).toThrow(/IEND/);
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow(RangeError);
  });
});

function hasFfmpeg(): boolean {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// PNGs from another encoder: every filter type and colour type.
describe.skipIf(!hasFfmpeg())('decodes PNGs written by ffmpeg', () => {
  let tmp: string;
  const width = 33;
  const height = 17;
  const rgba = picture(width, height);
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'kinora-png-'));
    await writeFile(path.join(tmp, 'in.rgba'), rgba);
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  const convert = async (pixFmt: string, pred: string) => {
    const out = path.join(tmp, `${pixFmt}-${pred}.png`);
    execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-i', path.join(tmp, 'in.rgba'), '-pix_fmt', pixFmt, '-pred', pred, out]);
    return decodePng(await readFile(out));
  };

  it.each(['none', 'sub', 'up', 'avg', 'paeth', 'mixed'])('RGBA and RGB with the %s filter', async (pred) => {
    expect((await convert('rgba', pred)).data).toEqual(rgba);
    const rgb = await convert('rgb24', pred);
    expect(rgb.data).toEqual(rgba);
  });

  it('grey and 16-bit', async () => {
    const grey = await convert('gray', 'paeth');
    expect([grey.width, grey.height]).toEqual([width, height]);
    expect(grey.data[0]).toBe(grey.data[1]);
    const deep = await convert('rgba64be', 'none');
    expect(deep.data.every((v, i) => Math.abs(v - rgba[i]!) <= 1)).toBe(true);
  });
});
