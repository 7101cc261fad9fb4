import { describe, expect, it } from 'vitest';
import { REST_POSE } from '../drivers/rest.ts';
import { expressionDisplacement, type ExpressionControls } from '../drivers/rig.ts';
import { interOcularDistance } from '../face/landmark-indices.ts';
import { headFrame } from '../motion/head-frame.ts';
import { motionLimits } from '../motion/limits.ts';
import { loadHopperFace } from '../motion/testdata/faces.ts';
import { transferMotion } from '../motion/transfer.ts';
import { mouthWidth } from './expression.ts';
import type { HeadPose, Landmarks } from '../motion/types.ts';
import {
  browHeight,
  descriptorDistance,
  expressionPeakFrames,
  eyeAspectRatio68,
  EYES_68,
  judgedExpressionOf,
  judgePlan,
  judgeScores,
  largestMotionFrame,
  mostClosedFrame,
  poolJudge,
  type JudgeLook,
} from './judge.ts';

const hopper = loadHopperFace();
const head = headFrame(hopper.landmarks, hopper.matrix);
const limits = motionLimits(head);
const source = hopper.landmarks;

/** Target landmarks of the hopper face for a list of (controls, pose) frames. */
const targetsOf = (frames: readonly { controls?: ExpressionControls; pose?: Partial<HeadPose> }[]): Landmarks[] =>
  frames.map(
    ({ controls = {}, pose = {} }) =>
      transferMotion(head, { pose: { ...REST_POSE, ...pose }, expression: expressionDisplacement(controls) }, { intensity: 1, limits }).landmarks,
  );

/** 68 points with two synthetic eyes: corners 30 px apart, lids `opening` px apart. */
function points68(opening: [number, number]): [number, number][] {
  const points: [number, number][] = Array.from({ length: 68 }, () => [0, 0]);
  (['right', 'left'] as const).forEach((eye, k) => {
    const [p1, p2, p3, p4, p5, p6] = EYES_68[eye];
    const x0 = 100 + 60 * k;
    const o = opening[k]! / 2;
    points[p1] = [x0, 100];
    points[p4] = [x0 + 30, 100];
    points[p2] = [x0 + 10, 100 - o];
    points[p3] = [x0 + 20, 100 - o];
    points[p6] = [x0 + 10, 100 + o];
    points[p5] = [x0 + 20, 100 + o];
  });
  return points;
}

describe('eyeAspectRatio68', () => {
  it('is (|p2-p6| + |p3-p5|) / (2 |p1-p4|) on the 68-point eyes 36-41 and 42-47, both averaged', () => {
    expect(eyeAspectRatio68(points68([9, 9]))).toBeCloseTo(0.3, 12);
    expect(eyeAspectRatio68(points68([0, 0]))).toBe(0);
    expect(eyeAspectRatio68(points68([9, 3]))).toBeCloseTo((0.3 + 0.1) / 2, 12);
  });

  it('does not change with position, scale and rotation', () => {
    const base = points68([7, 8]);
    const a = (25 * Math.PI) / 180;
    const transformed = base.map(([x, y]) => [3 * (x * Math.cos(a) - y * Math.sin(a)) + 40, 3 * (x * Math.sin(a) + y * Math.cos(a)) - 7]);
    expect(eyeAspectRatio68(transformed)).toBeCloseTo(eyeAspectRatio68(base), 12);
  });

  it('is NaN for degenerate eyes and throws without 68 points', () => {
    expect(eyeAspectRatio68(Array.from({ length: 68 }, () => [1, 1]))).toBeNaN();
    expect(() => eyeAspectRatio68([[0, 0]])).toThrow(RangeError);
  });
});

describe('descriptorDistance', () => {
  it('is the Euclidean distance', () => {
    expect(descriptorDistance([0, 3, 0], [4, 0, 0])).toBe(5);
    expect(descriptorDistance(new Float32Array([1, 2]), [1, 2])).toBe(0);
    expect(() => descriptorDistance([1], [1, 2])).toThrow(RangeError);
  });
});

describe('judgedExpressionOf', () => {
  it('reads smiles, laughs and surprise from the tags or the test drivers ids, mirrored too', () => {
    expect(judgedExpressionOf('gentle-smile', ['smile', 'gentle'])).toBe('happy');
    expect(judgedExpressionOf('laugh-mirrored', ['laugh', 'expressive'])).toBe('happy');
    expect(judgedExpressionOf('smile', ['test'])).toBe('happy');
    expect(judgedExpressionOf('surprised', ['surprise', 'brows'])).toBe('surprise');
    expect(judgedExpressionOf('blink', ['test'])).toBeUndefined();
    expect(judgedExpressionOf('nod-yes', ['nod', 'yes'])).toBeUndefined();
  });
});

describe('peak frames from the targets', () => {
  const blink = (v: number) => ({ controls: { blinkLeft: v, blinkRight: v } });

  it('the most-closed frame is the smallest target EAR, only for drivers that close the eyes', () => {
    const targets = targetsOf([blink(0), blink(0.4), blink(1), blink(0.7), blink(0)]);
    expect(mostClosedFrame(source, targets)).toBe(2);
    // Half-closed lids are not a blink.
    expect(mostClosedFrame(source, targetsOf([blink(0), blink(0.3), blink(0)]))).toBeUndefined();
    expect(mostClosedFrame(source, [])).toBeUndefined();
  });

  it('the smile peak is the widest mouth, whatever the head does', () => {
    const smile = (v: number, roll = 0) => ({ controls: { smile: v }, pose: { roll, pitch: -roll / 2 } });
    const targets = targetsOf([smile(0), smile(0.5, 4), smile(0.9, -3), smile(0.6, 6), smile(0.2)]);
    expect(expressionPeakFrames('happy', source, targets)).toEqual([2]);
  });

  it('a held smile is read over its whole peak: frames within 90 % of the largest rise, five spread over them', () => {
    const held = [0, 0.3, 0.7, 0.88, 0.9, 0.86, 0.89, 0.9, 0.87, 0.88, 0.9, 0.5, 0];
    const targets = targetsOf(held.map((v) => ({ controls: { smile: v } })));
    const rise = targets.map((t) => mouthWidth(t) / interOcularDistance(t) - mouthWidth(source) / interOcularDistance(source));
    const stretch = rise.flatMap((r, f) => (r >= 0.9 * Math.max(...rise) ? [f] : []));
    expect(stretch).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(expressionPeakFrames('happy', source, targets)).toEqual([3, 5, 7, 8, 10]);
    expect(expressionPeakFrames('happy', source, targets, 8)).toEqual(stretch);
    // No smile at all: the widest mouth alone.
    expect(expressionPeakFrames('happy', source, targetsOf([{}, {}, {}]))).toHaveLength(1);
  });

  it('the surprise peak is the largest brow rise plus mouth opening', () => {
    const surprise = (brows: number, jaw: number) => ({ controls: { browRaise: brows, jawOpen: jaw }, pose: { pitch: -2 * brows } });
    const targets = targetsOf([surprise(0, 0), surprise(0.9, 0.1), surprise(0.95, 0.3), surprise(0.4, 0.1)]);
    expect(browHeight(targets[1]!)).toBeGreaterThan(browHeight(source));
    expect(expressionPeakFrames('surprise', source, targets)).toEqual([2]);
  });

  it('the largest motion is the frame farthest from the source', () => {
    const targets = targetsOf([{}, { pose: { yaw: 4 } }, { pose: { yaw: 10 } }, { pose: { yaw: -6 } }]);
    expect(largestMotionFrame(source, targets)).toBe(2);
  });
});

describe('judgePlan', () => {
  it('looks at every 5th frame and at the peaks', () => {
    const frames = Array.from({ length: 23 }, (_, f) => ({
      controls: { blinkLeft: f === 13 ? 1 : 0, blinkRight: f === 13 ? 1 : 0, smile: f === 17 ? 0.8 : 0.1 },
      pose: { yaw: f === 8 ? 9 : 0 },
    }));
    const plan = judgePlan(source, targetsOf(frames), 'happy');
    expect(plan.closed).toBe(13);
    expect(plan.expression).toEqual({ kind: 'happy', frames: [17] });
    expect(plan.frames).toEqual([0, 5, 8, 10, 13, 15, 17, 20]);
  });

  it('has no blink or expression frame where the driver shows none', () => {
    const plan = judgePlan(source, targetsOf([{}, { pose: { pitch: 3 } }, {}]), undefined);
    expect(plan.closed).toBeUndefined();
    expect(plan.expression).toBeUndefined();
    expect(plan.frames).toEqual([0, 1]);
  });
});

describe('judgeScores and poolJudge', () => {
  const look = (opening: number, expressions?: Record<string, number>, descriptor?: number[]): JudgeLook => ({
    points: points68([opening, opening]),
    ...(expressions ? { expressions } : {}),
    ...(descriptor ? { descriptor } : {}),
  });
  const photo = look(9, { happy: 0.1, surprised: 0.02, neutral: 0.88 }, [0, 0, 0]);

  it('blink = EAR at the most-closed frame / the photo, happy = the rise at the peak, identity = the largest distance', () => {
    const looks = new Map([
      [0, look(9, undefined, [0, 0, 0.1])],
      [4, look(3, undefined, [0, 0.2, 0])],
      [7, look(8, { happy: 0.7, surprised: 0.01 }, [0.3, 0, 0])],
    ]);
    const s = judgeScores({ frames: [0, 4, 7], closed: 4, expression: { kind: 'happy', frames: [7] } }, photo, looks);
    expect(s.sequences).toBe(1);
    expect(s.frames).toBe(3);
    expect(s.blink).toBeCloseTo(3 / 9, 12);
    expect(s.happy).toBeCloseTo(0.6, 12);
    expect(s.surprise).toBeUndefined();
    expect(s.identity).toBeCloseTo(0.3, 6);
    expect(s.identityMax).toBeCloseTo(0.3, 6);
    expect(s.photoHappy).toBeCloseTo(0.1, 12);
  });

  it("happy is the median over the peak's frames, each looked at once", () => {
    const at = (happy: number) => look(9, { happy }, [0, 0, 0]);
    const looks = new Map([[2, at(0.6)], [4, at(0.15)], [6, at(0.5)], [8, at(0.9)], [10, at(0.3)]]);
    const s = judgeScores({ frames: [2, 4, 6, 8, 10], expression: { kind: 'happy', frames: [2, 4, 6, 8, 10] } }, photo, looks);
    expect(s.happy).toBeCloseTo(0.5 - 0.1, 12);
    // A peak frame the judge could not read does not count.
    const partial = judgeScores({ frames: [2, 4], expression: { kind: 'happy', frames: [2, 4, 5] } }, photo, looks);
    expect(partial.happy).toBeCloseTo((0.6 + 0.15) / 2 - 0.1, 12);
  });

  it('no happy rise on a photo that already smiles; surprise uses "surprised"', () => {
    const smiling = look(9, { happy: 0.8, surprised: 0.1 }, [0, 0, 0]);
    const peak = new Map([[3, look(9, { happy: 0.95, surprised: 0.6 }, [0, 0, 0])]]);
    expect(judgeScores({ frames: [3], expression: { kind: 'happy', frames: [3] } }, smiling, peak).happy).toBeUndefined();
    const surprise = judgeScores({ frames: [3], expression: { kind: 'surprise', frames: [3] } }, smiling, peak);
    expect(surprise.surprise).toBeCloseTo(0.5, 12);
    expect(surprise.blink).toBeUndefined();
  });

  it('pools medians over the sequences where defined, identityMax the largest, and pools pools', () => {
    const a = judgeScores({ frames: [1], closed: 1 }, photo, new Map([[1, look(1.8, undefined, [0.2, 0, 0])]]));
    const b = judgeScores({ frames: [1], closed: 1 }, photo, new Map([[1, look(4.5, undefined, [0.1, 0, 0])]]));
    const c = judgeScores({ frames: [1], expression: { kind: 'happy', frames: [1] } }, photo, new Map([[1, look(9, { happy: 0.5 }, [0.4, 0, 0])]]));
    const pooled = poolJudge([a, undefined, b, c])!;
    expect(pooled.sequences).toBe(3);
    expect(pooled.frames).toBe(3);
    expect(pooled.blink).toBeCloseTo((0.2 + 0.5) / 2, 12);
    expect(pooled.happy).toBeCloseTo(0.4, 12);
    expect(pooled.identity).toBeCloseTo(0.2, 6);
    expect(pooled.identityMax).toBeCloseTo(0.4, 6);
    expect(poolJudge([poolJudge([a, b])!, c])).toEqual(pooled);
    expect(poolJudge([undefined])).toBeUndefined();
    // Plain data: survives JSON.
    expect(JSON.parse(JSON.stringify(pooled))).toEqual(pooled);
  });
});
