/**
 * Streaming animated-GIF encoder (pure TypeScript, no DOM; runs in a worker or in Node).
 *
 * - One global palette, chosen from the first frame (later frames of an animated photo differ
 *   only around the face): a tone palette for black-and-white and evenly toned photos, gifenc's
 *   quantizer for the others (sepia scans mostly); entry 255 is kept for transparency. See
 *   gif-dither.ts.
 * - Ordered (Bayer) dithering: a pixel's index depends only on its colour and position, so a
 *   still background maps to the same indices in every frame.
 * - After the first frame, only the bounding box of the pixels whose index changed is written,
 *   and inside it the unchanged pixels are transparent (disposal "do not dispose"): a mostly
 *   still animation costs little more than its first frame. A pixel whose colour moved by no
 *   more than CHANGE_TOLERANCE from the colour it was last encoded from keeps its index: the
 *   warp's faint resampling around a moving head then costs nothing, at an error bounded by
 *   the tolerance (it never accumulates: the comparison is with the last encoded colour).
 * - The first frame is the rest pose (drivers start and end at rest), and a pixel that comes back
 *   to it shows its first-frame index again (and counts as encoded from its first-frame colour):
 *   when it must be written anyway (beyond the tolerance of its encoded colour) and is within
 *   CHANGE_TOLERANCE of its first-frame colour, or when it is within REST_TOLERANCE of it (an
 *   exact return included). So a last frame equal to the first (or within REST_TOLERANCE of it)
 *   decodes exactly as the first, and the loop has no seam. Without this, a pixel easing back to
 *   rest in steps (say +7, +3, 0 levels) kept the index dithered for +3, within the tolerance of
 *   0; ordered dithering picks one of a pair of palette entries that may lie tens of levels
 *   apart, so faces sparkled once per loop (up to 29 levels in the face, issue 10; `kinora eval`'s
 *   gif_seam on the a7dcec4 generator's blink and turn frames: 20-52, now 0). REST_TOLERANCE is smaller than CHANGE_TOLERANCE: a hysteresis,
 *   or pixels hovering about the tolerance's edge would be written again frame after frame
 *   (measured: +25 % bytes with 3 on bench/gif-node.ts's flickering worst case, +4 % with 1).
 * - gifenc writes each frame's graphic control extension, image descriptor and LZW data.
 *
 * Memory: a few width x height buffers (the last encoded RGBA, the first frame's RGBA and
 * indices, the shown indices) and the output; never the frames themselves.
 */
import { GIFEncoder, type Encoder } from 'gifenc/dist/gifenc.esm.js';
import { mapperFor, TRANSPARENT_INDEX, type IndexMapper } from './gif-dither.ts';

export interface GifOptions {
  width: number;
  height: number;
  /** Frames per second; each frame's delay is 1/fps in GIF's 1/100 s, rounded so that the total stays exact. */
  fps: number;
  /** Stored in a GIF Comment Extension. */
  comment?: string;
}

/** Delay in 1/100 s of frame `index` at `fps`, rounded cumulatively: 30 fps gives 3, 4, 3, 3, 4, 3, ... */
export function frameDelay(index: number, fps: number): number {
  const delay = Math.round(((index + 1) * 100) / fps) - Math.round((index * 100) / fps);
  return Math.min(0xffff, Math.max(1, delay));
}

/** Largest change of a channel (0-255) that leaves a pixel as it is shown. */
export const CHANGE_TOLERANCE = 3;

/** Largest change of a channel (0-255) from the first frame within which a pixel shows the first frame's index. */
export const REST_TOLERANCE = 1;

/** Whether two RGBA pixels (as little-endian 32-bit words, R lowest) differ by at most `tolerance` in each of R, G and B. */
function nearColour(a: number, b: number, tolerance: number): boolean {
  return Math.abs((a & 0xff) - (b & 0xff)) <= tolerance && Math.abs(((a >>> 8) & 0xff) - ((b >>> 8) & 0xff)) <= tolerance && Math.abs(((a >>> 16) & 0xff) - ((b >>> 16) & 0xff)) <= tolerance;
}

/** Disposal method 1: the next frame is drawn over this one. */
const DO_NOT_DISPOSE = 1;

function u16(n: number): [number, number] {
  return [n & 0xff, (n >> 8) & 0xff];
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** Data cut into GIF sub-blocks (a length byte, then up to 255 bytes), with the 0 terminator. */
export function subBlocks(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + Math.ceil(data.length / 255) + 1);
  let o = 0;
  for (let i = 0; i < data.length; i += 255) {
    const chunk = data.subarray(i, i + 255);
    out[o++] = chunk.length;
    out.set(chunk, o);
    o += chunk.length;
  }
  return out;
}

/** The buffers needed between frames; dropped by finish(). */
interface FrameState {
  mapper: IndexMapper;
  /** RGBA of the frame being added, and the colour each shown pixel was last encoded from, with 32-bit views for comparing pixels. */
  current: Uint8Array;
  encoded: Uint8Array;
  current32: Uint32Array;
  encoded32: Uint32Array;
  /** The first frame (the rest pose) as encoded, and its indices: pixels that come back to it show these again. */
  rest: Uint8Array;
  rest32: Uint32Array;
  restIndex: Uint8Array;
  /** Index shown at each pixel once the frames so far are drawn. */
  shown: Uint8Array;
  /** The current frame's indices (only the pixels that changed beyond the tolerance are mapped). */
  mapped: Uint8Array;
  /** The written rectangle's indices. */
  patch: Uint8Array;
}

export class GifEncoder {
  private readonly width: number;
  private readonly height: number;
  private readonly fps: number;
  private readonly comment: string | undefined;
  private readonly gif: Encoder;
  private state: FrameState | undefined;
  private frames = 0;
  private finished = false;

  constructor(options: GifOptions) {
    const { width, height, fps } = options;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0xffff || height > 0xffff) {
      throw new RangeError(`GifEncoder: bad size ${width}x${height}`);
    }
    if (!(fps > 0) || !Number.isFinite(fps)) throw new RangeError(`GifEncoder: bad fps ${fps}`);
    this.width = width;
    this.height = height;
    this.fps = fps;
    this.comment = options.comment;
    this.gif = GIFEncoder({ auto: false, initialCapacity: 1 << 16 });
  }

  /** RGBA, width*height*4 bytes (alpha ignored). The caller may reuse the buffer after the call returns. */
  addFrame(rgba: Uint8ClampedArray | Uint8Array): void {
    if (this.finished) throw new Error('GifEncoder: addFrame after finish');
    const { width, height } = this;
    if (rgba.length !== width * height * 4) {
      throw new RangeError(`GifEncoder: frame ${this.frames + 1} has ${rgba.length} bytes, expected ${width}x${height}x4 = ${width * height * 4}`);
    }
    // A byte view copies as a block, where a Uint8ClampedArray source would be converted element by element.
    const bytes = new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length);
    if (this.state) this.state.current.set(bytes);
    else this.state = this.start(bytes);
    const state = this.state;
    if (this.frames === 0) this.writeFirstFrame(state);
    else this.writeChanges(state);
    this.frames++;
  }

  /** The whole file: GIF89a, NETSCAPE2.0 loop forever, frame delays from fps (25 fps -> 4 cs). */
  finish(): Uint8Array<ArrayBuffer> {
    if (this.finished) throw new Error('GifEncoder: finish called twice');
    if (this.frames === 0) throw new Error('GifEncoder: no frames');
    this.finished = true;
    this.state = undefined;
    this.gif.finish();
    return this.gif.bytes();
  }

  private start(rgba: Uint8Array): FrameState {
    const pixels = this.width * this.height;
    const current = new Uint8Array(pixels * 4);
    current.set(rgba);
    const encoded = Uint8Array.from(current);
    const rest = Uint8Array.from(current);
    const mapper = mapperFor(current);
    this.writeHeader(mapper.palette);
    return {
      mapper,
      current,
      encoded,
      current32: new Uint32Array(current.buffer),
      encoded32: new Uint32Array(encoded.buffer),
      rest,
      rest32: new Uint32Array(rest.buffer),
      restIndex: new Uint8Array(pixels),
      shown: new Uint8Array(pixels),
      mapped: new Uint8Array(pixels),
      patch: new Uint8Array(pixels),
    };
  }

  /** Header, logical screen, global colour table, loop forever, comment. */
  private writeHeader(palette: Uint8Array): void {
    const stream = this.gif.stream;
    stream.writeBytes([
      ...ascii('GIF89a'),
      ...u16(this.width),
      ...u16(this.height),
      0xf7, // global colour table of 2^(7+1) entries, 8 bits per primary
      0, // background colour index
      0, // pixel aspect ratio: unspecified
    ]);
    stream.writeBytes(palette);
    stream.writeBytes([0x21, 0xff, 11, ...ascii('NETSCAPE2.0'), 3, 1, ...u16(0), 0]);
    if (this.comment !== undefined && this.comment.length > 0) {
      stream.writeBytes([0x21, 0xfe]);
      stream.writeBytes(subBlocks(new TextEncoder().encode(this.comment)));
    }
  }

  private writeFirstFrame(state: FrameState): void {
    const { width, height } = this;
    for (let y = 0; y < height; y++) state.mapper.mapSpan(state.current, width, y, 0, width - 1, state.mapped);
    state.shown.set(state.mapped);
    state.restIndex.set(state.mapped);
    this.gif.writeFrame(state.shown, width, height, { delay: frameDelay(0, this.fps) * 10, dispose: DO_NOT_DISPOSE });
  }

  /**
   * Writes the bounding box of the pixels whose index changed, unchanged ones transparent. Per
   * pixel: within REST_TOLERANCE of its first-frame colour: the first frame's index; else within
   * CHANGE_TOLERANCE of the colour it was last encoded from: as shown; else written: the first
   * frame's index when within CHANGE_TOLERANCE of its first-frame colour, else mapped anew.
   * Invariant: a pixel shows the index its `encoded` colour maps to at its position.
   */
  private writeChanges(state: FrameState): void {
    const { width, height } = this;
    const { current, current32, encoded32, rest32, restIndex, shown, mapped, patch } = state;
    /** Whether the pixel's encoded colour (and so perhaps its index) changes in this frame. */
    const changed = (i: number) => {
      const colour = current32[i]!;
      const encoded = encoded32[i]!;
      if (colour === encoded) return false;
      if (!nearColour(colour, encoded, CHANGE_TOLERANCE)) return true;
      // Within the tolerance, but back at rest: shown as at rest, if it is not already.
      const rest = rest32[i]!;
      return encoded !== rest && nearColour(colour, rest, REST_TOLERANCE);
    };
    let top = height;
    let bottom = -1;
    let left = width;
    let right = -1;
    for (let y = 0; y < height; y++) {
      const row = y * width;
      const end = row + width;
      // Of the pixels that changed, the first and last whose index did.
      let first = end;
      let last = -1;
      for (let i = row; i < end; i++) {
        if (!changed(i)) continue;
        // Only runs of changed pixels are mapped: the others keep their index (mapped equals shown between frames).
        let runEnd = i + 1;
        while (runEnd < end && changed(runEnd)) runEnd++;
        state.mapper.mapSpan(current, width, y, i - row, runEnd - 1 - row, mapped);
        for (; i < runEnd; i++) {
          if (nearColour(current32[i]!, rest32[i]!, CHANGE_TOLERANCE)) {
            // Back at rest: exactly as in the first frame.
            mapped[i] = restIndex[i]!;
            encoded32[i] = rest32[i]!;
          } else {
            // Beyond the tolerance: its colour is now encoded.
            encoded32[i] = current32[i]!;
          }
          if (mapped[i] !== shown[i]) {
            if (i < first) first = i;
            last = i;
          }
        }
      }
      if (last < 0) continue;
      if (first - row < left) left = first - row;
      if (last - row > right) right = last - row;
      if (y < top) top = y;
      bottom = y;
    }
    // Nothing changed: one transparent pixel keeps the frame and its delay.
    if (bottom < 0) top = left = right = bottom = 0;
    const patchWidth = right - left + 1;
    const patchHeight = bottom - top + 1;
    let o = 0;
    for (let y = top; y <= bottom; y++) {
      for (let i = y * width + left, end = y * width + right; i <= end; i++) {
        const index = mapped[i]!;
        patch[o++] = index === shown[i] ? TRANSPARENT_INDEX : index;
        shown[i] = index;
      }
    }
    const start = this.gif.bytesView().length;
    this.gif.writeFrame(patch.subarray(0, o), patchWidth, patchHeight, {
      delay: frameDelay(this.frames, this.fps) * 10,
      dispose: DO_NOT_DISPOSE,
      transparent: true,
      transparentIndex: TRANSPARENT_INDEX,
    });
    // gifenc always places a frame at (0, 0): set the image descriptor's left and top, which
    // follow the 8-byte graphic control extension it writes first.
    const written = this.gif.bytesView();
    if (written[start] !== 0x21 || written[start + 8] !== 0x2c) throw new Error('GifEncoder: unexpected gifenc frame layout');
    written.set([...u16(left), ...u16(top)], start + 9);
  }
}
