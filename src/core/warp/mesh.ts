import type { Box } from '../face/geometry.ts';
import { FACE_OVAL } from '../face/landmark-indices.ts';
import {
  CHIN,
  LEFT_EYE_CORNERS,
  LEFT_LOWER_LID,
  LEFT_UPPER_LID,
  LOWER_LIP_INNER,
  UPPER_LIP_INNER,
  RIGHT_EYE_CORNERS,
  RIGHT_LOWER_LID,
  RIGHT_UPPER_LID,
} from '../face/regions.ts';
import { FACE_TESSELATION } from '../face/tessellation.ts';
import type { Landmarks, Mat3, Vec3 } from '../motion/types.ts';
import { delaunay } from './delaunay.ts';

/**
 * The mesh the piecewise-affine warp moves: MediaPipe's face tessellation, extended as the warp
 * prototype found necessary (shared/reference/warp-prototype):
 * - strips over the eye openings, so a closing lid has triangles to squeeze;
 * - a mouth "tear": the lip mid-line duplicated, one copy following the upper lip and one the
 *   jaw, so lips part and teeth stay on their lip; the strip between the copies is the newly
 *   opened gap (zero area in the photo);
 * - three rings of points around the face outline that follow the head with falloff (hair,
 *   ears, beard, the top of the neck), less below the chin so collars stay put. When the person
 *   is known (a figure mask: the background is a still plate behind them) the whole head moves
 *   as one — crown, hair and ears turn with the face — and only the outer ring falls off;
 * - points on the image border, and around other people's faces, that never move.
 *
 * Several faces animate in one mesh (a group photo): each has its own block of vertices (its
 * landmarks and its tear) and its own rings, and the rings share out the space between heads.
 * A ring point belongs to the face it lies nearest to in outline units (how many times that face's
 * outline it is away from that face's centre); a point nearer another animated face is dropped
 * (the first ring, which must stay whole, is pulled back to the midline instead), points near
 * the midline follow their head less, and the midline itself and the edge of each face's
 * surroundings are held still, so two heads turning apart stretch the space between them rather
 * than tearing, folding or swimming it, and nothing beyond their surroundings moves.
 */

export const enum TriangleKind {
  Face = 0,
  RightEyeOpening = 1,
  LeftEyeOpening = 2,
  /** The gap between the two copies of the lip mid-line: new mouth interior. */
  MouthGap = 3,
  /** Between an inner lip line and its copy of the mid-line. */
  MouthLip = 4,
  Outside = 5,
}

/** Head axes in the photo: the ring falloff needs to know what is "below the chin". */
export interface HeadAxes {
  /** Head-local to image rotation (columns: the head's right, down and away axes). */
  rotation: Mat3;
  pivot: Vec3;
}

const MESH_POINTS = 468;
/** Inner lip points between the corners: the mouth tear has one mid-line point per pair. */
export const TEAR_PAIRS = UPPER_LIP_INNER.length - 2;
/** Vertices of one animated face: its mesh landmarks, then its tear (upper copies, then lower). */
const FACE_VERTICES = MESH_POINTS + 2 * TEAR_PAIRS;
/** Vertex id of face `face`'s landmark (or tear point, from MESH_POINTS on) `vertex`. */
export const faceVertex = (face: number, vertex: number): number => face * FACE_VERTICES + vertex;
const RINGS = [
  // Scale of the face outline about its centre, how much it follows the head (without and with
  // a figure mask), how far its depth moves toward the pivot's (outer rings turn with the skull,
  // not the face surface; with a figure the first ring keeps close to the outline's depth, so the
  // strip just beyond the outline — the cheek's own edge — moves with it instead of stretching
  // into a second contour on the side that turns away).
  { scale: 1.25, follow: 1.0, followFigure: 1.0, depthToPivot: 0.4, depthToPivotFigure: 0.1, expression: 0.7 },
  { scale: 1.6, follow: 0.55, followFigure: 1.0, depthToPivot: 0.8, depthToPivotFigure: 0.8, expression: 0.3 },
  { scale: 2.1, follow: 0.12, followFigure: 0.35, depthToPivot: 1.0, depthToPivotFigure: 1.0, expression: 0 },
] as const;
/** Other faces' boxes grown by this much of their size are held still. */
const OTHERS_MARGIN = 0.25;
/** Below the chin the rings follow only this much of their share (collars stay still). */
const NECK_FOLLOW = 0.35;
/** With a figure mask the head moves as one: the collar below it is held more firmly. */
const NECK_FOLLOW_FIGURE = 0.15;
/**
 * ... but the shoulders and chest below it rise and sway with the head's travel (a breath lifts
 * them all): this share of the head's translation, for what does not follow its turn.
 */
const BODY_FOLLOW_FIGURE = 0.8;
/**
 * Between two animated faces, ring points within this many outline units of the midline follow
 * their head proportionally less (none on it), so neighbours do not pull the space between them
 * into a fold.
 */
const SHARED_SPAN = 0.35;
/**
 * With several faces, each face's surroundings end here (outline units): points on this ring
 * never move, so nothing beyond any face's surroundings does (bodies and background stay the
 * photo there). One face alone keeps its rings' falloff to the image border.
 */
const SURROUNDINGS = 2.4;
/** A midline point this close (outline units) to the face's first ring is left to the ring. */
const MIDLINE_CLEARANCE = 0.05;
/** A first-ring point pulled back toward its outline keeps at least this much beyond it. */
const MIN_FIRST_RING = 1.03;
/** Border points every this many pixels. */
const BORDER_SPACING = 64;
/** Rings and border are drawn behind the face: the depth test only sorts the face itself. */
export const FAR_DEPTH = 1e4;

export interface RingPoint {
  /** The animated face it belongs to (index into the mesh's faces). */
  face: number;
  landmark: number;
  /** Position in the photo (x, y) and depth. */
  x: number;
  y: number;
  z: number;
  follow: number;
  /** Share of the head's translation taken besides `follow` (the body under the head). */
  body: number;
  expression: number;
}

export interface WarpMesh {
  width: number;
  height: number;
  /** Source (photo) position of every vertex: x, y interleaved, output-frame pixels. */
  source: Float32Array;
  triangles: Uint32Array;
  kinds: Uint8Array;
  /** Per triangle, the animated face it belongs to; -1 for the space around and between them. */
  faceOf: Int16Array;
  faceCount: number;
  /** Vertex layout: FACE_VERTICES per face (see faceVertex), then rings, then border. */
  ringStart: number;
  rings: RingPoint[];
  borderStart: number;
  vertexCount: number;
}

function strip(upper: readonly number[], lower: readonly number[]): [number, number, number][] {
  const n = upper.length;
  const out: [number, number, number][] = [[upper[0]!, upper[1]!, lower[1]!]];
  for (let i = 1; i < n - 2; i++) {
    out.push([upper[i]!, lower[i]!, upper[i + 1]!], [upper[i + 1]!, lower[i]!, lower[i + 1]!]);
  }
  out.push([upper[n - 2]!, lower[n - 2]!, upper[n - 1]!]);
  return out;
}

function insidePolygon(x: number, y: number, polygon: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Head-local "down" coordinate of a photo point (rotation columns are the head's axes). */
function headDown(p: readonly number[], head: HeadAxes): number {
  const r = head.rotation;
  return r[1] * (p[0]! - head.pivot[0]) + r[4] * (p[1]! - head.pivot[1]) + r[7] * (p[2]! - head.pivot[2]);
}

function insideBox(x: number, y: number, box: Box, grow: number): boolean {
  const gx = box.width * grow;
  const gy = box.height * grow;
  return x >= box.x - gx && x <= box.x + box.width + gx && y >= box.y - gy && y <= box.y + box.height + gy;
}

/**
 * The face's visible outline in the photo, one landmark per outline direction: the outline
 * landmark itself, or on a turned face the cheek landmark that reaches further out along the same
 * direction from the centre (the outline landmarks then lie behind the cheek). `reach` is its
 * distance along that direction over the outline landmark's.
 */
function visibleOutline(source: Landmarks, centre: readonly [number, number]): { landmarks: number[]; reach: number[] } {
  const landmarks: number[] = [];
  const reach: number[] = [];
  for (const landmark of FACE_OVAL) {
    const o = source[landmark]!;
    const dx = o[0] - centre[0];
    const dy = o[1] - centre[1];
    const length = Math.hypot(dx, dy) || 1;
    let best: number = landmark;
    let bestAlong = length;
    for (let i = 0; i < MESH_POINTS; i++) {
      const px = source[i]![0] - centre[0];
      const py = source[i]![1] - centre[1];
      const along = (px * dx + py * dy) / length;
      const across = Math.abs(px * dy - py * dx) / length;
      // Within a narrow wedge around the direction (about 4 degrees each side).
      if (along > bestAlong && across < 0.07 * along) {
        best = i;
        bestAlong = along;
      }
    }
    landmarks.push(best);
    reach.push(bestAlong / length);
  }
  return { landmarks, reach };
}

/** One face the mesh animates. */
export interface MeshFace {
  source: Landmarks;
  head: HeadAxes;
  /**
   * Where the mouth tears, per inner-lip pair between the corners: the fraction of the way from
   * the upper inner lip to the lower (default 0.5). On a photo that shows teeth, the line between
   * the upper and the lower teeth, so each row stays whole on its own lip (`mouth.ts`).
   */
  mouthSplit?: readonly number[];
}

export interface MeshOptions {
  /** The person is known (a figure mask): the head moves as one. */
  figure?: boolean;
  /** Faces that stay still (their boxes, pixels): held still. */
  others?: readonly Box[];
}

/** A face's outline, as the rings and the sharing out of space between faces see it. */
interface Outline {
  centre: [number, number];
  /** The face-oval landmarks' positions, in order. */
  oval: [number, number][];
}

function outlineOf(source: Landmarks): Outline {
  const oval = FACE_OVAL.map((i) => [source[i]![0], source[i]![1]] as [number, number]);
  return { centre: [oval.reduce((s, p) => s + p[0], 0) / oval.length, oval.reduce((s, p) => s + p[1], 0) / oval.length], oval };
}

/**
 * How many times the face's outline (along the same direction from its centre) the point is away
 * from that centre: 1 on the outline, 1.25 on the first ring.
 */
function outlineUnits(outline: Outline, x: number, y: number): number {
  const [cx, cy] = outline.centre;
  const dx = x - cx;
  const dy = y - cy;
  const length = Math.hypot(dx, dy);
  if (length < 1e-9) return 0;
  // The outline is star-shaped about its centre: the one edge the ray crosses gives its reach.
  let reach = 0;
  const { oval } = outline;
  for (let i = 0, j = oval.length - 1; i < oval.length; j = i++) {
    const ax = oval[j]![0] - cx;
    const ay = oval[j]![1] - cy;
    const ex = oval[i]![0] - oval[j]![0];
    const ey = oval[i]![1] - oval[j]![1];
    const den = dx * ey - dy * ex;
    if (Math.abs(den) < 1e-12) continue;
    const t = (ax * ey - ay * ex) / den;
    const s = (ax * dy - ay * dx) / den;
    if (t > 0 && s >= 0 && s <= 1) reach = Math.max(reach, t);
  }
  return reach > 0 ? 1 / reach : Infinity;
}

/** How much nearer (outline units) the point is to face `own` than to any other animated face. */
function ownMargin(outlines: readonly Outline[], own: number, x: number, y: number): number {
  const mine = outlineUnits(outlines[own]!, x, y);
  let margin = Infinity;
  outlines.forEach((outline, f) => {
    if (f !== own) margin = Math.min(margin, outlineUnits(outline, x, y) - mine);
  });
  return margin;
}

/**
 * How far (outline units) face `own`'s space reaches along the ray from its centre through
 * `toward`, between `inside` (its own) and `outside` (another face's): the midline, by halving.
 */
function midlineAlong(outlines: readonly Outline[], own: number, toward: readonly number[], inside: number, outside: number): number {
  const [cx, cy] = outlines[own]!.centre;
  for (let step = 0; step < 12; step++) {
    const mid = (inside + outside) / 2;
    if (ownMargin(outlines, own, cx + mid * (toward[0]! - cx), cy + mid * (toward[1]! - cy)) >= 0) inside = mid;
    else outside = mid;
  }
  return inside;
}

export function buildWarpMesh(faces: readonly MeshFace[], width: number, height: number, options: MeshOptions = {}): WarpMesh {
  const others = options.others ?? [];
  const outlines = faces.map((face) => outlineOf(face.source));

  const rings: RingPoint[] = [];
  /** Per face, its silhouette landmarks (stitched to its first ring). */
  const silhouettes: number[][] = [];
  /** Per face, the index in `rings` of its first ring (whole: FACE_OVAL.length points). */
  const firstRingAt: number[] = [];
  /** Per face and outline direction, how far (outline units) its first ring reaches. */
  const firstReach: number[][] = [];
  faces.forEach(({ source, head }, f) => {
    firstRingAt.push(rings.length);
    firstReach.push([]);
    const { centre } = outlines[f]!;
    const chinDown = headDown(source[CHIN]!, head);
    const silhouette = visibleOutline(source, centre);
    silhouettes.push(silhouette.landmarks);
    for (const [r, ring] of RINGS.entries()) {
      FACE_OVAL.forEach((landmark, k) => {
        const p = source[landmark]!;
        // Beyond the visible outline: on a turned face the cheek reaches past the outline landmarks.
        const least = (1 + 0.1 * ring.scale) * silhouette.reach[k]!;
        let reach = Math.max(ring.scale, least);
        const at = (scale: number) => [centre[0] + scale * (p[0] - centre[0]), centre[1] + scale * (p[1] - centre[1])] as const;
        let margin = ownMargin(outlines, f, ...at(reach));
        if (margin < 0) {
          // Another face's space: outer rings leave it to that face; the first ring, which must be
          // whole, stops at the midline (halving toward its own outline).
          if (r > 0) return;
          reach = midlineAlong(outlines, f, p, Math.max(MIN_FIRST_RING, MIN_FIRST_RING * silhouette.reach[k]!), reach);
          margin = Math.max(0, ownMargin(outlines, f, ...at(reach)));
        }
        if (r === 0) firstReach[f]!.push(reach);
        const [x, y] = at(reach);
        // Points of the outer rings outside the frame are left to the fixed border; the first ring
        // is whole (it is stitched to the outline point by point).
        if (r > 0 && (x < 1 || y < 1 || x > width - 1 || y > height - 1)) return;
        const lower = Math.min(1, Math.max(0, (headDown(p, head) - 0.35 * chinDown) / (0.65 * chinDown || 1)));
        const near = others.some((box) => insideBox(x, y, box, OTHERS_MARGIN));
        const shared = Math.min(1, margin / SHARED_SPAN);
        rings.push({
          face: f,
          landmark,
          x,
          y,
          z: p[2] + (head.pivot[2] - p[2]) * (options.figure ? ring.depthToPivotFigure : ring.depthToPivot),
          follow: near ? 0 : shared * (options.figure ? ring.followFigure * (1 - (1 - NECK_FOLLOW_FIGURE) * lower) : ring.follow * (1 - (1 - NECK_FOLLOW) * lower)),
          body: near || !options.figure ? 0 : shared * BODY_FOLLOW_FIGURE * lower,
          expression: ring.expression,
        });
      });
    }
  });

  const border: [number, number][] = [];
  const across = Math.max(1, Math.round(width / BORDER_SPACING));
  const down = Math.max(1, Math.round(height / BORDER_SPACING));
  for (let i = 0; i <= across; i++) border.push([(i * width) / across, 0], [(i * width) / across, height]);
  for (let j = 1; j < down; j++) border.push([0, (j * height) / down], [width, (j * height) / down]);
  // Several faces: each one's surroundings end in still points, or, toward a neighbour, at the
  // midline between them (the space two faces share never swims: it stretches toward a still line).
  if (faces.length > 1) {
    outlines.forEach(({ centre, oval }, f) => {
      oval.forEach((p, k) => {
        const at = (scale: number) => [centre[0] + scale * (p[0] - centre[0]), centre[1] + scale * (p[1] - centre[1])] as const;
        let reach = SURROUNDINGS;
        if (ownMargin(outlines, f, ...at(reach)) < 0) {
          const first = firstReach[f]![k]!;
          reach = midlineAlong(outlines, f, p, first, reach);
          // At the first ring already (it stops at the midline, still there itself).
          if (reach < first + MIDLINE_CLEARANCE) return;
        }
        const [x, y] = at(reach);
        if (x > 1 && y > 1 && x < width - 1 && y < height - 1) border.push([x, y]);
      });
    });
  }
  // Still faces are pinned at their grown boxes' corners, where those lie beyond every moving head.
  const headRings = outlines.map(({ centre, oval }) => oval.map((p) => [centre[0] + 1.6 * (p[0] - centre[0]), centre[1] + 1.6 * (p[1] - centre[1])] as [number, number]));
  for (const box of others) {
    const gx = box.width * OTHERS_MARGIN;
    const gy = box.height * OTHERS_MARGIN;
    for (const [x, y] of [
      [box.x - gx, box.y - gy],
      [box.x + box.width + gx, box.y - gy],
      [box.x - gx, box.y + box.height + gy],
      [box.x + box.width + gx, box.y + box.height + gy],
    ] as const) {
      if (x > 1 && y > 1 && x < width - 1 && y < height - 1 && !headRings.some((ring) => insidePolygon(x, y, ring))) border.push([x, y]);
    }
  }

  const ringStart = faces.length * FACE_VERTICES;
  const borderStart = ringStart + rings.length;
  const vertexCount = borderStart + border.length;
  const positions = new Float32Array(vertexCount * 2);
  faces.forEach(({ source, mouthSplit }, f) => {
    for (let i = 0; i < MESH_POINTS; i++) positions.set([source[i]![0], source[i]![1]], 2 * faceVertex(f, i));
    for (let k = 0; k < TEAR_PAIRS; k++) {
      const up = source[UPPER_LIP_INNER[k + 1]!]!;
      const lo = source[LOWER_LIP_INNER[k + 1]!]!;
      const t = mouthSplit?.[k] ?? 0.5;
      const mid = [up[0] + t * (lo[0] - up[0]), up[1] + t * (lo[1] - up[1])];
      positions.set(mid, 2 * faceVertex(f, MESH_POINTS + k));
      positions.set(mid, 2 * faceVertex(f, MESH_POINTS + TEAR_PAIRS + k));
    }
  });
  rings.forEach((r, i) => positions.set([r.x, r.y], 2 * (ringStart + i)));
  border.forEach((b, i) => positions.set(b, 2 * (borderStart + i)));

  const triangles: number[] = [];
  const kinds: number[] = [];
  const faceOf: number[] = [];
  const add = (list: [number, number, number][], kind: TriangleKind, face: number) => {
    for (const t of list) {
      triangles.push(...t);
      kinds.push(kind);
      faceOf.push(face);
    }
  };
  const firstRings: number[][] = [];
  faces.forEach((_, f) => {
    const v = (i: number) => faceVertex(f, i);
    const local = (list: [number, number, number][]) => list.map((t) => t.map(v) as [number, number, number]);
    add(local(FACE_TESSELATION.map((t) => [...t] as [number, number, number])), TriangleKind.Face, f);
    add(local(strip([RIGHT_EYE_CORNERS[0], ...RIGHT_UPPER_LID, RIGHT_EYE_CORNERS[1]], [RIGHT_EYE_CORNERS[0], ...RIGHT_LOWER_LID, RIGHT_EYE_CORNERS[1]])), TriangleKind.RightEyeOpening, f);
    add(local(strip([LEFT_EYE_CORNERS[0], ...LEFT_UPPER_LID, LEFT_EYE_CORNERS[1]], [LEFT_EYE_CORNERS[0], ...LEFT_LOWER_LID, LEFT_EYE_CORNERS[1]])), TriangleKind.LeftEyeOpening, f);
    const corners = [UPPER_LIP_INNER[0], UPPER_LIP_INNER[UPPER_LIP_INNER.length - 1]!];
    const upperCopy = [corners[0]!, ...Array.from({ length: TEAR_PAIRS }, (_, k) => MESH_POINTS + k), corners[1]!];
    const lowerCopy = [corners[0]!, ...Array.from({ length: TEAR_PAIRS }, (_, k) => MESH_POINTS + TEAR_PAIRS + k), corners[1]!];
    add(local(strip(UPPER_LIP_INNER, upperCopy)), TriangleKind.MouthLip, f);
    add(local(strip(upperCopy, lowerCopy)), TriangleKind.MouthGap, f);
    add(local(strip(lowerCopy, LOWER_LIP_INNER)), TriangleKind.MouthLip, f);

    // Between the visible outline and the first ring: a strip stitched point by point, so no
    // triangle there reads the face (a triangle reaching over the face's edge would show it twice
    // once the face moves).
    const firstRing = FACE_OVAL.map((_, k) => ringStart + firstRingAt[f]! + k);
    firstRings.push(firstRing);
    const silhouette = silhouettes[f]!;
    const band: [number, number, number][] = [];
    FACE_OVAL.forEach((_, k) => {
      const next = (k + 1) % FACE_OVAL.length;
      const [a, b] = [v(silhouette[k]!), v(silhouette[next]!)];
      if (a !== b) band.push([a, b, firstRing[k]!]);
      band.push([b, firstRing[next]!, firstRing[k]!]);
    });
    add(band, TriangleKind.Outside, f);
  });
  // Beyond them: Delaunay over the rings and the border, minus what lies inside a first ring.
  const outerIds = [...rings.map((_, i) => ringStart + i), ...border.map((_, i) => borderStart + i)];
  const outerPoints = outerIds.map((id) => [positions[2 * id]!, positions[2 * id + 1]!] as [number, number]);
  const outlinesNow = firstRings.map((ring) => ring.map((id) => [positions[2 * id]!, positions[2 * id + 1]!] as [number, number]));
  add(
    delaunay(outerPoints)
      .filter(([a, b, c]) => {
        const cx = (outerPoints[a]![0] + outerPoints[b]![0] + outerPoints[c]![0]) / 3;
        const cy = (outerPoints[a]![1] + outerPoints[b]![1] + outerPoints[c]![1]) / 3;
        return !outlinesNow.some((outline) => insidePolygon(cx, cy, outline));
      })
      .map(([a, b, c]) => [outerIds[a]!, outerIds[b]!, outerIds[c]!]),
    TriangleKind.Outside,
    -1,
  );

  return {
    width,
    height,
    source: positions,
    triangles: Uint32Array.from(triangles),
    kinds: Uint8Array.from(kinds),
    faceOf: Int16Array.from(faceOf),
    faceCount: faces.length,
    ringStart,
    rings,
    borderStart,
    vertexCount,
  };
}

/** Where every vertex goes in one frame, and its depth for the depth test. */
export interface WarpTargets {
  positions: Float32Array;
  depth: Float32Array;
}

/** One frame's motion of the face, as motion transfer computes it. */
export interface FaceMotion {
  /** The 478 target landmarks (x, y in output pixels, z for depth). */
  landmarks: Landmarks;
  /** Where a point of the head goes: rotation about the pivot, expression, pose. */
  moveHeadPoint(point: Vec3, expression: Vec3): Vec3;
  /** Expression displacement of a landmark, image space, pixels. */
  expressionOf(landmark: number): Vec3;
  /** The head's translation, pixels. */
  translation: Vec3;
}

/** Every vertex's place in one frame: `motions[f]` moves the mesh's face `f` (photo landmarks `sources[f]`). */
export function warpTargets(mesh: WarpMesh, sources: readonly Landmarks[], motions: readonly FaceMotion[]): WarpTargets {
  const positions = new Float32Array(mesh.vertexCount * 2);
  const depth = new Float32Array(mesh.vertexCount);
  motions.forEach((motion, f) => {
    const target = motion.landmarks;
    const source = sources[f]!;
    for (let i = 0; i < MESH_POINTS; i++) {
      const v = faceVertex(f, i);
      positions[2 * v] = target[i]![0];
      positions[2 * v + 1] = target[i]![1];
      depth[v] = target[i]![2];
    }
    for (let k = 0; k < TEAR_PAIRS; k++) {
      const up = UPPER_LIP_INNER[k + 1]!;
      const lo = LOWER_LIP_INNER[k + 1]!;
      const mid = faceVertex(f, MESH_POINTS + k);
      const midX = mesh.source[2 * mid]!;
      const midY = mesh.source[2 * mid + 1]!;
      const z = (target[up]![2] + target[lo]![2]) / 2;
      for (const [copy, lip] of [
        [mid, up],
        [mid + TEAR_PAIRS, lo],
      ] as const) {
        positions[2 * copy] = midX + target[lip]![0] - source[lip]![0];
        positions[2 * copy + 1] = midY + target[lip]![1] - source[lip]![1];
        depth[copy] = z;
      }
    }
  });
  mesh.rings.forEach((ring, i) => {
    const motion = motions[ring.face]!;
    const e = motion.expressionOf(ring.landmark);
    const moved = motion.moveHeadPoint([ring.x, ring.y, ring.z], [e[0] * ring.expression, e[1] * ring.expression, e[2] * ring.expression]);
    const v = mesh.ringStart + i;
    const carried = (1 - ring.follow) * ring.body;
    positions[2 * v] = ring.x + ring.follow * (moved[0] - ring.x) + carried * motion.translation[0];
    positions[2 * v + 1] = ring.y + ring.follow * (moved[1] - ring.y) + carried * motion.translation[1];
    depth[v] = FAR_DEPTH;
  });
  for (let v = mesh.borderStart; v < mesh.vertexCount; v++) {
    positions[2 * v] = mesh.source[2 * v]!;
    positions[2 * v + 1] = mesh.source[2 * v + 1]!;
    depth[v] = FAR_DEPTH;
  }
  return { positions, depth };
}
