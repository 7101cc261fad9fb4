import { describe, expect, it } from 'vitest';
import { interOcularDistance, jitter, nme, transfer } from './measures.ts';
import { EYES, MOUTH } from './regions.ts';
import { aggregate, summarizeSequence, withoutPerFrame, type SequenceSummary } from './summary.ts';
import { boundingBoxOf } from './background.ts';
import { moved, noise, noisy, realFace } from './test-helpers.ts';
import type { Landmarks } from '../motion/types.ts';

const S = realFace();
const IOD = interOcularDistance(S);

/** Eight frames: the mouth opens and closes (up to 20 % of the IOD), the eyes close halfway through. */
function targets(): Landmarks[] {
  return [0, 1, 2, 3, 4, 5, 6, 7].map((f) => {
    const open = 0.2 * IOD * Math.sin((Math.PI * f) / 7);
    const blink = f >= 3 && f <= 5 ? 0.1 * IOD : 0;
    return moved(moved(S, 0, open, MOUTH), 0, blink, EYES);
  });
}

describe('summarizeSequence', () => {
  it('D = T: nme 0, transfer 0, gain 1, jitter 0; frames without a face are counted and excluded', () => {
    const Ts = targets();
    const Ds: (Landmarks | undefined)[] = [...Ts];
    Ds[6] = undefined;
    const s = summarizeSequence({ source: S, targets: Ts, detected: Ds });
    expect(s.sequences).toBe(1);
    expect(s.frames).toBe(8);
    expect(s.framesWithoutFace).toBe(1);
    expect(s.nme).toEqual({ median: 0, p95: 0 });
    expect(s.perFrame.nme).toHaveLength(7);
    // Frames 0 and 7 barely move (sin 0 = 0, sin π ≈ 0): they do not count; frame 6 has no face.
    expect(s.transfer.frames).toBe(5);
    expect(s.transfer.median).toBe(0);
    expect(s.transfer.gain).toBeCloseTo(1, 12);
    expect(s.transfer.mouth).toBe(0);
    expect(s.transfer.eyes).toBe(0);
    expect(s.perFrame.eyes).toHaveLength(3);
    expect(s.transfer.contour).toBeUndefined(); // the contour never moves
    expect(s.jitter.median).toBe(0);
    expect(s.perFrame.jitter).toHaveLength(4); // interior frames 1..6, minus 5 and 6 whose triples hold frame 6
    expect(s.seam).toEqual({ mean: 0, max: 0 }); // (6, 7, 0) has no face at 6: only (7, 0, 1) counts
    expect(s.perFrame.seam).toHaveLength(1);
    expect(s.background).toBeUndefined();
  });

  it('D = S: transfer 1, gain 0; per-frame values are those of the measures', () => {
    const Ts = targets();
    const s = summarizeSequence({ source: S, targets: Ts, detected: Ts.map(() => S), loops: false });
    expect(s.transfer.median).toBeCloseTo(1, 12);
    expect(s.transfer.gain).toBeCloseTo(0, 12);
    expect(s.transfer.eyes).toBeCloseTo(1, 12);
    expect(s.perFrame.nme).toEqual(Ts.map((t) => nme(S, t)));
    expect(s.perFrame.transfer).toEqual(Ts.map((t) => transfer(S, t, S)?.transfer).filter((v) => v !== undefined));
    expect(s.perFrame.jitter).toEqual(jitter(Ts.map(() => S), Ts).filter((v) => v !== undefined));
    expect(s.seam).toEqual({ mean: undefined, max: undefined });
    expect(s.jitter.median).toBeGreaterThan(0);
  });

  it('measures the background of the rendered frames outside 2.5x the face box', () => {
    const W = 64;
    const H = 48;
    const Ts = [S, S, S];
    const src = new Uint8ClampedArray(W * H * 4).fill(100);
    const frames = [src.slice(), src.slice(), src.slice().fill(110)];
    // Face box at (28, 20), 8 x 8: grown, x in [22, 42], y in [14, 34] is the face's.
    frames[1]![(24 * W + 30) * 4] = 0; // inside: ignored
    const faceBox = { x: 28, y: 20, width: 8, height: 8 };
    const s = summarizeSequence({ source: S, targets: Ts, detected: Ts, frames, sourcePixels: src, width: W, height: H, faceBox });
    expect(s.perFrame.background).toEqual([0, 0, 10]);
    expect(s.background).toEqual({ median: 0, p95: 9, max: 10 });
    expect(() => summarizeSequence({ source: S, targets: Ts, detected: Ts, frames })).toThrow(TypeError);
  });

  it('rejects detections that do not match the targets', () => {
    expect(() => summarizeSequence({ source: S, targets: [S, S], detected: [S] })).toThrow(RangeError);
  });
});

describe('aggregate', () => {
  /** A sequence whose detections are translated by the given fractions of the IOD, frame by frame. */
  function shifted(fractions: number[]): SequenceSummary {
    const Ts = fractions.map(() => S);
    return summarizeSequence({ source: S, targets: Ts, detected: fractions.map((k) => moved(S, k * IOD, 0)) });
  }

  it('pools per-frame values: the median of all frames, not the median of the medians', () => {
    const a = shifted([0.01, 0.02, 0.03]);
    const b = shifted([0.1]);
    expect(a.nme.median).toBeCloseTo(0.02, 12);
    expect(b.nme.median).toBeCloseTo(0.1, 12);
    const all = aggregate([a, b]);
    expect(all.nme.median).toBeCloseTo(0.025, 12); // median of 0.01, 0.02, 0.03, 0.1 (medians' median: 0.06)
    expect(all.nme.p95).toBeCloseTo(0.03 + 0.85 * 0.07, 12); // rank 2.85
    expect(all.sequences).toBe(2);
    expect(all.frames).toBe(4);
    expect(all.perFrame.nme).toHaveLength(4);
  });

  it('sums frames without a face, pools jitter, and aggregates aggregates and JSON copies alike', () => {
    const Ts = [0, 1, 2, 3, 4].map(() => S);
    const noisyRun = summarizeSequence({ source: S, targets: Ts, detected: Ts.map((t, f) => noisy(t, 1, f + 7)) });
    const gappy = summarizeSequence({ source: S, targets: Ts, detected: [S, undefined, S, S, S] });
    const c = shifted([0.05]);
    const all = aggregate([noisyRun, gappy, c]);
    expect(all.framesWithoutFace).toBe(1);
    expect(all.perFrame.jitter).toEqual([...noisyRun.perFrame.jitter, ...gappy.perFrame.jitter]);
    expect(all.perFrame.seam).toEqual([...noisyRun.perFrame.seam, ...gappy.perFrame.seam, ...c.perFrame.seam]);
    const nested = aggregate([aggregate([noisyRun, gappy]), c]);
    expect(nested).toEqual(all);
    const copies = JSON.parse(JSON.stringify([noisyRun, gappy, c])) as SequenceSummary[];
    expect(aggregate(copies).nme).toEqual(all.nme);
    expect(aggregate(copies).jitter).toEqual(all.jitter);
  });

  it('withoutPerFrame keeps everything but the per-frame values', () => {
    const s = shifted([0.01, 0.02]);
    const printed = withoutPerFrame(s);
    expect('perFrame' in printed).toBe(false);
    expect(printed.nme).toEqual(s.nme);
    expect(() => aggregate([printed as SequenceSummary])).toThrow(TypeError);
    expect(aggregate([]).frames).toBe(0);
  });
});

describe('believability in the summary (issues 10, 11)', () => {
  const W = 512;
  const H = 512;
  const box = boundingBoxOf(S);
  const photo = (() => {
    const r = noise(3);
    const out = new Uint8Array(W * H * 4);
    for (let i = 0; i < W * H; i++) {
      const v = 128 + Math.round(60 * r());
      out.set([v, v, v, 255], i * 4);
    }
    return out;
  })();
  /** A copy of the photo with `change` added to the pixels of a box (clamped). */
  const changed = (b: { x: number; y: number; width: number; height: number }, change: number, from = photo) => {
    const out = from.slice();
    for (let y = Math.ceil(b.y); y < b.y + b.height; y++) {
      for (let x = Math.ceil(b.x); x < b.x + b.width; x++) {
        for (let c = 0; c < 3; c++) out[(y * W + x) * 4 + c] = Math.max(0, Math.min(255, out[(y * W + x) * 4 + c]! + change));
      }
    }
    return out;
  };
  /** The face box's pixels all grey 128: no texture left but at its border (sharpness near 0). */
  const flat = (() => {
    const out = photo.slice();
    for (let y = Math.ceil(box.y); y < box.y + box.height; y++) {
      for (let x = Math.ceil(box.x); x < box.x + box.width; x++) out.set([128, 128, 128], (y * W + x) * 4);
    }
    return out;
  })();
  // The person: the face box, 10 px more on every side, and everything below it.
  const alpha = new Uint8Array(W * H);
  for (let y = Math.floor(box.y - 10); y < H; y++) for (let x = Math.floor(box.x - 10); x < box.x + box.width + 10; x++) alpha[y * W + x] = 255;
  const other = { x: 5, y: 5, width: 40, height: 40 };
  // Background near the face: a 20 x 20 patch left of the person, well within one face-width.
  const near = { x: box.x - 60, y: box.y + 20, width: 20, height: 20 };

  function sequence(gifSeam: number): SequenceSummary {
    const frames = [photo, changed(near, 9), changed(other, 4, flat)];
    return summarizeSequence({
      source: S,
      targets: [S, S, S],
      detected: [S, S, S],
      frames,
      sourcePixels: photo,
      width: W,
      height: H,
      personMask: { width: W, height: H, alpha },
      otherFaces: [other],
      gifSeam,
    });
  }

  it('measures sharpness, edge_steps, background_near, others_still, gif_seam and stillness per sequence', () => {
    const s = sequence(5);
    expect(s.perFrame.sharpness![0]).toBe(1);
    expect(s.perFrame.sharpness![1]).toBe(1);
    expect(s.perFrame.sharpness![2]).toBeLessThan(0.05);
    expect(s.sharpness.median).toBe(1);
    expect(s.sharpness.p5).toBeLessThan(0.2);
    expect(s.perFrame.edgeSteps![0]).toBe(1);
    expect(s.perFrame.edgeSteps![2]).toBeLessThan(0.5);
    // 400 pixels changed by 9 among the background pixels within one face-width.
    expect(s.perFrame.backgroundNear![0]).toBe(0);
    expect(s.perFrame.backgroundNear![1]).toBeGreaterThan(0);
    expect(s.perFrame.backgroundNear![1]).toBeLessThan(9 * 400 / 10000);
    expect(s.perFrame.backgroundNear![2]).toBe(0);
    expect(s.othersStill).toEqual({ median: 0, max: 4 });
    expect(s.gifSeam).toBe(5);
    // The targets never move: every frame is still, the wrap included.
    expect(s.stillness).toBe(1);
  });

  it('leaves out what it cannot measure: no mask, no other face, no frames', () => {
    const s = summarizeSequence({ source: S, targets: [S, moved(S, 5, 0)], detected: [S, S] });
    expect(s.sharpness).toEqual({ median: undefined, p5: undefined });
    expect(s.backgroundNear).toEqual({ median: undefined, p95: undefined });
    expect(s.othersStill).toEqual({ median: undefined, max: undefined });
    expect(s.edgeSteps).toEqual({ median: undefined, p95: undefined });
    expect(s.gifSeam).toBeUndefined();
    expect(s.stillness).toBe(0);
    expect(() => summarizeSequence({ source: S, targets: [S], detected: [S], frames: [photo], sourcePixels: photo, width: W, height: H, personMask: { width: 2, height: 2, alpha: new Uint8Array(4) } })).toThrow(RangeError);
  });

  it('pools: medians of the pooled frames, the largest seam and others_still, stillness over all frames', () => {
    const a = sequence(5);
    const b = summarizeSequence({ source: S, targets: [S, moved(S, 5, 0), S, moved(S, 5, 0)], detected: [S, S, S, S], gifSeam: 2 });
    const all = aggregate([a, b]);
    expect(all.gifSeam).toBe(5);
    expect(all.othersStill.max).toBe(4);
    expect(all.stillness).toBeCloseTo(3 / 7, 12);
    expect(all.perFrame.sharpness).toEqual(a.perFrame.sharpness);
    expect(aggregate([aggregate([a]), b])).toEqual(all);
    // Summaries made before these measures (no such per-frame values) still pool.
    const { sharpness: _s, backgroundNear: _b, othersStill: _o, edgeSteps: _e, gifSeam: _g, still: _t, ...old } = b.perFrame;
    expect(aggregate([a, { ...b, perFrame: old }]).gifSeam).toBe(5);
  });
});

describe('the judge in summaries (judge.ts)', () => {
  const judged = (blink: number, identity: number) => {
    const s = summarizeSequence({ source: S, targets: [S, S], detected: [S, S] });
    s.judge = {
      sequences: 1,
      frames: 2,
      blink,
      happy: undefined,
      surprise: undefined,
      identity,
      identityMax: identity,
      photoHappy: 0.1,
      values: { blink: [blink], happy: [], surprise: [], identity: [identity], photoHappy: [0.1] },
    };
    return s;
  };

  it('aggregate pools the judge over the sequences it judged; none judged: no judge', () => {
    const plain = summarizeSequence({ source: S, targets: [S, S], detected: [S, S] });
    const all = aggregate([judged(0.2, 0.1), plain, judged(0.6, 0.3)]);
    expect(all.judge).toMatchObject({ sequences: 2, frames: 4, blink: 0.4, identity: 0.2, identityMax: 0.3 });
    expect(aggregate([plain, plain]).judge).toBeUndefined();
    expect(withoutPerFrame(all).judge?.blink).toBe(0.4);
  });
});
