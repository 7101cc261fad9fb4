import {
  LEFT_EYE_CORNERS,
  LEFT_LID_CREASE,
  LEFT_LOWER_LID,
  LEFT_UPPER_LID,
  RIGHT_EYE_CORNERS,
  RIGHT_LID_CREASE,
  RIGHT_LOWER_LID,
  RIGHT_UPPER_LID,
} from '../face/regions.ts';
import { interOcularDistance } from '../face/landmark-indices.ts';
import type { Landmarks } from '../motion/types.ts';
import { faceVertex, type WarpMesh } from './mesh.ts';
import { polylineAt } from './polygon.ts';
import type { SamplingMap } from './rasterize.ts';

/**
 * Eyelids as a lid moves, not as a stretched picture of an eye. Piecewise-affine triangles squash
 * the eye when the lid comes down (the iris turns into a flat ellipse, the white into a smear) and
 * stretch the photo's thin band of lid skin many times over, lash line and a sliver of eyeball
 * included. Here the pixels between the crease and the lower lid are read again, per eye, in
 * coordinates along the eye (u, corner to corner) and across it:
 * - the lid (crease to lid line) is the photo's lid, its lash line kept at the photo's own
 *   thickness at the lid's lower edge and only the skin above it stretched, never reading below
 *   the lid margin into the eyeball as it closes;
 * - the opening between the lids is covered, not squashed: the eyeball stays where it is between
 *   the corners, the upper lid covering it from above and a risen lower lid from below (a
 *   half-closed eye shows the lower half of the iris, round; a smile's raised lower lids its upper
 *   half); an eye opening wider than the photo's is stretched at its top only (the iris keeps its
 *   size).
 * The lid's edge, where the two meet, is antialiased (the pixel it crosses shows both, by
 * coverage: `seams`); elsewhere the mapping is continuous, and at rest it is the identity.
 */

interface EyeRegions {
  corners: readonly [number, number];
  upper: readonly number[];
  lower: readonly number[];
  crease: readonly number[];
}

const EYES: readonly EyeRegions[] = [
  { corners: RIGHT_EYE_CORNERS, upper: RIGHT_UPPER_LID, lower: RIGHT_LOWER_LID, crease: RIGHT_LID_CREASE },
  { corners: LEFT_EYE_CORNERS, upper: LEFT_UPPER_LID, lower: LEFT_LOWER_LID, crease: LEFT_LID_CREASE },
];

/** The lash line's thickness kept unstretched: this share of the lid band, at most this much of the eye span. */
const LASH_SHARE = 0.45;
const LASH_SPAN = 0.035;
/** An eye opening wider than the photo's keeps this share of its lower part at the photo's scale. */
const KEPT_OPENING = 0.6;
/** How far above the lid margin (pixels) a closed lid's lower edge reads: the lashes, not the eyeball. */
const MARGIN_CLEARANCE = 0.7;

/** An eye in its own frame: u along the corner axis (0 outer corner .. 1 inner), y across it toward the lower lid, in pixels. */
interface EyeFrame {
  origin: readonly [number, number];
  /** Corner axis, pixels (outer to inner corner). */
  axis: readonly [number, number];
  /** Unit normal toward the lower lid. */
  down: readonly [number, number];
  /** Lid lines as y at increasing u: [u, y] pairs. */
  crease: [number, number][];
  upper: [number, number][];
  lower: [number, number][];
}

function eyeFrame(points: Landmarks, eye: EyeRegions): EyeFrame {
  const [a, b] = [points[eye.corners[0]]!, points[eye.corners[1]]!];
  const axis = [b[0] - a[0], b[1] - a[1]] as const;
  const length2 = axis[0] ** 2 + axis[1] ** 2 || 1;
  const length = Math.sqrt(length2);
  let down: [number, number] = [-axis[1] / length, axis[0] / length];
  const mid = (ids: readonly number[]) => points[ids[ids.length >> 1]!]!;
  if ((mid(eye.lower)[0] - mid(eye.upper)[0]) * down[0] + (mid(eye.lower)[1] - mid(eye.upper)[1]) * down[1] < 0) down = [-down[0], -down[1]];
  const local = (i: number): [number, number] => {
    const dx = points[i]![0] - a[0];
    const dy = points[i]![1] - a[1];
    return [(dx * axis[0] + dy * axis[1]) / length2, dx * down[0] + dy * down[1]];
  };
  const line = (ids: readonly number[]) => [eye.corners[0], ...ids, eye.corners[1]].map(local).sort((p, q) => p[0] - q[0]);
  return { origin: [a[0], a[1]], axis, down, crease: line(eye.crease), upper: line(eye.upper), lower: line(eye.lower) };
}

/**
 * Distance from an edge (photo pixels) that a pixel `distance` from that edge in the frame reads,
 * for a band `target` tall that is `source` tall in the photo: the first `kept` pixels (a lid's lash
 * line, the lower part of an eye) at their own scale, the rest taking the whole stretch; a band
 * shorter than the photo's is compressed evenly.
 */
export function lidDistance(distance: number, target: number, source: number, kept: number): number {
  if (target <= source || target <= kept) return (distance * source) / Math.max(target, 1e-6);
  if (distance <= kept) return distance;
  return kept + ((distance - kept) * (source - kept)) / (target - kept);
}

/** What the fills add over the reshaped lids, per pixel. */
export interface LidShading {
  pixels: number[];
  /** Opacity of the shadow the lid margin casts on the eye below it. */
  shadow: number[];
  /** Share of the photo's grain to add back: the stretched lid skin has lost that much. */
  grain: number[];
}

/** The lid's shadow on the eye: this opaque at the margin of a shut lid, fading over this much of the eye span. */
const SHADOW_OPACITY = 0.4;
const SHADOW_SPAN = 0.03;
/** A shut lid darkens toward its margin by up to this much (a stretched band of pale lid skin read as a flat patch). */
const LID_TURN_SHADOW = 0.3;

const photoEyeCache = new WeakMap<Landmarks, EyeFrame[]>();

/** The photo's eyes do not change from frame to frame: their frames are made once. */
function photoEyeFrames(source: Landmarks): EyeFrame[] {
  let frames = photoEyeCache.get(source);
  if (!frames) photoEyeCache.set(source, (frames = EYES.map((eye) => eyeFrame(source, eye))));
  return frames;
}

const eyeTriangleCache = new WeakMap<WarpMesh, Uint16Array>();

/** The owner code of face `face`'s eye `eye` (see eyeTriangles). */
const eyeCode = (face: number, eye: number) => 1 + 2 * face + eye;

/**
 * Per mesh triangle: the eye whose lid or opening it is made of (all its corners on that eye's
 * lid lines), as eyeCode(face, eye), else 0. A pixel drawn by anything else (the nose of a turned
 * face) is left alone.
 */
function eyeTriangles(mesh: WarpMesh): Uint16Array {
  let owner = eyeTriangleCache.get(mesh);
  if (owner) return owner;
  owner = new Uint16Array(mesh.kinds.length);
  const sets = EYES.map((eye) => new Set<number>([...eye.corners, ...eye.upper, ...eye.lower, ...eye.crease]));
  for (let t = 0; t < owner.length; t++) {
    const face = mesh.faceOf[t]!;
    if (face < 0) continue;
    const corners = [0, 1, 2].map((k) => mesh.triangles[3 * t + k]! - faceVertex(face, 0));
    sets.forEach((set, e) => {
      if (corners.every((v) => set.has(v))) owner![t] = eyeCode(face, e);
    });
  }
  eyeTriangleCache.set(mesh, owner);
  return owner;
}

/**
 * Rewrites the sampling map over both eyes of the mesh's face `face` (see above); returns the
 * shading the fills add.
 */
export function reshapeLids(map: SamplingMap, mesh: WarpMesh, face: number, source: Landmarks, target: Landmarks): LidShading {
  const { width, height, grid, triangles } = map;
  const owner = eyeTriangles(mesh);
  const span = interOcularDistance(source);
  const shading: LidShading = { pixels: [], shadow: [], grain: [] };
  const photoEyes = photoEyeFrames(source);
  EYES.forEach((eye, e) => {
    const from = photoEyes[e]!;
    const to = eyeFrame(target, eye);
    const opening = (f: EyeFrame) => f.upper.reduce((sum, [u]) => sum + polylineAt(f.lower, u) - polylineAt(f.upper, u), 0);
    const sourceOpening = opening(from);
    const closure = sourceOpening > 0 ? 1 - opening(to) / sourceOpening : 0;
    // How far the upper lid has come down toward the lower lid: a smile's risen lower lid narrows
    // the eye, but casts no lid shadow and shuts no lid.
    const lowered = from.upper.reduce((sum, [u, y]) => sum + polylineAt(to.upper, u) - y, 0);
    const room = from.upper.reduce((sum, [u, y]) => sum + polylineAt(to.lower, u) - y, 0);
    const shut = room > 0 ? Math.min(1, Math.max(0, lowered / room)) : 1;
    if (Math.abs(closure) < 1e-3 && unmovedEye(source, target, eye)) return;
    const shadowFalloff = SHADOW_SPAN * span;
    const toLength2 = to.axis[0] ** 2 + to.axis[1] ** 2 || 1;
    // Pixels of the eye's bounds whose u lies on the eye and y between crease and lower lid.
    const xs: number[] = [];
    const ys: number[] = [];
    for (const ids of [eye.crease, eye.lower, eye.corners]) for (const i of ids) xs.push(target[i]![0]), ys.push(target[i]![1]);
    const x0 = Math.max(0, Math.floor(Math.min(...xs)));
    const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)));
    const y0 = Math.max(0, Math.floor(Math.min(...ys)));
    const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const p = y * width + x;
        const t = triangles[p]!;
        if (t < 0 || owner[t] !== eyeCode(face, e)) continue;
        const dx = x + 0.5 - to.origin[0];
        const dy = y + 0.5 - to.origin[1];
        const u = (dx * to.axis[0] + dy * to.axis[1]) / toLength2;
        if (u <= 0 || u >= 1) continue;
        const across = dx * to.down[0] + dy * to.down[1];
        const crease = polylineAt(to.crease, u);
        const lower = polylineAt(to.lower, u);
        if (across < crease || across > lower) continue;
        const lid = polylineAt(to.upper, u);
        const fromCrease = polylineAt(from.crease, u);
        const fromLid = polylineAt(from.upper, u);
        const fromLower = polylineAt(from.lower, u);
        const band = fromLid - fromCrease;
        const clearance = Math.min(MARGIN_CLEARANCE * shut, 0.5 * band);
        const lash = Math.min(LASH_SHARE * band, LASH_SPAN * span);
        const sourceOpeningHere = fromLower - fromLid;
        // Pixels below the lid line, signed: the lid's edge is antialiased over the pixel it crosses.
        const below = across - lid;
        const lidRead = fromLid - clearance - lidDistance(Math.max(0, -below), lid - crease, band - clearance, lash);
        // The eyeball stays where it is between the corners: a lower lid that rises (a smile's
        // cheeks, a squint) covers it from below as the upper lid covers it from above; one that
        // drops carries the opening down. Wider than the photo's: the lower part of the eye (the
        // iris's lower half) keeps its shape, only the top of the opening stretches.
        const anchor = Math.max(lower, fromLower);
        const window = anchor - lid;
        const above = Math.min(window, Math.max(0, anchor - across));
        const openingRead = fromLower - (window >= sourceOpeningHere ? lidDistance(above, window, sourceOpeningHere, KEPT_OPENING * sourceOpeningHere) : above);
        const [near, far] = below < 0 ? [lidRead, openingRead] : [openingRead, lidRead];
        const atX = from.origin[0] + u * from.axis[0];
        const atY = from.origin[1] + u * from.axis[1];
        grid[2 * p] = ((atX + near * from.down[0]) * 2) / width - 1;
        grid[2 * p + 1] = ((atY + near * from.down[1]) * 2) / height - 1;
        // The side the pixel centre is on, mixed with the other by its share of the pixel.
        if (Math.abs(below) < 0.5 && Math.abs(far - near) > 0.05) {
          addSeam(map, p, 0.5 - Math.abs(below), atX + far * from.down[0], atY + far * from.down[1]);
        }
        // A risen lower lid's edge: the pixel it crosses shows its margin too (the triangles draw the lid below).
        const toLid = lower - across;
        if (toLid < 0.5 && below > 0 && anchor - lower > 0.05) {
          addSeam(map, p, 0.5 - toLid, atX + fromLower * from.down[0], atY + fromLower * from.down[1]);
        }
        if (below <= 0) {
          const stretch = (lid - crease) / Math.max(band, 1e-6);
          // The lid rounds over the eyeball and turns under toward its lashes, away from the light.
          const toMargin = 1 - Math.min(1, -below / Math.max(lid - crease, 1));
          const turn = LID_TURN_SHADOW * shut * toMargin * toMargin;
          if (stretch > 1.05 || turn > 0.004) {
            shading.pixels.push(p), shading.shadow.push(turn), shading.grain.push(stretch > 1.05 ? Math.sqrt(1 - 1 / (stretch * stretch)) : 0);
          }
        } else if (shut > 0) {
          shading.pixels.push(p), shading.shadow.push(SHADOW_OPACITY * shut * Math.exp(-below / shadowFalloff)), shading.grain.push(0);
        }
      }
    }
  });
  return shading;
}

/** Pixel `p` also shows the photo at (x, y) (pixels), with this share of its coverage. */
function addSeam(map: SamplingMap, p: number, weight: number, x: number, y: number): void {
  map.seams.pixels.push(p);
  map.seams.weights.push(weight);
  map.seams.samples.push((x * 2) / map.width - 1, (y * 2) / map.height - 1);
}

/** At rest the triangles' map is already the identity. */
function unmovedEye(source: Landmarks, target: Landmarks, eye: EyeRegions): boolean {
  const ids = [...eye.corners, ...eye.upper, ...eye.lower, ...eye.crease];
  return ids.every((i) => Math.abs(source[i]![0] - target[i]![0]) < 1e-4 && Math.abs(source[i]![1] - target[i]![1]) < 1e-4);
}
