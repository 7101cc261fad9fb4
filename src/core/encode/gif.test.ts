import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blurredPsnr } from '../quality/psnr.ts';
import { TRANSPARENT_INDEX } from './gif-dither.ts';
import { decodeWithImageMagick, faceAnimationFrame, hasImageMagick, loadPhoto, type Rgba } from './gif-test-helpers.ts';
import { CHANGE_TOLERANCE, frameDelay, GifEncoder, REST_TOLERANCE, subBlocks } from './gif.ts';

// ------------------------------------------------------------------------------------------
// An independent, straightforward GIF decoder: checks the structure ImageMagick does not show.

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
    for (const v of entry) out.push(v);
    if (prev) {
      if (table.length < 4096) table.push([...prev, entry[0]!]);
      if (table.length === 1 << width && width < 12) width++;
    }
    prev = entry;
  }
  expect(out.length).toBe(expected);
  return Uint8Array.from(out);
}

interface DecodedFrame {
  delay: number;
  disposal: number;
  transparent: number | undefined;
  left: number;
  top: number;
  width: number;
  height: number;
  /** The frame's own indices (width x height). */
  indices: Uint8Array;
  /** The whole canvas's indices after drawing the frame (transparency applied). */
  canvas: Uint8Array;
}

interface DecodedGif {
  width: number;
  height: number;
  palette: Uint8Array;
  loops: number | undefined;
  comments: string[];
  frames: DecodedFrame[];
}

function decodeGif(bytes: Uint8Array): DecodedGif {
  const ascii = (a: number, b: number) => String.fromCharCode(...bytes.subarray(a, b));
  expect(ascii(0, 6)).toBe('GIF89a');
  const u16 = (p: number) => bytes[p]! | (bytes[p + 1]! << 8);
  const width = u16(6);
  const height = u16(8);
  expect(bytes[10]).toBe(0xf7);
  let p = 13;
  const palette = bytes.slice(p, p + 768);
  p += 768;
  let loops: number | undefined;
  const comments: string[] = [];
  let delay = 0;
  let disposal = 0;
  let transparent: number | undefined;
  let canvas = new Uint8Array(width * height);
  const frames: DecodedFrame[] = [];
  const readBlocks = () => {
    const chunks: number[] = [];
    for (;;) {
      const n = bytes[p++]!;
      if (n === 0) break;
      for (const v of bytes.subarray(p, p + n)) chunks.push(v);
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
      } else if (label === 0xfe) {
        comments.push(new TextDecoder().decode(readBlocks()));
      } else {
        readBlocks();
      }
    } else if (b === 0x2c) {
      const [left, top, w, h] = [u16(p), u16(p + 2), u16(p + 4), u16(p + 6)];
      expect(bytes[p + 8]).toBe(0); // no local colour table, not interlaced
      expect(left + w).toBeLessThanOrEqual(width);
      expect(top + h).toBeLessThanOrEqual(height);
      p += 9;
      const minCodeSize = bytes[p++]!;
      const indices = lzwDecode(readBlocks(), minCodeSize, w * h);
      // Only disposal 1 (do not dispose) is written, so the canvas is simply drawn over.
      canvas = canvas.slice();
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const ix = indices[y * w + x]!;
          if (ix !== transparent) canvas[(top + y) * width + left + x] = ix;
        }
      }
      frames.push({ delay, disposal, transparent, left, top, width: w, height: h, indices, canvas });
      transparent = undefined;
    } else {
      throw new Error(`unexpected byte 0x${b?.toString(16)} at ${p - 1}`);
    }
  }
  expect(p).toBe(bytes.length);
  return { width, height, palette, loops, comments, frames };
}

function rgbaOf(gif: DecodedGif, frame: number): Uint8Array {
  const indices = gif.frames[frame]!.canvas;
  const out = new Uint8Array(indices.length * 4);
  indices.forEach((ix, i) => {
    out.set(gif.palette.subarray(ix * 3, ix * 3 + 3), i * 4);
    out[i * 4 + 3] = 255;
  });
  return out;
}

function encode(width: number, height: number, frames: readonly Uint8Array[], fps = 25, comment?: string): Uint8Array {
  const encoder = new GifEncoder({ width, height, fps, comment });
  for (const f of frames) encoder.addFrame(f);
  return encoder.finish();
}

/** A smooth colour gradient with a moving disc. */
function gradientFrame(width: number, height: number, index: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const inDisc = (x - 10 - index * 3) ** 2 + (y - height / 2) ** 2 < 64;
      data[o] = inDisc ? 250 : Math.round((x * 255) / (width - 1));
      data[o + 1] = inDisc ? 40 : Math.round((y * 255) / (height - 1));
      data[o + 2] = Math.round(((x + y) * 127) / (width + height));
      data[o + 3] = 255;
    }
  }
  return data;
}

// ------------------------------------------------------------------------------------------

describe('frameDelay', () => {
  it('gives exact totals in 1/100 s', () => {
    const delays = (count: number, fps: number) => Array.from({ length: count }, (_, i) => frameDelay(i, fps));
    expect(delays(4, 25)).toEqual([4, 4, 4, 4]);
    expect(delays(6, 30)).toEqual([3, 4, 3, 3, 4, 3]);
    expect(delays(30, 30).reduce((a, b) => a + b)).toBe(100);
    expect(delays(2, 1000)).toEqual([1, 1]);
  });
});

describe('subBlocks', () => {
  it('cuts data into 255-byte blocks and terminates them', () => {
    const out = subBlocks(new Uint8Array(600).fill(9));
    expect([out[0], out[256], out[512], out.length, out.at(-1)]).toEqual([255, 255, 90, 600 + 3 + 1, 0]);
    expect(subBlocks(new Uint8Array(0))).toEqual(Uint8Array.of(0));
  });
});

describe('GifEncoder', () => {
  it('writes a GIF89a that loops forever, with the comment, the frames, size and delays asked for', () => {
    const frames = [0, 1, 2].map((i) => gradientFrame(48, 32, i));
    const gif = decodeGif(encode(48, 32, frames, 30, 'Made with Kinora — ünïcode'));
    expect([gif.width, gif.height, gif.loops, gif.frames.length]).toEqual([48, 32, 0, 3]);
    expect(gif.comments).toEqual(['Made with Kinora — ünïcode']);
    expect(gif.frames.map((f) => [f.delay, f.disposal, f.transparent])).toEqual([
      [3, 1, undefined],
      [4, 1, TRANSPARENT_INDEX],
      [3, 1, TRANSPARENT_INDEX],
    ]);
    frames.forEach((f, i) => expect(blurredPsnr(rgbaOf(gif, i), f, 48, 32)).toBeGreaterThan(40));
  });

  it('after the first frame writes only the changed box, unchanged pixels in it transparent', () => {
    const still = gradientFrame(64, 48, 0);
    const moved = still.slice();
    // Two pixels take colours from the far corners of the picture (the palette is the first frame's).
    const pixel = (x: number, y: number) => (y * 64 + x) * 4;
    moved.copyWithin(pixel(20, 10), pixel(63, 47), pixel(63, 47) + 4);
    moved.copyWithin(pixel(23, 14), pixel(0, 0), pixel(0, 0) + 4);
    const gif = decodeGif(encode(64, 48, [still, still, moved, still]));
    const [first, same, changed, back] = gif.frames;
    expect([first!.left, first!.top, first!.width, first!.height]).toEqual([0, 0, 64, 48]);
    // Nothing changed: a single transparent pixel.
    expect([same!.width, same!.height, [...same!.indices]]).toEqual([1, 1, [TRANSPARENT_INDEX]]);
    expect([changed!.left, changed!.top, changed!.width, changed!.height]).toEqual([20, 10, 4, 5]);
    expect(changed!.indices.filter((ix) => ix !== TRANSPARENT_INDEX)).toHaveLength(2);
    const shown = rgbaOf(gif, 2);
    const distance = (a: Uint8Array, b: Uint8Array, at: number) => Math.hypot(a[at]! - b[at]!, a[at + 1]! - b[at + 1]!, a[at + 2]! - b[at + 2]!);
    for (const at of [pixel(20, 10), pixel(23, 14)]) expect(distance(shown, moved, at)).toBeLessThan(distance(moved, still, at) / 4);
    expect(back!.canvas).toEqual(first!.canvas);
  });

  it('leaves a pixel as shown while its colour stays within the tolerance of the one it was encoded from', () => {
    const still = gradientFrame(64, 48, 0);
    const shifted = (by: number) => still.map((v, i) => (i % 4 === 3 ? v : Math.min(255, Math.max(0, v + by))));
    // Creeping up one level a frame: nothing is written until the drift passes the tolerance,
    // so the error never grows beyond it.
    const creeping = [0, 1, 2, 3, 4, 5].map(shifted);
    const gif = decodeGif(encode(64, 48, creeping));
    const written = gif.frames.map((f) => f.indices.filter((ix) => ix !== TRANSPARENT_INDEX).length);
    expect(written.slice(1, CHANGE_TOLERANCE + 1).every((n) => n === 0)).toBe(true);
    expect(written[CHANGE_TOLERANCE + 1]).toBeGreaterThan(64 * 48 * 0.3);
    const first = rgbaOf(gif, 0);
    for (let f = 1; f <= CHANGE_TOLERANCE; f++) expect(rgbaOf(gif, f)).toEqual(first);
  });

  describe('the loop seam: a last frame at rest decodes as the first (issue 10)', () => {
    const W = 96;
    const H = 80;
    /** A colourful textured picture (the colour palette, far-apart dither pairs), deterministic. */
    const still = (() => {
      const data = new Uint8Array(W * H * 4);
      let seed = 12345;
      const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const o = (y * W + x) * 4;
          data[o] = Math.round(128 + 90 * Math.sin(x / 7) + 20 * random());
          data[o + 1] = Math.round(110 + 80 * Math.cos(y / 9 + x / 23) + 20 * random());
          data[o + 2] = Math.round(120 + 70 * Math.sin((x + y) / 13) + 20 * random());
          data[o + 3] = 255;
        }
      }
      return data;
    })();
    const FACE = { x: 28, y: 20, width: 40, height: 40 };
    /** The face box's content moved by (dx, dy) px, resampled bilinearly as a warp does. */
    const moved = (dx: number, dy: number) => {
      const out = still.slice();
      for (let y = FACE.y; y < FACE.y + FACE.height; y++) {
        for (let x = FACE.x; x < FACE.x + FACE.width; x++) {
          const sx = x - dx;
          const sy = y - dy;
          const x0 = Math.floor(sx);
          const y0 = Math.floor(sy);
          const fx = sx - x0;
          const fy = sy - y0;
          for (let c = 0; c < 3; c++) {
            const p = (px: number, py: number) => still[(py * W + px) * 4 + c]!;
            const v = (1 - fy) * ((1 - fx) * p(x0, y0) + fx * p(x0 + 1, y0)) + fy * ((1 - fx) * p(x0, y0 + 1) + fx * p(x0 + 1, y0 + 1));
            out[(y * W + x) * 4 + c] = Math.round(v);
          }
        }
      }
      return out;
    };
    /** A head that sways out and eases back to rest: frame 0 and the last frame are the photo. */
    const sway = (count: number) =>
      Array.from({ length: count }, (_, i) => {
        const a = Math.sin((Math.PI * i) / (count - 1)) ** 2;
        return i === 0 || i === count - 1 ? still.slice() : moved(3 * a, 1.5 * a);
      });
    const seamInFace = (gif: DecodedGif) => {
      const first = rgbaOf(gif, 0);
      const last = rgbaOf(gif, gif.frames.length - 1);
      let worst = 0;
      for (let y = FACE.y; y < FACE.y + FACE.height; y++) {
        for (let x = FACE.x; x < FACE.x + FACE.width; x++) {
          for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(first[(y * W + x) * 4 + c]! - last[(y * W + x) * 4 + c]!));
        }
      }
      return worst;
    };

    it('identical first and last frames decode identically', () => {
      const frames = sway(24);
      const gif = decodeGif(encode(W, H, frames));
      expect(seamInFace(gif)).toBeLessThanOrEqual(8);
      expect(rgbaOf(gif, 23)).toEqual(rgbaOf(gif, 0));
      // Every frame as good as the first (this texture's noise keeps all of them under 40 dB).
      const psnr = frames.map((f, i) => blurredPsnr(rgbaOf(gif, i), f, W, H));
      for (const p of psnr) expect(p).toBeGreaterThan(psnr[0]! - 0.5);
    });

    it('a last frame within REST_TOLERANCE of the first decodes as the first', () => {
      const frames = sway(24);
      const spread = REST_TOLERANCE;
      frames[23] = still.map((v, i) => (i % 4 === 3 ? v : Math.max(0, Math.min(255, v + ((i * 7919) % (2 * spread + 1)) - spread))));
      expect(seamInFace(decodeGif(encode(W, H, frames)))).toBe(0);
    });
  });

  it('copies each frame: the caller may reuse its buffer', () => {
    const frames = [0, 1, 2, 3].map((i) => gradientFrame(40, 30, i));
    const reused = new Uint8ClampedArray(40 * 30 * 4);
    const encoder = new GifEncoder({ width: 40, height: 30, fps: 25 });
    for (const f of frames) {
      reused.set(f);
      encoder.addFrame(reused);
      reused.fill(0);
    }
    expect(encoder.finish()).toEqual(encode(40, 30, frames));
  });

  it('accepts a frame that is a view into a larger buffer', () => {
    const frame = gradientFrame(40, 30, 0);
    const big = new Uint8Array(frame.length + 7);
    big.set(frame, 3);
    expect(encode(40, 30, [big.subarray(3, 3 + frame.length)])).toEqual(encode(40, 30, [frame]));
  });

  it('rejects bad input', () => {
    expect(() => new GifEncoder({ width: 0, height: 2, fps: 25 })).toThrow(/size/);
    expect(() => new GifEncoder({ width: 70_000, height: 2, fps: 25 })).toThrow(/size/);
    expect(() => new GifEncoder({ width: 2, height: 2, fps: 0 })).toThrow(/fps/);
    const encoder = new GifEncoder({ width: 2, height: 2, fps: 25 });
    expect(() => encoder.addFrame(new Uint8Array(15))).toThrow(/frame 1 has 15 bytes/);
    expect(() => encoder.finish()).toThrow(/no frames/);
    encoder.addFrame(new Uint8Array(16));
    encoder.finish();
    expect(() => encoder.addFrame(new Uint8Array(16))).toThrow(/after finish/);
  });
});

// ------------------------------------------------------------------------------------------
// Real photos, decoded by ImageMagick.

const PHOTOS = 'e2e/fixtures/photos';
const REAL_PHOTOS = [
  ['colour', 'pd_color_astronaut-eileen-collins.png'],
  ['colour', 'pd_color_group2_obama-biden-official.jpg'],
  ['black-and-white', 'old_bw_florence-kelley-three-quarter-view.jpg'],
  ['black-and-white', 'old_bw_thoreau-1856-daguerreotype-beard.jpg'],
  ['sepia', 'old_sepia_renoir-seated-beard-cap.jpg'],
  ['painting', 'painting_mona-lisa.jpg'],
] as const;
const FRAMES = 12;

describe.skipIf(!hasImageMagick())('real photos, decoded by ImageMagick', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'kinora-gif-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const encodeAnimation = (photo: Rgba, comment?: string) => {
    const encoder = new GifEncoder({ width: photo.width, height: photo.height, fps: 25, comment });
    const frame = new Uint8Array(photo.data.length);
    for (let i = 0; i < FRAMES; i++) encoder.addFrame(faceAnimationFrame(photo, i, FRAMES, frame));
    return encoder.finish();
  };

  it.each(REAL_PHOTOS)('%s photo %s: every frame, the size, loop forever, the comment, blurred PSNR >= 40 dB', (_kind, name) => {
    const photo = loadPhoto(path.join(PHOTOS, name), 256);
    const comment = `Animated with Kinora: ${name}`;
    const gif = encodeAnimation(photo, comment);
    const file = path.join(tmp, `${name}.gif`);
    writeFileSync(file, gif);
    const decoded = decodeWithImageMagick(file, gif, photo.width, photo.height);
    expect(decoded.frames).toHaveLength(FRAMES);
    for (const f of decoded.frames) expect([f.width, f.height].every((v) => v >= 1)).toBe(true);
    expect(decoded.frames[0]).toEqual({ width: photo.width, height: photo.height, delay: 4, pageX: 0, pageY: 0 });
    expect(decoded.frames.map((f) => f.delay)).toEqual(Array(FRAMES).fill(4));
    expect(decoded.comment).toBe(comment);
    expect(decoded.loops).toBe(0);
    expect(execFileSync('identify', ['-verbose', `${file}[0]`], { encoding: 'utf8' })).toMatch(/Iterations: 0\b/);
    expect(decoded.canvases).toHaveLength(FRAMES);
    decoded.canvases.forEach((canvas, i) => {
      expect(blurredPsnr(canvas, faceAnimationFrame(photo, i, FRAMES), photo.width, photo.height)).toBeGreaterThanOrEqual(40);
    });
  });

  it('transparency makes a mostly still animation much smaller than its frames encoded one by one', () => {
    const photo = loadPhoto(path.join(PHOTOS, 'pd_color_grace-hopper_glasses_elderly.jpg'), 256);
    const animation = encodeAnimation(photo).length;
    let separately = 0;
    for (let i = 0; i < FRAMES; i++) separately += encode(photo.width, photo.height, [faceAnimationFrame(photo, i, FRAMES)]).length;
    expect(animation).toBeLessThan(separately / 4);
  });
});
