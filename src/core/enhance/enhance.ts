import { transferLuma } from './colour.ts';
import { upscaleCubic } from '../image/resample.ts';
import { cutTile, planTiles, TileBlender, TILE_OVERLAP, TILE_SIDE } from './tiles.ts';

/** Runs the model on one tile: planar RGB 0..1 in, `factor` times larger out. */
export type UpscaleTile = (planar: Float32Array, width: number, height: number) => Promise<Float32Array>;

export interface EnhanceOptions {
  factor: number;
  /** After each tile: tiles done, tiles in all. */
  onTile?: (done: number, total: number) => void;
  /** Asked between tiles: true stops the work (the promise rejects with EnhanceCancelled). */
  cancelled?: () => boolean;
  tile?: number;
  overlap?: number;
}

export class EnhanceCancelled extends Error {
  constructor() {
    super('Cancelled.');
  }
}

/**
 * A planar RGB image `factor` times larger: the model's detail, tile by tile with blended seams,
 * on the bicubic upscale's colour (see transferLuma: no invented colour, B&W stays B&W).
 */
export async function enhancePlanar(planar: Float32Array, width: number, height: number, upscale: UpscaleTile, options: EnhanceOptions): Promise<Float32Array> {
  const { factor } = options;
  const overlap = options.overlap ?? TILE_OVERLAP;
  const tiles = planTiles(width, height, options.tile ?? TILE_SIDE, overlap);
  const blender = new TileBlender(width, height, factor, 3, overlap);
  for (const [i, tile] of tiles.entries()) {
    if (options.cancelled?.()) throw new EnhanceCancelled();
    const out = await upscale(cutTile(planar, width, height, tile), tile.width, tile.height);
    blender.add(tile, out);
    options.onTile?.(i + 1, tiles.length);
  }
  const reference = upscaleCubic(planar, width, height, width * factor, height * factor);
  return transferLuma(blender.result(), reference, width * factor, height * factor, factor);
}

/**
 * Opacity for pasting an enhanced region over the smoothly enlarged photo: 1 inside, ramping to 0
 * over `feather` pixels towards each edge that lies inside the photo (an edge on the photo's
 * border stays 1), so no seam shows where the model's pixels end.
 */
export function featherAlpha(width: number, height: number, feather: number, inner: { left: boolean; top: boolean; right: boolean; bottom: boolean }): Uint8ClampedArray {
  const ramp = (distance: number, isInner: boolean) => (isInner ? Math.min(1, (distance + 0.5) / feather) : 1);
  const alpha = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    const vertical = Math.min(ramp(y, inner.top), ramp(height - 1 - y, inner.bottom));
    for (let x = 0; x < width; x++) alpha[y * width + x] = 255 * Math.min(vertical, ramp(x, inner.left), ramp(width - 1 - x, inner.right));
  }
  return alpha;
}
