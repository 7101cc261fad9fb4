type Point = readonly [number, number];

/** Pixel centres inside a polygon (even-odd), visited row by row. */
export function forEachPixelIn(polygon: readonly Point[], width: number, height: number, visit: (x: number, y: number) => void): void {
  const ys = polygon.map((p) => p[1]);
  const y0 = Math.max(0, Math.ceil(Math.min(...ys) - 0.5));
  const y1 = Math.min(height - 1, Math.floor(Math.max(...ys) - 0.5));
  for (let y = y0; y <= y1; y++) {
    const py = y + 0.5;
    const crossings: number[] = [];
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const [xi, yi] = polygon[i]!;
      const [xj, yj] = polygon[j]!;
      if (yi > py !== yj > py) crossings.push(xi + ((py - yi) * (xj - xi)) / (yj - yi));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const x0 = Math.max(0, Math.ceil(crossings[k]! - 0.5));
      const x1 = Math.min(width - 1, Math.floor(crossings[k + 1]! - 0.5));
      for (let x = x0; x <= x1; x++) visit(x, y);
    }
  }
}

/** The second coordinate of a polyline at `at` along the first (its points sorted by it; linear between them, flat beyond its ends). */
export function polylineAt(line: readonly Point[], at: number): number {
  if (at <= line[0]![0]) return line[0]![1];
  for (let k = 1; k < line.length; k++) {
    const [a1, b1] = line[k]!;
    if (at <= a1) {
      const [a0, b0] = line[k - 1]!;
      return a1 - a0 < 1e-9 ? b1 : b0 + ((at - a0) / (a1 - a0)) * (b1 - b0);
    }
  }
  return line[line.length - 1]![1];
}
