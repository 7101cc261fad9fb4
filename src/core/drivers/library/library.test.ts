import { describe, expect, it } from 'vitest';
import type { DriverFrame } from '../../motion/types.ts';
import { isRestFrame } from '../authoring.ts';
import { REST_POSE } from '../rest.ts';
import { CANONICAL_FACE } from '../../face/canonical/canonical-face.ts';
import { displacementOf, expressionDisplacement } from '../rig.ts';
import { findLibraryDriver, libraryDrivers, libraryDriversTagged } from './index.ts';

const entries = libraryDrivers();
const poseAngles = ['yaw', 'pitch', 'roll'] as const;

/** Largest change between two frames: degrees of pose, and eye-spans of expression. */
function step(a: DriverFrame, b: DriverFrame): { angle: number; expression: number; translation: number } {
  let expression = 0;
  for (let k = 0; k < a.expression.length; k++) expression = Math.max(expression, Math.abs(a.expression[k]! - b.expression[k]!));
  return {
    angle: Math.max(...poseAngles.map((c) => Math.abs(a.pose[c] - b.pose[c]))),
    expression,
    translation: Math.max(Math.abs(a.pose.x - b.pose.x), Math.abs(a.pose.y - b.pose.y), Math.abs(a.pose.scale - b.pose.scale)),
  };
}

const maxAbs = (values: Float32Array) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
/** Closure of an eye, 0 open .. 1 shut, from its upper-lid centre's drop. */
const fullDrop = displacementOf(expressionDisplacement({ blinkRight: 1, blinkLeft: 1 }), 159)[1];
const closure = (frame: DriverFrame, upperLid: number) => displacementOf(frame.expression, upperLid)[1] / fullDrop;

describe('driver library', () => {
  it('has at least 20 drivers with unique kebab-case ids, names, descriptions and tags', () => {
    expect(entries.length).toBeGreaterThanOrEqual(20);
    const ids = entries.map((e) => e.driver.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { driver, description, tags } of entries) {
      expect(driver.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(driver.name.length).toBeGreaterThan(2);
      expect(driver.name.length).toBeLessThanOrEqual(30);
      expect(description.length).toBeGreaterThan(20);
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(tag).toMatch(/^[a-z]+(-[a-z]+)*(:[a-z]+(-[a-z]+)*)?$/);
    }
  });

  it('is built once, lazily, and found by id and tag', () => {
    expect(libraryDrivers()).toBe(entries);
    expect(findLibraryDriver('wink')?.driver.name).toBe('Wink');
    expect(findLibraryDriver('nope')).toBeUndefined();
    expect(libraryDriversTagged('painting').map((e) => e.driver.id)).toContain('sitters-idle');
  });

  it('covers the gestures asked for', () => {
    const required = [
      'gentle-smile', 'blink-look-around', 'nod-yes', 'shake-no', 'head-tilt', 'raise-eyebrows', 'wink', 'blow-a-kiss',
      'laugh', 'surprised', 'look-up-thoughtful', 'shy-look-down-up', 'greet', 'proud', 'sleepy', 'curious',
      'warm-remember', 'sitters-idle', 'look-left-smile-nod',
    ];
    for (const id of required) expect(findLibraryDriver(id), id).toBeDefined();
  });

  it('acts the big expressions: a laugh drops the jaw and narrows the eyes, surprise lifts the brows and widens the eyes', () => {
    const peak = (id: string, measure: (frame: DriverFrame) => number) => Math.max(...findLibraryDriver(id)!.driver.frames.map(measure));
    const mouthGap = (frame: DriverFrame) => displacementOf(frame.expression, 14)[1] - displacementOf(frame.expression, 13)[1];
    // Eye-spans (a laugh's mouth opens by ~0.1 or more; the rig's lips part by 0.16 at its limit).
    expect(peak('laugh', mouthGap)).toBeGreaterThan(0.1);
    expect(peak('laugh', (f) => displacementOf(f.expression, 152)[1])).toBeGreaterThan(0.1);
    expect(peak('laugh', (f) => closure(f, 159))).toBeGreaterThan(0.3);
    expect(peak('surprised', (f) => -displacementOf(f.expression, 105)[1])).toBeGreaterThan(0.06);
    // The upper lid rises (the opening widens) while the brows are up.
    expect(peak('surprised', (f) => -displacementOf(f.expression, 159)[1])).toBeGreaterThan(0.015);
    expect(peak('surprised', mouthGap)).toBeGreaterThan(0.05);
  });

  describe.each(entries.map((e) => [e.driver.id, e] as const))('%s', (_, { driver, tags }) => {
    const frames = driver.frames;

    it('lasts 4-10 s at 25 fps', () => {
      expect(driver.fps).toBe(25);
      expect(frames.length).toBeGreaterThanOrEqual(100);
      expect(frames.length).toBeLessThanOrEqual(250);
    });

    it('starts and ends exactly at rest, and loops smoothly', () => {
      expect(driver.loops).toBe(true);
      const first = frames[0]!;
      const last = frames[frames.length - 1]!;
      expect(isRestFrame(first)).toBe(true);
      expect(isRestFrame(last)).toBe(true);
      for (const c of Object.keys(REST_POSE) as (keyof typeof REST_POSE)[]) expect(Math.abs(last.pose[c] - REST_POSE[c])).toBeLessThan(1e-9);
      // The last frame is the first (the GIF's loop closes on equal frames), and the motion
      // leaving the start matches the motion arriving at the end: the living layer is periodic
      // over the clip and keeps moving across the seam, the gesture itself is at rest there.
      const steps = frames.slice(1).map((f, i) => step(frames[i]!, f));
      const wrap = step(last, first);
      expect(wrap).toEqual({ angle: 0, expression: 0, translation: 0 });
      const [leaving, arriving] = [frames[1]!, frames[frames.length - 2]!];
      for (const c of Object.keys(REST_POSE) as (keyof typeof REST_POSE)[]) {
        // pose(1) - pose(0) vs pose(n-1) - pose(n-2), pose(0) = pose(n-1): equal up to the curvature.
        expect(Math.abs(leaving.pose[c] - first.pose[c] - (last.pose[c] - arriving.pose[c])), c).toBeLessThan(0.01);
      }
      for (const edge of [steps[0]!, steps[steps.length - 1]!]) expect(edge.expression).toBeLessThan(1e-4);
    });

    it('stays within the convincing pose limits and expression amplitudes, without NaN', () => {
      for (const { pose, expression } of frames) {
        for (const value of Object.values(pose)) expect(Number.isFinite(value)).toBe(true);
        expect(expression.every(Number.isFinite)).toBe(true);
        expect(Math.abs(pose.yaw)).toBeLessThanOrEqual(13);
        expect(Math.abs(pose.pitch)).toBeLessThanOrEqual(9);
        expect(Math.abs(pose.roll)).toBeLessThanOrEqual(12);
        expect(Math.abs(pose.x)).toBeLessThan(0.05);
        // A breath lifts the head by up to 0.1 eye-spans per degree of sway (common.ts, `life`).
        expect(Math.abs(pose.y)).toBeLessThan(0.1);
        expect(Math.abs(pose.scale - 1)).toBeLessThan(0.03);
        expect(maxAbs(expression)).toBeLessThan(0.2);
      }
    });

    it('moves continuously (no frame-to-frame jumps)', () => {
      for (let i = 1; i < frames.length; i++) {
        const s = step(frames[i - 1]!, frames[i]!);
        expect(s.angle).toBeLessThan(3);
        expect(s.expression).toBeLessThan(0.08);
      }
    });

    it('breathes: the head never stops, the loop ends included', () => {
      for (let i = 1; i < frames.length; i++) expect(step(frames[i - 1]!, frames[i]!).angle, `frame ${i}`).toBeGreaterThan(0.002);
    });

    it('blinks at a human rate, away from the loop ends', () => {
      // Count closures of the right eye (the wink closes only the left) crossing 0.8.
      let blinks = 0;
      let shut = false;
      frames.forEach((frame, i) => {
        const closed = closure(frame, 159) > 0.8;
        if (closed && !shut) {
          blinks++;
          expect(i / driver.fps).toBeGreaterThan(0.3);
          expect(i / driver.fps).toBeLessThan(frames.length / driver.fps - 0.3);
        }
        shut = closed;
      });
      const seconds = frames.length / driver.fps;
      expect(blinks).toBeGreaterThanOrEqual(1);
      expect(blinks).toBeLessThanOrEqual(Math.ceil(seconds / 2));
    });

    if (tags.includes('pose:from-left') || tags.includes('pose:from-right')) {
      it('turns mostly toward the side of its pose tag', () => {
        const sign = tags.includes('pose:from-left') ? -1 : 1;
        const yaws = frames.map((f) => sign * f.pose.yaw);
        expect(Math.max(...yaws)).toBeGreaterThan(8);
        expect(Math.min(...yaws)).toBeGreaterThan(-1.5);
      });
    }
  });

  it('smiles asymmetrically where it smiles', () => {
    for (const id of ['gentle-smile', 'greet', 'laugh', 'warm-remember']) {
      const { frames } = findLibraryDriver(id)!.driver;
      // Mouth-corner lifts of the subject's right (61) and left (291) differ somewhere.
      const asymmetry = Math.max(
        ...frames.map((f) => Math.abs(displacementOf(f.expression, 61)[1] - displacementOf(f.expression, 291)[1])),
      );
      expect(asymmetry, id).toBeGreaterThan(0.003);
    }
  });

  it('smiles at the viewer where it smiles most, the eyes open', () => {
    // Gaze down and lids half shut at a smile's peak read as smug or sleepy, not as a smile. The
    // smile's cheeks lift the whole eye, so both are read against the eye itself (canonical face).
    const y = (f: DriverFrame, i: number) => CANONICAL_FACE[i]![1] + displacementOf(f.expression, i)[1];
    const opening = (f: DriverFrame) => (y(f, 145) - y(f, 159)) / (CANONICAL_FACE[145]![1] - CANONICAL_FACE[159]![1]);
    const gazeDown = (f: DriverFrame) => displacementOf(f.expression, 468)[1] - (displacementOf(f.expression, 33)[1] + displacementOf(f.expression, 133)[1]) / 2;
    for (const id of ['gentle-smile', 'greet', 'laugh', 'warm-remember', 'look-left-smile-nod']) {
      const { frames } = findLibraryDriver(id)!.driver;
      const lift = (f: DriverFrame) => -displacementOf(f.expression, 291)[1] - displacementOf(f.expression, 61)[1];
      const peak = frames.reduce((best, f) => (lift(f) > lift(best) ? f : best));
      expect(opening(peak), id).toBeGreaterThan(0.6);
      // A fifth of the gaze's full travel down (0.025 eye-spans) at most.
      expect(gazeDown(peak), id).toBeLessThan(0.005);
    }
  });

  it('the painting idle barely moves', () => {
    const { frames } = findLibraryDriver('sitters-idle')!.driver;
    for (const f of frames) for (const c of poseAngles) expect(Math.abs(f.pose[c])).toBeLessThan(1);
  });
});
