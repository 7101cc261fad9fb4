import { interOcularDistance } from '../face/landmark-indices.ts';
import type { Landmarks } from '../motion/types.ts';
import { TriangleKind, type WarpMesh } from './mesh.ts';
import type { SamplingMap } from './rasterize.ts';

/**
 * The smile lines a warp cannot make: when the mouth corners pull up toward the cheeks, the
 * cheek bulges over the nasolabial fold, which deepens into a shadow with the cheek lit above
 * it. A warp only moves the photo's skin, so a smile on a face whose folds are flat in the photo
 * stayed flat (a reviewer: "no cheek bunching"; it read as the mouth alone moving). Drawn soft
 * and broad, never a ruled line: a wide shadow on the mouth's side of the fold, a wider light on
 * the cheek's, both as deep as the corner has come toward the nose this frame (none at rest, so a
 * photo's own folds are never doubled while it is still), fading in below the nose wing and out
 * past the corner.
 */

/** Per side (the subject's right, then left): the fold's course, nose wing to below the corner, and the corner and nose wing it runs between. */
const FOLDS = [
  { course: [129, 203, 206, 216, 212], corner: 61, wing: 129 },
  { course: [358, 423, 426, 436, 432], corner: 291, wing: 358 },
] as const;

/** How far a full smile brings the corner toward the nose wing (inter-ocular units; the rig's full smile on the canonical face: 0.029). */
const FULL_APPROACH = 0.03;
/** Shadow and light widths (inter-ocular units): broad, so a fold placed a little off the photo's own reads as a soft shade. */
const SHADOW_WIDTH = 0.03;
const LIGHT_WIDTH = 0.05;
/** Darkening at the shadow's middle, and light added on the cheek (share of the skin's colour), at a full smile. */
const SHADOW_DEPTH = 0.16;
const LIGHT_LIFT = 0.05;
/** Along the course (0 at the nose wing, 1 at its end): fades in until, fades out from. */
const FADE_IN = 0.3;
const FADE_OUT = 0.7;

const smoothstep = (u: number) => {
  const v = Math.min(1, Math.max(0, u));
  return v * v * (3 - 2 * v);
};

/** Corner-to-wing distance per side, inter-ocular units: the photo's, against which a frame's approach is measured. */
export function foldSpans(points: Landmarks): [number, number] {
  const iod = interOcularDistance(points);
  const span = (corner: number, wing: number) => Math.hypot(points[corner]![0] - points[wing]![0], points[corner]![1] - points[wing]![1]) / iod;
  return [span(FOLDS[0].corner, FOLDS[0].wing), span(FOLDS[1].corner, FOLDS[1].wing)];
}

/** What the smile lines lay over the frame: per pixel, the darkening (0..1) and the light added (share of the skin colour). */
export interface SmileLines {
  pixels: number[];
  shadow: number[];
  light: number[];
}

/**
 * The smile lines of the mesh's face `face` moved to `target`, where its face triangles landed
 * (not in the mouth, nor on another face); `sourceSpans` from foldSpans on the photo's face.
 */
export function smileLines(map: SamplingMap, mesh: WarpMesh, face: number, target: Landmarks, sourceSpans: readonly [number, number]): SmileLines {
  const lines: SmileLines = { pixels: [], shadow: [], light: [] };
  const iod = interOcularDistance(target);
  const spans = foldSpans(target);
  const { width, height, kinds, triangles } = map;
  FOLDS.forEach((fold, side) => {
    const depth = smoothstep((sourceSpans[side]! - spans[side]!) / FULL_APPROACH);
    if (depth <= 0.01) return;
    const course = fold.course.map((i) => [target[i]![0], target[i]![1]] as const);
    const lengths = course.slice(1).map((p, k) => Math.hypot(p[0] - course[k]![0], p[1] - course[k]![1]));
    const total = lengths.reduce((a, b) => a + b, 0);
    if (!(total > 1)) return;
    // The cheek's side of the course: away from the mouth corner.
    const corner = target[fold.corner]!;
    const shadowWidth = SHADOW_WIDTH * iod;
    const lightWidth = LIGHT_WIDTH * iod;
    const reach = 2.5 * lightWidth;
    const xs = course.map((p) => p[0]);
    const ys = course.map((p) => p[1]);
    const x0 = Math.max(0, Math.floor(Math.min(...xs) - reach));
    const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs) + reach));
    const y0 = Math.max(0, Math.floor(Math.min(...ys) - reach));
    const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys) + reach));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const p = y * width + x;
        const t = triangles[p]!;
        if (t < 0 || kinds[p] !== TriangleKind.Face || mesh.faceOf[t] !== face) continue;
        const near = nearestOnCourse(course, lengths, x + 0.5, y + 0.5);
        const along = near.at / total;
        const envelope = smoothstep(along / FADE_IN) * (1 - smoothstep((along - FADE_OUT) / (1 - FADE_OUT)));
        if (envelope <= 0) continue;
        const towardCorner = (corner[0] - near.x) * near.nx + (corner[1] - near.y) * near.ny;
        // Signed distance, positive on the cheek's side.
        const d = towardCorner > 0 ? -near.side : near.side;
        const shadow = SHADOW_DEPTH * depth * envelope * Math.exp(-(((d + 0.3 * shadowWidth) / shadowWidth) ** 2));
        const light = d > 0 ? LIGHT_LIFT * depth * envelope * Math.exp(-(((d - lightWidth) / lightWidth) ** 2)) : 0;
        if (shadow < 0.004 && light < 0.004) continue;
        lines.pixels.push(p);
        lines.shadow.push(shadow);
        lines.light.push(light);
      }
    }
  });
  return lines;
}

/** The nearest point of a polyline to (x, y): its arc position, itself, the segment's unit normal, and the signed distance along that normal. */
function nearestOnCourse(course: readonly (readonly [number, number])[], lengths: readonly number[], x: number, y: number) {
  let best = { at: 0, x: course[0]![0], y: course[0]![1], nx: 0, ny: 0, side: 0, distance: Infinity };
  let start = 0;
  for (let k = 0; k + 1 < course.length; k++) {
    const [ax, ay] = course[k]!;
    const [bx, by] = course[k + 1]!;
    const length = lengths[k]!;
    if (length > 0) {
      const ux = (bx - ax) / length;
      const uy = (by - ay) / length;
      const u = Math.min(length, Math.max(0, (x - ax) * ux + (y - ay) * uy));
      const px = ax + u * ux;
      const py = ay + u * uy;
      const distance = Math.hypot(x - px, y - py);
      if (distance < best.distance) {
        const nx = -uy;
        const ny = ux;
        best = { at: start + u, x: px, y: py, nx, ny, side: (x - px) * nx + (y - py) * ny, distance };
      }
    }
    start += length;
  }
  return best;
}
