import { CANONICAL_FACE } from '../face/canonical/canonical-face.ts';
import { interOcularDistance } from '../face/landmark-indices.ts';
import { LEFT_EYE_CORNERS, LEFT_IRIS, LOWER_LIP_INNER, RIGHT_EYE_CORNERS, RIGHT_IRIS, UPPER_LIP_INNER } from '../face/regions.ts';
import type { Landmarks } from '../motion/types.ts';
import type { PhotoPixels } from './fills.ts';
import { percentileColour, pixel } from './photo-colour.ts';
import { polylineAt } from './polygon.ts';

/**
 * Upper teeth for a mouth that is closed in the photo (issue 11: "a hint of upper teeth only if it
 * looks real"). Tried and looked at: a dark slit alone reads as talking, not as a smile or a laugh;
 * a person who laughs shows the upper teeth. They hang from the upper lip (the upper jaw moves
 * with the head, as the lip does), laid out along the lip's own arc so a turned head foreshortens
 * them as it does the lip: central incisors, laterals, canines, then the cheeks' shadow. Their
 * colour is lighter than the photo's skin and takes a third of its colour (a B&W photo gets grey
 * teeth, a painting its own palette); shaded under the lip, darker round the arch, with the gaps
 * between the teeth and the notches of their edges drawn only where a tooth is wide enough to show them.
 * A wide-open mouth also shows the edges of the lower teeth above the lower lip, shorter and in
 * shadow (without them its opening was a tall dark hole under the upper teeth).
 */

/** Arc length (inter-ocular units) from the lip's centre along a canonical inner lip, per point (negative toward the image's left). */
function lipArc(lip: readonly number[]): number[] {
  const centre = lip.length >> 1;
  const p = (k: number) => CANONICAL_FACE[lip[k]!]!;
  const arc = lip.map(() => 0);
  for (let k = centre + 1; k < lip.length; k++) arc[k] = arc[k - 1]! + Math.hypot(p(k)[0] - p(k - 1)[0], p(k)[1] - p(k - 1)[1], p(k)[2] - p(k - 1)[2]);
  for (let k = centre - 1; k >= 0; k--) arc[k] = arc[k + 1]! - Math.hypot(p(k)[0] - p(k + 1)[0], p(k)[1] - p(k + 1)[1], p(k)[2] - p(k + 1)[2]);
  return arc;
}

/** One row of teeth, laid out along its inner lip's arc. */
export interface TeethRow {
  lip: readonly number[];
  arc: readonly number[];
  /** Where one tooth meets the next, along the arc from the midline (inter-ocular units). */
  edges: readonly number[];
  /** Past this arc the teeth are in the cheeks' shadow; they fade into it over the last `archFade` before it. */
  archEnd: number;
  archFade: number;
  /** How far the middle teeth show from their lip (inter-ocular units), and at most this share of the opening. */
  show: number;
  share: number;
  /** Brightness of the row. */
  light: number;
  /** The opening (inter-ocular units) over which the row comes into view, from none to all of `show` ([0, 0]: at once). */
  opensOver: readonly [number, number];
}

/**
 * The upper teeth: an adult's 8.5, 6.5 and 7.5 mm central incisors, laterals and canines on a
 * ~95 mm eye span; they show as soon as the lips part, the dark interior below them. Up to three
 * quarters of the opening: at 55 %, a laugh's opening (~0.13) cut them short into a flat slab
 * with no edges to read; looked at blind beside it, this read as teeth.
 */
export const UPPER_TEETH: TeethRow = {
  lip: UPPER_LIP_INNER,
  arc: lipArc(UPPER_LIP_INNER),
  edges: [0, 0.09, 0.158, 0.237],
  archEnd: 0.25,
  archFade: 0.1,
  show: 0.095,
  share: 0.75,
  light: 1,
  opensOver: [0, 0],
};

/**
 * The lower teeth: narrower (5.5, 6 and 7 mm), mostly behind the lower lip, in the upper jaw's
 * shadow; only a wide-open mouth shows their edges. Tried from a smaller opening and looked at: in
 * the library laugh's opening (~0.14) they closed the dark between the rows, and the laugh read as
 * a clenched grin.
 */
export const LOWER_TEETH: TeethRow = {
  lip: LOWER_LIP_INNER,
  arc: lipArc(LOWER_LIP_INNER),
  edges: [0, 0.058, 0.121, 0.195],
  archEnd: 0.2,
  archFade: 0.08,
  show: 0.045,
  share: 0.22,
  light: 0.72,
  opensOver: [0.14, 0.24],
};

/** The edge line draws back this much (share of the show) at the canines: the smile arc. */
const EDGE_ARC = 0.3;
/** Brightness lost round the arch, at its end: only the middle teeth read clearly. */
const ARCH_DARKENING = 0.6;
/** The upper lip's shadow on the teeth: this dark at the lip, gone by this share of their height. */
const LIP_SHADOW = 0.75;
const LIP_SHADOW_SPAN = 0.45;
/** The gap between two teeth: this dark at most (at the teeth's edge, fading out toward the lip: soft shading, not a ruled line), this wide (pixels), drawn fully where a tooth is this many pixels wide. */
const GAP_DARKNESS = 0.16;
const GAP_WIDTH = 0.8;
const GAP_SHOWN_FROM = 6;
/** The notch between two teeth at their edge: this share of the show, over this share of a tooth's width. */
const NOTCH_DEPTH = 0.12;
const NOTCH_WIDTH = 0.2;
/**
 * The colour: this share of the skin's chroma (its colour less its grey), this many times its
 * brightness. The fixture photos' own teeth beside their skin: chroma 0.28 (Obama) and 0.68
 * (Collins), brightness 1.25 and 1.04. As light as the skin, teeth read as a grey slab; a
 * varnished painting's keep its tint.
 */
const TEETH_CHROMA = 0.35;
const TEETH_LIGHT = 1.15;
/** The teeth's lower edge is this soft (pixels): a photo's teeth are not cut out. */
const EDGE_SOFTNESS = 1.5;
/** Each tooth is rounded: this much darker at its sides than at its middle. */
const TOOTH_ROUNDING = 0.15;
/** A photo's mouth this open (inter-ocular units) shows its own interior: no teeth are added. */
const CLOSED_MOUTH = 0.02;
/**
 * Lips are darker than the skin round them (B&W, paint or colour). Where what the landmarks call
 * lips is not darker than this share of the skin, the mouth is hidden (a white beard or
 * moustache over it): added teeth drew a pale bar with a dark rim in the beard, and the parted
 * lips show only the dark interior, a mouth opening under the hair.
 */
const HIDDEN_MOUTH_LIPS = 0.95;

type Colour = [number, number, number];

const brightness = (c: Colour) => (c[0] + c[1] + c[2]) / 3;

/** The eye whites: beside each iris, toward both corners, on the line between the corners. */
function eyeWhites(photo: PhotoPixels, source: Landmarks): Colour {
  const colours: Colour[] = [];
  for (const [corners, iris] of [[RIGHT_EYE_CORNERS, RIGHT_IRIS], [LEFT_EYE_CORNERS, LEFT_IRIS]] as const) {
    const centre = source[iris[0]]!;
    const radius = Math.hypot(source[iris[1]]![0] - centre[0], source[iris[1]]![1] - centre[1]);
    for (const corner of corners) {
      const [cx, cy] = source[corner]!;
      const length = Math.hypot(cx - centre[0], cy - centre[1]);
      if (length <= radius) continue;
      for (const t of [0.35, 0.5, 0.65]) {
        const d = radius + t * (length - radius) * 0.8;
        colours.push(pixel(photo, centre[0] + ((cx - centre[0]) * d) / length, centre[1] + ((cy - centre[1]) * d) / length));
      }
    }
  }
  return percentileColour(colours, 0.5);
}

/**
 * The colour of added teeth for this face, or undefined when the photo's mouth is open `mouthGap`
 * pixels (its own interior and teeth move with the lips) or hidden (its `lips` no darker than its `skin`).
 */
export function teethColour(photo: PhotoPixels, source: Landmarks, skin: Colour, lips: Colour, mouthGap: number): Colour | undefined {
  if (mouthGap > CLOSED_MOUTH * interOcularDistance(source)) return undefined;
  const skinLight = brightness(skin);
  if (brightness(lips) >= HIDDEN_MOUTH_LIPS * skinLight) return undefined;
  // Lighter than the lit skin, or as light as the eye whites where they are lighter still.
  // The whites give no hue: sampled through tinted glasses or on a small face they were red or
  // brown, and teeth toned by them read as gums.
  const light = Math.max(TEETH_LIGHT * skinLight, brightness(eyeWhites(photo, source)));
  return skin.map((v) => Math.min(1, Math.max(0, light + TEETH_CHROMA * (v - skinLight)))) as Colour;
}

/** One pixel column of the mouth: where along the arch it is and how the teeth hang in it. */
export interface TeethColumn {
  /** Pixels the teeth show below the upper inner lip here (0: none). */
  depth: number;
  /** Brightness round the arch times the fade into the cheeks' shadow (0..1). */
  shade: number;
  /** Darkening of the gap between two teeth here (0..1). */
  gap: number;
}

type Line = readonly (readonly [number, number])[];

/** A row's teeth in the pixel columns x0..x1 of `target`'s mouth, whose inner lip lines (points sorted by x) are `upper` and `lower`. */
export function teethColumns(row: TeethRow, target: Landmarks, upper: Line, lower: Line, x0: number, x1: number): TeethColumn[] {
  const arcLine = row.lip.map((i, k) => [target[i]![0], row.arc[k]!] as const).sort((a, b) => a[0] - b[0]);
  const iod = interOcularDistance(target);
  return Array.from({ length: x1 - x0 + 1 }, (_, k) => teethColumn(row, arcLine, upper, lower, x0 + k + 0.5, iod));
}

function teethColumn(row: TeethRow, arcLine: Line, upper: Line, lower: Line, x: number, iod: number): TeethColumn {
  const { edges } = row;
  const arc = polylineAt(arcLine, x);
  const pixelsPerArc = 1 / Math.max(1e-6, Math.abs(polylineAt(arcLine, x + 0.5) - polylineAt(arcLine, x - 0.5)));
  const reach = Math.abs(arc) / row.archEnd;
  if (reach >= 1) return { depth: 0, shade: 0, gap: 0 };
  const opening = polylineAt(lower, x) - polylineAt(upper, x);
  const [from, to] = row.opensOver;
  const inView = to > from ? Math.min(1, Math.max(0, (opening / iod - from) / (to - from))) : 1;
  // The edge notches between teeth and the gaps are drawn to the nearest tooth edge.
  let nearest = Infinity;
  let width = edges[1]!;
  for (let k = 0; k < edges.length; k++) {
    const d = Math.abs(Math.abs(arc) - edges[k]!);
    if (d < nearest) {
      nearest = d;
      width = (edges[Math.min(k + 1, edges.length - 1)]! - edges[Math.max(k - 1, 0)]!) / 2;
    }
  }
  const toothPixels = width * pixelsPerArc;
  const shown = Math.min(1, Math.max(0, (toothPixels - GAP_SHOWN_FROM / 2) / (GAP_SHOWN_FROM / 2)));
  const notch = NOTCH_DEPTH * shown * Math.exp(-((nearest / (NOTCH_WIDTH * width)) ** 2));
  const depth = Math.min(row.show * iod * inView * (1 - EDGE_ARC * reach * reach - notch), row.share * opening);
  const fade = Math.min(1, (1 - reach) / (row.archFade / row.archEnd));
  return {
    depth: Math.max(0, depth),
    shade: row.light * (1 - ARCH_DARKENING * reach * reach) * (1 - TOOTH_ROUNDING * shown * Math.max(0, 1 - (2 * nearest) / width) ** 2) * fade,
    gap: GAP_DARKNESS * shown * Math.exp(-(((nearest * pixelsPerArc) / GAP_WIDTH) ** 2)),
  };
}

/** No teeth: nothing covered. */
export const NO_TEETH = { cover: 0, light: 0 } as const;

/** Coverage (0..1, antialiased at the teeth's edge) and brightness of the teeth `below` pixels under the upper lip in `column`. */
export function teethAt(column: TeethColumn, below: number): { cover: number; light: number } {
  if (column.depth <= 0) return NO_TEETH;
  const cover = Math.min(1, Math.max(0, (column.depth - below) / EDGE_SOFTNESS + 0.5)) * Math.min(1, column.depth);
  const under = Math.min(1, Math.max(0, below / (LIP_SHADOW_SPAN * column.depth)));
  const towardEdge = Math.min(1, below / column.depth);
  const light = column.shade * (LIP_SHADOW + (1 - LIP_SHADOW) * under) * (1 - column.gap * towardEdge * towardEdge);
  return { cover, light };
}
