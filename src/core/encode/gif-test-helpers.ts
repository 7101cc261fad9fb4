/**
 * Node-only helpers for the GIF encoder's tests and bench/gif-node.ts: real photos in, an
 * independent decoder (ImageMagick) out. Never imported by the app.
 */
import { execFileSync } from 'node:child_process';

export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Whether ImageMagick's convert and identify run here. */
export function hasImageMagick(): boolean {
  try {
    execFileSync('convert', ['-version'], { stdio: 'ignore' });
    execFileSync('identify', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A photo as 8-bit RGBA, downscaled (never enlarged) to fit `longSide` px, decoded by ImageMagick. */
export function loadPhoto(file: string, longSide: number): Rgba {
  const resized = [file, '-auto-orient', '-resize', `${longSide}x${longSide}>`];
  const [width, height] = execFileSync('convert', [...resized, '-format', '%w %h', 'info:'], { encoding: 'utf8' }).trim().split(' ').map(Number);
  const bytes = execFileSync('convert', [...resized, '-alpha', 'off', '-depth', '8', 'rgba:-'], { maxBuffer: 1 << 28 });
  return { width: width!, height: height!, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
}

/**
 * Frame `index` of a made-up face animation of `photo`: a face-sized rectangle (a third of the
 * photo, centred a little above the middle) whose content sways by up to 3 px, and a
 * mouth-sized patch in it that brightens and darkens by up to 12 %. The rest stays exactly
 * still, as in Kinora's output. Written into `out` (allocated when not given).
 */
export function faceAnimationFrame(photo: Rgba, index: number, count: number, out: Uint8Array = new Uint8Array(photo.data.length)): Uint8Array {
  const { width, height, data } = photo;
  out.set(data);
  const phase = (2 * Math.PI * index) / count;
  const dx = Math.round(3 * Math.sin(phase));
  const dy = Math.round(2 * Math.sin(2 * phase));
  const boxWidth = Math.round(width / 3);
  const boxHeight = Math.round(height / 3);
  const left = Math.round(width / 2 - boxWidth / 2);
  const top = Math.round(height * 0.4 - boxHeight / 2);
  for (let y = top; y < top + boxHeight; y++) {
    for (let x = left; x < left + boxWidth; x++) {
      const sx = Math.min(width - 1, Math.max(0, x - dx));
      const sy = Math.min(height - 1, Math.max(0, y - dy));
      const o = (y * width + x) * 4;
      const s = (sy * width + sx) * 4;
      out[o] = data[s]!;
      out[o + 1] = data[s + 1]!;
      out[o + 2] = data[s + 2]!;
    }
  }
  const gain = 1 + 0.12 * Math.sin(phase);
  const mouthLeft = left + Math.round(boxWidth * 0.3);
  const mouthTop = top + Math.round(boxHeight * 0.7);
  for (let y = mouthTop; y < mouthTop + Math.round(boxHeight / 8); y++) {
    for (let x = mouthLeft; x < mouthLeft + Math.round(boxWidth * 0.4); x++) {
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = Math.min(255, Math.round(out[o + c]! * gain));
    }
  }
  return out;
}

export interface DecodedGif {
  /** identify's view: one entry per frame. */
  frames: { width: number; height: number; delay: number; pageX: number; pageY: number }[];
  /** identify's %c of the first frame. */
  comment: string;
  /** The NETSCAPE2.0 loop count (0 = forever), parsed from the bytes. */
  loops: number | undefined;
  /** convert -coalesce: the full canvas after each frame, RGBA. */
  canvases: Uint8Array[];
}

/** Decodes a GIF file with ImageMagick (frames, geometry, delays, comment, coalesced pixels). */
export function decodeWithImageMagick(file: string, bytes: Uint8Array, width: number, height: number): DecodedGif {
  const info = execFileSync('identify', ['-format', '%w %h %T %X %Y\n', file], { encoding: 'utf8' });
  const frames = info
    .trim()
    .split('\n')
    .map((line) => {
      const [w, h, delay, x, y] = line.split(' ').map((v) => Number(v.replace('+', '')));
      return { width: w!, height: h!, delay: delay!, pageX: x!, pageY: y! };
    });
  const comment = execFileSync('identify', ['-format', '%c', `${file}[0]`], { encoding: 'utf8' });
  const raw = execFileSync('convert', [file, '-coalesce', '-alpha', 'off', '-depth', '8', 'rgba:-'], { maxBuffer: 1 << 30 });
  const size = width * height * 4;
  const canvases = Array.from({ length: raw.length / size }, (_, i) => new Uint8Array(raw.buffer, raw.byteOffset + i * size, size));
  return { frames, comment, loops: netscapeLoops(bytes), canvases };
}

/** The NETSCAPE2.0 loop count in a GIF's bytes, if the block is there. */
export function netscapeLoops(bytes: Uint8Array): number | undefined {
  const id = Array.from('NETSCAPE2.0', (c) => c.charCodeAt(0));
  for (let i = 0; i + id.length + 4 < bytes.length; i++) {
    if (bytes[i] === 0x21 && bytes[i + 1] === 0xff && bytes[i + 2] === 11 && id.every((c, k) => bytes[i + 3 + k] === c)) {
      const block = i + 3 + id.length;
      if (bytes[block] === 3 && bytes[block + 1] === 1) return bytes[block + 2]! | (bytes[block + 3]! << 8);
    }
  }
  return undefined;
}
