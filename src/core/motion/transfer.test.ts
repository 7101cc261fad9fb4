import { describe, expect, it } from 'vitest';
import { REST_POSE } from '../drivers/rest.ts';
import { EXPRESSION_LENGTH, expressionDisplacement, type ExpressionControls } from '../drivers/rig.ts';
import { testDrivers } from '../drivers/test-drivers.ts';
import { headFrame } from './head-frame.ts';
import { motionLimits } from './limits.ts';
import { eulerFromRotation, multiplyAll, transpose } from './linear-algebra.ts';
import { loadHopperFace } from './testdata/faces.ts';
import { UNDER_GLASS_FRAMES, transferMotion } from './transfer.ts';
import type { DriverFrame, HeadPose, Landmarks, MotionFrame } from './types.ts';

const hopper = loadHopperFace();
const frame = headFrame(hopper.landmarks, hopper.matrix);
const limits = motionLimits(frame);
const source = hopper.landmarks;

const driverFrame = (pose: Partial<HeadPose> = {}, controls: ExpressionControls = {}): DriverFrame => ({
  pose: { ...REST_POSE, ...pose },
  expression: expressionDisplacement(controls),
});
const run = (pose: Partial<HeadPose> = {}, controls: ExpressionControls = {}, intensity = 1): MotionFrame =>
  transferMotion(frame, driverFrame(pose, controls), { intensity, limits });

const dist2 = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
const shift = (targets: Landmarks, i: number) => [targets[i]![0] - source[i]![0], targets[i]![1] - source[i]![1]] as const;
const maxShift = (targets: Landmarks) => Math.max(...targets.map((p, i) => dist2(p, source[i]!)));
/** Eye aspect ratio (|p2-p6| + |p3-p5|) / (2 |p1-p4|). */
const eyeAspectRatio = (points: Landmarks, [p1, p2, p3, p4, p5, p6]: readonly number[]) =>
  (dist2(points[p2!]!, points[p6!]!) + dist2(points[p3!]!, points[p5!]!)) / (2 * dist2(points[p1!]!, points[p4!]!));
const RIGHT_EYE_EAR = [33, 160, 158, 133, 153, 144] as const;
const LEFT_EYE_EAR = [362, 385, 387, 263, 373, 380] as const;
/** The pose rotation actually applied, back in head-local angles. */
const appliedAngles = (motion: MotionFrame) =>
  eulerFromRotation(multiplyAll(transpose(frame.rotation), motion.rotation, frame.rotation));

describe('transferMotion on a real face', () => {
  it('leaves the landmarks where they are for a rest frame (within 1e-6 px)', () => {
    const motion = run();
    motion.landmarks.forEach((p, i) => {
      for (let k = 0; k < 3; k++) expect(Math.abs(p[k]! - source[i]![k]!)).toBeLessThan(1e-6);
    });
    expect(motion.displacement.every((d) => d.every((v) => v === 0))).toBe(true);
    expect(motion.scale).toBe(1);
    expect(motion.translation).toEqual([0, 0, 0]);
  });

  it('yaw +10° moves the nose tip to the viewer\'s right, more than the cheeks by the ears', () => {
    const motion = run({ yaw: 10 });
    const [noseDx] = shift(motion.landmarks, 1);
    expect(noseDx).toBeGreaterThan(0.15 * frame.eyeSpan);
    for (const cheek of [234, 454, 127, 356]) {
      expect(dist2(motion.landmarks[cheek]!, source[cheek]!)).toBeLessThan(0.5 * noseDx);
    }
    // The rotation is 3D: the nose tip also changes depth (z is kept for the depth test).
    expect(motion.landmarks[1]![2]).toBeGreaterThan(source[1]![2] + 1);
  });

  it('pitch +8° moves the nose down, roll +8° turns the face clockwise', () => {
    expect(shift(run({ pitch: 8 }).landmarks, 1)[1]).toBeGreaterThan(0.1 * frame.eyeSpan);
    const rolled = run({ roll: 8 }).landmarks;
    expect(shift(rolled, 10)[0]).toBeGreaterThan(0); // forehead to the right
    expect(shift(rolled, 152)[0]).toBeLessThan(0); // chin to the left
  });

  it('blink 1 closes both eyes: eye aspect ratio below 0.1 of its rest value', () => {
    const closed = run({}, { blinkLeft: 1, blinkRight: 1 }).landmarks;
    for (const eye of [RIGHT_EYE_EAR, LEFT_EYE_EAR]) {
      const rest = eyeAspectRatio(source, eye);
      expect(rest).toBeGreaterThan(0.15);
      expect(eyeAspectRatio(closed, eye)).toBeLessThan(0.1 * rest);
    }
    // One eye only: the other stays open.
    const wink = run({}, { blinkRight: 1 }).landmarks;
    expect(eyeAspectRatio(wink, RIGHT_EYE_EAR)).toBeLessThan(0.1 * eyeAspectRatio(source, RIGHT_EYE_EAR));
    expect(eyeAspectRatio(wink, LEFT_EYE_EAR)).toBeCloseTo(eyeAspectRatio(source, LEFT_EYE_EAR), 6);
  });

  it('even at intensity 1.5 an upper lid never passes below the lower one', () => {
    const closed = transferMotion(frame, driverFrame({}, { blinkLeft: 1, blinkRight: 1 }), { intensity: 1.5, limits }).landmarks;
    for (const [up, lo] of [[159, 145], [160, 144], [386, 374], [385, 380]] as const) {
      expect(closed[up]![1]).toBeLessThanOrEqual(closed[lo]![1] + 1e-9);
    }
  });

  it('smile raises the mouth corners 61/291 and widens the mouth', () => {
    const smiling = run({}, { smile: 1 }).landmarks;
    expect(shift(smiling, 61)[1]).toBeLessThan(-0.05 * frame.eyeSpan);
    expect(shift(smiling, 291)[1]).toBeLessThan(-0.05 * frame.eyeSpan);
    const width = (points: Landmarks) => dist2(points[61]!, points[291]!);
    expect(width(smiling) - width(source)).toBeGreaterThan(0.09 * frame.eyeSpan);
  });

  it('intensity 0 moves nothing; intensity 1.5 is 1.5x the expression', () => {
    const wild = driverFrame({ yaw: 12, pitch: -8, roll: 5, x: 0.1, y: -0.1, scale: 1.1 }, { smile: 1, jawOpen: 1, blinkLeft: 0.5 });
    const still = transferMotion(frame, wild, { intensity: 0, limits });
    expect(maxShift(still.landmarks)).toBeLessThan(1e-6);
    // Within the corner-lift limit's identity range (the next test is about the limit).
    const smile = driverFrame({}, { smile: 0.5, jawOpen: 0.5 });
    const normal = transferMotion(frame, smile, { intensity: 1, limits });
    const strong = transferMotion(frame, smile, { intensity: 1.5, limits });
    for (const i of [61, 291, 14, 17, 205]) {
      const [nx, ny] = shift(normal.landmarks, i);
      const [sx, sy] = shift(strong.landmarks, i);
      expect(sx).toBeCloseTo(1.5 * nx, 6);
      expect(sy).toBeCloseTo(1.5 * ny, 6);
    }
  });

  it('takes the pose and the expression at their own shares for a turned face, the blink whole', () => {
    const damped = { ...limits, amplitude: { pose: 0.5, expression: 0.8 } };
    const on = (target: DriverFrame, amplitude = damped) => transferMotion(frame, target, { intensity: 1, limits: amplitude });
    const smile = driverFrame({}, { smile: 0.5 });
    for (const i of [61, 291, 205]) {
      const [fx, fy] = shift(on(smile, limits).landmarks, i);
      const [dx, dy] = shift(on(smile).landmarks, i);
      expect(dx).toBeCloseTo(0.8 * fx, 6);
      expect(dy).toBeCloseTo(0.8 * fy, 6);
    }
    expect(appliedAngles(on(driverFrame({ yaw: 6 }))).yaw).toBeCloseTo(3, 1);
    const closed = on(driverFrame({}, { blinkLeft: 1, blinkRight: 1 })).landmarks;
    for (const eye of [RIGHT_EYE_EAR, LEFT_EYE_EAR]) expect(eyeAspectRatio(closed, eye)).toBeLessThan(0.1 * eyeAspectRatio(source, eye));
  });

  it('gives a face that already smiles less room to smile: the lower face scaled, the eyes not', () => {
    const smile = driverFrame({}, { smile: 1, jawOpen: 0.4, blinkLeft: 0.5 });
    const on = (photo: number, max = 0.13) => transferMotion(frame, smile, { intensity: 1, limits: { ...limits, cornerLift: { photo, max } } });
    const rise = (motion: MotionFrame) => -(shift(motion.landmarks, 61)[1] + shift(motion.landmarks, 291)[1]) / 2 / frame.eyeSpan;
    // A straight mouth keeps nearly all of a full smile.
    expect(rise(on(0))).toBeGreaterThan(0.97 * rise(on(0, Infinity)));
    // Corners already 0.1 up: they go at most to the limit, the jaw opens less, the lids as before.
    const smiling = on(0.1);
    expect(rise(smiling)).toBeLessThan(0.03);
    expect(rise(smiling)).toBeGreaterThan(0.01);
    expect(shift(smiling.landmarks, 17)[1]).toBeLessThan(0.5 * shift(on(0).landmarks, 17)[1]);
    for (const lid of [386, 374, 159, 145]) expect(shift(smiling.landmarks, lid)).toEqual(shift(on(0).landmarks, lid));
    // Past the limit nothing rises further.
    expect(rise(on(0.2))).toBeLessThan(0.003);
  });

  it('keeps poses inside the limits at intensity 1.5, approaching them softly', () => {
    const strong = transferMotion(frame, driverFrame({ yaw: 12, pitch: -8, roll: -12 }), { intensity: 1.5, limits });
    const angles = appliedAngles(strong);
    expect(angles.yaw).toBeGreaterThan(12);
    expect(angles.yaw).toBeLessThan(limits.yaw.max);
    expect(angles.pitch).toBeLessThan(-8);
    expect(angles.pitch).toBeGreaterThan(limits.pitch.min);
    expect(angles.roll).toBeGreaterThan(limits.roll.min);
    // At intensity 1 a 12° turn is only slightly softened.
    expect(appliedAngles(run({ yaw: 12 })).yaw).toBeGreaterThan(11.5);
  });

  it('caps the brow raise softly, lower with glasses', () => {
    const browLift = (glasses: boolean) =>
      -transferMotion(frame, driverFrame({}, { browRaise: 1 }), { intensity: 1.5, limits: motionLimits(frame, { glasses }) })
        .displacement[105]![1];
    expect(browLift(false)).toBeLessThan(0.1 * frame.eyeSpan);
    expect(browLift(false)).toBeGreaterThan(0.09 * frame.eyeSpan);
    expect(browLift(true)).toBeLessThan(0.05 * frame.eyeSpan);
    expect(browLift(true)).toBeGreaterThan(0.04 * frame.eyeSpan);
  });

  it('keeps glasses rigid: the frames\' region takes no expression, the eyes behind them still blink', () => {
    const withGlasses = motionLimits(frame, { glasses: true });
    const smile = transferMotion(frame, driverFrame({}, { smile: 1, blinkLeft: 1, blinkRight: 1 }), { intensity: 1, limits: withGlasses });
    const plain = transferMotion(frame, driverFrame({}, { smile: 1, blinkLeft: 1, blinkRight: 1 }), { intensity: 1, limits: motionLimits(frame) });
    const moved = (m: typeof smile, i: number) => Math.hypot(...m.displacement[i]!);
    // Around the eyes out to the rims, and the bridge: what the expression moves without glasses
    // stays put with them.
    expect(UNDER_GLASS_FRAMES.length).toBeGreaterThan(40);
    const bent = UNDER_GLASS_FRAMES.filter((i) => moved(plain, i) > 0.005 * frame.eyeSpan);
    expect(bent.length).toBeGreaterThan(10);
    for (const i of UNDER_GLASS_FRAMES) expect(moved(smile, i)).toBe(0);
    // The lids still close behind the lenses, and the mouth still smiles.
    expect(moved(smile, 159)).toBeGreaterThan(0.02 * frame.eyeSpan);
    expect(moved(smile, 61)).toBeGreaterThan(0.02 * frame.eyeSpan);
  });

  it('applies translation and scale about the pivot and reports the rigid transform it used', () => {
    const motion = run({ x: 0.2, y: -0.1, scale: 1.05, yaw: 5 });
    expect(motion.translation[0]).toBeCloseTo(0.2 * frame.eyeSpan, 9);
    expect(motion.translation[1]).toBeCloseTo(-0.1 * frame.eyeSpan, 9);
    expect(motion.scale).toBeCloseTo(1.05, 12);
    // p -> pivot + scale · rotation · (p - pivot) + translation reproduces every target.
    const r = motion.rotation;
    motion.landmarks.forEach((target, i) => {
      const q = source[i]!.map((v, k) => v + motion.displacement[i]![k]! - motion.pivot[k]!);
      for (let k = 0; k < 3; k++) {
        const expected = motion.pivot[k]! + motion.scale * (r[3 * k]! * q[0]! + r[3 * k + 1]! * q[1]! + r[3 * k + 2]! * q[2]!) + motion.translation[k]!;
        expect(target[k]).toBeCloseTo(expected, 9);
      }
    });
  });

  it('runs every frame of the test drivers to finite targets that stay near the face', () => {
    for (const driver of testDrivers()) {
      for (const f of driver.frames) {
        const motion = transferMotion(frame, f, { intensity: 1, limits });
        expect(motion.landmarks.every((p) => p.every(Number.isFinite))).toBe(true);
        expect(maxShift(motion.landmarks)).toBeLessThan(0.6 * frame.eyeSpan);
      }
    }
  });

  it('rejects expressions of the wrong length', () => {
    expect(() =>
      transferMotion(frame, { pose: { ...REST_POSE }, expression: new Float32Array(EXPRESSION_LENGTH - 3) }, { intensity: 1, limits }),
    ).toThrow(/1434/);
  });
});
