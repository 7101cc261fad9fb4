import type { Box } from './geometry.ts';

/**
 * MediaPipe's short-range face detector looks at a 128x128 image and only finds faces that fill
 * a good part of it. To see small faces we run it on square tiles at several scales: each level
 * shrinks the tile by up to half, and tiles overlap enough that any face in the level's size
 * range lies wholly inside at least one tile.
 */
export interface TilePlanOptions {
  /** Smallest face side, in image pixels, the plan must find (it finds some smaller ones too). */
  minFace: number;
  /** Smallest face side the detector reliably finds, as a fraction of the tile side. */
  smallestFraction: number;
  /** Largest face side the detector reliably finds, as a fraction of the tile side. */
  largestFraction: number;
}

export interface Tile extends Box {
  /** 0 = the whole image; each further level shrinks the tile side by up to half. */
  level: number;
}

export const DEFAULT_TILE_PLAN: TilePlanOptions = {
  minFace: 30,
  smallestFraction: 0.12,
  largestFraction: 0.75,
};

function positions(length: number, tile: number, stride: number): number[] {
  if (tile >= length) return [(length - tile) / 2];
  const count = Math.ceil((length - tile) / stride) + 1;
  const step = (length - tile) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(i * step));
}

export function planTiles(width: number, height: number, options: TilePlanOptions = DEFAULT_TILE_PLAN): Tile[] {
  const { minFace, smallestFraction, largestFraction } = options;
  if (!(width > 0 && height > 0)) return [];
  const whole = Math.max(width, height);
  // Tiles of this side see faces of minFace and up. The finest level costs the most tiles, so
  // the levels shrink by one common ratio (at most 2) that lands exactly on it.
  const finest = minFace / smallestFraction;
  const levels = Math.max(0, Math.ceil(Math.log2(whole / finest) - 1e-9));
  const ratio = levels ? (whole / finest) ** (1 / levels) : 2;
  const tiles: Tile[] = [];
  for (let level = 0; level <= levels; level++) {
    const side = Math.round(whole / ratio ** level);
    // Faces too small for the previous level must fit wholly inside one tile of this one, so
    // tiles advance by at most (side - the largest such face).
    const largestFace = level === 0 ? side : Math.min(side * largestFraction, ratio * side * smallestFraction);
    const stride = Math.max(1, Math.floor(side - largestFace));
    for (const y of positions(height, side, stride)) {
      for (const x of positions(width, side, stride)) tiles.push({ x, y, width: side, height: side, level });
    }
  }
  return tiles;
}
