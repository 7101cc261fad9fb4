/**
 * A small, correct GIF89a encoder for `kinora animate --out file.gif`: one global 256-colour
 * palette for all frames (median cut over sampled pixels of every frame, or a fixed 6x7x6 RGB
 * cube; index 255 is kept for transparency), no dithering (so the still background does not
 * shimmer from frame to frame), LZW, full-canvas frames in which, after the first, unchanged
 * pixels are transparent (disposal "leave in place", so they compress to almost nothing), a
 * NETSCAPE2.0 extension that loops forever, delays from the frame rate.
 *
 * Simple on purpose: the fast, polished GIF/MP4 export is a later issue.
 */

export type PaletteKind = 'median-cut' | 'cube';

export interface GifOptions {
  /** Frames per second; each frame's delay is 1/fps, rounded to GIF's 1/100 s so that the total stays exact. */
  fps: number;
  /** Default 'median-cut'. */
  palette?: PaletteKind;
  /** NETSCAPE2.0 loop count: 0 (default) = forever. */
  loops?: number;
}

type Pixels = Uint8Array | Uint8ClampedArray;

/** Delays in 1/100 s for `count` frames at `fps`: rounded cumulatively, so 30 fps gives 3, 3, 4, 3, 3, 4, ... */
export function frameDelays(count: number, fps: number): number[] {
  if (!(fps > 0) || !Number.isFinite(fps)) throw new RangeError(`frameDelays: bad fps ${fps}`);
  const delays: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = Math.round(((i + 1) * 100) / fps) - Math.round((i * 100) / fps);
    delays.push(Math.min(0xffff, Math.max(1, d)));
  }
  return delays;
}

// ---------------------------------------------------------------------------------------------
// Palettes. A palette is 256 * 3 bytes (unused entries are black).

const CUBE = { r: 6, g: 7, b: 6 } as const;

/** The fixed 6x7x6 RGB cube (252 colours; entries 252-255 black, 255 is the transparent index). */
export function cubePalette(): Uint8Array {
  const palette = new Uint8Array(256 * 3);
  let i = 0;
  for (let r = 0; r < CUBE.r; r++) {
    for (let g = 0; g < CUBE.g; g++) {
      for (let b = 0; b < CUBE.b; b++) {
        palette[i++] = Math.round((r * 255) / (CUBE.r - 1));
        palette[i++] = Math.round((g * 255) / (CUBE.g - 1));
        palette[i++] = Math.round((b * 255) / (CUBE.b - 1));
      }
    }
  }
  return palette;
}

function cubeIndex(r: number, g: number, b: number): number {
  const ri = Math.round((r * (CUBE.r - 1)) / 255);
  const gi = Math.round((g * (CUBE.g - 1)) / 255);
  const bi = Math.round((b * (CUBE.b - 1)) / 255);
  return (ri * CUBE.g + gi) * CUBE.b + bi;
}

/** Up to `maxSamples` packed 0xRRGGBB pixels, evenly strided over all frames (deterministic). */
function samplePixels(frames: readonly Pixels[], pixelsPerFrame: number, maxSamples: number): Uint32Array {
  const total = frames.length * pixelsPerFrame;
  const step = Math.max(1, Math.ceil(total / maxSamples));
  const samples = new Uint32Array(Math.ceil(total / step));
  let n = 0;
  for (let i = 0; i < total; i += step) {
    const frame = frames[Math.floor(i / pixelsPerFrame)]!;
    const o = (i % pixelsPerFrame) * 4;
    samples[n++] = (frame[o]! << 16) | (frame[o + 1]! << 8) | frame[o + 2]!;
  }
  return samples.subarray(0, n);
}

interface Box {
  start: number;
  end: number;
  /** Sum of squared errors per channel (r, g, b) and their total. */
  sse: [number, number, number];
  total: number;
  mean: [number, number, number];
}

const SHIFTS = [16, 8, 0] as const;

function makeBox(samples: Uint32Array, start: number, end: number): Box {
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  for (let i = start; i < end; i++) {
    const v = samples[i]!;
    for (let c = 0; c < 3; c++) {
      const x = (v >> SHIFTS[c]!) & 0xff;
      sum[c]! += x;
      sq[c]! += x * x;
    }
  }
  const n = end - start;
  const sse = [0, 1, 2].map((c) => Math.max(0, sq[c]! - (sum[c]! * sum[c]!) / n)) as [number, number, number];
  const mean = [0, 1, 2].map((c) => sum[c]! / n) as [number, number, number];
  return { start, end, sse, total: sse[0] + sse[1] + sse[2], mean };
}

/** Stable counting sort of samples[start, end) by one channel. */
function sortByChannel(samples: Uint32Array, start: number, end: number, channel: number): void {
  const shift = SHIFTS[channel]!;
  const counts = new Uint32Array(257);
  for (let i = start; i < end; i++) counts[((samples[i]! >> shift) & 0xff) + 1]!++;
  for (let k = 1; k < 257; k++) counts[k]! += counts[k - 1]!;
  const sorted = new Uint32Array(end - start);
  for (let i = start; i < end; i++) {
    const v = samples[i]!;
    sorted[counts[(v >> shift) & 0xff]!++] = v;
  }
  samples.set(sorted, start);
}

/**
 * Median cut over sampled pixels of all frames: repeatedly splits the box with the largest
 * squared error, along its channel of largest error, at the median. Colours = box means.
 */
export function medianCutPalette(frames: readonly Pixels[], pixelsPerFrame: number, maxColors = 256, maxSamples = 300_000): Uint8Array {
  if (maxColors < 1 || maxColors > 256) throw new RangeError('medianCutPalette: maxColors must be 1-256');
  const palette = new Uint8Array(256 * 3);
  if (frames.length === 0 || pixelsPerFrame === 0) return palette;
  const samples = samplePixels(frames, pixelsPerFrame, maxSamples);
  const boxes: Box[] = [makeBox(samples, 0, samples.length)];
  while (boxes.length < maxColors) {
    let best = -1;
    for (let i = 0; i < boxes.length; i++) {
      const b = boxes[i]!;
      if (b.end - b.start > 1 && b.total > 0 && (best < 0 || b.total > boxes[best]!.total)) best = i;
    }
    if (best < 0) break; // every box holds a single colour
    const box = boxes[best]!;
    const channel = box.sse.indexOf(Math.max(...box.sse));
    sortByChannel(samples, box.start, box.end, channel);
    // Split at the median, moved off a run of equal values when one side would be empty.
    const shift = SHIFTS[channel]!;
    const at = (i: number) => (samples[i]! >> shift) & 0xff;
    let mid = (box.start + box.end) >> 1;
    const pivot = at(mid);
    while (mid > box.start && at(mid - 1) === pivot) mid--;
    if (mid === box.start) {
      mid = (box.start + box.end) >> 1;
      while (mid < box.end && at(mid) === pivot) mid++;
    }
    if (mid <= box.start || mid >= box.end) {
      box.total = 0; // cannot split along its largest channel; leave it
      continue;
    }
    boxes.splice(best, 1, makeBox(samples, box.start, mid), makeBox(samples, mid, box.end));
  }
  boxes.forEach((b, i) => {
    for (let c = 0; c < 3; c++) palette[i * 3 + c] = Math.round(b.mean[c]!);
  });
  return palette;
}

/** Maps colours to the nearest palette entry (squared RGB distance), caching every colour seen. */
export class PaletteMapper {
  private readonly cache = new Int16Array(1 << 24).fill(-1);
  private readonly colors: number;

  constructor(
    private readonly palette: Uint8Array,
    colors = palette.length / 3,
  ) {
    this.colors = colors;
  }

  index(r: number, g: number, b: number): number {
    const key = (r << 16) | (g << 8) | b;
    const cached = this.cache[key]!;
    if (cached >= 0) return cached;
    const p = this.palette;
    let best = 0;
    let bestD = Infinity;
    for (let i = 0; i < this.colors; i++) {
      const dr = p[i * 3]! - r;
      const dg = p[i * 3 + 1]! - g;
      const db = p[i * 3 + 2]! - b;
      const d = dr * dr + dg * dg + db * db;
      if (d < bestD) {
        bestD = d;
        best = i;
        if (d === 0) break;
      }
    }
    this.cache[key] = best;
    return best;
  }
}

// ---------------------------------------------------------------------------------------------
// LZW

class ByteWriter {
  private buffer = new Uint8Array(1 << 16);
  length = 0;

  push(byte: number): void {
    if (this.length === this.buffer.length) {
      const bigger = new Uint8Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = byte;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

const MAX_CODE = 4096;

/** Palette entry kept free for "unchanged since the previous frame" (the palettes use at most 255 colours). */
export const TRANSPARENT = 255;

/**
 * GIF-flavoured variable-width LZW of palette indices: starts with a clear code, widens the
 * codes as the table grows, emits a clear code when the table is full (4096 codes), ends with
 * end-of-information. Returns the packed code stream (not yet cut into sub-blocks).
 */
export function lzwEncode(indices: Uint8Array, minCodeSize = 8): Uint8Array {
  if (minCodeSize < 2 || minCodeSize > 8) throw new RangeError('lzwEncode: minCodeSize must be 2-8');
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  const out = new ByteWriter();
  let acc = 0;
  let bits = 0;
  let width = minCodeSize + 1;
  const emit = (code: number) => {
    acc |= code << bits;
    bits += width;
    while (bits >= 8) {
      out.push(acc & 0xff);
      acc >>>= 8;
      bits -= 8;
    }
  };

  // dict[prefix << 8 | symbol] = code, valid when stamp[...] === generation (a clear is O(1)).
  const dict = new Int16Array(MAX_CODE << 8);
  const stamp = new Uint32Array(MAX_CODE << 8);
  let generation = 1;
  let next = eoi + 1;

  emit(clear);
  if (indices.length > 0) {
    let prefix = indices[0]!;
    if (prefix >= clear) throw new RangeError(`lzwEncode: index ${prefix} does not fit ${minCodeSize} bits`);
    for (let i = 1; i < indices.length; i++) {
      const k = indices[i]!;
      if (k >= clear) throw new RangeError(`lzwEncode: index ${k} does not fit ${minCodeSize} bits`);
      const key = (prefix << 8) | k;
      if (stamp[key] === generation) {
        prefix = dict[key]!;
        continue;
      }
      emit(prefix);
      // The decoder widens its codes one code later than the table grows, hence `>=` before adding.
      if (next >= 1 << width && width < 12) width++;
      if (next < MAX_CODE) {
        dict[key] = next++;
        stamp[key] = generation;
      } else {
        emit(clear);
        generation++;
        next = eoi + 1;
        width = minCodeSize + 1;
      }
      prefix = k;
    }
    emit(prefix);
    // Room for the code that the decoder adds after reading `prefix`.
    if (next >= 1 << width && width < 12) width++;
  }
  emit(eoi);
  if (bits > 0) out.push(acc & 0xff);
  return out.bytes();
}

/** Cuts data into GIF sub-blocks (length byte + up to 255 bytes) and adds the 0 terminator. */
export function subBlocks(data: Uint8Array): Uint8Array {
  const blocks = Math.ceil(data.length / 255);
  const out = new Uint8Array(data.length + blocks + 1);
  let o = 0;
  for (let i = 0; i < data.length; i += 255) {
    const chunk = data.subarray(i, i + 255);
    out[o++] = chunk.length;
    out.set(chunk, o);
    o += chunk.length;
  }
  out[o] = 0;
  return out;
}

// ---------------------------------------------------------------------------------------------
// File

function u16(n: number): [number, number] {
  return [n & 0xff, (n >> 8) & 0xff];
}

/**
 * Encodes RGBA frames (each width * height * 4 bytes; alpha ignored) as an animated GIF89a.
 */
export function encodeGif(width: number, height: number, frames: readonly Pixels[], options: GifOptions): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0xffff || height > 0xffff) {
    throw new RangeError(`encodeGif: bad size ${width}x${height}`);
  }
  if (frames.length === 0) throw new RangeError('encodeGif: no frames');
  const pixels = width * height;
  frames.forEach((f, i) => {
    if (f.length !== pixels * 4) throw new RangeError(`encodeGif: frame ${i + 1} has ${f.length} bytes, expected ${pixels * 4}`);
  });
  const loops = options.loops ?? 0;
  const kind = options.palette ?? 'median-cut';
  const palette = kind === 'cube' ? cubePalette() : medianCutPalette(frames, pixels, TRANSPARENT);
  const mapper = kind === 'cube' ? undefined : new PaletteMapper(palette);
  const delays = frameDelays(frames.length, options.fps);

  const parts: Uint8Array[] = [];
  parts.push(
    Uint8Array.from([
      ...'GIF89a'.split('').map((c) => c.charCodeAt(0)),
      ...u16(width),
      ...u16(height),
      0xf7, // global colour table, 8 bits per primary, 2^(7+1) = 256 entries
      0, // background colour index
      0, // pixel aspect ratio: unspecified
    ]),
  );
  parts.push(palette);
  parts.push(
    Uint8Array.from([
      0x21, 0xff, 0x0b, ...'NETSCAPE2.0'.split('').map((c) => c.charCodeAt(0)),
      0x03, 0x01, ...u16(loops), 0x00,
    ]),
  );

  let indices = new Uint8Array(pixels);
  let previous = new Uint8Array(pixels);
  const data = new Uint8Array(pixels);
  frames.forEach((frame, f) => {
    for (let i = 0; i < pixels; i++) {
      const o = i * 4;
      indices[i] = mapper ? mapper.index(frame[o]!, frame[o + 1]!, frame[o + 2]!) : cubeIndex(frame[o]!, frame[o + 1]!, frame[o + 2]!);
    }
    // After the first frame, a pixel that did not change is written as the transparent index:
    // the previous frame shows through (disposal "leave in place"), and the long runs of one
    // index compress well. Every frame still covers the whole canvas.
    const first = f === 0;
    if (!first) for (let i = 0; i < pixels; i++) data[i] = indices[i] === previous[i] ? TRANSPARENT : indices[i]!;
    // Graphic control extension: disposal 1 (leave in place), transparency after the first frame, the delay.
    parts.push(Uint8Array.from([0x21, 0xf9, 0x04, first ? 0x04 : 0x05, ...u16(delays[f]!), first ? 0 : TRANSPARENT, 0x00]));
    // Image descriptor: the whole canvas, no local colour table, not interlaced.
    parts.push(Uint8Array.from([0x2c, 0, 0, 0, 0, ...u16(width), ...u16(height), 0x00]));
    parts.push(Uint8Array.of(8), subBlocks(lzwEncode(first ? indices : data, 8)));
    [previous, indices] = [indices, previous];
  });
  parts.push(Uint8Array.of(0x3b));

  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
