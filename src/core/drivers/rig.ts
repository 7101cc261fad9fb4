/**
 * The expression rig: a few named controls -> landmark displacements on the canonical face
 * (pose-free, x right, y down, z away, eye-span units), i.e. DriverFrame.expression.
 * Each control is a fixed displacement field built once on CANONICAL_FACE (gaussian falloffs
 * around the moving features, as the warp prototype tuned them); a frame is their weighted sum.
 * Amplitudes at control 1 sit at the "convincing" limits measured with the prototype.
 */
import { CANONICAL_FACE } from '../face/canonical/canonical-face.ts';
import {
  CHIN,
  INNER_MOUTH_CORNERS,
  LEFT_BROW,
  LEFT_BROW_SKIN,
  LEFT_EYE_CORNERS,
  LEFT_FACE_SIDE,
  LEFT_IRIS,
  LEFT_LID_CREASE,
  LEFT_LOWER_LID,
  LEFT_UPPER_LID,
  LOWER_LIP_CENTRE,
  LOWER_LIP_INNER,
  LOWER_LIP_OUTER,
  LOWER_LIP_SEMI_INNER,
  MOUTH_CORNERS,
  OUTER_CORNER_NEIGHBOURS,
  RIGHT_BROW,
  RIGHT_BROW_SKIN,
  RIGHT_EYE_CORNERS,
  RIGHT_FACE_SIDE,
  RIGHT_IRIS,
  RIGHT_LID_CREASE,
  RIGHT_LOWER_LID,
  RIGHT_UPPER_LID,
  SEMI_INNER_MOUTH_CORNERS,
  SMILE_CHEEKS,
  UPPER_LIP_CENTRE,
  UPPER_LIP_INNER,
  UPPER_LIP_OUTER,
  UPPER_LIP_SEMI_INNER,
} from '../face/regions.ts';

import { LANDMARK_COUNT } from '../face/landmark-indices.ts';

export { LANDMARK_COUNT };
export const EXPRESSION_LENGTH = LANDMARK_COUNT * 3;

/**
 * Rig controls; all default to 0 (rest). Left/right are the subject's: blinkRight closes the eye
 * around landmark 33, on the image's left.
 */
export interface ExpressionControls {
  /** 0 open .. 1 closed. */
  blinkLeft?: number;
  blinkRight?: number;
  /** 0 .. 1: mouth corners up and out, cheeks and lower lids up. */
  smile?: number;
  /** 0 .. 1: both brows and the forehead up. */
  browRaise?: number;
  /** 0 .. 1: the jaw drops and the lips part. */
  jawOpen?: number;
  /** -1 .. 1: irises toward the image's left .. right. */
  gazeX?: number;
  /** -1 .. 1: irises up .. down. */
  gazeY?: number;
  /**
   * -1 .. 1, added to `smile` on one side only (each side's total clamped to 0 .. 1): an
   * asymmetric smile, e.g. smile 0.7 + smileLeft 0.1. smileLeft is the subject's left corner
   * (landmark 291, on the image's right).
   */
  smileLeft?: number;
  smileRight?: number;
  /** 0 .. 1: the lips push forward and narrow (a kiss), mouth closed. */
  pucker?: number;
  /** 0 .. 1: both eyes open wider (surprise): the upper lids rise, the lower lids drop a little. */
  eyeWiden?: number;
}

/** Displacements at control 1, in eye-spans: the convincing limits of the warp prototype. */
export const RIG_AMPLITUDES = {
  /**
   * Mouth corners, exactly (cheek lift and the other corner's falloff included). Half as much again
   * as the prototype's limits (0.065, 0.055): there a full smile barely read as one, to a viewer
   * and to an independent face model; the warp carries this far without tearing.
   */
  smileCornerUp: 0.1,
  smileCornerOut: 0.08,
  /** Cheek lift at the cheek centre and lower-lid lift that come with a smile. */
  smileCheekUp: 0.055,
  smileCheekOut: 0.015,
  smileLowerLidUp: 0.018,
  /**
   * A broad smile parts the lips (upper lip up, lower lip down, at their centre) and shows the upper
   * teeth. At 0.05 a small face's full smile parted 2 px: a grey line under a stretched upper lip,
   * smug rather than glad, and face-api put it further from the person (Biden's greeting 0.383).
   */
  smileParting: 0.075,
  /** Brows (the forehead above follows with a wide falloff; eyes stay put). */
  browRaise: 0.075,
  browLidCreaseUp: 0.02,
  /** Extra gap between the inner lips at their centre (a laugh's; the mouth interior is filled). */
  mouthGap: 0.16,
  /** Mouth corners draw in as the jaw opens. */
  jawCornerIn: 0.012,
  /** Iris travel; the iris radius is ~0.066. */
  gazeX: 0.05,
  gazeY: 0.025,
  /** Pucker: each mouth corner draws toward the centre (mouth half-width ~0.28), lips come forward. */
  puckerCornerIn: 0.06,
  puckerForward: 0.04,
  /** Upper lid rise at its centre; the canonical opening is ~0.075. */
  eyeWidenUpper: 0.016,
} as const;

/** Falloff widths (gaussian sigma, eye-spans), from the prototype. */
const SMILE_CORNER_SIGMA = 0.2;
const SMILE_CHEEK_SIGMA = 0.28;
/** Wide above the brow (forehead skin moves with it), narrow below (the eyes must not). */
const BROW_SIGMA_ABOVE = 0.3;
const BROW_SIGMA_BELOW = 0.1;
/** A blink also lifts the lower lid by this fraction of the opening; the crease rings follow the upper lid. */
const BLINK_LOWER_LID_RISE = 0.15;
const BLINK_CREASE_FOLLOW = 0.2;
const BLINK_BROW_SKIN_FOLLOW = 0.03;
/** As the eye widens, the crease and the skin under the brow follow the lid this much; the lower lid drops this much of its rise. */
const WIDEN_CREASE_FOLLOW = 0.6;
const WIDEN_BROW_SKIN_FOLLOW = 0.15;
const WIDEN_LOWER_LID_DROP = 0.2;
/** Lips part with a smile only past this much of it (a gentle smile keeps them closed), fully at 1. */
const SMILE_PARTING_FROM = 0.45;
/** Share of the parting the upper lip takes by rising (the rest: the lower lip drops), per lip line. */
const PARTING_UPPER = { inner: 0.6, semiInner: 0.5, outer: 0.25 } as const;
const PARTING_LOWER = { inner: 0.4, semiInner: 0.35, outer: 0.2 } as const;
/** Softness (eye-spans) of the left/right split of the smile field (one-sided smiles). */
const SMILE_SIDE_SOFTNESS = 0.06;
/** Falloff (eye-spans, from the nearest lip point) of the skin around a pucker. */
const PUCKER_SKIN_SIGMA = 0.12;
/** Share of the jaw's drop the mouth corners take. */
const MOUTH_CORNER_DROP = 0.12;
/** Softness (eye-spans) of the jaw/upper-face boundary. */
const JAW_BOUNDARY_SOFTNESS = 0.03;

/** A displacement field: 478 x (dx, dy, dz). */
type Field = Float64Array;
const newField = (): Field => new Float64Array(EXPRESSION_LENGTH);
const point = (i: number) => CANONICAL_FACE[i]!;

function addAt(field: Field, i: number, dx: number, dy: number, dz = 0): void {
  field[3 * i] = field[3 * i]! + dx;
  field[3 * i + 1] = field[3 * i + 1]! + dy;
  field[3 * i + 2] = field[3 * i + 2]! + dz;
}

function setAt(field: Field, i: number, dx: number, dy: number): void {
  field[3 * i] = dx;
  field[3 * i + 1] = dy;
  field[3 * i + 2] = 0;
}

/** exp(-d²/2σ²) of the 2D (frontal-plane) distance between landmark i and (x, y). */
function gaussian(i: number, x: number, y: number, sigma: number): number {
  const p = point(i);
  return Math.exp(-((p[0] - x) ** 2 + (p[1] - y) ** 2) / (2 * sigma * sigma));
}

// ---------------------------------------------------------------- basis fields

interface EyeBasis {
  /** Field to scale by b·(1 - rise·b): upper lid toward the lower, crease rings following. */
  upper: Field;
  /** Field to scale by b: lower lid rising. */
  lower: Field;
}

/**
 * Blink of one eye at closure b: the lower lid rises by rise·b of the opening and the upper lid
 * travels b of the way to it, so at b = 1 each upper point lands on its lower partner.
 */
function eyeBasis(upperLid: readonly number[], lowerLid: readonly number[], crease: readonly number[], browSkin: readonly number[]): EyeBasis {
  const upper = newField();
  const lower = newField();
  upperLid.forEach((up, k) => {
    const lo = lowerLid[k]!;
    // 3D, so closed lids also meet in depth (the warp's depth test sees one surface).
    const [gx, gy, gz] = [0, 1, 2].map((c) => point(lo)[c]! - point(up)[c]!) as [number, number, number];
    addAt(upper, up, gx, gy, gz);
    addAt(upper, crease[k]!, BLINK_CREASE_FOLLOW * gx, BLINK_CREASE_FOLLOW * gy, BLINK_CREASE_FOLLOW * gz);
    addAt(upper, browSkin[k]!, BLINK_BROW_SKIN_FOLLOW * gx, BLINK_BROW_SKIN_FOLLOW * gy, BLINK_BROW_SKIN_FOLLOW * gz);
    addAt(lower, lo, -BLINK_LOWER_LID_RISE * gx, -BLINK_LOWER_LID_RISE * gy, -BLINK_LOWER_LID_RISE * gz);
  });
  return { upper, lower };
}

/** Both eyes wider: the lid lines move apart most at their middle, nothing at the corners. */
function widenBasis(): Field {
  const field = newField();
  for (const [upperLid, lowerLid, crease, browSkin] of [
    [RIGHT_UPPER_LID, RIGHT_LOWER_LID, RIGHT_LID_CREASE, RIGHT_BROW_SKIN],
    [LEFT_UPPER_LID, LEFT_LOWER_LID, LEFT_LID_CREASE, LEFT_BROW_SKIN],
  ] as const) {
    upperLid.forEach((up, k) => {
      const rise = RIG_AMPLITUDES.eyeWidenUpper * Math.sin((Math.PI * (k + 1)) / (upperLid.length + 1));
      addAt(field, up, 0, -rise);
      addAt(field, crease[k]!, 0, -WIDEN_CREASE_FOLLOW * rise);
      addAt(field, browSkin[k]!, 0, -WIDEN_BROW_SKIN_FOLLOW * rise);
      addAt(field, lowerLid[k]!, 0, WIDEN_LOWER_LID_DROP * rise);
    });
  }
  return field;
}

function smileBasis(): Field {
  const field = newField();
  const [rightCorner, leftCorner] = MOUTH_CORNERS;
  // Cheeks and lower lids first; the corner falloffs are then sized so the corners land
  // exactly on the target (the cheek falloffs and the other corner's tail reach them too).
  SMILE_CHEEKS.forEach((cheek, side) => {
    const outward = side === 0 ? -1 : 1;
    const [cx, cy] = point(cheek);
    for (let i = 0; i < LANDMARK_COUNT; i++) {
      const w = gaussian(i, cx, cy, SMILE_CHEEK_SIGMA);
      addAt(field, i, w * outward * RIG_AMPLITUDES.smileCheekOut, -w * RIG_AMPLITUDES.smileCheekUp);
    }
  });
  for (const lo of [...RIGHT_LOWER_LID, ...LEFT_LOWER_LID]) addAt(field, lo, 0, -RIG_AMPLITUDES.smileLowerLidUp);

  const cornerDistance = Math.hypot(point(leftCorner)[0] - point(rightCorner)[0], point(leftCorner)[1] - point(rightCorner)[1]);
  const crossTalk = Math.exp(-(cornerDistance ** 2) / (2 * SMILE_CORNER_SIGMA ** 2));
  // Right corner (the face is symmetric): out = -x, up = -y. The other corner's falloff pulls
  // it inward by crossTalk·out and up by crossTalk·up.
  const out = (RIG_AMPLITUDES.smileCornerOut + field[3 * rightCorner]!) / (1 - crossTalk);
  const up = (RIG_AMPLITUDES.smileCornerUp + field[3 * rightCorner + 1]!) / (1 + crossTalk);
  for (const [corner, outward] of [
    [rightCorner, -1],
    [leftCorner, 1],
  ] as const) {
    const [cx, cy] = point(corner);
    for (let i = 0; i < LANDMARK_COUNT; i++) {
      const w = gaussian(i, cx, cy, SMILE_CORNER_SIGMA);
      addAt(field, i, w * outward * out, -w * up);
    }
  }
  return field;
}

/** The lips parting in a broad smile: most in the middle, none at the corners. */
function smilePartingBasis(): Field {
  const field = newField();
  const mouthX = point(UPPER_LIP_CENTRE)[0];
  // Each lip line parts most at its middle and not at all at its own corners (which it shares).
  const lines = [
    [UPPER_LIP_INNER, -PARTING_UPPER.inner],
    [UPPER_LIP_SEMI_INNER, -PARTING_UPPER.semiInner],
    [UPPER_LIP_OUTER, -PARTING_UPPER.outer],
    [LOWER_LIP_INNER, PARTING_LOWER.inner],
    [LOWER_LIP_SEMI_INNER, PARTING_LOWER.semiInner],
    [LOWER_LIP_OUTER, PARTING_LOWER.outer],
  ] as const;
  for (const [line, share] of lines) {
    const halfWidth = Math.abs(point(line[0])[0] - mouthX);
    for (const i of line) {
      const across = Math.sqrt(Math.max(0, 1 - ((point(i)[0] - mouthX) / halfWidth) ** 2));
      addAt(field, i, 0, share * across * RIG_AMPLITUDES.smileParting);
    }
  }
  return field;
}

/**
 * The smile field split into the subject's left (image x > 0) and right halves with a soft
 * sigmoid across the midline: left + right = the symmetric field.
 */
function smileSideBases(smile: Field): { left: Field; right: Field } {
  const left = newField();
  const right = newField();
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const w = 1 / (1 + Math.exp(-point(i)[0] / SMILE_SIDE_SOFTNESS));
    for (let c = 0; c < 3; c++) {
      left[3 * i + c] = w * smile[3 * i + c]!;
      right[3 * i + c] = (1 - w) * smile[3 * i + c]!;
    }
  }
  return { left, right };
}

/**
 * Pucker: the lips contract toward the mouth centre (the corners by puckerCornerIn) and come
 * forward (most at the centre); the skin around follows with a falloff from the nearest lip point.
 */
function puckerBasis(): Field {
  const field = newField();
  const lips = [
    ...new Set<number>([
      ...UPPER_LIP_OUTER, ...LOWER_LIP_OUTER, ...UPPER_LIP_INNER, ...LOWER_LIP_INNER,
      ...UPPER_LIP_SEMI_INNER, ...LOWER_LIP_SEMI_INNER, ...OUTER_CORNER_NEIGHBOURS,
    ]),
  ];
  const mouthX = (point(MOUTH_CORNERS[0])[0] + point(MOUTH_CORNERS[1])[0]) / 2;
  const halfWidth = Math.abs(point(MOUTH_CORNERS[1])[0] - point(MOUTH_CORNERS[0])[0]) / 2;
  const contraction = RIG_AMPLITUDES.puckerCornerIn / halfWidth;
  const isLip = new Set(lips);
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const p = point(i);
    let weight = 1;
    if (!isLip.has(i)) {
      let nearest = Infinity;
      for (const l of lips) nearest = Math.min(nearest, (p[0] - point(l)[0]) ** 2 + (p[1] - point(l)[1]) ** 2);
      weight = Math.exp(-nearest / (2 * PUCKER_SKIN_SIGMA ** 2));
    }
    const across = Math.min(1, Math.abs(p[0] - mouthX) / halfWidth);
    const forward = RIG_AMPLITUDES.puckerForward * (1 - 0.5 * across * across);
    addAt(field, i, -weight * contraction * (p[0] - mouthX), 0, -weight * forward);
  }
  return field;
}

function browBasis(): Field {
  const field = newField();
  const weight = new Float64Array(LANDMARK_COUNT);
  for (const brow of [RIGHT_BROW, LEFT_BROW]) {
    const browLineY = brow.reduce((sum, i) => sum + point(i)[1], 0) / brow.length;
    for (let i = 0; i < LANDMARK_COUNT; i++) {
      const p = point(i);
      let nearest = Infinity;
      for (const b of brow) nearest = Math.min(nearest, (p[0] - point(b)[0]) ** 2 + (p[1] - point(b)[1]) ** 2);
      const sigma = p[1] < browLineY ? BROW_SIGMA_ABOVE : BROW_SIGMA_BELOW;
      // max, not sum: the forehead between the brows must not rise more than the brows.
      weight[i] = Math.max(weight[i]!, Math.exp(-nearest / (2 * sigma * sigma)));
    }
  }
  for (let i = 0; i < LANDMARK_COUNT; i++) addAt(field, i, 0, -weight[i]! * RIG_AMPLITUDES.browRaise);
  // The eyes stay: lids, corners and irises do not move; the lid crease follows a little.
  const eyes = [
    ...RIGHT_UPPER_LID, ...RIGHT_LOWER_LID, ...LEFT_UPPER_LID, ...LEFT_LOWER_LID,
    ...RIGHT_EYE_CORNERS, ...LEFT_EYE_CORNERS, ...RIGHT_IRIS, ...LEFT_IRIS,
  ];
  for (const i of eyes) setAt(field, i, 0, 0);
  for (const i of [...RIGHT_LID_CREASE, ...LEFT_LID_CREASE]) setAt(field, i, 0, -RIG_AMPLITUDES.browLidCreaseUp);
  return field;
}

/**
 * Jaw drop: points below a boundary that runs along the mouth line and rises toward the ears
 * move down, more the farther they are from the jaw hinges; the upper lip stays, the lower lip
 * opens in an elliptical profile, the corners barely move.
 */
function jawBasis(): Field {
  const field = newField();
  const mouthX = (point(UPPER_LIP_CENTRE)[0] + point(LOWER_LIP_CENTRE)[0]) / 2;
  const mouthY = (point(UPPER_LIP_CENTRE)[1] + point(LOWER_LIP_CENTRE)[1]) / 2;
  const [rightSide, leftSide] = [point(RIGHT_FACE_SIDE), point(LEFT_FACE_SIDE)];
  const faceHalfWidth = Math.abs(leftSide[0] - rightSide[0]) / 2;
  const mouthHalfWidth = Math.abs(point(MOUTH_CORNERS[1])[0] - point(MOUTH_CORNERS[0])[0]) / 2;
  const boundaryRise = (mouthY - rightSide[1]) * 0.8;
  // Temporo-mandibular joints: a little in front of and below the face sides at ear level.
  const hinges = [
    [rightSide[0] + 0.1, rightSide[1] + 0.15],
    [leftSide[0] - 0.1, leftSide[1] + 0.15],
  ] as const;
  const chin = point(CHIN);
  const hingeToChin = Math.hypot(chin[0] - (hinges[0][0] + hinges[1][0]) / 2, chin[1] - (hinges[0][1] + hinges[1][1]) / 2);

  const follow = new Float64Array(LANDMARK_COUNT);
  const lever = new Float64Array(LANDMARK_COUNT);
  const across = (i: number) => point(i)[0] - mouthX;
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const [x, y] = [across(i), point(i)[1] - mouthY];
    const boundaryY = (-Math.max(Math.abs(x) - mouthHalfWidth, 0) / (faceHalfWidth - mouthHalfWidth)) * boundaryRise;
    follow[i] = 1 / (1 + Math.exp(-(y - boundaryY) / JAW_BOUNDARY_SOFTNESS));
    const hingeDistance = Math.min(...hinges.map(([hx, hy]) => Math.hypot(point(i)[0] - hx, point(i)[1] - hy)));
    lever[i] = Math.min(1, hingeDistance / hingeToChin);
  }
  const ellipse = (i: number) => Math.max(0, 1 - (across(i) / mouthHalfWidth) ** 2);
  for (const i of [...UPPER_LIP_INNER, ...UPPER_LIP_OUTER, ...UPPER_LIP_SEMI_INNER]) follow[i] = 0;
  for (const i of LOWER_LIP_INNER) follow[i] = Math.max(0.25, Math.sqrt(ellipse(i)));
  for (const i of LOWER_LIP_SEMI_INNER) follow[i] = Math.max(0.3, Math.sqrt(ellipse(i)));
  for (const i of LOWER_LIP_OUTER) follow[i] = 0.6 + 0.4 * ellipse(i);
  // The corners barely drop with the jaw: a laugh's open mouth keeps its smile, not a grimace.
  for (const i of [...INNER_MOUTH_CORNERS, ...MOUTH_CORNERS, ...SEMI_INNER_MOUTH_CORNERS]) follow[i] = MOUTH_CORNER_DROP;

  // Size the drop so the inner lips part by exactly the target gap at their centre.
  const drop = RIG_AMPLITUDES.mouthGap / (follow[LOWER_LIP_CENTRE]! * lever[LOWER_LIP_CENTRE]! - follow[UPPER_LIP_CENTRE]! * lever[UPPER_LIP_CENTRE]!);
  for (let i = 0; i < LANDMARK_COUNT; i++) addAt(field, i, 0, follow[i]! * lever[i]! * drop);
  const rightCornerPoints = [MOUTH_CORNERS[0], INNER_MOUTH_CORNERS[0], SEMI_INNER_MOUTH_CORNERS[0], OUTER_CORNER_NEIGHBOURS[0]];
  const leftCornerPoints = [MOUTH_CORNERS[1], INNER_MOUTH_CORNERS[1], SEMI_INNER_MOUTH_CORNERS[1], OUTER_CORNER_NEIGHBOURS[1]];
  for (const i of rightCornerPoints) addAt(field, i, RIG_AMPLITUDES.jawCornerIn, 0);
  for (const i of leftCornerPoints) addAt(field, i, -RIG_AMPLITUDES.jawCornerIn, 0);
  return field;
}

function gazeBasis(dx: number, dy: number): Field {
  const field = newField();
  for (const i of [...RIGHT_IRIS, ...LEFT_IRIS]) addAt(field, i, dx, dy);
  return field;
}

interface RigBasis {
  rightEye: EyeBasis;
  leftEye: EyeBasis;
  smile: Field;
  smileLeft: Field;
  smileRight: Field;
  smileParting: Field;
  pucker: Field;
  widen: Field;
  brow: Field;
  jaw: Field;
  gazeX: Field;
  gazeY: Field;
}

let basis: RigBasis | undefined;
/** Built on first use: a few ms, and only modules that animate need it. */
function rigBasis(): RigBasis {
  if (basis) return basis;
  const smile = smileBasis();
  const sides = smileSideBases(smile);
  basis = {
    rightEye: eyeBasis(RIGHT_UPPER_LID, RIGHT_LOWER_LID, RIGHT_LID_CREASE, RIGHT_BROW_SKIN),
    leftEye: eyeBasis(LEFT_UPPER_LID, LEFT_LOWER_LID, LEFT_LID_CREASE, LEFT_BROW_SKIN),
    smile,
    smileLeft: sides.left,
    smileRight: sides.right,
    smileParting: smilePartingBasis(),
    pucker: puckerBasis(),
    widen: widenBasis(),
    brow: browBasis(),
    jaw: jawBasis(),
    gazeX: gazeBasis(RIG_AMPLITUDES.gazeX, 0),
    gazeY: gazeBasis(0, RIG_AMPLITUDES.gazeY),
  };
  return basis;
}

const clamp = (value: number | undefined, min: number, max: number) => Math.min(max, Math.max(min, value ?? 0));

/** Landmark displacements (478 x dx, dy, dz; eye-spans, canonical face space) for the controls. */
export function expressionDisplacement(controls: ExpressionControls): Float32Array {
  const rig = rigBasis();
  const terms: [Field, number][] = [];
  for (const [eye, amount] of [
    [rig.rightEye, controls.blinkRight],
    [rig.leftEye, controls.blinkLeft],
  ] as const) {
    const closure = clamp(amount, 0, 1);
    terms.push([eye.upper, closure * (1 - BLINK_LOWER_LID_RISE * closure)], [eye.lower, closure]);
  }
  // Each side's smile is smile + its side's offset; equal sides use the symmetric field.
  const smileLeft = clamp((controls.smile ?? 0) + (controls.smileLeft ?? 0), 0, 1);
  const smileRight = clamp((controls.smile ?? 0) + (controls.smileRight ?? 0), 0, 1);
  if (smileLeft === smileRight) terms.push([rig.smile, smileLeft]);
  else terms.push([rig.smileLeft, smileLeft], [rig.smileRight, smileRight]);
  const broad = ((smileLeft + smileRight) / 2 - SMILE_PARTING_FROM) / (1 - SMILE_PARTING_FROM);
  terms.push(
    [rig.smileParting, clamp(broad, 0, 1)],
    [rig.pucker, clamp(controls.pucker, 0, 1)],
    [rig.widen, clamp(controls.eyeWiden, 0, 1)],
    [rig.brow, clamp(controls.browRaise, 0, 1)],
    [rig.jaw, clamp(controls.jawOpen, 0, 1)],
    [rig.gazeX, clamp(controls.gazeX, -1, 1)],
    [rig.gazeY, clamp(controls.gazeY, -1, 1)],
  );
  const out = new Float32Array(EXPRESSION_LENGTH);
  for (const [field, weight] of terms) {
    if (weight === 0) continue;
    for (let k = 0; k < EXPRESSION_LENGTH; k++) out[k] = out[k]! + weight * field[k]!;
  }
  return out;
}

/** The displacement of one landmark in an expression array. */
export const displacementOf = (expression: Float32Array, i: number): [number, number, number] => [
  expression[3 * i]!,
  expression[3 * i + 1]!,
  expression[3 * i + 2]!,
];
