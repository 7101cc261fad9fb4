import { describe, expect, it } from 'vitest';
import { CANONICAL_FACE } from '../face/canonical/canonical-face.ts';
import {
  LEFT_BROW,
  LEFT_LOWER_LID,
  LEFT_UPPER_LID,
  RIGHT_BROW,
  RIGHT_LOWER_LID,
  RIGHT_UPPER_LID,
} from '../face/regions.ts';
import { displacementOf, EXPRESSION_LENGTH, expressionDisplacement, RIG_AMPLITUDES } from './rig.ts';

const moved = (e: Float32Array, i: number) => {
  const d = displacementOf(e, i);
  return CANONICAL_FACE[i]!.map((v, k) => v + d[k]!) as [number, number, number];
};
const maxMotion = (e: Float32Array, indices: Iterable<number>) =>
  Math.max(0, ...[...indices].map((i) => Math.hypot(...displacementOf(e, i))));
const all = Array.from({ length: 478 }, (_, i) => i);

describe('expressionDisplacement', () => {
  it('is zero at rest and has one (dx, dy, dz) per landmark', () => {
    const rest = expressionDisplacement({});
    expect(rest).toHaveLength(EXPRESSION_LENGTH);
    expect(rest.every((v) => v === 0)).toBe(true);
    expect(expressionDisplacement({ smile: 0, blinkLeft: 0, jawOpen: 0 }).every((v) => v === 0)).toBe(true);
  });

  it('blink 1 puts each upper lid point on its lower partner, the right eye being 33\'s', () => {
    const right = expressionDisplacement({ blinkRight: 1 });
    RIGHT_UPPER_LID.forEach((up, k) => {
      const gap = Math.hypot(...moved(right, up).map((v, c) => v - moved(right, RIGHT_LOWER_LID[k]!)[c]!));
      expect(gap).toBeLessThan(1e-6);
    });
    expect(maxMotion(right, [...LEFT_UPPER_LID, ...LEFT_LOWER_LID])).toBe(0);
    // Half a blink: the lid has travelled roughly half way, never past.
    const half = expressionDisplacement({ blinkLeft: 0.5 });
    LEFT_UPPER_LID.forEach((up, k) => {
      const lo = LEFT_LOWER_LID[k]!;
      const before = CANONICAL_FACE[lo]![1] - CANONICAL_FACE[up]![1];
      const after = moved(half, lo)[1] - moved(half, up)[1];
      expect(after / before).toBeGreaterThan(0.3);
      expect(after / before).toBeLessThan(0.6);
    });
  });

  it('smile lifts and widens the corners by exactly the convincing amounts, symmetrically', () => {
    const smile = expressionDisplacement({ smile: 1 });
    const [rx, ry] = displacementOf(smile, 61);
    const [lx, ly] = displacementOf(smile, 291);
    expect(rx).toBeCloseTo(-RIG_AMPLITUDES.smileCornerOut, 6);
    expect(lx).toBeCloseTo(RIG_AMPLITUDES.smileCornerOut, 6);
    expect(ry).toBeCloseTo(-RIG_AMPLITUDES.smileCornerUp, 6);
    expect(ly).toBeCloseTo(ry, 6);
    // Below the lips' parting, nothing moves much more than the corners (points between corner and
    // cheek get both falloffs).
    const gentle = expressionDisplacement({ smile: 0.45 });
    const [gx, gy] = displacementOf(gentle, 61);
    expect(maxMotion(gentle, all)).toBeLessThanOrEqual(1.05 * Math.hypot(gx, gy));
    // The forehead and brows barely move (the cheek falloff's tail reaches the lower brow a little).
    expect(maxMotion(smile, [...RIGHT_BROW, ...LEFT_BROW, 10])).toBeLessThan(0.013);
  });

  it('a broad smile parts the lips at their centre (not at the corners); a gentle one keeps them closed', () => {
    const gap = (smile: number) => {
      const e = expressionDisplacement({ smile });
      return displacementOf(e, 14)[1] - displacementOf(e, 13)[1];
    };
    // Below the parting the smile is linear: what it adds beyond that is the parting.
    const linear = gap(0.45) / 0.45;
    expect(gap(1) - linear).toBeCloseTo(RIG_AMPLITUDES.smileParting, 6);
    expect(gap(0.8) - 0.8 * linear).toBeGreaterThan(0.5 * RIG_AMPLITUDES.smileParting);
    expect(gap(0.8) - 0.8 * linear).toBeLessThan(RIG_AMPLITUDES.smileParting);
    // The inner corners take no parting.
    expect(displacementOf(expressionDisplacement({ smile: 1 }), 78)[1]).toBeCloseTo(displacementOf(expressionDisplacement({ smile: 0.45 }), 78)[1] / 0.45, 6);
  });

  it('brow raise lifts the brows by at most 0.075 eye-spans and leaves the eyes', () => {
    const brow = expressionDisplacement({ browRaise: 1 });
    const lift = (i: number) => -displacementOf(brow, i)[1];
    expect(Math.max(...all.map(lift))).toBeCloseTo(RIG_AMPLITUDES.browRaise, 6);
    expect(lift(105)).toBeGreaterThan(0.07);
    expect(lift(9)).toBeLessThanOrEqual(lift(105)); // between the brows: not more than the brows
    expect(maxMotion(brow, [...RIGHT_UPPER_LID, ...RIGHT_LOWER_LID, 33, 133, 468])).toBe(0);
    expect(maxMotion(brow, [1, 13, 14, 152])).toBeLessThan(1e-4);
  });

  it('jaw open parts the lips by 0.16 eye-spans and drops the chin and the lower face with them', () => {
    const jaw = expressionDisplacement({ jawOpen: 1 });
    const gap = displacementOf(jaw, 14)[1] - displacementOf(jaw, 13)[1];
    expect(gap).toBeCloseTo(RIG_AMPLITUDES.mouthGap, 6);
    expect(displacementOf(jaw, 13)[1]).toBe(0);
    // The chin drops at least as far as the lower lip (a jaw, not a lip), the jaw line less toward the ears.
    expect(displacementOf(jaw, 152)[1]).toBeGreaterThanOrEqual(displacementOf(jaw, 14)[1] - 1e-6);
    expect(displacementOf(jaw, 172)[1]).toBeGreaterThan(0.02);
    expect(displacementOf(jaw, 172)[1]).toBeLessThan(displacementOf(jaw, 152)[1]);
    expect(Math.max(...all.map((i) => displacementOf(jaw, i)[1]))).toBeLessThan(0.21);
    expect(maxMotion(jaw, [33, 263, 1, 10, 105])).toBeLessThan(1e-3);
  });

  it('eyes widen: the upper lids rise most at their middle, the corners and brows stay', () => {
    const widen = expressionDisplacement({ eyeWiden: 1 });
    expect(displacementOf(widen, 159)[1]).toBeCloseTo(-RIG_AMPLITUDES.eyeWidenUpper, 6);
    expect(displacementOf(widen, 386)[1]).toBeCloseTo(-RIG_AMPLITUDES.eyeWidenUpper, 6);
    expect(displacementOf(widen, 161)[1]).toBeGreaterThan(displacementOf(widen, 159)[1]);
    expect(displacementOf(widen, 145)[1]).toBeGreaterThan(0);
    expect(maxMotion(widen, [33, 133, 263, 362, 105, 334, 1, 13, 14])).toBe(0);
  });

  it('gaze moves only the irises', () => {
    const gaze = expressionDisplacement({ gazeX: 1, gazeY: -1 });
    expect(displacementOf(gaze, 468)).toEqual([
      Math.fround(RIG_AMPLITUDES.gazeX),
      Math.fround(-RIG_AMPLITUDES.gazeY),
      0,
    ]);
    expect(maxMotion(gaze, all.slice(0, 468))).toBe(0);
  });

  it('clamps controls to their ranges and sums controls', () => {
    expect(expressionDisplacement({ smile: 3 })).toEqual(expressionDisplacement({ smile: 1 }));
    const both = expressionDisplacement({ smile: 1, browRaise: 1 });
    const smile = expressionDisplacement({ smile: 1 });
    const brow = expressionDisplacement({ browRaise: 1 });
    for (let k = 0; k < EXPRESSION_LENGTH; k++) expect(both[k]).toBeCloseTo(smile[k]! + brow[k]!, 6);
  });
  it('smileLeft/smileRight add to smile on one side only; equal sides are the symmetric smile', () => {
    expect(expressionDisplacement({ smileLeft: 0, smileRight: 0 }).every((v) => v === 0)).toBe(true);
    expect(expressionDisplacement({ smile: 0.6, smileLeft: 0, smileRight: 0 })).toEqual(expressionDisplacement({ smile: 0.6 }));
    const left = expressionDisplacement({ smileLeft: 1 });
    // The subject's left corner (291, image right) lifts nearly fully, the right corner (61) barely.
    expect(-displacementOf(left, 291)[1]).toBeGreaterThan(0.9 * RIG_AMPLITUDES.smileCornerUp);
    expect(Math.abs(displacementOf(left, 61)[1])).toBeLessThan(0.01);
    // Both sides at 1 sum to the symmetric smile.
    const both = expressionDisplacement({ smileLeft: 0.7, smileRight: 0.7 });
    const sym = expressionDisplacement({ smile: 0.7 });
    for (let k = 0; k < EXPRESSION_LENGTH; k++) expect(both[k]).toBeCloseTo(sym[k]!, 6);
    // An offset only changes its side; each side's total is clamped to 0..1.
    const asym = expressionDisplacement({ smile: 0.8, smileRight: -0.2 });
    expect(-displacementOf(asym, 61)[1]).toBeLessThan(-displacementOf(asym, 291)[1]);
    expect(expressionDisplacement({ smile: 1, smileLeft: 0.5 })).toEqual(expressionDisplacement({ smile: 1 }));
  });

  it('pucker narrows the closed mouth and brings the lips forward, leaving eyes and brows', () => {
    const pucker = expressionDisplacement({ pucker: 1 });
    expect(displacementOf(pucker, 61)[0]).toBeCloseTo(RIG_AMPLITUDES.puckerCornerIn, 6);
    expect(displacementOf(pucker, 291)[0]).toBeCloseTo(-RIG_AMPLITUDES.puckerCornerIn, 6);
    expect(displacementOf(pucker, 13)[2]).toBeCloseTo(-RIG_AMPLITUDES.puckerForward, 6);
    // The mouth stays closed: the inner lip centres move together.
    const gap = displacementOf(pucker, 14)[1] - displacementOf(pucker, 13)[1];
    expect(Math.abs(gap)).toBeLessThan(1e-6);
    expect(maxMotion(pucker, all)).toBeLessThan(0.08);
    expect(maxMotion(pucker, [...RIGHT_UPPER_LID, ...LEFT_UPPER_LID, ...RIGHT_BROW, ...LEFT_BROW, 468, 473])).toBeLessThan(1e-3);
    expect(expressionDisplacement({ pucker: 2 })).toEqual(pucker);
  });
});
