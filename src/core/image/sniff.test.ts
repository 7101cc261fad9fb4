import { concatBytes } from '../bytes.ts';
import { mkdtempSync, openAsBlob, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { english } from '../../i18n/english.ts';
import { say } from '../../i18n/messages.ts';
import { IMAGE_LIMITS } from './limits.ts';
import {
  SNIFF_HEAD_BYTES,
  SNIFF_TAIL_BYTES,
  checkFileSize,
  exifOrientation,
  readSlices,
  slicesOf,
  sniffBlob,
  sniffImage,
  sniffSlices,
  type SniffFailure,
  type SniffResult,
  type SniffSuccess,
} from './sniff.ts';

// ------------------------------------------------------------------ helpers

const E2E = new URL('../../../e2e/fixtures/', import.meta.url);
const TESTDATA = new URL('./testdata/', import.meta.url);
const read = (base: URL, path: string): Uint8Array => new Uint8Array(readFileSync(new URL(path, base)));
const photo = (name: string) => read(E2E, `photos/${name}`);
const bad = (name: string) => read(E2E, `bad/${name}`);
const sample = (name: string) => read(TESTDATA, name);

function ok(r: SniffResult): SniffSuccess {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${english(r.message)}`);
  return r;
}
function failed(r: SniffResult): SniffFailure {
  if (r.ok) throw new Error(`expected a failure, got ok ${r.format} ${r.width}x${r.height}`);
  return r;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const be16 = (v: number) => [(v >>> 8) & 0xff, v & 0xff];
const be32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const le16 = (v: number) => [v & 0xff, (v >>> 8) & 0xff];
const le24 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff];
const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** `n` bytes (rounded up) that are neither 0xFF nor zero. */
const filler = (n: number): number[] => new Array<number>(Math.ceil(n)).fill(0x5a);

function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let a = seed >>> 0;
  for (let i = 0; i < length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a >>> 24;
  }
  return out;
}

/** TIFF block with IFD0 holding a couple of tags, Orientation among them. */
function tiff(order: 'II' | 'MM', orientation: number): number[] {
  const w16 = order === 'II' ? le16 : be16;
  const w32 = order === 'II' ? le32 : be32;
  const entry = (tag: number, type: number, count: number, value: number[]) => [...w16(tag), ...w16(type), ...w32(count), ...value];
  return [
    ...ascii(order), ...w16(42), ...w32(8),
    ...w16(2),
    ...entry(0x010f, 2, 4, ascii('Cam\0')), // Make, inline
    ...entry(0x0112, 3, 1, [...w16(orientation), 0, 0]),
    ...w32(0),
  ];
}

/** A structurally complete JPEG: SOI [APP0] [APP1 Exif] DQT SOFn DHT SOS <data> EOI. */
function jpeg(width: number, height: number, opts: { exif?: number[]; sof?: number; data?: number[] } = {}): Uint8Array {
  const seg = (marker: number, payload: number[]) => [0xff, marker, ...be16(payload.length + 2), ...payload];
  return concatBytes(
    [0xff, 0xd8],
    seg(0xe0, [...ascii('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    opts.exif ? seg(0xe1, [...ascii('Exif\0\0'), ...opts.exif]) : [],
    seg(0xdb, [0, ...new Array(64).fill(1)]),
    seg(opts.sof ?? 0xc0, [8, ...be16(height), ...be16(width), 3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0]),
    seg(0xc4, [0, ...new Array(16).fill(0)]),
    seg(0xda, [3, 1, 0, 2, 0, 3, 0, 0, 63, 0]),
    // Entropy-coded data with a stuffed 0xFF and a restart marker, as long as a real scan of
    // this size must at least be (one bit per 8x8 block).
    opts.data ?? [...filler((Math.ceil(width / 8) * Math.ceil(height / 8)) / 8), 0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0x78],
    [0xff, 0xd9],
  );
}

function crc32(bytes: ArrayLike<number>): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes[i]!;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
const pngChunk = (type: string, data: number[]) => [...be32(data.length), ...ascii(type), ...data, ...be32(crc32([...ascii(type), ...data]))];
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A PNG with an IDAT as long as deflate's best ratio (1032:1) allows for this size. */
function png(width: number, height: number, extra: number[] = []): Uint8Array {
  const idat = [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, ...filler((height * (1 + width * 3)) / 1032)];
  return concatBytes(PNG_SIG, pngChunk('IHDR', [...be32(width), ...be32(height), 8, 2, 0, 0, 0]), extra, pngChunk('IDAT', idat), pngChunk('IEND', []));
}

function gif(width: number, height: number, frames: number, trailer = true): Uint8Array {
  const frame = [
    0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00, // graphic control: 0.1 s
    0x2c, 0, 0, 0, 0, ...le16(1), ...le16(1), 0x00, // 1x1 image, no local colour table
    0x02, 0x02, 0x44, 0x01, 0x00, // LZW min code size, one sub-block, terminator
  ];
  return concatBytes(
    ascii('GIF89a'), le16(width), le16(height), [0x80, 0, 0], [0, 0, 0, 255, 255, 255], // 2-colour table
    [0x21, 0xff, 0x0b, ...ascii('NETSCAPE2.0'), 0x03, 0x01, 0x00, 0x00, 0x00], // loop forever
    ...new Array(frames).fill(frame),
    trailer ? [0x3b] : [],
  );
}

function riff(form: string, chunks: number[][]): Uint8Array {
  const body = concatBytes(ascii(form), ...chunks);
  return concatBytes(ascii('RIFF'), le32(body.length), body);
}
const webpChunk = (type: string, data: number[]) => [...ascii(type), ...le32(data.length), ...data, ...(data.length & 1 ? [0] : [])];

function box(type: string, ...payload: ArrayLike<number>[]): number[] {
  const body = concatBytes(...payload);
  return [...be32(body.length + 8), ...ascii(type), ...body];
}
const fullBox = (type: string, version: number, flags: number, ...payload: ArrayLike<number>[]) =>
  box(type, [version, (flags >>> 16) & 0xff, (flags >>> 8) & 0xff, flags & 0xff], ...payload);

/** Minimal still AVIF: ftyp, meta (pitm, iprp with ispe + the given properties, ipma), mdat. */
function avif(width: number, height: number, transforms: number[][] = []): Uint8Array {
  const props = [fullBox('ispe', 0, 0, be32(width), be32(height)), ...transforms];
  const thumb = fullBox('ispe', 0, 0, be32(160), be32(120)); // item 2, a thumbnail
  const ipco = box('ipco', ...props, thumb);
  const assoc1 = props.map((_, k) => 0x80 | (k + 1));
  const ipma = fullBox('ipma', 0, 0, be32(2), be16(1), [assoc1.length, ...assoc1], be16(2), [1, props.length + 1]);
  return concatBytes(
    box('ftyp', ascii('avif'), be32(0), ascii('mif1miafavif')),
    fullBox('meta', 0, 0, fullBox('hdlr', 0, 0, be32(0), ascii('pict'), new Array(13).fill(0)), fullBox('pitm', 0, 0, be16(1)), box('iprp', ipco, ipma)),
    box('mdat', seededBytes(40, 7)),
  );
}

const manifest = readFileSync(new URL('photos/MANIFEST.tsv', E2E), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map(([file, , , , , size]) => ({ file: file!, size: size! }));

// ------------------------------------------------------------------ real files

describe('sniffImage on the e2e photos', () => {
  it('lists the photos', () => expect(manifest.length).toBeGreaterThanOrEqual(12));

  it.each(manifest)('$file is a complete photo of the size in MANIFEST.tsv', ({ file, size }) => {
    const r = ok(sniffImage(photo(file), file));
    expect(r.format).toBe(file.endsWith('.png') ? 'png' : 'jpeg');
    expect(`${r.width}x${r.height}`).toBe(size);
    expect(r).toMatchObject({ orientation: 1, displayWidth: r.width, displayHeight: r.height, animated: false, warnings: [] });
  });
});

describe('sniffImage on the e2e bad inputs', () => {
  it('empty.jpg is empty', () => {
    const r = failed(sniffImage(bad('empty.jpg'), 'empty.jpg', 'image/jpeg'));
    expect(r.code).toBe('empty');
    expect(english(r.message)).toContain('0 bytes');
  });

  it('not-an-image.txt is text', () => {
    const r = failed(sniffImage(bad('not-an-image.txt'), 'not-an-image.txt', 'text/plain'));
    expect(r).toMatchObject({ code: 'not-image', detected: 'text' });
    expect(english(r.message)).toMatch(/isn't an image/);
  });

  it('truncated.jpg is incomplete', () => {
    const r = failed(sniffImage(bad('truncated.jpg'), 'truncated.jpg'));
    expect(r).toMatchObject({ code: 'truncated', detected: 'jpeg' });
    expect(r.message).toEqual(say('photo.truncated'));
    expect(english(r.message)).toMatch(/incomplete.*original file/);
  });

  it('corrupt.jpg keeps SOI..EOI, so only the decoder can refuse it', () => {
    const bytes = bad('corrupt.jpg');
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(ok(sniffImage(bytes, 'corrupt.jpg'))).toMatchObject({ format: 'jpeg', width: 512, height: 512 });
  });

  it('document.pdf is a PDF', () => {
    const r = failed(sniffImage(bad('document.pdf'), 'document.pdf', 'application/pdf'));
    expect(r).toMatchObject({ code: 'not-image', detected: 'pdf' });
    expect(english(r.message)).toMatch(/PDF, not a photo/);
  });

  it('photo.heic is a HEIC photo the browser cannot open', () => {
    const r = failed(sniffImage(bad('photo.heic'), 'photo.heic', 'image/heic'));
    expect(r).toMatchObject({ code: 'unsupported', detected: 'heic' });
    expect(english(r.message)).toMatch(/HEIC/);
    expect(english(r.message)).toMatch(/Export it as JPEG/);
  });

  it('no-face.jpg and tiny-face.jpg are ordinary 800x600 photos', () => {
    for (const f of ['no-face.jpg', 'tiny-face.jpg']) {
      expect(ok(sniffImage(bad(f), f))).toMatchObject({ format: 'jpeg', width: 800, height: 600, animated: false });
    }
  });

  it('animated.gif is animated', () => {
    expect(ok(sniffImage(bad('animated.gif'), 'animated.gif'))).toMatchObject({ format: 'gif', width: 256, height: 256, animated: true });
  });

  it('exif-rotated.jpg is stored landscape with orientation 6 and shown portrait', () => {
    expect(ok(sniffImage(bad('exif-rotated.jpg'), 'exif-rotated.jpg'))).toMatchObject({
      format: 'jpeg', width: 512, height: 384, orientation: 6, displayWidth: 384, displayHeight: 512,
    });
  });

  it('huge-dimensions.png is refused from its header, with the numbers', () => {
    const r = failed(sniffImage(bad('huge-dimensions.png'), 'huge-dimensions.png'));
    expect(r).toMatchObject({ code: 'too-large', detected: 'png' });
    expect(english(r.message)).toContain('30,000 × 30,000 pixels');
    expect(english(r.message)).toContain('900 megapixels');
    expect(english(r.message)).toContain('120 megapixels');
    expect(english(r.message)).toContain('20,000 pixels');
  });
});

describe('sniffImage on other real formats (src/core/image/testdata)', () => {
  it.each([
    ['lossy.webp', 'webp', false],
    ['lossless.webp', 'webp', false],
    ['animated.webp', 'webp', true],
    ['static.gif', 'gif', false],
    ['rgb24.bmp', 'bmp', false],
    ['photo.avif', 'avif', false],
  ] as const)('%s is a %s, animated: %s', (file, format, animated) => {
    expect(ok(sniffImage(sample(file), file))).toMatchObject({ format, width: 96, height: 64, orientation: 1, animated });
  });

  it('an APNG with several frames is animated', () => {
    expect(ok(sniffImage(sample('animated.apng')))).toMatchObject({ format: 'png', width: 48, height: 32, animated: true });
  });

  it.each(['lossy.webp', 'lossless.webp', 'animated.webp', 'static.gif', 'rgb24.bmp', 'photo.avif', 'animated.apng'])(
    '%s cut to 60%% is truncated',
    (file) => {
      const bytes = sample(file);
      expect(failed(sniffImage(bytes.subarray(0, Math.floor(bytes.length * 0.6)), file)).code).toBe('truncated');
    },
  );

  it('real photos cut anywhere are truncated, never accepted', () => {
    for (const file of ['pd_color_grace-hopper_glasses_elderly.jpg', 'lowres_color_obama-240p-letterboxed.jpg', 'cc0_bw_cameraman-near-profile.png']) {
      const bytes = photo(file);
      for (const fraction of [0.001, 0.01, 0.1, 0.5, 0.9, 0.999]) {
        const r = sniffImage(bytes.subarray(0, Math.max(3, Math.floor(bytes.length * fraction))), file);
        expect(r.ok ? 'ok' : r.code, `${file} at ${fraction}`).toBe('truncated');
      }
      expect(failed(sniffImage(bytes.subarray(0, bytes.length - 1), file)).code).toBe('truncated');
    }
  });

  it('animated.gif cut before its trailer is truncated', () => {
    const bytes = bad('animated.gif');
    expect(bytes[bytes.length - 1]).toBe(0x3b);
    expect(failed(sniffImage(bytes.subarray(0, bytes.length - 1))).code).toBe('truncated');
    expect(failed(sniffImage(bytes.subarray(0, Math.floor(bytes.length * 0.55)))).code).toBe('truncated');
  });
});

// ------------------------------------------------------------------ synthetic edge cases

describe('sniffImage edge cases', () => {
  it('0 bytes is empty, whatever the name', () => {
    const r = failed(sniffImage(new Uint8Array(0), 'holiday.jpg', 'image/jpeg'));
    expect(r).toEqual({ ok: false, code: 'empty', message: say('photo.empty') });
    expect(english(r.message)).toMatch(/^This file is empty \(0 bytes\)\./);
  });

  it('random bytes are not an image; named .jpg they are a damaged photo', () => {
    const noise = seededBytes(5000, 42);
    expect(failed(sniffImage(noise))).toMatchObject({ code: 'not-image', message: say('photo.unknown') });
    const named = failed(sniffImage(noise, 'IMG_0001.JPG'));
    expect(named.code).toBe('corrupt');
    expect(english(named.message)).toContain('.jpg');
  });

  it('a JPEG cut in half is truncated even when its EXIF thumbnail has an EOI', () => {
    // An EXIF thumbnail is a whole JPEG (FFD8 ... FFD9) inside APP1; it must not count as the end.
    const thumbnail = [...tiff('II', 1), 0xff, 0xd8, 0xff, 0xd9];
    const whole = jpeg(640, 480, { exif: thumbnail, data: [...seededBytes(2000, 3)].map((v) => (v === 0xff ? 0 : v)) });
    expect(ok(sniffImage(whole))).toMatchObject({ width: 640, height: 480 });
    expect(failed(sniffImage(whole.subarray(0, whole.length >> 1))).code).toBe('truncated');
    expect(failed(sniffImage(whole.subarray(0, whole.length - 2))).code).toBe('truncated');
    // Cut inside the APP1 segment itself, before SOF: nothing to show at all.
    expect(failed(sniffImage(whole.subarray(0, 30))).code).toBe('truncated');
  });

  it('a JPEG with data after its EOI is fine (phones append extra data)', () => {
    const r = ok(sniffImage(concatBytes(jpeg(100, 80), seededBytes(3000, 5))));
    expect(r).toMatchObject({ width: 100, height: 80, warnings: [] });
  });

  it('finds SOF after APPn segments that contain 0xFFC0-like bytes', () => {
    const tricky = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10]; // a fake SOF inside APP2
    const app2 = [0xff, 0xe2, ...be16(tricky.length + 2), ...tricky];
    const real = jpeg(3000, 2000);
    const withApp2 = concatBytes(real.subarray(0, 2), app2, real.subarray(2));
    expect(ok(sniffImage(withApp2))).toMatchObject({ width: 3000, height: 2000 });
  });

  it('reads progressive SOF2 and warns about rare JPEG kinds', () => {
    expect(ok(sniffImage(jpeg(10, 20, { sof: 0xc2 })))).toMatchObject({ width: 10, height: 20, warnings: [] });
    expect(ok(sniffImage(jpeg(10, 20, { sof: 0xc3 }))).warnings).toEqual([say('photo.rare-jpeg')]);
  });

  it('a JPEG whose scan comes before any frame header is corrupt', () => {
    const j = jpeg(10, 10);
    const sof = j.findIndex((v, i) => v === 0xff && j[i + 1] === 0xc0);
    const noSof = concatBytes(j.subarray(0, sof), j.subarray(sof + 19));
    expect(failed(sniffImage(noSof)).code).toBe('corrupt');
  });

  it.each([
    ['II', 6], ['MM', 6], ['II', 8], ['MM', 3], ['II', 5], ['MM', 1],
  ] as const)('EXIF orientation %s %i in a JPEG', (order, orientation) => {
    const r = ok(sniffImage(jpeg(4000, 3000, { exif: tiff(order, orientation) })));
    const swapped = orientation >= 5;
    expect(r).toMatchObject({
      width: 4000, height: 3000, orientation,
      displayWidth: swapped ? 3000 : 4000, displayHeight: swapped ? 4000 : 3000,
    });
  });

  it('ignores an out-of-range or unreadable EXIF orientation', () => {
    expect(ok(sniffImage(jpeg(40, 30, { exif: tiff('II', 9) }))).orientation).toBe(1);
    expect(ok(sniffImage(jpeg(40, 30, { exif: [1, 2, 3] }))).orientation).toBe(1);
    const broken = tiff('MM', 6);
    broken[7] = 200; // IFD offset past the end
    expect(ok(sniffImage(jpeg(40, 30, { exif: broken }))).orientation).toBe(1);
  });

  it('exifOrientation reads TIFF data with or without the Exif prefix', () => {
    const t = new Uint8Array(tiff('MM', 7));
    expect(exifOrientation(t, 0, t.length)).toBe(7);
    const prefixed = concatBytes(ascii('Exif\0\0'), t);
    expect(exifOrientation(prefixed, 0, prefixed.length)).toBe(7);
    expect(exifOrientation(t, 0, 20)).toBeUndefined(); // cut before the tag
  });

  it('PNG: orientation from eXIf, APNG acTL, missing IEND, bad IHDR CRC', () => {
    expect(ok(sniffImage(png(300, 200)))).toMatchObject({ format: 'png', width: 300, height: 200, orientation: 1, animated: false });
    const rotated = ok(sniffImage(png(300, 200, pngChunk('eXIf', tiff('MM', 6)))));
    expect(rotated).toMatchObject({ orientation: 6, displayWidth: 200, displayHeight: 300 });
    expect(ok(sniffImage(png(300, 200, pngChunk('acTL', [...be32(2), ...be32(0)])))).animated).toBe(true);
    expect(ok(sniffImage(png(300, 200, pngChunk('acTL', [...be32(1), ...be32(0)])))).animated).toBe(false);

    const whole = png(300, 200);
    expect(failed(sniffImage(whole.subarray(0, whole.length - 12))).code).toBe('truncated'); // no IEND
    const badCrc = whole.slice();
    badCrc[20] ^= 1; // height changes, CRC does not
    expect(failed(sniffImage(badCrc)).code).toBe('corrupt');
    expect(failed(sniffImage(png(0, 200))).code).toBe('corrupt');
  });

  it('GIF: two frames are animated, one is not, no trailer is truncated', () => {
    expect(ok(sniffImage(gif(320, 240, 2)))).toMatchObject({ format: 'gif', width: 320, height: 240, animated: true });
    expect(ok(sniffImage(gif(320, 240, 1)))).toMatchObject({ animated: false });
    expect(failed(sniffImage(gif(320, 240, 2, false))).code).toBe('truncated');
    expect(failed(sniffImage(gif(320, 240, 0))).code).toBe('corrupt');
  });

  it('WebP: VP8X canvas size, EXIF orientation and frame count', () => {
    const vp8x = (flags: number, w: number, h: number) => webpChunk('VP8X', [flags, 0, 0, 0, ...le24(w - 1), ...le24(h - 1)]);
    const anmf = webpChunk('ANMF', new Array(16).fill(0));
    const exif = webpChunk('EXIF', tiff('II', 8));
    expect(ok(sniffImage(riff('WEBP', [vp8x(0x08, 1920, 1080), webpChunk('VP8 ', []), exif])))).toMatchObject({
      format: 'webp', width: 1920, height: 1080, orientation: 8, displayWidth: 1080, displayHeight: 1920, animated: false,
    });
    expect(ok(sniffImage(riff('WEBP', [vp8x(0x02, 64, 64), anmf, anmf]))).animated).toBe(true);
    expect(ok(sniffImage(riff('WEBP', [vp8x(0x02, 64, 64), anmf]))).animated).toBe(false);
    const lossless = riff('WEBP', [webpChunk('VP8L', [0x2f, ...le32((639 & 0x3fff) | ((479 & 0x3fff) << 14)), 0, 0, 0])]);
    expect(ok(sniffImage(lossless))).toMatchObject({ width: 640, height: 480 });
  });

  it('AVIF: primary item size and irot/imir orientation, ignoring the thumbnail', () => {
    expect(ok(sniffImage(avif(4032, 3024)))).toMatchObject({ format: 'avif', width: 4032, height: 3024, orientation: 1 });
    const irot = (angle: number) => box('irot', [angle]);
    const imir = (axis: number) => box('imir', [axis]);
    expect(ok(sniffImage(avif(4032, 3024, [irot(1)])))).toMatchObject({ orientation: 8, displayWidth: 3024, displayHeight: 4032 });
    expect(ok(sniffImage(avif(4032, 3024, [irot(3)]))).orientation).toBe(6);
    expect(ok(sniffImage(avif(4032, 3024, [irot(2)]))).orientation).toBe(3);
    expect(ok(sniffImage(avif(4032, 3024, [imir(1)]))).orientation).toBe(2);
    expect(ok(sniffImage(avif(4032, 3024, [imir(0)]))).orientation).toBe(4);
    expect(ok(sniffImage(avif(4032, 3024, [irot(1), imir(1)]))).orientation).toBe(7);
    expect(ok(sniffImage(avif(4032, 3024, [irot(3), imir(1)]))).orientation).toBe(5);
    expect(failed(sniffImage(avif(30000, 30000))).code).toBe('too-large');
  });

  it('BMP: size from the header, bottom-up or top-down', () => {
    const bmp = (w: number, h: number) => {
      const stride = Math.ceil((24 * w) / 32) * 4;
      const header = [...ascii('BM'), ...le32(54 + stride * Math.abs(h)), 0, 0, 0, 0, ...le32(54), ...le32(40), ...le32(w), ...le32(h >>> 0), ...le16(1), ...le16(24), ...le32(0), ...le32(0), ...le32(0), ...le32(0), ...le32(0), ...le32(0)];
      return concatBytes(header, new Uint8Array(stride * Math.abs(h)));
    };
    expect(ok(sniffImage(bmp(30, 20)))).toMatchObject({ format: 'bmp', width: 30, height: 20 });
    expect(ok(sniffImage(bmp(30, -20)))).toMatchObject({ width: 30, height: 20 });
    expect(failed(sniffImage(bmp(30, 20).subarray(0, 500))).code).toBe('truncated');
  });

  it('HEIC/HEIF by ftyp brand; AVIF wins over the shared mif1 brand', () => {
    const ftyp = (major: string, ...compat: string[]) => concatBytes(box('ftyp', ascii(major), be32(0), ...compat.map(ascii)), seededBytes(200, 1));
    for (const f of [ftyp('heic', 'mif1', 'heic'), ftyp('heix', 'mif1'), ftyp('mif1', 'heic'), ftyp('msf1', 'hevc')]) {
      const r = failed(sniffImage(f, 'IMG_1234.HEIC'));
      expect(r).toMatchObject({ code: 'unsupported', detected: 'heic' });
      expect(english(r.message)).toMatch(/HEIC photo.*can't open HEIC.*Export it as JPEG/);
    }
    expect(sniffImage(ftyp('mif1', 'avif', 'miaf'))).toMatchObject({ detected: 'avif' }); // an AVIF, cut off
  });

  it('PDF, SVG, HTML, TIFF, RAW, video, audio, archives and text say what they are', () => {
    const t = (s: string) => new Uint8Array(ascii(s));
    const cases: [Uint8Array, string | undefined, string, string, RegExp][] = [
      [t('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n'), undefined, 'not-image', 'pdf', /PDF, not a photo/],
      [t('<?xml version="1.0"?>\n<!-- made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg" width="10"/>'), 'logo.svg', 'unsupported', 'svg', /SVG drawing/],
      [t('<!DOCTYPE html><html><body><img src="x.jpg"></body></html>'), 'photo.jpg', 'not-image', 'html', /web page.*Save image as/],
      [t('data:image/png;base64,iVBORw0KGgo='), 'photo.txt', 'not-image', 'text', /data:/],
      [concatBytes(ascii('II*\0'), le32(8), seededBytes(100, 2)), 'scan.tif', 'unsupported', 'tiff', /TIFF/],
      [concatBytes(ascii('MM\0*'), be32(8), seededBytes(100, 2)), 'IMG_1.CR2', 'unsupported', 'camera-raw', /RAW/],
      [concatBytes(box('ftyp', ascii('isom'), be32(512), ascii('isomiso2avc1mp41')), seededBytes(100, 3)), 'clip.mp4', 'not-image', 'video', /video, not a photo/],
      [concatBytes(box('ftyp', ascii('qt  '), be32(0), ascii('qt  ')), seededBytes(100, 3)), 'IMG_2.MOV', 'not-image', 'video', /video/],
      [concatBytes([0x1a, 0x45, 0xdf, 0xa3], seededBytes(100, 4)), 'clip.webm', 'not-image', 'video', /video/],
      [concatBytes(ascii('ID3\x04\0'), seededBytes(100, 5)), 'song.mp3', 'not-image', 'audio', /sound/],
      [concatBytes(ascii('PK\x03\x04'), seededBytes(100, 6)), 'photos.zip', 'not-image', 'archive', /archive/],
      [concatBytes(ascii('PK\x03\x04'), seededBytes(100, 6)), 'letter.docx', 'not-image', 'document', /document/],
      [concatBytes(ascii('8BPS'), seededBytes(100, 6)), 'edit.psd', 'unsupported', 'psd', /Photoshop/],
      [t('Dear Ana,\nhere are the photos from Sunday.\n'), 'notes.txt', 'not-image', 'text', /isn't an image/],
    ];
    for (const [bytes, name, code, detected, message] of cases) {
      const r = failed(sniffImage(bytes, name));
      expect({ code: r.code, detected: r.detected }, `${name}`).toEqual({ code, detected });
      expect(english(r.message)).toMatch(message);
    }
  });

  it('files that stop inside an image signature are truncated', () => {
    expect(failed(sniffImage(new Uint8Array([0xff, 0xd8]))).code).toBe('truncated');
    expect(failed(sniffImage(new Uint8Array(PNG_SIG.slice(0, 5)))).code).toBe('truncated');
    expect(failed(sniffImage(new Uint8Array(ascii('GIF8')))).code).toBe('truncated');
    expect(failed(sniffImage(new Uint8Array([...PNG_SIG, 0, 0, 0, 13, 73, 72]))).code).toBe('truncated');
  });
});

describe('size limits', () => {
  it('has the documented limits', () => {
    expect(IMAGE_LIMITS).toEqual({ maxFileBytes: 200 * 1024 * 1024, maxPixels: 120_000_000, maxSide: 20_000 });
  });

  it('accepts the 6035x8212 glass plate (49.6 MP) from a crafted header', () => {
    expect(ok(sniffImage(png(6035, 8212)))).toMatchObject({ width: 6035, height: 8212 });
    expect(ok(sniffImage(jpeg(6035, 8212)))).toMatchObject({ width: 6035, height: 8212 });
  });

  it('accepts exactly the limits and refuses one pixel more', () => {
    expect(sniffImage(png(20_000, 6_000)).ok).toBe(true); // 120 MP, 20000 px
    const pixels = failed(sniffImage(png(20_000, 6_001)));
    expect(pixels.code).toBe('too-large');
    expect(english(pixels.message)).toContain('20,000 × 6,001 pixels (more than 120 megapixels)');
    const side = failed(sniffImage(png(20_001, 100)));
    expect(side.code).toBe('too-large');
    expect(english(side.message)).toContain('20,001 × 100 pixels (2 megapixels)');
  });

  it('refuses huge dimensions in every header format before looking further', () => {
    const huge: Uint8Array[] = [
      jpeg(30_000, 30_000).subarray(0, 200), // also cut off: size is reported first
      png(11_000, 11_000),
      gif(65_535, 65_535, 1),
      riff('WEBP', [webpChunk('VP8X', [0, 0, 0, 0, ...le24(16_383), ...le24(16_383)])]),
    ];
    for (const bytes of huge) {
      const r = failed(sniffImage(bytes));
      expect(r.code).toBe('too-large');
      expect(english(r.message)).toMatch(/^This photo is too large .* pixels \(\d+ megapixels\)\. .*Save a smaller copy/);
    }
  });

  it('refuses files over the byte limit, with the numbers', () => {
    expect(checkFileSize(IMAGE_LIMITS.maxFileBytes)).toBeNull();
    const r = checkFileSize(250 * 1024 * 1024)!;
    expect(r.code).toBe('too-large');
    expect(english(r.message)).toContain('250 MB');
    expect(english(r.message)).toContain('200 MB');
    expect(checkFileSize(0)?.code).toBe('empty');
    const limited = failed(sniffImage(photo('painting_william-smith-oil-portrait.jpg'), 'x.jpg', 'image/jpeg', { limits: { ...IMAGE_LIMITS, maxFileBytes: 4096 } }));
    expect(limited.code).toBe('too-large');
    expect(english(limited.message)).toContain('10 KB');
  });
});

// ------------------------------------------------------------------ headers that promise too much

describe('files far too small for the size their header claims', () => {
  it('refuses the 979-byte JPEG whose header claims 10900x10900 at once, saying it is damaged', () => {
    const r = failed(sniffImage(bad('header-10900x10900.jpg'), 'header-10900x10900.jpg', 'image/jpeg'));
    expect(r.code).toBe('corrupt');
    expect(english(r.message)).toBe(
      'This photo file is damaged or incomplete: its header says 10,900 × 10,900 pixels, but the file holds only 979 bytes, far too little for a picture that size. Try the original file.',
    );
  });

  it('refuses a PNG claiming 10000x10000 with a token IDAT', () => {
    const tiny = concatBytes(PNG_SIG, pngChunk('IHDR', [...be32(10_000), ...be32(10_000), 8, 2, 0, 0, 0]), pngChunk('IDAT', [0x78, 0x9c, 3, 0, 0, 0, 0, 1]), pngChunk('IEND', []));
    const r = failed(sniffImage(tiny));
    expect(r.code).toBe('corrupt');
    expect(english(r.message)).toMatch(/header says 10,000 × 10,000 pixels, but the file holds only \d+ bytes/);
  });

  // The floor is half the least a Huffman JPEG can hold (1 bit per 8x8 block) and half of
  // deflate's best ratio (1032:1). The flattest files ImageMagick writes (flat grey 4000x4000,
  // quality 5, baseline or progressive: 62,858 bytes; flat 8-bit grey PNG at level 9: 21,314
  // bytes) are 4.0x and 2.7x above it; real photos are hundreds of times above it.
  it('every real photo and sample is far above the floor', () => {
    const files: [string, Uint8Array][] = [
      ...readdirSync(new URL('photos/', E2E)).filter((f) => /\.(jpe?g|png)$/.test(f)).map((f): [string, Uint8Array] => [f, photo(f)]),
      ...['animated.gif', 'corrupt.jpg', 'exif-rotated.jpg', 'no-face.jpg', 'tiny-face.jpg'].map((f): [string, Uint8Array] => [f, bad(f)]),
    ];
    for (const [name, bytes] of files) {
      const r = ok(sniffImage(bytes, name));
      const floor = r.format === 'png' ? (r.width * r.height * 1) / 1032 / 2 : (r.width * r.height) / 64 / 8 / 2;
      expect(bytes.length / floor, name).toBeGreaterThan(50);
    }
  });

  it('accepts the flattest pictures a real encoder writes', () => {
    // 4000x4000 flat grey, the numbers ImageMagick 6 gives (see above), padded with filler.
    expect(sniffImage(jpeg(4000, 4000, { data: filler(62_858 - 700) })).ok).toBe(true);
    const idat = [0x78, 0x9c, ...filler(21_314 - 100)];
    const grey = concatBytes(PNG_SIG, pngChunk('IHDR', [...be32(4000), ...be32(4000), 8, 0, 0, 0, 0]), pngChunk('IDAT', idat), pngChunk('IEND', []));
    expect(sniffImage(grey).ok).toBe(true);
  });
});

// ------------------------------------------------------------------ head and tail only

describe('sniffing a file from its head and tail', () => {
  /** Small slices, so that the fixtures are seen in part. */
  const partly = (bytes: Uint8Array, name?: string) => sniffSlices(slicesOf(bytes, 16 * 1024, 4 * 1024), name);
  const all: [string, Uint8Array][] = [
    ...readdirSync(new URL('photos/', E2E)).filter((f) => !f.endsWith('.tsv')).map((f): [string, Uint8Array] => [f, photo(f)]),
    ...readdirSync(new URL('bad/', E2E)).map((f): [string, Uint8Array] => [f, bad(f)]),
    ...readdirSync(TESTDATA).filter((f) => !f.endsWith('.sh')).map((f): [string, Uint8Array] => [f, sample(f)]),
  ];

  it('gives the verdict the whole file gives, for every fixture', () => {
    for (const [name, bytes] of all) {
      const whole = sniffImage(bytes, name);
      const part = partly(bytes, name);
      if (whole.ok) expect(part, name).toMatchObject({ ok: true, format: whole.format, width: whole.width, height: whole.height, orientation: whole.orientation });
      else expect(part, name).toMatchObject({ ok: false, code: whole.code });
    }
  });

  it('finds every fixture photo cut off, wherever it is cut', () => {
    for (const [name, bytes] of all) {
      if (!sniffImage(bytes, name).ok || bytes.length < 40 * 1024) continue;
      for (const fraction of [0.3, 0.55, 0.8, 0.97]) {
        const cut = bytes.subarray(0, Math.round(bytes.length * fraction));
        expect(sniffImage(cut, name).ok, `${name} at ${fraction} (whole)`).toBe(false);
        expect(partly(cut, name).ok, `${name} at ${fraction} (head and tail)`).toBe(false);
      }
    }
  });

  it('accepts data after a JPEG EOI, as phones append (motion photos)', () => {
    const withVideo = concatBytes(photo('painting_mona-lisa.jpg'), seededBytes(100_000, 9));
    expect(partly(withVideo)).toMatchObject({ ok: true, width: 743, height: 1155 });
    expect(sniffImage(withVideo)).toMatchObject({ ok: true, width: 743, height: 1155 });
  });

  it('reads only the head and the tail of a Blob', async () => {
    const bytes = photo('old_bw_thoreau-1856-daguerreotype-beard.jpg');
    const read: [number, number][] = [];
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    const watched = { size: blob.size, slice: (start?: number, end?: number) => (read.push([start ?? 0, end ?? blob.size]), blob.slice(start, end)) };
    const slices = await readSlices(watched);
    expect(read).toEqual([[0, SNIFF_HEAD_BYTES], [bytes.length - SNIFF_TAIL_BYTES, bytes.length]]);
    expect(sniffSlices(slices)).toMatchObject({ ok: true, width: 1218, height: 1600 });
    expect(await sniffBlob(new Blob([bytes.slice(0, 400_000) as Uint8Array<ArrayBuffer>]))).toMatchObject({ ok: false, code: 'truncated' });
  });

  it('refuses a 2.5 GB file from its size alone, at once, reading nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinora-sniff-'));
    try {
      const path = join(dir, 'huge.jpg');
      writeFileSync(path, bad('header-10900x10900.jpg'));
      truncateSync(path, 2.5 * 1024 ** 3); // sparse: takes no disk
      const blob = await openAsBlob(path);
      const sliced = { size: blob.size, slice: () => { throw new Error('must not read'); } };
      const start = performance.now();
      const r = await sniffBlob(sliced, 'huge.jpg', 'image/jpeg');
      expect(performance.now() - start).toBeLessThan(100);
      expect(r).toMatchObject({ ok: false, code: 'too-large' });
      expect(english((r as SniffFailure).message)).toBe(
        'This file is too large (2.5 GB); the limit is 200 MB. Save a smaller copy of the photo (for example 4000 pixels wide) and try that.',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
