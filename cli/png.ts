import { crc32 } from '../src/core/crc32.ts';
/**
 * Minimal PNG reading and writing in Node (zlib only), for the frames the page returns
 * (`animateUrl(..., { frames: true })` gives canvas PNGs) and for tests.
 *
 * decodePng: non-interlaced, bit depth 8 or 16 (palette: 8), any colour type (grey, RGB,
 * palette, with alpha); always returns 8-bit RGBA. encodePng: 8-bit RGBA, filter 0.
 */
import { deflateSync, inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, RGBA, row-major. */
  data: Uint8Array;
}

const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export { crc32 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function unfilter(filter: number, line: Uint8Array, out: Uint8Array, up: Uint8Array, bpp: number, y: number): void {
  const n = line.length;
  switch (filter) {
    case 0:
      out.set(line);
      return;
    case 1:
      for (let x = 0; x < n; x++) out[x] = (line[x]! + (x >= bpp ? out[x - bpp]! : 0)) & 0xff;
      return;
    case 2:
      for (let x = 0; x < n; x++) out[x] = (line[x]! + up[x]!) & 0xff;
      return;
    case 3:
      for (let x = 0; x < n; x++) out[x] = (line[x]! + (((x >= bpp ? out[x - bpp]! : 0) + up[x]!) >> 1)) & 0xff;
      return;
    case 4:
      for (let x = 0; x < bpp && x < n; x++) out[x] = (line[x]! + up[x]!) & 0xff;
      for (let x = bpp; x < n; x++) out[x] = (line[x]! + paeth(out[x - bpp]!, up[x]!, up[x - bpp]!)) & 0xff;
      return;
    default:
      throw new Error(`PNG: bad filter ${filter} on row ${y}`);
  }
}

export function decodePng(input: Uint8Array): RgbaImage {
  const bytes = input;
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = -1;
  let palette: Uint8Array | undefined;
  let paletteAlpha: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (pos + 12 <= bytes.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (data.length !== length) throw new Error(`PNG: truncated ${type} chunk`);
    pos += 12 + length;
    if (type === 'IHDR') {
      const header = new DataView(data.buffer, data.byteOffset, data.byteLength);
      width = header.getUint32(0);
      height = header.getUint32(4);
      depth = data[8]!;
      colorType = data[9]!;
      if (data[12] !== 0) throw new Error('PNG: interlaced images are not supported');
      if (depth !== 8 && depth !== 16) throw new Error(`PNG: bit depth ${depth} is not supported`);
      if (![0, 2, 3, 4, 6].includes(colorType)) throw new Error(`PNG: bad colour type ${colorType}`);
    } else if (type === 'PLTE') {
      palette = data;
    } else if (type === 'tRNS') {
      paletteAlpha = data;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!width || !height) throw new Error('PNG: no IHDR');
  if (!ended) throw new Error('PNG: no IEND (truncated file?)');
  const channels = [1, 0, 3, 1, 2, 0, 4][colorType]!;
  const bpp = (channels * depth) / 8;
  const stride = width * bpp;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length < (stride + 1) * height) throw new Error('PNG: not enough image data');

  // Undo the per-row filters into `rows`.
  const rows = new Uint8Array(stride * height);
  const zero = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = rows.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : zero;
    unfilter(filter, line, out, up, bpp, y);
  }

  if (colorType === 6 && depth === 8) return { width, height, data: rows };
  const rgba = new Uint8Array(width * height * 4);
  const sample16 = (at: number) => Math.round(((rows[at]! << 8) | rows[at + 1]!) / 257);
  for (let i = 0, n = width * height; i < n; i++) {
    const s = i * bpp;
    const sample = depth === 8 ? (k: number) => rows[s + k]! : (k: number) => sample16(s + 2 * k);
    const o = i * 4;
    switch (colorType) {
      case 0:
        rgba[o] = rgba[o + 1] = rgba[o + 2] = sample(0);
        rgba[o + 3] = 255;
        break;
      case 2:
        rgba[o] = sample(0);
        rgba[o + 1] = sample(1);
        rgba[o + 2] = sample(2);
        rgba[o + 3] = 255;
        break;
      case 3: {
        if (!palette) throw new Error('PNG: palette image without PLTE');
        const p = rows[s]!;
        rgba[o] = palette[p * 3] ?? 0;
        rgba[o + 1] = palette[p * 3 + 1] ?? 0;
        rgba[o + 2] = palette[p * 3 + 2] ?? 0;
        rgba[o + 3] = paletteAlpha?.[p] ?? 255;
        break;
      }
      case 4:
        rgba[o] = rgba[o + 1] = rgba[o + 2] = sample(0);
        rgba[o + 3] = sample(1);
        break;
      case 6:
        rgba[o] = sample(0);
        rgba[o + 1] = sample(1);
        rgba[o + 2] = sample(2);
        rgba[o + 3] = sample(3);
        break;
    }
  }
  return { width, height, data: rgba };
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** 8-bit RGBA PNG, no filtering (small and simple; used by tests and tools, not for size). */
export function encodePng(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new RangeError('encodePng: data is not width * height * 4 bytes');
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}
