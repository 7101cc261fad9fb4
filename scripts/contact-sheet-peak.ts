// For scripts/contact-sheet.sh: from an animation report (`kinora animate --report`), prints
// "peakFrame x y width height": the 1-based frame whose landmarks moved furthest from the photo's
// (summed), and a square crop around the face (1.9x its landmark box, a little above centre).
import { readFileSync } from 'node:fs';

type Point = [number, number];
const report = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { width: number; height: number; source: Point[]; targets: Point[][] };
const { source } = report;
let peak = 0;
let furthest = -1;
report.targets.forEach((target, f) => {
  const moved = target.reduce((sum, p, i) => sum + Math.hypot(p[0] - source[i]![0], p[1] - source[i]![1]), 0);
  if (moved > furthest) [furthest, peak] = [moved, f];
});
const xs = source.map((p) => p[0]);
const ys = source.map((p) => p[1]);
const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
const side = Math.max(x1 - x0, y1 - y0) * 1.9;
const x = Math.max(0, Math.round((x0 + x1) / 2 - side / 2));
const y = Math.max(0, Math.round((y0 + y1) / 2 - side / 2 - side * 0.08));
console.log(peak + 1, x, y, Math.round(Math.min(side, report.width - x)), Math.round(Math.min(side, report.height - y)));
