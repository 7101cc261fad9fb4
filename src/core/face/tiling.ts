import type { Box } from './geometry.ts';

/**
 * MediaPipe's short-range face detector looks at a 128x128 image and only finds faces that fill
 * a good part of it. To see small faces we run it on square tiles at several scales: each level
 * halves the tile size, and tiles overlap enough that any face in the level's size range lies
 * wholly inside at least one tile.
 */
export interface TilePlanOptions {
  /** Smallest face side, in image pixels, the plan must be able to find. */
  minFace: number;
  /** Smallest face side the detector reliably finds, as a fraction of the tile side. */
  smallestFraction: number;
  /** Largest face side the detector reliably finds, as a fraction of the tile side. */
  largestFraction: number;
}

export interface Tile extends Box {
  /** 0 = the whole image; each further level halves the tile side. */
  level: number;
}

export const DEFAULT_TILE_PLAN: TilePlanOptions = {
  minFace: 24,
  smallestFraction: 0.11,
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
  const tiles: Tile[] = [];
  // Tiles of this side see faces of minFace and up.
  const finest = Math.ceil(minFace / smallestFraction);
  let side = Math.max(width, height);
  for (let level = 0; ; level++) {
    // A face of up to the previous level's smallest size must fit inside one tile, so tiles
    // advance by at most (side - thatFace).
    const largestFace = level === 0 ? side : Math.min(side * largestFraction, 2 * side * smallestFraction);
    const stride = Math.max(1, Math.floor(side - largestFace)) || side;
    for (const y of positions(height, side, stride)) {
      for (const x of positions(width, side, stride)) tiles.push({ x, y, width: side, height: side, level });
    }
    if (side <= finest) break;
    side = Math.max(Math.ceil(side / 2), finest);
  }
  return tiles;
}
