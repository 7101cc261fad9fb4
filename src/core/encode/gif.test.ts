import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cubePalette, encodeGif, frameDelays, lzwEncode, medianCutPalette, subBlocks } from './gif.ts';

// ------------------------------------------------------------------------------------------
// An independent, straightforward GIF decoder for the tests.

function lzwDecode(data: Uint8Array, minCodeSize: number, expected: number): Uint8Array {
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  const out: number[] = [];
  let width = minCodeSize + 1;
  let table: number[][] = [];
  const reset = () => {
    table = [];
    for (let i = 0; i < clear; i++) table.push([i]);
    table.push([], []);
    width = minCodeSize + 1;
  };
  reset();
  let bitPos = 0;
  const read = () => {
    let code = 0;
    for (let i = 0; i < width; i++) {
      const byte = data[(bitPos + i) >> 3];
      if (byte === undefined) throw new Error('LZW: ran out of data');
      code |= ((byte >> ((bitPos + i) & 7)) & 1) << i;
    }
    bitPos += width;
    return code;
  };
  let prev: number[] | null = null;
  for (;;) {
    const code = read();
    if (code === clear) {
      reset();
      prev = null;
      continue;
    }
    if (code === eoi) break;
    let entry: number[];
    if (code < table.length) entry = table[code]!;
    else if (code === table.length && prev) entry = [...prev, prev[0]!];
    else throw new Error(`LZW: bad code ${code} (table ${table.length})`);
    out.push(...entry);
    if (prev) {
      if (table.length < 4096) table.push([...prev, entry[0]!]);
      if (table.length === 1 << width && width < 12) width++;
    }
    prev = entry;
  }
  expect(out.length).toBe(expected);
  return Uint8Array.from(out);
}

interface DecodedGif {
  width: number;
  height: number;
  palette: Uint8Array;
  loops: number | undefined;
  /** indices = the frame's own data; composite = the canvas after drawing it (transparency applied). */
  frames: { delay: number; disposal: number; transparent: number | undefined; indices: Uint8Array; composite: Uint8Array }[];
}

function decodeGif(bytes: Uint8Array): DecodedGif {
  const ascii = (a: number, b: number) => String.fromCharCode(...bytes.subarray(a, b));
  expect(ascii(0, 6)).toBe('GIF89a');
  const u16 = (p: number) => bytes[p]! | (bytes[p + 1]! << 8);
  const width = u16(6);
  const height = u16(8);
  const packed = bytes[10]!;
  expect(packed & 0x80).toBe(0x80);
  const paletteSize = 2 << (packed & 7);
  let p = 13;
  const palette = bytes.slice(p, p + paletteSize * 3);
  p += paletteSize * 3;
  let loops: number | undefined;
  let delay = 0;
  let disposal = 0;
  let transparent: number | undefined;
  let canvas: Uint8Array | undefined;
  const frames: DecodedGif['frames'] = [];
  const readBlocks = () => {
    const chunks: number[] = [];
    for (;;) {
      const n = bytes[p++]!;
      if (n === 0) break;
      chunks.push(...bytes.subarray(p, p + n));
      p += n;
    }
    return Uint8Array.from(chunks);
  };
  for (;;) {
    const b = bytes[p++];
    if (b === 0x3b) break;
    if (b === 0x21) {
      const label = bytes[p++]!;
      if (label === 0xff) {
        const size = bytes[p++]!;
        const app = ascii(p, p + size);
        p += size;
        const data = readBlocks();
        if (app === 'NETSCAPE2.0') loops = data[1]! | (data[2]! << 8);
      } else if (label === 0xf9) {
        const data = readBlocks();
        disposal = (data[0]! >> 2) & 7;
        delay = data[1]! | (data[2]! << 8);
        transparent = data[0]! & 1 ? data[3]! : undefined;
      } else {
        readBlocks();
      }
    } else if (b === 0x2c) {
      expect([u16(p), u16(p + 2), u16(p + 4), u16(p + 6), bytes[p + 8]]).toEqual([0, 0, width, height, 0]);
      p += 9;
      const minCodeSize = bytes[p++]!;
      const indices = lzwDecode(readBlocks(), minCodeSize, width * height);
      // Only disposal 1 (leave in place) is written, so the canvas is simply drawn over.
      const composite = canvas ? canvas.slice() : new Uint8Array(width * height);
      indices.forEach((ix, i) => {
        if (ix !== transparent) composite[i] = ix;
      });
      canvas = composite;
      frames.push({ delay, disposal, transparent, indices, composite });
      transparent = undefined;
    } else {
      throw new Error(`unexpected byte 0x${b?.toString(16)} at ${p - 1}`);
    }
  }
  expect(p).toBe(bytes.length);
  return { width, height, palette, loops, frames };
}

function rgbOf(gif: DecodedGif, frame: number): Uint8Array {
  const indices = gif.frames[frame]!.composite;
  const out = new Uint8Array(indices.length * 4);
  indices.forEach((ix, i) => {
    out.set(gif.palette.subarray(ix * 3, ix * 3 + 3), i * 4);
    out[i * 4 + 3] = 255;
  });
  return out;
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (i % 4 === 3) continue;
    se += (a[i]! - b[i]!) ** 2;
    n++;
  }
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255) / (se / n));
}

/** A deterministic pseudo-random generator (tests must not flake). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A smooth colour gradient with a moving disc: many more than 256 colours. */
function gradientFrames(width: number, height: number, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, f) => {
    const data = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 4;
        const inDisc = (x - 10 - f * 3) ** 2 + (y - height / 2) ** 2 < 64;
        data[o] = inDisc ? 250 : Math.round((x * 255) / (width - 1));
        data[o + 1] = inDisc ? 40 : Math.round((y * 255) / (height - 1));
        data[o + 2] = Math.round(((x + y) * 127) / (width + height));
        data[o + 3] = 255;
      }
    }
    return data;
  });
}

// ------------------------------------------------------------------------------------------

describe('frameDelays', () => {
  it('gives exact totals in 1/100 s', () => {
    expect(frameDelays(4, 25)).toEqual([4, 4, 4, 4]);
    expect(frameDelays(6, 30)).toEqual([3, 4, 3, 3, 4, 3]);
    expect(frameDelays(30, 30).reduce((a, b) => a + b)).toBe(100);
    expect(frameDelays(2, 1000)).toEqual([1, 1]);
    expect(() => frameDelays(2, 0)).toThrow();
  });
});

describe('lzwEncode', () => {
  const random = rng(1);
  it.each([
    ['empty', 8, new Uint8Array(0)],
    ['one pixel', 8, Uint8Array.of(7)],
    ['a run', 8, new Uint8Array(10_000).fill(3)],
    ['2-bit symbols, long', 2, Uint8Array.from({ length: 50_000 }, (_, i) => (i * 7 + (i >> 5)) % 4)],
    ['random bytes (many table resets)', 8, Uint8Array.from({ length: 120_000 }, () => Math.floor(random() * 256))],
  ] as const)('round-trips %s', (_name, minCodeSize, source) => {
    expect(lzwDecode(lzwEncode(source, minCodeSize), minCodeSize, source.length)).toEqual(source);
  });

  it('round-trips every length around the code-width changes', () => {
    const random = rng(7);
    for (const length of [253, 254, 255, 256, 257, 510, 511, 512, 513, 1022, 1023, 1024, 1025, 3837, 3838, 3839, 3840, 4094, 4095, 4096]) {
      const source = Uint8Array.from({ length }, () => Math.floor(random() * 256));
      expect(lzwDecode(lzwEncode(source), 8, length)).toEqual(source);
    }
  });

  it('rejects indices that do not fit the code size', () => {
    expect(() => lzwEncode(Uint8Array.of(0, 4), 2)).toThrow(RangeError);
  });
});

describe('subBlocks', () => {
  it('cuts data into 255-byte blocks and terminates them', () => {
    const out = subBlocks(new Uint8Array(600).fill(9));
    expect([out[0], out[256], out[512], out.length, out.at(-1)]).toEqual([255, 255, 90, 600 + 3 + 1, 0]);
    expect(subBlocks(new Uint8Array(0))).toEqual(Uint8Array.of(0));
  });
});

describe('palettes', () => {
  it('the cube has 6x7x6 distinct colours, with black and white', () => {
    const p = cubePalette();
    expect(p.length).toBe(768);
    const colours = new Set<string>();
    for (let i = 0; i < 252; i++) colours.add(`${p[i * 3]},${p[i * 3 + 1]},${p[i * 3 + 2]}`);
    expect(colours.size).toBe(252);
    expect(colours.has('0,0,0') && colours.has('255,255,255')).toBe(true);
  });

  it('median cut keeps up to 255 colours exactly', () => {
    const random = rng(3);
    const colours = Array.from({ length: 255 }, () => [0, 1, 2].map(() => Math.floor(random() * 256)));
    const frame = new Uint8Array(64 * 64 * 4);
    for (let i = 0; i < 64 * 64; i++) frame.set([...colours[i % colours.length]!, 255], i * 4);
    const palette = medianCutPalette([frame], 64 * 64, 255);
    const entries = new Set<string>();
    for (let i = 0; i < 256; i++) entries.add(`${palette[i * 3]},${palette[i * 3 + 1]},${palette[i * 3 + 2]}`);
    for (const c of colours) expect(entries.has(c.join(','))).toBe(true);
  });
});

describe('encodeGif', () => {
  it('writes a GIF89a that loops forever, with the frames, size and delays asked for', () => {
    const random = rng(5);
    const width = 13;
    const height = 7;
    const colours = Array.from({ length: 40 }, () => [0, 1, 2].map(() => Math.floor(random() * 256)));
    const frames = Array.from({ length: 3 }, () => {
      const f = new Uint8Array(width * height * 4);
      for (let i = 0; i < width * height; i++) f.set([...colours[Math.floor(random() * colours.length)]!, 255], i * 4);
      return f;
    });
    const bytes = encodeGif(width, height, frames, { fps: 25 });
    expect(String.fromCharCode(...bytes.subarray(0, 6))).toBe('GIF89a');
    expect(bytes.at(-1)).toBe(0x3b);
    const gif = decodeGif(bytes);
    expect([gif.width, gif.height, gif.loops, gif.frames.length]).toEqual([width, height, 0, 3]);
    expect(gif.frames.map((f) => [f.delay, f.disposal])).toEqual([
      [4, 1],
      [4, 1],
      [4, 1],
    ]);
    expect(gif.frames.map((f) => f.transparent)).toEqual([undefined, 255, 255]);
    // 40 colours fit the palette: the frames come back exactly.
    frames.forEach((f, i) => expect(rgbOf(gif, i)).toEqual(f));
  });

  it('stores unchanged pixels as transparent, so a still frame costs almost nothing', () => {
    const [still] = gradientFrames(64, 48, 1);
    const moved = still!.slice();
    moved.set([255, 0, 255, 255], (10 * 64 + 20) * 4);
    const one = encodeGif(64, 48, [still!], { fps: 25 }).length;
    const bytes = encodeGif(64, 48, [still!, still!, moved, still!], { fps: 25 });
    expect(one).toBeGreaterThan(2000);
    expect(bytes.length - one).toBeLessThan(400); // three more frames: headers and runs of one index
    const gif = decodeGif(bytes);
    expect(gif.frames[1]!.indices.every((ix) => ix === 255)).toBe(true);
    expect(gif.frames[2]!.indices.filter((ix) => ix !== 255)).toHaveLength(1);
    const changed = gif.frames[2]!.composite.map((ix, i) => (ix === gif.frames[0]!.composite[i] ? 0 : 1));
    expect(changed.reduce((a, b) => a + b, 0)).toBe(1);
    expect(rgbOf(gif, 2).subarray((10 * 64 + 20) * 4, (10 * 64 + 20) * 4 + 3)).toEqual(Uint8Array.of(255, 0, 255));
    expect(rgbOf(gif, 3)).toEqual(rgbOf(gif, 0));
  });

  it.each(['median-cut', 'cube'] as const)('keeps a smooth many-coloured picture close (%s)', (palette) => {
    const frames = gradientFrames(96, 64, 4);
    const gif = decodeGif(encodeGif(96, 64, frames, { fps: 10, palette }));
    expect(gif.frames.map((f) => f.delay)).toEqual([10, 10, 10, 10]);
    for (let i = 0; i < frames.length; i++) expect(psnr(rgbOf(gif, i), frames[i]!)).toBeGreaterThan(palette === 'cube' ? 23 : 32);
  });

  it('rejects bad input', () => {
    expect(() => encodeGif(2, 2, [], { fps: 25 })).toThrow(/no frames/);
    expect(() => encodeGif(2, 2, [new Uint8Array(15)], { fps: 25 })).toThrow(/frame 1/);
    expect(() => encodeGif(0, 2, [new Uint8Array(0)], { fps: 25 })).toThrow(/size/);
  });
});

function hasIdentify(): boolean {
  try {
    execFileSync('identify', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('ImageMagick decodes it', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'kinora-gif-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it.skipIf(!hasIdentify())('identify sees every frame at the right size', async () => {
    const file = path.join(tmp, 'a.gif');
    await writeFile(file, encodeGif(120, 80, gradientFrames(120, 80, 5), { fps: 25 }));
    const { stdout } = await promisify(execFile)('identify', ['-format', '%n %w %h\n', file]);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toBe('5 120 80');
    const { stdout: delays } = await promisify(execFile)('identify', ['-format', '%T %m\n', file]);
    expect(delays.trim().split('\n')[0]).toBe('4 GIF');
  });
});
