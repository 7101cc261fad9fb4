/**
 * The generator's maths in plain TypeScript: the reference the ONNX graphs are tested against,
 * and a slow CPU fallback. Tensor layouts and coordinate conventions are those of ./contract.ts
 * (planar [C, H, W] data, batch 1 implied; grids as interleaved (x, y) per output pixel).
 */
import { GRID_COORDINATES, KEEP_CHANNELS, SOURCE_CHANNELS } from './contract.ts';

/** Anything shaped like the DOM's ImageData (RGBA, 4 bytes per pixel, rows top to bottom). */
export interface RgbaImageLike {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * Pixel coordinate -> normalised grid coordinate for align_corners = 0: pixel i has its centre
 * at i, the image spans [-0.5, size - 0.5] in pixels and [-1, 1] normalised.
 */
export function pixelToNormalised(x: number, size: number): number {
  return (2 * x + 1) / size - 1;
}

/** Inverse of pixelToNormalised (the "denormalisation" GridSample does with align_corners = 0). */
export function normalisedToPixel(normalised: number, size: number): number {
  return ((normalised + 1) * size - 1) / 2;
}

/**
 * The grid that samples every output pixel at its own centre. With a source of the same size it
 * reproduces the source; with another size it is a plain bilinear resize.
 */
export function identityGrid(outHeight: number, outWidth: number): Float32Array {
  const grid = new Float32Array(outHeight * outWidth * GRID_COORDINATES);
  for (let y = 0; y < outHeight; y++) {
    const yNorm = pixelToNormalised(y, outHeight);
    for (let x = 0; x < outWidth; x++) {
      const i = (y * outWidth + x) * GRID_COORDINATES;
      grid[i] = pixelToNormalised(x, outWidth);
      grid[i + 1] = yNorm;
    }
  }
  return grid;
}

/**
 * normalisedToPixel rounded at each step as onnxruntime's float32 kernels compute it. Done exactly,
 * samples land up to a float32 ulp of the coordinate away from ORT's (~4e-6 px at x ~ 50, ~3e-5 px
 * at x ~ 500): up to 5e-5 difference in value on a noisy 700 px image, versus ~1e-7 this way.
 */
const f32 = Math.fround;
const denormaliseFloat32 = (n: number, size: number) => f32(f32(f32(f32(n + 1) * size) - 1) / 2);

const clampIndex = (i: number, size: number) => (i < 0 ? 0 : i >= size ? size - 1 : i);

function checkLength(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what} has ${actual} values, expected ${expected}`);
}

/**
 * ONNX GridSample with mode "bilinear" (opset 16–19; "linear" from 20), padding_mode "border" and
 * align_corners 0. `source` is [channels, height, width]; `grid` is [outHeight, outWidth, 2] of
 * finite (x, y) in normalised coordinates; returns [channels, outHeight, outWidth].
 *
 * As in onnxruntime's kernel, the coordinate is denormalised (in float32), its four neighbouring
 * pixels are weighted by distance, and out-of-range neighbour indices are clamped to the edge — so
 * outside the image the edge pixels repeat, and within half a pixel of the edge the sample is flat.
 */
export function gridSampleBilinear(
  source: Float32Array,
  channels: number,
  height: number,
  width: number,
  grid: Float32Array,
  outHeight: number,
  outWidth: number,
): Float32Array {
  checkLength('source', source.length, channels * height * width);
  checkLength('grid', grid.length, outHeight * outWidth * GRID_COORDINATES);
  const plane = height * width;
  const outPlane = outHeight * outWidth;
  const out = new Float32Array(channels * outPlane);
  for (let p = 0; p < outPlane; p++) {
    const x = denormaliseFloat32(grid[p * GRID_COORDINATES]!, width);
    const y = denormaliseFloat32(grid[p * GRID_COORDINATES + 1]!, height);
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = x - x0;
    const fy = y - y0;
    const left = clampIndex(x0, width);
    const right = clampIndex(x0 + 1, width);
    const top = clampIndex(y0, height) * width;
    const bottom = clampIndex(y0 + 1, height) * width;
    for (let c = 0, base = 0; c < channels; c++, base += plane) {
      const upper = (1 - fx) * source[base + top + left]! + fx * source[base + top + right]!;
      const lower = (1 - fx) * source[base + bottom + left]! + fx * source[base + bottom + right]!;
      out[c * outPlane + p] = (1 - fy) * upper + fy * lower;
    }
  }
  return out;
}

/** The generator model's inputs, planar as in ./contract.ts (batch 1 implied). */
export interface GeneratorInputs {
  /** [3, height, width] */
  source: Float32Array;
  height: number;
  width: number;
  /** [outHeight, outWidth, 2] */
  grid: Float32Array;
  outHeight: number;
  outWidth: number;
  /** [3, outHeight, outWidth] */
  base: Float32Array;
  /** [1, outHeight, outWidth] */
  keep: Float32Array;
}

/**
 * The generator model's output: clip(base + keep * gridSampleBilinear(source, grid), 0, 1).
 * Returns [3, outHeight, outWidth].
 */
export function composeFrame(inputs: GeneratorInputs): Float32Array {
  const { source, height, width, grid, outHeight, outWidth, base, keep } = inputs;
  const outPlane = outHeight * outWidth;
  checkLength('base', base.length, SOURCE_CHANNELS * outPlane);
  checkLength('keep', keep.length, KEEP_CHANNELS * outPlane);
  const frame = gridSampleBilinear(source, SOURCE_CHANNELS, height, width, grid, outHeight, outWidth);
  for (let c = 0; c < SOURCE_CHANNELS; c++) {
    for (let p = 0; p < outPlane; p++) {
      const i = c * outPlane + p;
      const value = base[i]! + keep[p]! * frame[i]!;
      frame[i] = value < 0 ? 0 : value > 1 ? 1 : value;
    }
  }
  return frame;
}

/** RGBA bytes -> planar RGB float data of a [1, 3, height, width] tensor, 0..1; alpha is dropped. */
export function rgbaToPlanar(image: RgbaImageLike): Float32Array {
  const { data, width, height } = image;
  const plane = width * height;
  checkLength('RGBA data', data.length, plane * 4);
  const planar = new Float32Array(SOURCE_CHANNELS * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < SOURCE_CHANNELS; c++) planar[c * plane + p] = data[p * 4 + c]! / 255;
  }
  return planar;
}

/**
 * Planar RGB float data ([1, 3, height, width], 0..1) -> opaque RGBA bytes. Values are scaled by
 * 255, rounded to nearest and clamped to 0..255 (Uint8ClampedArray's conversion; NaN becomes 0).
 */
export function planarToRgba(planar: Float32Array, width: number, height: number): RgbaImageLike {
  const plane = width * height;
  checkLength('planar data', planar.length, SOURCE_CHANNELS * plane);
  const data = new Uint8ClampedArray(plane * 4);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < SOURCE_CHANNELS; c++) data[p * 4 + c] = planar[c * plane + p]! * 255;
    data[p * 4 + 3] = 255;
  }
  return { data, width, height };
}
