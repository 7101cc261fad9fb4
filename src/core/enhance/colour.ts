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

export function transferLuma(detail: Float32Array, reference: Float32Array, pixels: number): Float32Array {
  if (detail.length !== 3 * pixels || reference.length !== 3 * pixels) throw new RangeError(`transferLuma: expected ${3 * pixels} values each`);
  const out = new Float32Array(3 * pixels);
  for (let p = 0; p < pixels; p++) {
    const d = LUMA[0] * detail[p]! + LUMA[1] * detail[pixels + p]! + LUMA[2] * detail[2 * pixels + p]!;
    const r = LUMA[0] * reference[p]! + LUMA[1] * reference[pixels + p]! + LUMA[2] * reference[2 * pixels + p]!;
    for (let c = 0; c < 3; c++) {
      const v = reference[c * pixels + p]! + d - r;
      out[c * pixels + p] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return out;
}
