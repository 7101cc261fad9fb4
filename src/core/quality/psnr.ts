/**
 * PSNR between RGBA images, optionally after a Gaussian blur. The blur makes the measure see what
 * an eye sees at normal viewing distance: a fine dither pattern whose local average is right
 * scores well, banding or a wrong colour does not.
 */

/** Normalised 1-D Gaussian weights for offsets -radius..radius, radius = ceil(3 sigma); sigma 0 gives [1]. */
export function gaussianKernel(sigma: number): Float64Array {
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`gaussianKernel: bad sigma ${sigma}`);
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float64Array(2 * radius + 1);
  if (radius === 0) {
    kernel[0] = 1;
    return kernel;
  }
  let sum = 0;
  for (let d = -radius; d <= radius; d++) {
    const w = Math.exp(-(d * d) / (2 * sigma * sigma));
    kernel[d + radius] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  return kernel;
}

function checkSize(rgba: ArrayLike<number>, width: number, height: number, what: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`${what}: bad size ${width}x${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new RangeError(`${what}: ${rgba.length} bytes, expected ${width}x${height}x4 = ${width * height * 4}`);
  }
}

/**
 * The RGB channels of an RGBA image blurred by a separable Gaussian (edges clamped), as
 * interleaved RGB floats (width * height * 3).
 */
export function blurRgb(rgba: ArrayLike<number>, width: number, height: number, sigma = 1): Float32Array {
  checkSize(rgba, width, height, 'blurRgb');
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const rows = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = -radius; k <= radius; k++) {
        const sx = x + k < 0 ? 0 : x + k >= width ? width - 1 : x + k;
        const w = kernel[k + radius]!;
        const o = (row + sx) * 4;
        r += w * rgba[o]!;
        g += w * rgba[o + 1]!;
        b += w * rgba[o + 2]!;
      }
      const o = (row + x) * 3;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
    }
  }
  const out = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = -radius; k <= radius; k++) {
        const sy = y + k < 0 ? 0 : y + k >= height ? height - 1 : y + k;
        const w = kernel[k + radius]!;
        const o = (sy * width + x) * 3;
        r += w * rows[o]!;
        g += w * rows[o + 1]!;
        b += w * rows[o + 2]!;
      }
      const o = (y * width + x) * 3;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    }
  }
  return out;
}

/** PSNR (dB) for 8-bit samples from a mean squared error; 0 error -> Infinity. */
export function psnrFromMse(mse: number): number {
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** Mean squared error between two equally long sample arrays. */
export function meanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`meanSquaredError: lengths ${a.length} and ${b.length} differ`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return a.length === 0 ? 0 : sum / a.length;
}

/** PSNR (dB) between two RGBA images of the same size, RGB only, no blur. Identical -> Infinity. */
export function rgbPsnr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length % 4 !== 0) throw new RangeError(`rgbPsnr: lengths ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) {
    const dr = a[i]! - b[i]!;
    const dg = a[i + 1]! - b[i + 1]!;
    const db = a[i + 2]! - b[i + 2]!;
    sum += dr * dr + dg * dg + db * db;
  }
  return psnrFromMse(a.length === 0 ? 0 : sum / ((a.length / 4) * 3));
}

/**
 * PSNR (dB) between two RGBA images of the same size, RGB only, both blurred first by a
 * Gaussian of sigma `sigma` px (default 1; 0 = no blur). Identical -> Infinity.
 */
export function blurredPsnr(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number, sigma = 1): number {
  checkSize(a, width, height, 'blurredPsnr');
  checkSize(b, width, height, 'blurredPsnr');
  let identical = true;
  for (let i = 0; i < a.length && identical; i++) if ((i & 3) !== 3 && a[i] !== b[i]) identical = false;
  if (identical) return Infinity;
  if (sigma === 0) return rgbPsnr(a, b);
  return psnrFromMse(meanSquaredError(blurRgb(a, width, height, sigma), blurRgb(b, width, height, sigma)));
}
