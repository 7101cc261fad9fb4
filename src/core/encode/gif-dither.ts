/**
 * Palettes and ordered-dither index mapping for the GIF encoder.
 *
 * Two kinds of photo, two palettes:
 * - tone: black-and-white photos, and evenly toned ones. Their colours lie on (or very close
 *   to) one curve through RGB space, a colour per brightness, so the palette is 255 points along
 *   that curve, about one per brightness level, and a pixel is dithered between the two entries
 *   around its luma: no banding, exact to 1/16 of a grey level on average. (gifenc's quantizer
 *   bins colours as rgb565 and keeps 32 greys of a black-and-white photo.)
 * - colour: everything else, sepia scans whose tint varies included. gifenc's pairwise-nearest-
 *   neighbour quantizer, and each pixel dithered between its nearest entry and the entry that
 *   best completes it (the pair's segment passes closest to the colour), in the proportion that
 *   puts the pair's average on the colour.
 *
 * Dithering is ordered (an 8x8 Bayer matrix), never error diffusion: a pixel's index depends only
 * on its own colour and position, so a pixel that did not change keeps its index, which the
 * encoder stores as transparent.
 */
import { quantize } from 'gifenc/dist/gifenc.esm.js';

/** Index kept free in every palette: "unchanged since the previous frame". */
export const TRANSPARENT_INDEX = 255;
/** Colours a palette may use (entry 255 is the transparent one). */
export const MAX_COLORS = 255;

/**
 * Bayer 8x8 thresholds, stored as 2 * rank + 1 (1, 3, ... 127): a pixel takes the second colour
 * of its pair when 128 * t > threshold, so over any 8x8 block a fraction t of pixels does.
 */
export const BAYER_8X8 = (() => {
  // M(2n) = [4M, 4M + 2; 4M + 3, 4M + 1], from M(1) = [0].
  let rank = [0];
  for (let n = 1; n < 8; n *= 2) {
    const next = new Array<number>(4 * n * n);
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const v = 4 * rank[y * n + x]!;
        next[y * 2 * n + x] = v;
        next[y * 2 * n + x + n] = v + 2;
        next[(y + n) * 2 * n + x] = v + 3;
        next[(y + n) * 2 * n + x + n] = v + 1;
      }
    }
    rank = next;
  }
  return Uint8Array.from(rank, (r) => 2 * r + 1);
})();

/** Maps RGBA pixels to palette indices. */
export interface IndexMapper {
  readonly kind: 'tone' | 'colour';
  /** The global colour table: 256 * 3 bytes, entry 255 (transparent) black. */
  readonly palette: Uint8Array;
  /** Indices of pixels x0..x1 (inclusive) of row y of an RGBA image `width` wide, into `out` at the same pixel offsets. */
  mapSpan(rgba: Uint8Array, width: number, y: number, x0: number, x1: number, out: Uint8Array): void;
}

/** Up to `maxPixels` pixels of `rgba`, evenly strided, as a new RGBA array that owns its buffer. */
export function samplePixels(rgba: Uint8Array, maxPixels: number): Uint8Array {
  const pixels = rgba.length >> 2;
  const step = Math.max(1, Math.ceil(pixels / maxPixels));
  const out = new Uint8Array(Math.ceil(pixels / step) * 4);
  for (let i = 0, o = 0; i < pixels; i += step, o += 4) {
    out[o] = rgba[i * 4]!;
    out[o + 1] = rgba[i * 4 + 1]!;
    out[o + 2] = rgba[i * 4 + 2]!;
    out[o + 3] = 255;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tone photos

/** Luma times 256 (BT.601 weights 77, 150, 29 out of 256): 0..65280. */
function luma256(r: number, g: number, b: number): number {
  return 77 * r + 150 * g + 29 * b;
}

/** Luma levels (0-255) on either side whose chroma is averaged into a level's: chroma drifts slowly with brightness. */
const CHROMA_SMOOTHING = 4;

/**
 * How a photo's colours sit around its tone curve: the curve (mean colour offset from grey per
 * luma level) and the distances of its pixels from it.
 */
export interface ToneFit {
  /** Per luma level 0-255: mean (r - Y, g - Y, b - Y), smoothed across levels. */
  chroma: Float32Array;
  /** Distance in RGB from the curve below which 99.9 % of the pixels lie. */
  p999: number;
  /** Root mean square of the pixels' distances from the curve. */
  rms: number;
}

export function fitToneCurve(rgba: Uint8Array): ToneFit {
  const pixels = rgba.length >> 2;
  const count = new Float64Array(256);
  const sums = new Float64Array(256 * 3);
  for (let i = 0; i < pixels; i++) {
    const r = rgba[i * 4]!;
    const g = rgba[i * 4 + 1]!;
    const b = rgba[i * 4 + 2]!;
    const y256 = luma256(r, g, b);
    const y = y256 / 256;
    const level = y256 >> 8;
    count[level]!++;
    sums[level * 3]! += r - y;
    sums[level * 3 + 1]! += g - y;
    sums[level * 3 + 2]! += b - y;
  }
  const chroma = new Float32Array(256 * 3);
  for (let level = 0; level < 256; level++) {
    let n = 0;
    const c = [0, 0, 0];
    for (let l = Math.max(0, level - CHROMA_SMOOTHING); l <= Math.min(255, level + CHROMA_SMOOTHING); l++) {
      n += count[l]!;
      for (let k = 0; k < 3; k++) c[k]! += sums[l * 3 + k]!;
    }
    // Levels with no pixels nearby take the nearest level's chroma, filled in below.
    for (let k = 0; k < 3; k++) chroma[level * 3 + k] = n > 0 ? c[k]! / n : NaN;
  }
  fillGaps(chroma);

  // Distances from the curve, in a histogram of 1/4-level bins (enough for a threshold).
  const histogram = new Uint32Array(4 * 443 + 1);
  let squares = 0;
  for (let i = 0; i < pixels; i++) {
    const r = rgba[i * 4]!;
    const g = rgba[i * 4 + 1]!;
    const b = rgba[i * 4 + 2]!;
    const y = luma256(r, g, b) / 256;
    const c = (y | 0) * 3;
    const distance = Math.hypot(r - y - chroma[c]!, g - y - chroma[c + 1]!, b - y - chroma[c + 2]!);
    squares += distance * distance;
    histogram[Math.min(histogram.length - 1, Math.round(distance * 4))]!++;
  }
  let p999 = 0;
  for (let bin = 0, seen = 0; bin < histogram.length; bin++) {
    seen += histogram[bin]!;
    if (seen >= pixels * 0.999) {
      p999 = bin / 4;
      break;
    }
  }
  return { chroma, p999, rms: Math.sqrt(squares / Math.max(1, pixels)) };
}

/** Replaces NaN triples by the nearest finite one (levels with no pixels within the smoothing window). */
function fillGaps(chroma: Float32Array): void {
  const levels = chroma.length / 3;
  const known = Array.from({ length: levels }, (_, l) => Number.isFinite(chroma[l * 3]!));
  for (let l = 0; l < levels; l++) {
    if (known[l]) continue;
    let from = -1;
    for (let d = 1; d < levels && from < 0; d++) {
      if (l - d >= 0 && known[l - d]) from = l - d;
      else if (l + d < levels && known[l + d]) from = l + d;
    }
    for (let k = 0; k < 3; k++) chroma[l * 3 + k] = from >= 0 ? chroma[from * 3 + k]! : 0;
  }
}

/**
 * A photo gets a tone palette when its colours lie this close to its tone curve: 99.9 % of the
 * pixels within TONE_FIT_LIMIT (RGB distance; a small tinted detail would turn grey) and the
 * RMS distance within TONE_RMS_LIMIT. Further off the curve, the colour palette (then built from
 * rgb565 bins, few for such a photo) dithers better: measured, blurred PSNR 52.7 dB against 48.0
 * for the sepia fixture (RMS 2.1), and about equal at RMS 1.3 for colour photos faded to grey.
 * Black-and-white photos measure 0 (73 dB with the tone palette, 50 with the colour one).
 */
export const TONE_FIT_LIMIT = 12;
export const TONE_RMS_LIMIT = 1.5;

/** Luma resolution of the tone mapper's table: 1/16 level. */
const TONE_KEY_SHIFT = 4;

export class ToneMapper implements IndexMapper {
  readonly kind = 'tone';
  readonly palette = new Uint8Array(256 * 3);
  /** Per luma key (luma256 >> 4): the entries below and above, and the threshold (0-128) above which the upper one is used. */
  private readonly lower = new Uint8Array((65280 >> TONE_KEY_SHIFT) + 1);
  private readonly upper = new Uint8Array(this.lower.length);
  private readonly threshold = new Uint8Array(this.lower.length);

  constructor(fit: ToneFit) {
    // 255 entries spread evenly over all lumas (not only the first frame's: later frames may be
    // brighter or darker), each the curve's colour there.
    const lumas: number[] = [];
    let entries = 0;
    for (let k = 0; k < MAX_COLORS; k++) {
      const y = (255 * k) / (MAX_COLORS - 1);
      const level = Math.floor(y);
      const rgb = [0, 1, 2].map((c) => Math.max(0, Math.min(255, Math.round(y + fit.chroma[level * 3 + c]!))));
      const l = luma256(rgb[0]!, rgb[1]!, rgb[2]!);
      // Rounding can make two entries equal or out of order: keep the entries strictly increasing in luma.
      if (entries > 0 && l <= lumas[entries - 1]!) continue;
      this.palette.set(rgb, entries * 3);
      lumas.push(l);
      entries++;
    }
    let k = 0;
    for (let key = 0; key < this.lower.length; key++) {
      const y = (key << TONE_KEY_SHIFT) + (1 << (TONE_KEY_SHIFT - 1));
      while (k + 1 < entries && lumas[k + 1]! <= y) k++;
      const below = lumas[k]!;
      if (y <= below || k + 1 === entries) {
        this.lower[key] = this.upper[key] = k;
        continue;
      }
      this.lower[key] = k;
      this.upper[key] = k + 1;
      this.threshold[key] = Math.round((128 * (y - below)) / (lumas[k + 1]! - below));
    }
  }

  mapSpan(rgba: Uint8Array, width: number, y: number, x0: number, x1: number, out: Uint8Array): void {
    const { lower, upper, threshold } = this;
    const bayerRow = (y & 7) << 3;
    const row = y * width;
    for (let x = x0; x <= x1; x++) {
      const o = (row + x) << 2;
      const key = (77 * rgba[o]! + 150 * rgba[o + 1]! + 29 * rgba[o + 2]!) >> TONE_KEY_SHIFT;
      out[row + x] = threshold[key]! > BAYER_8X8[bayerRow | (x & 7)]! ? upper[key]! : lower[key]!;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Colour photos

/** Pixels of the first frame that the palette is built from (more only cost time). */
const PALETTE_PIXELS = 1 << 18;

/**
 * gifenc's quantizer merges colour bins pairwise, in time about quadratic in the bins in use.
 * rgb565 bins (5-6 bits a channel) keep subtle tints apart but a colour photo fills tens of
 * thousands of them (0.2-0.5 s at 512 px); rgb444 bins are 5-20x faster and, once dithered,
 * as good for a colourful photo (measured: blurred PSNR within 0.3 dB). So rgb565 only when few
 * of its bins are in use.
 */
const MAX_RGB565_BINS = 4096;

function quantizeFormat(samples: Uint8Array): 'rgb565' | 'rgb444' {
  const seen = new Uint8Array(1 << 16);
  let bins = 0;
  for (let i = 0; i < samples.length && bins <= MAX_RGB565_BINS; i += 4) {
    const bin = ((samples[i]! >> 3) << 11) | ((samples[i + 1]! >> 2) << 5) | (samples[i + 2]! >> 3);
    if (seen[bin] === 0) {
      seen[bin] = 1;
      bins++;
    }
  }
  return bins <= MAX_RGB565_BINS ? 'rgb565' : 'rgb444';
}

/**
 * Weight of a pair's dither noise against its mean's distance from the colour: a pair of
 * distant colours averages right but looks grainy, even blurred (0.1-0.3 measure alike).
 */
const NOISE_WEIGHT = 0.15;

/** Bits per channel of the colour mapper's pair table key. */
const KEY_BITS = 6;
const KEY_SHIFT = 8 - KEY_BITS;
const UNKNOWN_PAIR = 0xffff;

export class ColourMapper implements IndexMapper {
  readonly kind = 'colour';
  readonly palette = new Uint8Array(256 * 3);
  private readonly colors: number;
  private readonly red: Int32Array;
  private readonly green: Int32Array;
  private readonly blue: Int32Array;
  /** Per key (KEY_BITS per channel): first | second << 8, the pair chosen for the key cell's centre. */
  private readonly pairs = new Uint16Array(1 << (3 * KEY_BITS)).fill(UNKNOWN_PAIR);

  constructor(rgba: Uint8Array) {
    const samples = samplePixels(rgba, PALETTE_PIXELS);
    const colours = quantize(samples, MAX_COLORS, { format: quantizeFormat(samples) });
    this.colors = Math.max(1, colours.length);
    colours.forEach((c, i) => this.palette.set([c[0], c[1], c[2]], i * 3));
    this.red = Int32Array.from({ length: this.colors }, (_, i) => this.palette[i * 3]!);
    this.green = Int32Array.from({ length: this.colors }, (_, i) => this.palette[i * 3 + 1]!);
    this.blue = Int32Array.from({ length: this.colors }, (_, i) => this.palette[i * 3 + 2]!);
  }

  /** The pair for a key cell: its centre's nearest entry, and the entry whose segment with it best reaches the centre. */
  private pairFor(key: number): number {
    const half = (1 << KEY_SHIFT) / 2 - 0.5;
    const r = ((key >> (2 * KEY_BITS)) << KEY_SHIFT) + half;
    const g = (((key >> KEY_BITS) & ((1 << KEY_BITS) - 1)) << KEY_SHIFT) + half;
    const b = ((key & ((1 << KEY_BITS) - 1)) << KEY_SHIFT) + half;
    const { red, green, blue, colors } = this;
    let first = 0;
    let best = Infinity;
    for (let i = 0; i < colors; i++) {
      const dr = red[i]! - r;
      const dg = green[i]! - g;
      const db = blue[i]! - b;
      const d = dr * dr + dg * dg + db * db;
      if (d < best) {
        best = d;
        first = i;
      }
    }
    const er = r - red[first]!;
    const eg = g - green[first]!;
    const eb = b - blue[first]!;
    let second = first;
    for (let i = 0; i < colors; i++) {
      const sr = red[i]! - red[first]!;
      const sg = green[i]! - green[first]!;
      const sb = blue[i]! - blue[first]!;
      const length2 = sr * sr + sg * sg + sb * sb;
      const along = er * sr + eg * sg + eb * sb;
      if (length2 === 0 || along <= 0) continue;
      const t = Math.min(1, along / length2);
      const mr = er - t * sr;
      const mg = eg - t * sg;
      const mb = eb - t * sb;
      const cost = mr * mr + mg * mg + mb * mb + NOISE_WEIGHT * t * (1 - t) * length2;
      if (cost < best) {
        best = cost;
        second = i;
      }
    }
    const pair = first | (second << 8);
    this.pairs[key] = pair;
    return pair;
  }

  mapSpan(rgba: Uint8Array, width: number, y: number, x0: number, x1: number, out: Uint8Array): void {
    const { red, green, blue, pairs } = this;
    const bayerRow = (y & 7) << 3;
    const row = y * width;
    for (let x = x0; x <= x1; x++) {
      const o = (row + x) << 2;
      const r = rgba[o]!;
      const g = rgba[o + 1]!;
      const b = rgba[o + 2]!;
      const key = ((r >> KEY_SHIFT) << (2 * KEY_BITS)) | ((g >> KEY_SHIFT) << KEY_BITS) | (b >> KEY_SHIFT);
      let pair = pairs[key]!;
      if (pair === UNKNOWN_PAIR) pair = this.pairFor(key);
      const first = pair & 0xff;
      const second = pair >> 8;
      if (first === second) {
        out[row + x] = first;
        continue;
      }
      // The pixel's own position along the pair's segment (not its cell centre's): t = along / length2.
      const fr = red[first]!;
      const fg = green[first]!;
      const fb = blue[first]!;
      const sr = red[second]! - fr;
      const sg = green[second]! - fg;
      const sb = blue[second]! - fb;
      const along = (r - fr) * sr + (g - fg) * sg + (b - fb) * sb;
      const length2 = sr * sr + sg * sg + sb * sb;
      out[row + x] = 128 * along > BAYER_8X8[bayerRow | (x & 7)]! * length2 ? second : first;
    }
  }
}

/** The mapper for a photo, chosen from its first frame. */
export function mapperFor(rgba: Uint8Array): IndexMapper {
  const fit = fitToneCurve(samplePixels(rgba, PALETTE_PIXELS));
  return fit.p999 <= TONE_FIT_LIMIT && fit.rms <= TONE_RMS_LIMIT ? new ToneMapper(fit) : new ColourMapper(rgba);
}
