import { interOcularDistance } from '../face/landmark-indices.ts';
import { LEFT_FACE_SIDE, NOSE_TIP, RIGHT_FACE_SIDE } from '../face/regions.ts';
import type { Landmarks } from '../motion/types.ts';
import type { PhotoPixels } from './fills.ts';
import { TriangleKind, type WarpMesh } from './mesh.ts';
import { pixel } from './photo-colour.ts';
import type { SamplingMap } from './rasterize.ts';
import { smoothstep } from '../smoothstep.ts';

/**
 * The smile lines a warp cannot make: when the mouth corners pull up toward the cheeks, the
 * cheek bulges over the nasolabial fold, which deepens into a shadow with the cheek lit beside
 * it. A warp only moves the photo's skin, so a smile on a face whose folds are flat in the photo
 * stayed flat (a reviewer: "no cheek bunching"; the mouth alone moved). Drawn soft, on the
 * photo's own crease where it has one (found once, beside the landmarks' course), never a ruled
 * line: a narrow shadow tinted toward the skin's own deep tone (an even darkening of warm skin
 * reads olive), a wider light on the cheek, both as deep as the corner has come toward the nose
 * this frame (none at rest, so a photo's own folds are never doubled while it is still), fading
 * in from the nose wing and out past the corner, and out on the far side of a turned face (its
 * fold runs along the outline there, where a line reads as a second edge).
 */

/** Per side (the subject's right, then left): the fold's course, nose wing to below the corner, and the corner and face side. */
const FOLDS = [
  { course: [129, 203, 206, 216, 212], corner: 61, side: RIGHT_FACE_SIDE },
  { course: [358, 423, 426, 436, 432], corner: 291, side: LEFT_FACE_SIDE },
] as const;

/** How far a full smile brings the corner toward the nose wing (inter-ocular units; the rig's full smile on the canonical face: 0.029). */
const FULL_APPROACH = 0.03;
/** Shadow and light widths (inter-ocular units). */
const SHADOW_WIDTH = 0.022;
const LIGHT_WIDTH = 0.05;
/**
 * Darkening at the shadow's middle, and light added on the cheek (share of the skin's colour), at a
 * full smile. Twice these read as an engraved line beside the mouth on smooth skin (the Mona Lisa's
 * aged her, and took her face further from her own to face-api: identity distance 0.376, at these
 * 0.358); on faces with their own folds the two are hard to tell apart.
 */
const SHADOW_DEPTH = 0.08;
const LIGHT_LIFT = 0.04;
/** Along the course (0 at the nose wing, 1 at its end): fades in until, fades out from. */
const FADE_IN = 0.15;
const FADE_OUT = 0.7;
/** A side whose half of the face (nose tip to face side, on the image) is this share of the other's or less draws nothing; fully from the second. */
const FAR_SIDE = [0.45, 0.85] as const;
/**
 * The photo's crease is looked for this far (inter-ocular units) either side of the course,
 * averaged over this length along it, and taken when darker than the course's surroundings by
 * this much (0..1 brightness) beyond what the photo's grain would make.
 */
const CREASE_SEARCH = 0.04;
const CREASE_ALONG = 0.06;
const CREASE_SAMPLES = 7;
const CREASE_CONTRAST = 0.015;


type Point = readonly [number, number];

/** What is fixed about a face's smile lines: per side, the corner-to-wing span and the crease's offset from the course. */
export interface FoldsOfPhoto {
  /** Corner to nose wing, inter-ocular units: a frame's approach is measured against it. */
  spans: [number, number];
  /** Per side, per course point: the photo's crease along the course's normal, inter-ocular units. */
  offsets: [number[], number[]];
}

function courseOf(points: Landmarks, side: number): Point[] {
  return FOLDS[side]!.course.map((i) => [points[i]![0], points[i]![1]] as const);
}

/** Unit normal of a polyline at its point k (the mean of its segments' there). */
function normalAt(course: readonly Point[], k: number): Point {
  const a = course[Math.max(0, k - 1)]!;
  const b = course[Math.min(course.length - 1, k + 1)]!;
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  return [-(b[1] - a[1]) / length, (b[0] - a[0]) / length];
}

function spanOf(points: Landmarks, side: number, iod: number): number {
  const { corner, course } = FOLDS[side]!;
  return Math.hypot(points[corner]![0] - points[course[0]]![0], points[corner]![1] - points[course[0]]![1]) / iod;
}

/**
 * The photo's folds: spans, and where along each course's normal its crease is darkest (0 where
 * it shows none); `grain` the photo's (standard deviation, 0..1), which a crease must stand out of.
 */
export function foldsOfPhoto(photo: PhotoPixels, source: Landmarks, grain: number): FoldsOfPhoto {
  const iod = interOcularDistance(source);
  const reach = CREASE_SEARCH * iod;
  const steps = Math.max(2, Math.round(reach * 2));
  const along = CREASE_ALONG * iod;
  const contrast = CREASE_CONTRAST + (3 * grain) / Math.sqrt(CREASE_SAMPLES);
  const brightnessAt = (x: number, y: number, tangent: Point) => {
    // Averaged along the fold: the crease, not the grain.
    let sum = 0;
    for (let i = 0; i < CREASE_SAMPLES; i++) {
      const t = (i / (CREASE_SAMPLES - 1) - 0.5) * along;
      const c = pixel(photo, x + t * tangent[0], y + t * tangent[1]);
      sum += (c[0] + c[1] + c[2]) / 3;
    }
    return sum / CREASE_SAMPLES;
  };
  const offsets = [0, 1].map((side) => {
    const course = courseOf(source, side);
    const found = course.map((p, k) => {
      const n = normalAt(course, k);
      const tangent: Point = [n[1], -n[0]];
      const profile = Array.from({ length: 2 * steps + 1 }, (_, s) => {
        const d = ((s - steps) / steps) * reach;
        return brightnessAt(p[0] + d * n[0], p[1] + d * n[1], tangent);
      });
      const darkest = profile.reduce((best, v, s) => (v < profile[best]! ? s : best), steps);
      const surroundings = (profile[0]! + profile[profile.length - 1]!) / 2;
      return surroundings - profile[darkest]! > contrast ? (((darkest - steps) / steps) * reach) / iod : 0;
    });
    // A lone point off the others is grain: each point keeps the middle of itself and its neighbours.
    return found.map((_, k) => {
      const near = found.slice(Math.max(0, k - 1), k + 2).sort((a, b) => a - b);
      return near[near.length >> 1]!;
    });
  }) as [number[], number[]];
  return { spans: [spanOf(source, 0, iod), spanOf(source, 1, iod)], offsets };
}

/** What the smile lines lay over the frame: per pixel, the darkening (0..1) and the light added (share of the skin colour). */
export interface SmileLines {
  pixels: number[];
  shadow: number[];
  light: number[];
}

/** How much of its lines a side shows: none on the far side of a turned face. */
function facing(target: Landmarks, side: number): number {
  const half = (s: number) => Math.hypot(target[FOLDS[s]!.side]![0] - target[NOSE_TIP]![0], target[FOLDS[s]!.side]![1] - target[NOSE_TIP]![1]);
  const [own, other] = [half(side), half(1 - side)];
  const ratio = own / Math.max(own, other, 1e-6);
  return smoothstep(FAR_SIDE[0], FAR_SIDE[1], ratio);
}

/**
 * The smile lines of the mesh's face `face` moved to `target`, where its face triangles landed
 * (not in the mouth, nor on another face).
 */
export function smileLines(map: SamplingMap, mesh: WarpMesh, face: number, target: Landmarks, folds: FoldsOfPhoto): SmileLines {
  const lines: SmileLines = { pixels: [], shadow: [], light: [] };
  const iod = interOcularDistance(target);
  const { width, height, kinds, triangles } = map;
  for (const side of [0, 1]) {
    const depth = smoothstep(0, FULL_APPROACH, folds.spans[side]! - spanOf(target, side, iod)) * facing(target, side);
    if (depth <= 0.01) continue;
    const landmarks = courseOf(target, side);
    const course = landmarks.map((p, k): Point => {
      const n = normalAt(landmarks, k);
      const offset = folds.offsets[side]![k]! * iod;
      return [p[0] + offset * n[0], p[1] + offset * n[1]];
    });
    const lengths = course.slice(1).map((p, k) => Math.hypot(p[0] - course[k]![0], p[1] - course[k]![1]));
    const total = lengths.reduce((a, b) => a + b, 0);
    if (!(total > 1)) continue;
    const corner = target[FOLDS[side]!.corner]!;
    const shadowWidth = SHADOW_WIDTH * iod;
    const lightWidth = LIGHT_WIDTH * iod;
    // Past this the light is under the threshold below: no cut at the edge.
    const reach = 3 * lightWidth;
    const near: Nearest = { at: 0, x: 0, y: 0, nx: 0, ny: 0, side: 0, distance: Infinity };
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
        nearestOnCourse(course, lengths, x + 0.5, y + 0.5, near);
        if (near.distance > reach) continue;
        const along = near.at / total;
        const envelope = smoothstep(0, FADE_IN, along) * (1 - smoothstep(FADE_OUT, 1, along));
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
  }
  return lines;
}

/** The nearest point of a polyline to a pixel: its arc position, itself, its segment's unit normal, the signed distance along that normal. */
interface Nearest {
  at: number;
  x: number;
  y: number;
  nx: number;
  ny: number;
  side: number;
  distance: number;
}

/** Writes into `near` the nearest point of the polyline `course` (segment lengths `lengths`) to (x, y): no allocation per pixel. */
function nearestOnCourse(course: readonly Point[], lengths: readonly number[], x: number, y: number, near: Nearest): Nearest {
  near.distance = Infinity;
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
      // Math.hypot is several times slower than this in V8, and this runs per pixel and segment.
      const distance = Math.sqrt((x - px) * (x - px) + (y - py) * (y - py));
      if (distance < near.distance) {
        near.at = start + u;
        near.x = px;
        near.y = py;
        near.nx = -uy;
        near.ny = ux;
        near.side = (x - px) * -uy + (y - py) * ux;
        near.distance = distance;
      }
    }
    start += length;
  }
  return near;
}
