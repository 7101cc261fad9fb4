/** Resampling of planar float images: bicubic enlargement (the finer copy of the photo, enhancement's baseline and colour) and downscales. */

/** Catmull-Rom kernel at distance x. */
function catmullRom(x: number): number {
  const a = Math.abs(x);
  if (a < 1) return 1.5 * a * a * a - 2.5 * a * a + 1;
  if (a < 2) return -0.5 * a * a * a + 2.5 * a * a - 4 * a + 2;
  return 0;
}

/** Per output index along one axis: the 4 source taps (clamped) and their weights. */
function axisTaps(from: number, to: number): { index: Int32Array; weight: Float32Array } {
  const index = new Int32Array(to * 4);
  const weight = new Float32Array(to * 4);
  for (let o = 0; o < to; o++) {
    // Pixel centres aligned: output o's centre is at (o + 0.5) * from / to - 0.5 source pixels.
    const centre = ((o + 0.5) * from) / to - 0.5;
    const base = Math.floor(centre);
    for (let k = 0; k < 4; k++) {
      const s = base - 1 + k;
      index[o * 4 + k] = s < 0 ? 0 : s >= from ? from - 1 : s;
      weight[o * 4 + k] = catmullRom(centre - s);
    }
  }
  return { index, weight };
}

/**
 * Bicubic (Catmull-Rom) upscaling of `planes` planes width x height to outWidth x outHeight,
 * edges repeated: the baseline the model must beat, and the colour reference it keeps.
 */
export function upscaleCubic(planar: Float32Array, width: number, height: number, outWidth: number, outHeight: number, planes = 3): Float32Array {
  if (planar.length !== planes * width * height) throw new RangeError(`upscaleCubic: ${planar.length} values for ${planes}x${width}x${height}`);
  if (outWidth < width || outHeight < height) throw new RangeError('upscaleCubic: only enlarges (no prefilter for shrinking)');
  const columns = axisTaps(width, outWidth);
  const rows = axisTaps(height, outHeight);
  const across = new Float32Array(height * outWidth);
  const out = new Float32Array(planes * outWidth * outHeight);
  for (let c = 0; c < planes; c++) {
    const src = c * width * height;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < outWidth; x++) {
        let v = 0;
        for (let k = 0; k < 4; k++) v += columns.weight[x * 4 + k]! * planar[src + y * width + columns.index[x * 4 + k]!]!;
        across[y * outWidth + x] = v;
      }
    }
    const dst = c * outWidth * outHeight;
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        let v = 0;
        for (let k = 0; k < 4; k++) v += rows.weight[y * 4 + k]! * across[rows.index[y * 4 + k]! * outWidth + x]!;
        out[dst + y * outWidth + x] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    }
  }
  return out;
}

/** Box-filter downscale by an integer factor (the size must divide): the low-resolution test input. */
export function downscaleBox(planar: Float32Array, width: number, height: number, factor: number, planes = 3): Float32Array {
  if (width % factor !== 0 || height % factor !== 0) throw new RangeError(`downscaleBox: ${width}x${height} is not a multiple of ${factor}`);
  const w = width / factor;
  const h = height / factor;
  const out = new Float32Array(planes * w * h);
  const area = factor * factor;
  for (let c = 0; c < planes; c++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += planar[c * width * height + (y * factor + dy) * width + x * factor + dx]!;
        out[c * w * h + y * w + x] = sum / area;
      }
  return out;
}

/**
 * Antialiased bicubic downscale by an integer factor (the Catmull-Rom kernel stretched by the
 * factor, as MATLAB's imresize does): the standard way super-resolution test inputs are made.
 */
export function downscaleCubic(planar: Float32Array, width: number, height: number, factor: number, planes = 3): Float32Array {
  if (width % factor !== 0 || height % factor !== 0) throw new RangeError(`downscaleCubic: ${width}x${height} is not a multiple of ${factor}`);
  const taps = (from: number) => {
    const to = from / factor;
    const reach = 2 * factor;
    const index: number[][] = [];
    const weight: number[][] = [];
    for (let o = 0; o < to; o++) {
      const centre = (o + 0.5) * factor - 0.5;
      const is: number[] = [];
      const ws: number[] = [];
      for (let s = Math.ceil(centre - reach); s <= Math.floor(centre + reach); s++) {
        const w = catmullRom((s - centre) / factor);
        if (w === 0) continue;
        is.push(s < 0 ? 0 : s >= from ? from - 1 : s);
        ws.push(w);
      }
      const sum = ws.reduce((a, b) => a + b, 0);
      index.push(is);
      weight.push(ws.map((w) => w / sum));
    }
    return { index, weight };
  };
  const columns = taps(width);
  const rows = taps(height);
  const w = width / factor;
  const h = height / factor;
  const across = new Float32Array(height * w);
  const out = new Float32Array(planes * w * h);
  for (let c = 0; c < planes; c++) {
    const src = c * width * height;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < w; x++) {
        let v = 0;
        columns.index[x]!.forEach((s, k) => (v += columns.weight[x]![k]! * planar[src + y * width + s]!));
        across[y * w + x] = v;
      }
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let v = 0;
        rows.index[y]!.forEach((s, k) => (v += rows.weight[y]![k]! * across[s * w + x]!));
        out[c * w * h + y * w + x] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
  }
  return out;
}
