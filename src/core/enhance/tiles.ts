/**
 * Tiling for the super-resolution model: memory stays bounded whatever the region's size, and
 * tiles overlap so their seams can be blended away (a convolution's border pixels see zero
 * padding, not the image, so each tile's edge is discarded and the next tile's inside used).
 */

export interface Span {
  start: number;
  size: number;
}

export interface Tile {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The model's largest tile side (input pixels): its activations stay ~35 MB. */
export const TILE_SIDE = 256;
/** Pixels two neighbouring tiles share: more than the model's receptive radius (~10 px). */
export const TILE_OVERLAP = 24;
/** Of the overlap, each tile's outer pixels that do not count at all (zero padding shows there). */
const DISCARDED_EDGE = 4;

/**
 * Covers 0..length with as few equal spans of at most `tile` as overlap by at least `overlap`
 * (equal, so every tile of a row runs at one shape and none does more work than needed).
 */
export function planSpans(length: number, tile = TILE_SIDE, overlap = TILE_OVERLAP): Span[] {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`planSpans: bad length ${length}`);
  if (!(overlap >= 0 && overlap < tile)) throw new RangeError(`planSpans: overlap ${overlap} must be below the tile ${tile}`);
  if (length <= tile) return [{ start: 0, size: length }];
  const count = Math.ceil((length - overlap) / (tile - overlap));
  const size = Math.ceil((length + (count - 1) * overlap) / count);
  return Array.from({ length: count }, (_, i) => ({ start: Math.round((i * (length - size)) / (count - 1)), size }));
}

export function planTiles(width: number, height: number, tile = TILE_SIDE, overlap = TILE_OVERLAP): Tile[] {
  const rows = planSpans(height, tile, overlap);
  const columns = planSpans(width, tile, overlap);
  return rows.flatMap((row) => columns.map((column) => ({ x: column.start, y: row.start, width: column.size, height: row.size })));
}

/**
 * Weight of a tile's pixel along one axis: 1 inside, ramping down towards an edge the tile shares
 * with a neighbour (an image border stays 1), nearly 0 over its last DISCARDED_EDGE pixels.
 * `position` is the pixel centre in input pixels, relative to the tile's start.
 */
export function edgeWeight(position: number, size: number, atStart: boolean, atEnd: boolean, overlap = TILE_OVERLAP): number {
  const ramp = Math.max(1, overlap / 2 - DISCARDED_EDGE);
  const fromStart = atStart ? Infinity : (position - DISCARDED_EDGE) / ramp;
  const fromEnd = atEnd ? Infinity : (size - position - DISCARDED_EDGE) / ramp;
  // Never exactly 0, so a pixel only one tile covers still gets its value.
  return Math.min(1, Math.max(1e-4, Math.min(fromStart, fromEnd)));
}

/** Accumulates upscaled tiles (planar, `planes` planes) into one image `factor` times the region's size. */
export class TileBlender {
  private readonly sum: Float32Array;
  private readonly weight: Float32Array;
  readonly outWidth: number;
  readonly outHeight: number;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly factor: number,
    readonly planes = 3,
    private readonly overlap = TILE_OVERLAP,
  ) {
    this.outWidth = width * factor;
    this.outHeight = height * factor;
    this.sum = new Float32Array(planes * this.outWidth * this.outHeight);
    this.weight = new Float32Array(this.outWidth * this.outHeight);
  }

  /** `pixels`: the tile's upscaled planes, (width * factor) x (height * factor) each. */
  add(tile: Tile, pixels: Float32Array): void {
    const f = this.factor;
    const tw = tile.width * f;
    const th = tile.height * f;
    if (pixels.length !== this.planes * tw * th) throw new RangeError(`TileBlender.add: ${pixels.length} values for a ${tw}x${th} tile`);
    const columnWeights = Float32Array.from({ length: tw }, (_, x) =>
      edgeWeight((x + 0.5) / f, tile.width, tile.x === 0, tile.x + tile.width === this.width, this.overlap),
    );
    const plane = this.outWidth * this.outHeight;
    for (let y = 0; y < th; y++) {
      const rowWeight = edgeWeight((y + 0.5) / f, tile.height, tile.y === 0, tile.y + tile.height === this.height, this.overlap);
      const outRow = (tile.y * f + y) * this.outWidth + tile.x * f;
      for (let x = 0; x < tw; x++) {
        const w = rowWeight * columnWeights[x]!;
        const o = outRow + x;
        this.weight[o]! += w;
        for (let c = 0; c < this.planes; c++) this.sum[c * plane + o]! += w * pixels[c * tw * th + y * tw + x]!;
      }
    }
  }

  /** The blended image (planar); pixels no tile covered are 0. */
  result(): Float32Array {
    const plane = this.outWidth * this.outHeight;
    const out = new Float32Array(this.sum.length);
    for (let p = 0; p < plane; p++) {
      const w = this.weight[p]!;
      if (w > 0) for (let c = 0; c < this.planes; c++) out[c * plane + p] = this.sum[c * plane + p]! / w;
    }
    return out;
  }
}

/** The planar pixels of `tile` cut out of a planar image `width` wide. */
export function cutTile(planar: Float32Array, width: number, height: number, tile: Tile, planes = 3): Float32Array {
  const out = new Float32Array(planes * tile.width * tile.height);
  for (let c = 0; c < planes; c++) {
    for (let y = 0; y < tile.height; y++) {
      const from = c * width * height + (tile.y + y) * width + tile.x;
      out.set(planar.subarray(from, from + tile.width), c * tile.width * tile.height + y * tile.width);
    }
  }
  return out;
}
