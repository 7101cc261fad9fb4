/** Axis-aligned box in pixels: top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ScoredBox extends Box {
  score: number;
}

export type Point2 = readonly [number, number];
export type Point3 = readonly [number, number, number];

export function area(b: Box): number {
  return Math.max(0, b.width) * Math.max(0, b.height);
}

export function intersectionOverUnion(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Fraction of the smaller box covered by the other: catches a box nested inside a larger one. */
export function intersectionOverMinimum(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const smaller = Math.min(area(a), area(b));
  return smaller > 0 ? (ix * iy) / smaller : 0;
}

export function boxCenter(b: Box): Point2 {
  return [b.x + b.width / 2, b.y + b.height / 2];
}

export function boundingBox(points: readonly (readonly number[])[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p[0]!);
    minY = Math.min(minY, p[1]!);
    maxX = Math.max(maxX, p[0]!);
    maxY = Math.max(maxY, p[1]!);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

export function scaleBox(b: Box, factor: number): Box {
  return { x: b.x * factor, y: b.y * factor, width: b.width * factor, height: b.height * factor };
}
