import { describe, expect, it } from 'vitest';
import { interOcularDistance, jitter, nearestFace, nme, seamJitter, transfer } from './measures.ts';
import { EYES, MOUTH, REGIONS } from './regions.ts';
import { moved, noisy, realFace } from './test-helpers.ts';
import type { Landmarks } from '../motion/types.ts';

const S = realFace();
const IOD = interOcularDistance(S);

describe('interOcularDistance', () => {
  it('is the 2D distance between the outer eye corners 33 and 263', () => {
    expect(IOD).toBeCloseTo(Math.hypot(255.83 - 195.32, 104.16 - 100.82), 10);
    expect(interOcularDistance(moved(S, 17, -4))).toBeCloseTo(IOD, 10);
  });
});

describe('nme', () => {
  it('is 0 when the detection matches the target', () => {
    expect(nme(S, S)).toBe(0);
  });

  it('is 0.01 for a detection translated by 1 % of the IOD', () => {
    const d = 0.01 * IOD;
    expect(nme(moved(S, d, 0), S)).toBeCloseTo(0.01, 12);
    expect(nme(moved(S, d * 0.6, -d * 0.8), S)).toBeCloseTo(0.01, 12);
  });

  it('averages over all 478 points', () => {
    // One point off by 4.78 IODs: mean 0.01.
    expect(nme(moved(S, 4.78 * IOD, 0, [100]), S)).toBeCloseTo(0.01, 12);
  });

  it('rejects landmark sets of different sizes', () => {
    expect(() => nme(S.slice(0, 468), S)).toThrow(RangeError);
  });
});

describe('transfer', () => {
  const T = moved(S, 0, 0.1 * IOD, MOUTH); // mouth opens/moves by 10 % of the IOD

  it('D = T: transfer 0, gain 1', () => {
    const r = transfer(S, T, T)!;
    expect(r.transfer).toBe(0);
    expect(r.gain).toBeCloseTo(1, 12);
    expect(r.points).toBe(MOUTH.length);
    expect(r.largestMotion).toBeCloseTo(0.1, 12);
  });

  it('D = S: transfer 1, gain 0', () => {
    const r = transfer(S, T, S)!;
    expect(r.transfer).toBeCloseTo(1, 12);
    expect(r.gain).toBe(0);
  });

  it('half the motion: transfer 0.5, gain 0.5; motion the wrong way: gain -1', () => {
    const half = transfer(S, T, moved(S, 0, 0.05 * IOD, MOUTH))!;
    expect(half.transfer).toBeCloseTo(0.5, 12);
    expect(half.gain).toBeCloseTo(0.5, 12);
    const wrong = transfer(S, T, moved(S, 0, -0.1 * IOD, MOUTH))!;
    expect(wrong.transfer).toBeCloseTo(2, 12);
    expect(wrong.gain).toBeCloseTo(-1, 12);
  });

  it('excludes frames whose largest movement is below 5 % of the IOD', () => {
    expect(transfer(S, S, S)).toBeUndefined();
    const tiny = moved(S, 0, 0.049 * IOD, MOUTH);
    expect(transfer(S, tiny, S)).toBeUndefined();
    expect(transfer(S, tiny, tiny)).toBeUndefined();
    const enough = moved(S, 0, 0.051 * IOD, MOUTH);
    expect(transfer(S, enough, S)?.transfer).toBeCloseTo(1, 12);
  });

  it('measures only points moving at least 40 % of the largest movement', () => {
    // Mouth moves 10 % of the IOD; the nose tip 3 % (< 40 % of 10 %) and the chin 1 %: not measured.
    const t = moved(moved(T, 0.03 * IOD, 0, [1]), 0.01 * IOD, 0, [152]);
    const d = moved(moved(t, -0.03 * IOD, 0, [1]), -0.01 * IOD, 0, [152]); // those two not realised
    const r = transfer(S, t, d)!;
    expect(r.points).toBe(MOUTH.length);
    expect(r.transfer).toBe(0);
    expect(r.gain).toBeCloseTo(1, 12);
    // The nose moving 5 % (>= 40 % of 10 %) is measured: 41 points, mean motion (40·0.1 + 0.05)/41.
    const t2 = moved(T, 0.05 * IOD, 0, [1]);
    const r2 = transfer(S, t2, moved(t2, -0.05 * IOD, 0, [1]))!;
    expect(r2.points).toBe(MOUTH.length + 1);
    expect(r2.transfer).toBeCloseTo(0.05 / (4 + 0.05), 10);
  });

  it('a region selects its own moving points and counts on its own', () => {
    // Mouth moves 20 % of the IOD, eyes 6 %: below 40 % of the face's largest movement, so the
    // whole-face measure ignores the eyes, but the eye region measures them.
    const t = moved(moved(S, 0, 0.2 * IOD, MOUTH), 0, 0.06 * IOD, EYES);
    const d = moved(S, 0, 0.2 * IOD, MOUTH); // mouth realised, eyes not at all
    expect(transfer(S, t, d)!.transfer).toBe(0);
    expect(transfer(S, t, d)!.points).toBe(MOUTH.length);
    const eyes = transfer(S, t, d, REGIONS.eyes)!;
    expect(eyes.points).toBe(EYES.length);
    expect(eyes.transfer).toBeCloseTo(1, 12);
    expect(eyes.gain).toBeCloseTo(0, 12);
    expect(transfer(S, t, d, REGIONS.mouth)!.transfer).toBe(0);
    // The contour does not move: that region's frame does not count.
    expect(transfer(S, t, d, REGIONS.contour)).toBeUndefined();
  });
});

/** Six target frames: the mouth moves along a curve, the whole head drifts. */
function targetSequence(): Landmarks[] {
  return [0, 1, 2, 3, 4, 5].map((f) => moved(moved(S, 2 * f, f * f * 0.5), 0, 6 * Math.sin(f), MOUTH));
}

describe('jitter', () => {
  const Ts = targetSequence();

  it('is 0 when the detection follows the target up to a constant offset', () => {
    const Ds = Ts.map((t) => moved(t, 2, -3));
    const j = jitter(Ds, Ts);
    expect(j).toHaveLength(6);
    expect(j[0]).toBeUndefined();
    expect(j[5]).toBeUndefined();
    for (const v of j.slice(1, 5)) expect(v).toBeCloseTo(0, 10);
    for (const v of seamJitter(Ds, Ts)) expect(v).toBeCloseTo(0, 10);
  });

  it('is positive for noisy detections', () => {
    const Ds = Ts.map((t, f) => noisy(t, 1, f + 1));
    for (const v of jitter(Ds, Ts).slice(1, 5)) expect(v).toBeGreaterThan(0.01);
  });

  it('equals the hand-computed second difference of a one-frame offset', () => {
    // D_2 off by (3, 4) (length 5) at every point: f = 1 and 3 see it once, f = 2 twice.
    const Ds = Ts.map((t, f) => (f === 2 ? moved(t, 3, 4) : t));
    const j = jitter(Ds, Ts);
    expect(j[1]).toBeCloseTo(5 / interOcularDistance(Ts[1]!), 12);
    expect(j[2]).toBeCloseTo(10 / interOcularDistance(Ts[2]!), 12);
    expect(j[3]).toBeCloseTo(5 / interOcularDistance(Ts[3]!), 12);
    expect(j[4]).toBeCloseTo(0, 12);
  });

  it('leaves out triples with a frame without a detected face', () => {
    const Ds: (Landmarks | undefined)[] = [...Ts];
    Ds[3] = undefined;
    expect(jitter(Ds, Ts)).toEqual([undefined, 0, undefined, undefined, undefined, undefined]);
  });

  it('across the loop seam: frames (n-2, n-1, 0) and (n-1, 0, 1)', () => {
    const Ds = Ts.map((t, f) => (f === 0 ? moved(t, 3, 4) : t));
    const seam = seamJitter(Ds, Ts);
    expect(seam).toHaveLength(2);
    expect(seam[0]).toBeCloseTo(5 / interOcularDistance(Ts[5]!), 12);
    expect(seam[1]).toBeCloseTo(10 / interOcularDistance(Ts[0]!), 12);
    // The interior frame 1 sees D_0 too; the others do not.
    expect(jitter(Ds, Ts)[1]).toBeCloseTo(5 / interOcularDistance(Ts[1]!), 12);
    expect(seamJitter(Ds.slice(0, 2), Ts.slice(0, 2))).toEqual([]);
  });

  it('rejects sequences of different lengths', () => {
    expect(() => jitter(Ts.slice(1), Ts)).toThrow(RangeError);
  });
});

describe('nearestFace', () => {
  it('picks the face whose landmarks are nearest the target', () => {
    const near = moved(S, 2, 0);
    const far = moved(S, 200, 0);
    expect(nearestFace([far, near], S)).toBe(near);
    expect(nearestFace([], S)).toBeUndefined();
  });
});
