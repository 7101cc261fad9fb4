import { boxMean } from '../image/box-mean.ts';
/**
 * The model's luminance detail on the reference's colour: out = reference + (Y(detail) - Y(reference))
 * on every channel. Adding the same amount to R, G and B changes Y and leaves the chroma
 * (Cb, Cr) exactly as the reference has it, so a black-and-white photo stays grey, a sepia one
 * keeps its tone, and the model cannot invent colour. Both images planar RGB 0..1, same size.
 */
const LUMA = [0.299, 0.587, 0.114] as const;

export function lumaOf(planar: Float32Array, pixels: number): Float32Array {
  const y = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) y[p] = LUMA[0] * planar[p]! + LUMA[1] * planar[pixels + p]! + LUMA[2] * planar[2 * pixels + p]!;
  return y;
}

export function transferLuma(detail: Float32Array, reference: Float32Array, width: number, height: number, factor = 1): Float32Array {
  const pixels = width * height;
  if (detail.length !== 3 * pixels || reference.length !== 3 * pixels) throw new RangeError(`transferLuma: expected ${3 * pixels} values each`);
  const added = lumaOf(detail, pixels);
  const own = lumaOf(reference, pixels);
  for (let p = 0; p < pixels; p++) added[p]! -= own[p]!;
  removePhasePattern(added, width, height, factor);
  const out = new Float32Array(3 * pixels);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      const v = reference[c * pixels + p]! + added[p]!;
      out[c * pixels + p] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return out;
}

/** Low-resolution pixels each side over which the phase pattern is estimated. */
const PATTERN_RADIUS = 1;

/**
 * An upscaling network leaves a faint pattern with the period of its factor (each output phase
 * has its own weights): a grid over flat areas. At each low-resolution pixel, a phase's deviation
 * from the mean of all phases, averaged over the neighbourhood, is that pattern (the photo's own
 * detail changes from pixel to pixel and averages out); it is taken away from the added luma.
 */
export function removePhasePattern(added: Float32Array, width: number, height: number, factor: number): void {
  if (factor < 2) return;
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  if (w < 1 || h < 1) return;
  const phases = factor * factor;
  // deviation[phase][Y * w + X]
  const deviation = Array.from({ length: phases }, () => new Float32Array(w * h));
  for (let Y = 0; Y < h; Y++)
    for (let X = 0; X < w; X++) {
      let mean = 0;
      for (let i = 0; i < factor; i++) for (let j = 0; j < factor; j++) mean += added[(Y * factor + i) * width + X * factor + j]!;
      mean /= phases;
      for (let i = 0; i < factor; i++) for (let j = 0; j < factor; j++) deviation[i * factor + j]![Y * w + X] = added[(Y * factor + i) * width + X * factor + j]! - mean;
    }
  for (let i = 0; i < factor; i++)
    for (let j = 0; j < factor; j++) {
      const pattern = boxMean(deviation[i * factor + j]!, w, h, PATTERN_RADIUS);
      for (let Y = 0; Y < h; Y++) for (let X = 0; X < w; X++) added[(Y * factor + i) * width + X * factor + j]! -= pattern[Y * w + X]!;
    }
}

