/**
 * Looks at a dropped file's bytes before the browser decodes it, so that bad input gets a clear,
 * specific message. Pure: no DOM, runs in Node and in a Web Worker.
 *
 * Reads sizes, EXIF orientation and animation from the headers only (JPEG SOFn, PNG IHDR, GIF
 * logical screen, WebP VP8/VP8L/VP8X, BMP, AVIF ispe), checks the size limits, and checks that
 * the file is complete (JPEG EOI, PNG IEND, GIF trailer, RIFF/box sizes, BMP pixel data).
 */
import { say, type Message } from '../../i18n/messages.ts';
import { IMAGE_LIMITS, dimensionProblem, fileSizeProblem, type ImageLimits } from './limits.ts';
import { isOrientation, orientedSize, type Orientation } from './sizing.ts';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif';

export type SniffErrorCode = 'empty' | 'not-image' | 'unsupported' | 'truncated' | 'corrupt' | 'too-large';

/** What a refused file turned out to be, when that is known (for logs and tests). */
export type DetectedKind =
  | ImageFormat
  | 'heic'
  | 'tiff'
  | 'camera-raw'
  | 'psd'
  | 'jpeg2000'
  | 'jpegxl'
  | 'icon'
  | 'svg'
  | 'pdf'
  | 'html'
  | 'text'
  | 'video'
  | 'audio'
  | 'archive'
  | 'document'
  | 'unknown';

export interface SniffSuccess {
  ok: true;
  format: ImageFormat;
  /** Stored size, before EXIF orientation. 0x0 for an AVIF whose header gave no size. */
  width: number;
  height: number;
  /** EXIF orientation, 1 when absent. */
  orientation: Orientation;
  /** Size as shown, after orientation (5-8 swap the axes). */
  displayWidth: number;
  displayHeight: number;
  /** More than one frame (GIF, animated WebP, APNG, AVIF sequence); the first frame is used. */
  animated: boolean;
  /** Short notes for the person; usually empty. */
  warnings: Message[];
}

export interface SniffFailure {
  ok: false;
  code: SniffErrorCode;
  /** Short, plain-language explanation that says what to do. */
  message: Message;
  detected?: DetectedKind;
}

export type SniffResult = SniffSuccess | SniffFailure;

export interface SniffOptions {
  limits?: ImageLimits;
}

const fail = (code: SniffErrorCode, message: Message, detected?: DetectedKind): SniffFailure =>
  detected === undefined ? { ok: false, code, message } : { ok: false, code, message, detected };
const truncated = (detected: DetectedKind): SniffFailure => fail('truncated', say('photo.truncated'), detected);
const corrupt = (detected: DetectedKind): SniffFailure => fail('corrupt', say('photo.corrupt'), detected);

/** What a header parser found. */
interface Parsed {
  format: ImageFormat;
  width: number;
  height: number;
  orientation: Orientation;
  animated: boolean;
  warnings: Message[];
  /**
   * The bytes end before the file's last structure does. For a file seen only in part (head and
   * tail), JPEG, PNG, GIF and AVIF say so when the head runs out; the tail settles it.
   */
  incomplete: boolean;
  /** The fewest bytes a file with this header can hold (see `leastBytes`), when known. */
  minBytes?: number;
}

// ------------------------------------------------------------------ byte reading

const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const u32le = (b: Uint8Array, i: number): number =>
  (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const i32le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);

function ascii(b: Uint8Array, start: number, length: number): string {
  let s = '';
  const end = Math.min(b.length, start + length);
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** The bytes start with `sig` (numbers, or null for "any byte"). */
function startsWith(b: Uint8Array, sig: readonly (number | null)[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  return sig.every((v, k) => v === null || b[at + k] === v);
}

/** The whole file is shorter than `sig` and is a prefix of it: a cut-off file of that kind. */
function isCutPrefix(b: Uint8Array, sig: readonly number[], minimum = 2): boolean {
  return b.length >= minimum && b.length < sig.length && b.every((v, k) => v === sig[k]);
}

// ------------------------------------------------------------------ EXIF

/** Orientation (1-8) from a TIFF-structured EXIF block at [start, end), or undefined. */
export function exifOrientation(b: Uint8Array, start: number, end: number): Orientation | undefined {
  end = Math.min(end, b.length);
  // PNG eXIf and WebP EXIF should hold bare TIFF data, but some writers keep JPEG's prefix.
  if (end - start >= 6 && ascii(b, start, 6) === 'Exif\0\0') start += 6;
  if (end - start < 8) return undefined;
  const little = b[start] === 0x49 && b[start + 1] === 0x49;
  const big = b[start] === 0x4d && b[start + 1] === 0x4d;
  if (!little && !big) return undefined;
  const r16 = (i: number): number => (little ? u16le(b, i) : u16be(b, i));
  const r32 = (i: number): number => (little ? u32le(b, i) : u32be(b, i));
  if (r16(start + 2) !== 42) return undefined;
  const ifd = start + r32(start + 4);
  if (ifd + 2 > end) return undefined;
  const count = r16(ifd);
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > end) return undefined;
    if (r16(e) !== 0x0112) continue;
    const type = r16(e + 2);
    const value = type === 3 ? r16(e + 8) : type === 4 ? r32(e + 8) : 0;
    return isOrientation(value) ? value : undefined;
  }
  return undefined;
}

// ------------------------------------------------------------------ JPEG

/** SOFn markers (C4 DHT, C8 JPG and CC DAC are not frames). */
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function parseJpeg(b: Uint8Array): Parsed | SniffFailure {
  const n = b.length;
  let width = 0;
  let height = 0;
  let sofMarker = 0;
  let orientation: Orientation | undefined;
  let i = 2;
  for (;;) {
    // Find the next marker. Stray bytes before it are tolerated, as libjpeg does.
    while (i < n && b[i] !== 0xff) i++;
    while (i < n && b[i] === 0xff) i++;
    if (i >= n) break; // ran out before EOI
    const m = b[i++]!;
    if (m === 0xd9) {
      if (!sofMarker) return corrupt('jpeg');
      return jpegResult(width, height, sofMarker, orientation, false);
    }
    if (m === 0x00 || m === 0x01 || (m >= 0xd0 && m <= 0xd8)) continue; // no length field
    if (i + 2 > n) break;
    const length = u16be(b, i);
    if (length < 2) return corrupt('jpeg');
    const end = i + length;
    if (isSof(m) && !sofMarker) {
      if (i + 8 > n) break;
      height = u16be(b, i + 3);
      width = u16be(b, i + 5);
      // Height 0 defers to a DNL marker, which browsers don't support.
      if (width === 0 || height === 0 || b[i + 7] === 0) return corrupt('jpeg');
      sofMarker = m;
    } else if (m === 0xe1 && orientation === undefined && length >= 8 && ascii(b, i + 2, 6) === 'Exif\0\0') {
      orientation = exifOrientation(b, i + 8, end);
    }
    if (end > n) break;
    i = end;
    if (m === 0xda) {
      if (!sofMarker) return corrupt('jpeg');
      // Entropy-coded data: 0xFF is always followed by 00 (stuffing), a restart marker or fill.
      for (;;) {
        const j = b.indexOf(0xff, i);
        if (j < 0 || j + 1 >= n) {
          i = n;
          break;
        }
        const next = b[j + 1]!;
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
          i = j + 1 + (next === 0xff ? 0 : 1);
          continue;
        }
        i = j;
        break;
      }
    }
  }
  // The data ended before the EOI marker.
  if (!sofMarker) return truncated('jpeg');
  return jpegResult(width, height, sofMarker, orientation, true);
}

function jpegResult(
  width: number,
  height: number,
  sofMarker: number,
  orientation: Orientation | undefined,
  incomplete: boolean,
): Parsed {
  const warnings: Message[] = [];
  // Baseline, extended and progressive Huffman are universal; lossless, hierarchical and
  // arithmetic-coded JPEGs are not.
  if (sofMarker > 0xc2) warnings.push(say('photo.rare-jpeg'));
  // Huffman-coded DCT (baseline, extended, progressive): every 8x8 block of the full-resolution
  // component costs at least one bit in the first DC scan (a Huffman code is never shorter).
  // Arithmetic coding has no such floor, lossless and hierarchical are left alone.
  const minBytes = sofMarker <= 0xc2 ? (Math.ceil(width / 8) * Math.ceil(height / 8)) / 8 / DENSITY_MARGIN : undefined;
  return { format: 'jpeg', width, height, orientation: orientation ?? 1, animated: false, warnings, incomplete, ...(minBytes ? { minBytes } : {}) };
}

// ------------------------------------------------------------------ PNG

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

let crcTable: Uint32Array | undefined;
function crc32(b: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let k = 0; k < 256; k++) {
      let c = k;
      for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[k] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function parsePng(b: Uint8Array): Parsed | SniffFailure {
  const n = b.length;
  // IHDR: length, type, 13 data bytes, CRC.
  if (n < 8 + 8 + 8) return truncated('png');
  if (u32be(b, 8) !== 13 || ascii(b, 12, 4) !== 'IHDR') return corrupt('png');
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return corrupt('png');
  if (n >= 33 && crc32(b, 12, 29) !== u32be(b, 29)) return corrupt('png');
  let orientation: Orientation | undefined;
  let animated = false;
  let sawEnd = false;
  let i = 8;
  while (i + 8 <= n) {
    const length = u32be(b, i);
    const type = ascii(b, i + 4, 4);
    if (length > 0x7fffffff) return corrupt('png');
    const data = i + 8;
    if (type === 'IEND') {
      sawEnd = data + length + 4 <= n;
      break;
    }
    if (type === 'acTL' && data + 4 <= n) animated = u32be(b, data) > 1;
    else if (type === 'eXIf' && orientation === undefined) orientation = exifOrientation(b, data, data + length);
    i = data + length + 4;
  }
  // Deflate packs at most 258 bytes into one match of at least ~2 bits: no stream beats 1032:1.
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[b[25]!] ?? 1;
  const rowBytes = 1 + Math.ceil((width * channels * Math.max(1, b[24]!)) / 8);
  const minBytes = (height * rowBytes) / DEFLATE_MAX_RATIO / DENSITY_MARGIN;
  return { format: 'png', width, height, orientation: orientation ?? 1, animated, warnings: [], incomplete: !sawEnd, minBytes };
}

// ------------------------------------------------------------------ GIF

function parseGif(b: Uint8Array): Parsed | SniffFailure {
  const n = b.length;
  if (n < 13) return truncated('gif');
  let width = u16le(b, 6);
  let height = u16le(b, 8);
  const packed = b[10]!;
  let i = 13;
  if (packed & 0x80) i += 3 << ((packed & 7) + 1);
  let frames = 0;
  let complete = false;
  const skipSubBlocks = (): boolean => {
    for (;;) {
      if (i >= n) return false;
      const size = b[i++]!;
      if (size === 0) return true;
      i += size;
    }
  };
  parse: for (;;) {
    if (i >= n) break;
    const block = b[i++]!;
    switch (block) {
      case 0x3b: // trailer
        complete = true;
        break parse;
      case 0x21: // extension: label, then sub-blocks
        i++;
        if (!skipSubBlocks()) break parse;
        break;
      case 0x2c: {
        // image descriptor: left, top, width, height, flags; local colour table; LZW code size; data
        if (i + 9 > n) break parse;
        if (frames === 0 && (width === 0 || height === 0)) {
          width = u16le(b, i + 4);
          height = u16le(b, i + 6);
        }
        const flags = b[i + 8]!;
        i += 9;
        if (flags & 0x80) i += 3 << ((flags & 7) + 1);
        i++;
        if (!skipSubBlocks()) break parse;
        frames++;
        break;
      }
      default:
        // Junk after at least one whole frame: decoders stop there and show what they have.
        if (frames > 0) {
          complete = true;
          break parse;
        }
        return corrupt('gif');
    }
  }
  if (width === 0 || height === 0) return complete ? corrupt('gif') : truncated('gif');
  if (complete && frames === 0) return corrupt('gif');
  return { format: 'gif', width, height, orientation: 1, animated: frames > 1, warnings: [], incomplete: !complete };
}

// ------------------------------------------------------------------ WebP

function parseWebp(b: Uint8Array, size: number): Parsed | SniffFailure {
  const n = b.length;
  const riffEnd = 8 + u32le(b, 4);
  const chunk = ascii(b, 12, 4);
  if (n < (chunk === 'VP8L' ? 25 : 30)) return truncated('webp');
  let width: number;
  let height: number;
  let orientation: Orientation | undefined;
  let animated = false;
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return corrupt('webp');
    width = u16le(b, 26) & 0x3fff;
    height = u16le(b, 28) & 0x3fff;
  } else if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return corrupt('webp');
    const bits = u32le(b, 21);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else if (chunk === 'VP8X') {
    width = u24le(b, 24) + 1;
    height = u24le(b, 27) + 1;
    let frames = 0;
    const end = Math.min(n, riffEnd);
    for (let i = 12; i + 8 <= end; ) {
      const type = ascii(b, i, 4);
      const size = u32le(b, i + 4);
      if (type === 'ANMF') frames++;
      else if (type === 'EXIF' && orientation === undefined) orientation = exifOrientation(b, i + 8, i + 8 + size);
      i += 8 + size + (size & 1);
    }
    animated = frames > 1;
  } else {
    return corrupt('webp');
  }
  if (width === 0 || height === 0) return corrupt('webp');
  return { format: 'webp', width, height, orientation: orientation ?? 1, animated, warnings: [], incomplete: riffEnd > size };
}

// ------------------------------------------------------------------ BMP

function parseBmp(b: Uint8Array, size: number): Parsed | SniffFailure {
  const n = b.length;
  if (n < 26) return truncated('bmp');
  const dataOffset = u32le(b, 10);
  const headerSize = u32le(b, 14);
  let width: number;
  let height: number;
  let bpp: number;
  let compression = 0;
  if (headerSize === 12) {
    width = u16le(b, 18);
    height = u16le(b, 20);
    bpp = u16le(b, 24);
  } else if (headerSize >= 16 && headerSize <= 124) {
    if (n < 34) return truncated('bmp');
    width = i32le(b, 18);
    height = Math.abs(i32le(b, 22)); // negative = stored top-down
    bpp = u16le(b, 28);
    if (headerSize >= 20) compression = u32le(b, 30);
  } else {
    return corrupt('bmp');
  }
  if (width <= 0 || height <= 0 || dataOffset < 14 + headerSize) return corrupt('bmp');
  let needed = dataOffset + 1;
  // Uncompressed (BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS): rows of 4-byte-aligned pixels.
  if ((compression === 0 || compression === 3 || compression === 6) && [1, 2, 4, 8, 16, 24, 32].includes(bpp)) {
    needed = dataOffset + Math.floor((bpp * width + 31) / 32) * 4 * height;
  }
  return { format: 'bmp', width, height, orientation: 1, animated: false, warnings: [], incomplete: needed > size };
}

// ------------------------------------------------------------------ ISO BMFF (AVIF, HEIC, video)

interface Box {
  type: string;
  /** First byte of the payload. */
  start: number;
  /** One past the last byte, as declared (may exceed the data). */
  end: number;
}

/** The boxes in [start, end). Stops at the first box that runs past `end`, which it still returns. */
function boxes(b: Uint8Array, start: number, end: number): Box[] {
  const out: Box[] = [];
  let i = start;
  while (i + 8 <= end) {
    let size = u32be(b, i);
    const type = ascii(b, i + 4, 4);
    let header = 8;
    if (size === 1) {
      if (i + 16 > end) break;
      size = u32be(b, i + 8) * 2 ** 32 + u32be(b, i + 12);
      header = 16;
    } else if (size === 0) {
      size = end - i;
    }
    if (size < header) break;
    out.push({ type, start: i + header, end: i + size });
    i += size;
  }
  return out;
}

/** EXIF orientation matrices [a, b, c, d] = [[a, b], [c, d]] mapping stored to shown axes (y down). */
const ORIENTATION_MATRIX: Record<Orientation, readonly [number, number, number, number]> = {
  1: [1, 0, 0, 1],
  2: [-1, 0, 0, 1],
  3: [-1, 0, 0, -1],
  4: [1, 0, 0, -1],
  5: [0, 1, 1, 0],
  6: [0, -1, 1, 0],
  7: [0, -1, -1, 0],
  8: [0, 1, -1, 0],
};

/** Orientation of "first `first`, then `then`". */
function thenApply(first: Orientation, then: Orientation): Orientation {
  const [a, b, c, d] = ORIENTATION_MATRIX[then];
  const [e, f, g, h] = ORIENTATION_MATRIX[first];
  const m = [a * e + b * g, a * f + b * h, c * e + d * g, c * f + d * h];
  for (const k of [1, 2, 3, 4, 5, 6, 7, 8] as const) {
    if (ORIENTATION_MATRIX[k].every((v, j) => v === m[j])) return k;
  }
  return first;
}

interface AvifInfo {
  width: number;
  height: number;
  orientation: Orientation;
}

/** Size and irot/imir of the primary item, from meta > pitm, iprp > ipco + ipma. */
function avifInfo(b: Uint8Array, meta: Box): AvifInfo {
  const info: AvifInfo = { width: 0, height: 0, orientation: 1 };
  const n = Math.min(b.length, meta.end);
  let primary = -1;
  let properties: Box[] = [];
  const associations = new Map<number, number[]>();
  for (const box of boxes(b, meta.start + 4, n)) {
    if (box.type === 'pitm' && box.start + 6 <= n) {
      primary = b[box.start] === 0 ? u16be(b, box.start + 4) : u32be(b, box.start + 4);
    } else if (box.type === 'iprp') {
      for (const child of boxes(b, box.start, Math.min(n, box.end))) {
        if (child.type === 'ipco') properties = boxes(b, child.start, Math.min(n, child.end));
        if (child.type !== 'ipma' || child.start + 8 > n) continue;
        const version = b[child.start]!;
        const bigIndex = (b[child.start + 3]! & 1) === 1;
        let i = child.start + 4;
        const entries = u32be(b, i);
        i += 4;
        for (let e = 0; e < entries && i < n; e++) {
          const item = version < 1 ? u16be(b, i) : u32be(b, i);
          i += version < 1 ? 2 : 4;
          const count = b[i++]!;
          const list: number[] = [];
          for (let k = 0; k < count && i < n; k++) {
            list.push(bigIndex ? u16be(b, i) & 0x7fff : b[i]! & 0x7f);
            i += bigIndex ? 2 : 1;
          }
          associations.set(item, list);
        }
      }
    }
  }
  const fits = (p: Box, bytes: number): boolean => p.start + bytes <= n;
  const ofPrimary = associations.get(primary);
  if (ofPrimary) {
    for (const index of ofPrimary) {
      const p = properties[index - 1];
      if (!p) continue;
      if (p.type === 'ispe' && fits(p, 12) && info.width === 0) {
        info.width = u32be(b, p.start + 4);
        info.height = u32be(b, p.start + 8);
      } else if (p.type === 'irot' && fits(p, 1)) {
        // Anticlockwise quarter turns; one quarter turn anticlockwise is EXIF 8.
        for (let t = 0; t < (b[p.start]! & 3); t++) info.orientation = thenApply(info.orientation, 8);
      } else if (p.type === 'imir' && fits(p, 1)) {
        // ISO/IEC 23008-12:2022: axis 0 swaps top and bottom (EXIF 4), 1 swaps left and right (EXIF 2).
        info.orientation = thenApply(info.orientation, (b[p.start]! & 1) === 0 ? 4 : 2);
      }
    }
  } else {
    // No usable association: the largest declared size is the main image, not a thumbnail.
    for (const p of properties) {
      if (p.type !== 'ispe' || !fits(p, 12)) continue;
      const w = u32be(b, p.start + 4);
      const h = u32be(b, p.start + 8);
      if (w * h > info.width * info.height) Object.assign(info, { width: w, height: h });
    }
  }
  return info;
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2', 'miaf']);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);

function parseIsoBmff(b: Uint8Array): Parsed | SniffFailure {
  const n = b.length;
  const ftypSize = Math.min(u32be(b, 0), n);
  const brands = new Set<string>([ascii(b, 8, 4)]);
  for (let i = 16; i + 4 <= ftypSize; i += 4) brands.add(ascii(b, i, 4));
  const has = (...names: string[]): boolean => names.some((x) => brands.has(x));
  if (has('avif', 'avis')) {
    const top = boxes(b, 0, n);
    const meta = top.find((x) => x.type === 'meta');
    const info = meta ? avifInfo(b, meta) : { width: 0, height: 0, orientation: 1 as Orientation };
    const animated = has('avis') && top.some((x) => x.type === 'moov');
    const incomplete = top.length === 0 || top[top.length - 1]!.end > n || !top.some((x) => x.type === 'mdat');
    return { format: 'avif', width: info.width, height: info.height, orientation: info.orientation, animated, warnings: [], incomplete };
  }
  if ([...brands].some((x) => HEIF_BRANDS.has(x))) return fail('unsupported', say('photo.heic'), 'heic');
  if (has('crx ')) return fail('unsupported', say('photo.camera-raw'), 'camera-raw');
  if (has('jxl ')) return fail('unsupported', say('photo.jpegxl'), 'jpegxl');
  if (has('jp2 ', 'jpx ', 'jpm ')) return fail('unsupported', say('photo.jpeg2000'), 'jpeg2000');
  if ([...brands].every((x) => AUDIO_BRANDS.has(x))) return fail('not-image', say('photo.audio'), 'audio');
  // Everything else with an ftyp box is MP4/MOV/3GP-style video.
  return fail('not-image', say('photo.video'), 'video');
}

// ------------------------------------------------------------------ everything else

const RAW_EXTENSIONS = new Set(['dng', 'cr2', 'nef', 'nrw', 'arw', 'sr2', 'srf', 'orf', 'rw2', 'pef', 'srw', 'raf', '3fr', 'erf', 'kdc', 'mos', 'mrw', 'x3f', 'iiq', 'rwl']);
const OFFICE_EXTENSIONS = new Set(['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'epub', 'pages', 'key', 'numbers']);
const PHOTO_EXTENSIONS = new Set(['jpg', 'jpeg', 'jpe', 'jfif', 'png', 'gif', 'webp', 'bmp', 'avif', 'heic', 'heif', 'tif', 'tiff', 'dib']);

function extensionOf(fileName: string | undefined): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName ?? '');
  return m ? m[1]!.toLowerCase() : '';
}

/** Non-image formats and images the browser can't show, by their first bytes. */
function recogniseOther(b: Uint8Array, ext: string): SniffFailure | undefined {
  const head = ascii(b, 0, 16);
  const unsupported = (message: Message, kind: DetectedKind) => fail('unsupported', message, kind);
  const notImage = (message: Message, kind: DetectedKind) => fail('not-image', message, kind);

  // %PDF may follow a little junk; readers look in the first kilobyte.
  if (ascii(b, 0, 1024).includes('%PDF-')) return notImage(say('photo.pdf'), 'pdf');
  if (head.startsWith('II*\0') || head.startsWith('MM\0*') || head.startsWith('II+\0') || head.startsWith('MM\0+')) {
    return RAW_EXTENSIONS.has(ext)
      ? unsupported(say('photo.camera-raw'), 'camera-raw')
      : unsupported(say('photo.tiff'), 'tiff');
  }
  if (head.startsWith('IIRO') || head.startsWith('IIRS') || head.startsWith('IIU\0') || head.startsWith('FUJIFILMCCD-RAW')) {
    return unsupported(say('photo.camera-raw'), 'camera-raw');
  }
  if (head.startsWith('8BPS')) return unsupported(say('photo.psd'), 'psd');
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) {
    return unsupported(say('photo.jpegxl'), 'jpegxl');
  }
  if (startsWith(b, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]) || startsWith(b, [0xff, 0x4f, 0xff, 0x51])) {
    return unsupported(say('photo.jpeg2000'), 'jpeg2000');
  }
  const iconCount = b.length >= 6 ? u16le(b, 4) : 0;
  const iconLike = startsWith(b, [0, 0, 1, 0]) || startsWith(b, [0, 0, 2, 0]);
  if (iconLike && iconCount > 0 && iconCount < 256 && (ext === 'ico' || ext === 'cur' || (b.length >= 22 && b[9] === 0))) {
    return unsupported(say('photo.icon'), 'icon');
  }

  // Video and sound.
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return notImage(say('photo.video'), 'video'); // WebM, MKV
  if (head.startsWith('RIFF')) {
    const form = ascii(b, 8, 4);
    if (form === 'AVI ') return notImage(say('photo.video'), 'video');
    if (form === 'WAVE') return notImage(say('photo.audio'), 'audio');
  }
  if (head.startsWith('FLV\x01') || startsWith(b, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]) || startsWith(b, [0, 0, 1, 0xba]) || startsWith(b, [0, 0, 1, 0xb3])) {
    return notImage(say('photo.video'), 'video');
  }
  if (b[0] === 0x47 && b.length > 376 && b[188] === 0x47 && b[376] === 0x47) return notImage(say('photo.video'), 'video'); // MPEG-TS
  if (head.startsWith('OggS')) {
    return ascii(b, 0, 128).includes('theora') ? notImage(say('photo.video'), 'video') : notImage(say('photo.audio'), 'audio');
  }
  if (head.startsWith('ID3') || head.startsWith('fLaC') || head.startsWith('#!AMR') || (head.startsWith('FORM') && ascii(b, 8, 3) === 'AIF')) {
    return notImage(say('photo.audio'), 'audio');
  }
  if (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xf6) === 0xf0 && ['aac', 'mp3', 'mp2', 'm4a'].includes(ext)) {
    return notImage(say('photo.audio'), 'audio');
  }

  // Archives and documents.
  if (head.startsWith('PK\x03\x04') || head.startsWith('PK\x05\x06')) {
    return OFFICE_EXTENSIONS.has(ext) ? notImage(say('photo.document'), 'document') : notImage(say('photo.archive'), 'archive');
  }
  if (
    startsWith(b, [0x1f, 0x8b]) ||
    head.startsWith('Rar!\x1a\x07') ||
    startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) ||
    head.startsWith('BZh') ||
    startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])
  ) {
    return notImage(say('photo.archive'), 'archive');
  }
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) || head.startsWith('{\\rtf')) {
    return notImage(say('photo.document'), 'document');
  }
  return recogniseText(b);
}

/** Drops leading whitespace, an XML declaration, comments and an SVG doctype. */
function skipMarkupPreamble(text: string): string {
  let s = text.trimStart();
  for (;;) {
    const close = s.startsWith('<?xml') ? '?>' : s.startsWith('<!--') ? '-->' : s.startsWith('<!doctype svg') ? '>' : '';
    if (!close) return s;
    const end = s.indexOf(close);
    if (end < 0) return s;
    s = s.slice(end + close.length).trimStart();
  }
}

/** Text files: SVG, HTML, a data: URL, or any other text. */
function recogniseText(b: Uint8Array): SniffFailure | undefined {
  let head = b.subarray(0, 4096);
  let text: string;
  if (startsWith(head, [0xfe, 0xff]) || startsWith(head, [0xff, 0xfe])) {
    text = new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(head);
  } else {
    if (startsWith(head, [0xef, 0xbb, 0xbf])) head = head.subarray(3);
    let control = 0;
    for (const c of head) {
      if (c === 0) return undefined;
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) control++;
    }
    if (control > head.length / 100) return undefined;
    text = new TextDecoder('utf-8').decode(head);
    const replaced = text.split('\uFFFD').length - 1;
    // A 4 KB cut can split one UTF-8 sequence; Latin-1 text has a few bad sequences too.
    if (replaced > Math.max(2, text.length / 20)) return undefined;
  }
  const start = skipMarkupPreamble(text.toLowerCase());
  if (start.startsWith('<!doctype html') || /^<(html|head|body)[\s>]/.test(start)) {
    return fail('not-image', say('photo.html'), 'html');
  }
  if (/^<svg[\s>]/.test(start)) return fail('unsupported', say('photo.svg'), 'svg');
  if (start.startsWith('data:image/')) return fail('not-image', say('photo.data-url'), 'text');
  return fail('not-image', say('photo.text'), 'text');
}

// ------------------------------------------------------------------ files seen in part

/** The first and last bytes of a file: enough to judge it without reading it all. */
export interface FileSlices {
  /** The file's size in bytes. */
  size: number;
  /** Its first bytes; the whole file when `head.length === size`. */
  head: Uint8Array;
  /** Its last bytes (empty when `head` is the whole file). */
  tail: Uint8Array;
}

/** How much of a file is read to sniff it: the head holds the headers, the tail the ending. */
export const SNIFF_HEAD_BYTES = 256 * 1024;
export const SNIFF_TAIL_BYTES = 64 * 1024;

/** What `readSlices` needs of a Blob (a File, or Node's `fs.openAsBlob`). */
export interface SliceableBlob {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** Reads a file's head and tail (the whole file when it is small), never more. */
export async function readSlices(blob: SliceableBlob, headBytes = SNIFF_HEAD_BYTES, tailBytes = SNIFF_TAIL_BYTES): Promise<FileSlices> {
  const size = blob.size;
  if (size <= headBytes + tailBytes) return { size, head: new Uint8Array(await blob.slice(0, size).arrayBuffer()), tail: new Uint8Array(0) };
  const [head, tail] = await Promise.all([blob.slice(0, headBytes).arrayBuffer(), blob.slice(size - tailBytes, size).arrayBuffer()]);
  return { size, head: new Uint8Array(head), tail: new Uint8Array(tail) };
}

/** The slices `readSlices` would read from these bytes (tests and the fuzzer). */
export function slicesOf(bytes: Uint8Array, headBytes = SNIFF_HEAD_BYTES, tailBytes = SNIFF_TAIL_BYTES): FileSlices {
  const size = bytes.length;
  if (size <= headBytes + tailBytes) return { size, head: bytes, tail: new Uint8Array(0) };
  return { size, head: bytes.subarray(0, headBytes), tail: bytes.subarray(size - tailBytes) };
}

/**
 * Checks a file (a File, a Blob) before decoding: its size first, then its head and tail only,
 * so a file of any size is judged at once.
 */
export async function sniffBlob(blob: SliceableBlob, fileName?: string, mimeType?: string, options: SniffOptions = {}): Promise<SniffResult> {
  const sizeProblem = checkFileSize(blob.size, options.limits ?? IMAGE_LIMITS);
  if (sizeProblem) return sizeProblem;
  return sniffSlices(await readSlices(blob), fileName, mimeType, options);
}

/** Safety factor on the least bytes a header allows: a file is refused only under half of it. */
const DENSITY_MARGIN = 2;
/** Deflate's best possible ratio (a 258-byte match per ~2 bits). */
const DEFLATE_MAX_RATIO = 1032;

/** A byte of the file, from the head or the tail; undefined in the part not read. */
function byteAt(s: FileSlices, i: number): number | undefined {
  if (i < s.head.length) return s.head[i];
  const tailStart = s.size - s.tail.length;
  return i >= tailStart && i < s.size ? s.tail[i - tailStart] : undefined;
}

/** Whether the ending of a file whose head ran out shows it complete. */
function tailSaysComplete(format: ImageFormat, s: FileSlices): boolean {
  const t = s.tail;
  switch (format) {
    case 'jpeg':
      return jpegTailComplete(t);
    case 'png':
      return pngTailComplete(t);
    case 'gif':
      return t.length > 0 && t[t.length - 1] === 0x3b;
    case 'avif':
      return isoTopBoxesComplete(s);
    default:
      // WebP and BMP declare their sizes: the header already said.
      return false;
  }
}

/**
 * A JPEG's last bytes: EOI (anything after it, e.g. a motion photo's video, decoders ignore),
 * or the file stops inside the scan data (cut off), or something else follows, which is the
 * decoder's to judge.
 */
function jpegTailComplete(t: Uint8Array): boolean {
  let last = -1;
  let stuffed = false;
  for (let j = 0; j + 1 < t.length; j++) {
    if (t[j] !== 0xff) continue;
    const m = t[j + 1]!;
    if (m === 0xd9) return true;
    if (m === 0x00 || (m >= 0xd0 && m <= 0xd7)) stuffed = true;
    else if (m !== 0xff) last = j;
  }
  // Nothing but scan data (its 0xFF bytes all stuffed): the file was cut inside a scan. One
  // byte over and over (padding after the EOI, past the tail) is not scan data.
  if (last < 0) return !stuffed && t.every((v) => v === t[0]);
  // Cut inside the last scan of a progressive JPEG: a start-of-scan header, scan data after it.
  if (t[last + 1] === 0xda && isSosHeader(t, last + 2)) return false;
  return true;
}

function isSosHeader(t: Uint8Array, i: number): boolean {
  if (i + 2 > t.length) return false;
  const length = u16be(t, i);
  const components = t[i + 2]!;
  if (components < 1 || components > 4 || length !== 6 + 2 * components || i + length > t.length) return false;
  const k = i + 3 + 2 * components;
  return t[k]! <= 63 && t[k + 1]! <= 63 && t[k]! <= t[k + 1]!;
}

const IEND_CHUNK = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82] as const;

function pngTailComplete(t: Uint8Array): boolean {
  for (let j = t.length - IEND_CHUNK.length; j >= 0; j--) if (startsWith(t, IEND_CHUNK, j)) return true;
  return false;
}

/** Walks an ISO BMFF file's top-level boxes through head and tail; false when the last runs past the end. */
function isoTopBoxesComplete(s: FileSlices): boolean {
  const u32 = (i: number): number | undefined => {
    const b = [0, 1, 2, 3].map((k) => byteAt(s, i + k));
    return b.some((x) => x === undefined) ? undefined : (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
  };
  let i = 0;
  for (let boxes = 0; boxes < 100_000 && i < s.size; boxes++) {
    let size = u32(i);
    if (size === undefined) return true; // in the part not read: left to the decoder
    if (size === 0) return true; // runs to the end of the file
    if (size === 1) {
      const high = u32(i + 8);
      const low = u32(i + 12);
      if (high === undefined || low === undefined) return true;
      size = high * 2 ** 32 + low;
      if (size < 16) return false;
    } else if (size < 8) {
      return false;
    }
    i += size;
  }
  return i === s.size;
}

// ------------------------------------------------------------------ entry points

/** Refusal for a file of this many bytes, or null. Lets the UI refuse before reading it. */
export function checkFileSize(byteLength: number, limits: ImageLimits = IMAGE_LIMITS): SniffFailure | null {
  if (byteLength === 0) return fail('empty', say('photo.empty'));
  const problem = fileSizeProblem(byteLength, limits);
  return problem ? fail('too-large', problem) : null;
}

function parseImage(b: Uint8Array, size: number): Parsed | SniffFailure | undefined {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return parseJpeg(b);
  if (startsWith(b, PNG_SIGNATURE)) return parsePng(b);
  const head = ascii(b, 0, 12);
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return parseGif(b);
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return parseWebp(b, size);
  if (head.startsWith('BM') && b.length >= 18) {
    const headerSize = u32le(b, 14);
    if (headerSize === 12 || (headerSize >= 16 && headerSize <= 124)) return parseBmp(b, size);
  }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') return parseIsoBmff(b);
  // Files so short they stop inside an image signature.
  if (isCutPrefix(b, [0xff, 0xd8, 0xff])) return truncated('jpeg');
  if (isCutPrefix(b, PNG_SIGNATURE, 3)) return truncated('png');
  if (b.length >= 3 && b.length < 6 && ['GIF87a', 'GIF89a'].some((sig) => sig.startsWith(head))) return truncated('gif');
  if (b.length >= 4 && b.length < 12 && head.startsWith('RIFF') && 'WEBP'.startsWith(head.slice(8))) return truncated('webp');
  return undefined;
}

/**
 * Checks a file's bytes before decoding. `fileName` and `mimeType` only sharpen messages; the
 * verdict comes from the bytes.
 */
export function sniffImage(bytes: Uint8Array, fileName?: string, mimeType?: string, options: SniffOptions = {}): SniffResult {
  return sniffSlices({ size: bytes.length, head: bytes, tail: new Uint8Array(0) }, fileName, mimeType, options);
}

/**
 * Checks a file from its first and last bytes (`readSlices`): what `sniffImage` does on the
 * whole file, without reading it all. Sizes, format and limits come from the head; whether the
 * file is complete from the tail (JPEG EOI, PNG IEND, GIF trailer, AVIF top-level boxes) or
 * from the sizes the header declares (WebP, BMP).
 */
export function sniffSlices(slices: FileSlices, fileName?: string, mimeType?: string, options: SniffOptions = {}): SniffResult {
  const limits = options.limits ?? IMAGE_LIMITS;
  const { size, head } = slices;
  const sizeProblem = checkFileSize(size, limits);
  if (sizeProblem) return sizeProblem;
  const partial = head.length < size;

  const ext = extensionOf(fileName);
  let parsed = parseImage(head, size);
  if (parsed === undefined) {
    const other = recogniseOther(head, ext);
    if (other) return other;
    const mime = (mimeType ?? '').toLowerCase();
    if (mime.startsWith('video/')) return fail('not-image', say('photo.video'), 'video');
    if (mime.startsWith('audio/')) return fail('not-image', say('photo.audio'), 'audio');
    if (PHOTO_EXTENSIONS.has(ext)) return fail('corrupt', say('photo.misnamed', { extension: ext }), 'unknown');
    if (mime.startsWith('image/')) return fail('corrupt', say('photo.corrupt'), 'unknown');
    return fail('not-image', say('photo.unknown'), 'unknown');
  }
  if ('ok' in parsed) {
    // The head ran out before the header did (a quarter megabyte of metadata first): the size
    // is left to the decoder, completeness to the tail.
    const format = parsed.detected;
    if (!partial || parsed.code !== 'truncated' || (format !== 'jpeg' && format !== 'png' && format !== 'gif')) return parsed;
    parsed = { format, width: 0, height: 0, orientation: 1, animated: false, warnings: [], incomplete: true };
  }

  const { format, width, height, orientation, warnings, minBytes } = parsed;
  let { animated, incomplete } = parsed;
  // Size limits first: a huge picture is refused before anything tries to decode it.
  if (width > 0 && height > 0) {
    const problem = dimensionProblem(width, height, limits);
    if (problem) return fail('too-large', problem, format);
    // A header that claims far more pixels than the file has bytes for: decoders would spend
    // many seconds making a grey picture out of nothing.
    if (minBytes !== undefined && size < minBytes) return fail('corrupt', say('photo.too-few-bytes', { width, height, bytes: size }), format);
  }
  if (partial && incomplete) incomplete = !tailSaysComplete(format, slices);
  // A GIF's second frame may lie past the head; the looping extension says it is animated.
  if (partial && format === 'gif' && !animated) animated = ascii(head, 0, Math.min(head.length, 4096)).includes('NETSCAPE2.0');
  if (incomplete) return truncated(format);
  const shown = orientedSize(width, height, orientation);
  return {
    ok: true,
    format,
    width,
    height,
    orientation,
    displayWidth: shown.width,
    displayHeight: shown.height,
    animated,
    warnings,
  };
}
