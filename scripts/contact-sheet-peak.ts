// For scripts/contact-sheet.sh: from an animation report (`kinora animate --report`) and a kind of
// peak, prints "frame x y width height": the 1-based frame, and a square crop around the face
// (1.9x its landmark box, a little above centre). Kinds:
//   motion  the frame whose landmarks moved furthest from the photo's (summed)
//   closed  the eyes most closed          half  the eyes nearest half closed (mid-blink)
//   mouth   the inner lips furthest apart brows  the brows highest above the eyes
import { readFileSync } from 'node:fs';
import { LEFT_BROW, LEFT_LOWER_LID, LEFT_UPPER_LID, RIGHT_BROW, RIGHT_LOWER_LID, RIGHT_UPPER_LID } from '../src/core/face/regions.ts';

type Point = [number, number];
const report = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { width: number; height: number; source: Point[]; targets: Point[][] };
const kind = process.argv[3] ?? 'motion';
const { source } = report;

const gap = (p: Point[], a: readonly number[], b: readonly number[]) => a.reduce((sum, i, k) => sum + Math.hypot(p[i]![0] - p[b[k]!]![0], p[i]![1] - p[b[k]!]![1]), 0) / a.length;
const eyes = (p: Point[]) => gap(p, RIGHT_UPPER_LID, RIGHT_LOWER_LID) + gap(p, LEFT_UPPER_LID, LEFT_LOWER_LID);
const meanY = (p: Point[], ids: readonly number[]) => ids.reduce((sum, i) => sum + p[i]![1], 0) / ids.length;
const brows = (p: Point[]) => meanY(p, [...RIGHT_LOWER_LID, ...LEFT_LOWER_LID]) - meanY(p, [...RIGHT_BROW, ...LEFT_BROW]);
const score: Record<string, (p: Point[]) => number> = {
  motion: (p) => p.reduce((sum, q, i) => sum + Math.hypot(q[0] - source[i]![0], q[1] - source[i]![1]), 0),
  closed: (p) => -eyes(p),
  half: (p) => -Math.abs(eyes(p) / eyes(source) - 0.5),
  mouth: (p) => Math.hypot(p[13]![0] - p[14]![0], p[13]![1] - p[14]![1]),
  brows,
};
const measure = score[kind];
if (!measure) throw new Error(`unknown peak kind ${kind}`);
let peak = 0;
let best = -Infinity;
report.targets.forEach((target, f) => {
  const value = measure(target);
  if (value > best) [best, peak] = [value, f];
});
const xs = source.map((p) => p[0]);
const ys = source.map((p) => p[1]);
const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
const side = Math.max(x1 - x0, y1 - y0) * 1.9;
const x = Math.max(0, Math.round((x0 + x1) / 2 - side / 2));
const y = Math.max(0, Math.round((y0 + y1) / 2 - side / 2 - side * 0.08));
console.log(peak + 1, x, y, Math.round(Math.min(side, report.width - x)), Math.round(Math.min(side, report.height - y)));
