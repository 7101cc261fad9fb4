/** Pure size arithmetic for images. No DOM; safe in Node and in workers. */

export type Size = { width: number; height: number };

/** EXIF orientation tag values. 1 = as stored; 5-8 swap width and height. */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export function isOrientation(value: unknown): value is Orientation {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8;
}

/** True when showing an image with this EXIF orientation turns it by 90 degrees. */
export function swapsAxes(orientation: number): boolean {
  return isOrientation(orientation) && orientation >= 5;
}

function checkDimension(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
}

/**
 * Integer size with the same aspect ratio whose longer side is at most `maxLongSide`.
 * Never upscales: a size that already fits is returned (rounded) unchanged. The shorter side
 * never drops below 1 pixel unless it was 0.
 */
export function fitWithin(width: number, height: number, maxLongSide: number): Size {
  checkDimension('width', width);
  checkDimension('height', height);
  if (!Number.isFinite(maxLongSide) || maxLongSide < 1) {
    throw new RangeError(`maxLongSide must be a finite number >= 1, got ${maxLongSide}`);
  }
  const w = Math.round(width);
  const h = Math.round(height);
  const limit = Math.floor(maxLongSide);
  const long = Math.max(w, h);
  if (long <= limit) return { width: w, height: h };
  const scale = limit / long;
  const shrink = (side: number): number => (side === long ? limit : side === 0 ? 0 : Math.max(1, Math.round(side * scale)));
  return w >= h ? { width: limit, height: shrink(h) } : { width: shrink(w), height: limit };
}

/** Size of the image as displayed after applying its EXIF orientation (5-8 swap the axes). */
export function orientedSize(width: number, height: number, orientation: number): Size {
  return swapsAxes(orientation) ? { width: height, height: width } : { width, height };
}
