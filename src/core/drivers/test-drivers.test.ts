import { describe, expect, it } from 'vitest';
import type { Driver } from '../motion/types.ts';
import { authorDriver, isRestFrame } from './authoring.ts';
import { track } from './curves.ts';
import { displacementOf, EXPRESSION_LENGTH, expressionDisplacement } from './rig.ts';
import { findDriver, testDrivers } from './test-drivers.ts';

const driver = (id: string): Driver => {
  const found = findDriver(id);
  if (!found) throw new Error(`no driver ${id}`);
  return found;
};
const series = (d: Driver, f: (frame: Driver['frames'][number]) => number) => d.frames.map(f);
/** Upper lid closure of the right eye, 0 open .. 1 shut, read back from the expression. */
const fullBlinkDrop = displacementOf(expressionDisplacement({ blinkRight: 1 }), 159)[1];
const closure = (frame: Driver['frames'][number]) => displacementOf(frame.expression, 159)[1] / fullBlinkDrop;

describe('test drivers', () => {
  it('are blink, smile, turn and nod, 3-5 s at 25 fps, found by id', () => {
    expect(testDrivers().map((d) => d.id)).toEqual(['blink', 'smile', 'turn', 'nod']);
    for (const d of testDrivers()) {
      expect(d.fps).toBe(25);
      expect(d.frames.length / d.fps).toBeGreaterThanOrEqual(3);
      expect(d.frames.length / d.fps).toBeLessThanOrEqual(5);
      expect(findDriver(d.id)).toBe(d);
      expect(d.name.length).toBeGreaterThan(0);
    }
    expect(findDriver('nope')).toBeUndefined();
  });

  it('start and end exactly at rest, so they loop', () => {
    for (const d of testDrivers()) {
      expect(isRestFrame(d.frames[0]!), d.id).toBe(true);
      expect(isRestFrame(d.frames.at(-1)!), d.id).toBe(true);
      expect(d.loops).toBe(true);
      for (const frame of d.frames) {
        expect(frame.expression).toHaveLength(EXPRESSION_LENGTH);
        expect(frame.expression.every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('move smoothly: no frame-to-frame jump larger than a fast natural motion', () => {
    for (const d of testDrivers()) {
      for (let i = 1; i < d.frames.length; i++) {
        const [a, b] = [d.frames[i - 1]!.pose, d.frames[i]!.pose];
        // 12° in 40 ms would be 300°/s: faster than any head turn in a portrait.
        expect(Math.abs(b.yaw - a.yaw), d.id).toBeLessThan(2);
        expect(Math.abs(b.pitch - a.pitch), d.id).toBeLessThan(2);
      }
    }
  });

  it('blink closes fully, for 150-250 ms', () => {
    const closures = series(driver('blink'), closure);
    expect(Math.max(...closures)).toBeCloseTo(1, 6);
    // From the frame the lid starts to move to the frame it is open again, first blink.
    const start = closures.findIndex((c) => c > 0);
    const end = closures.findIndex((c, i) => i > start && c === 0);
    const durationMs = ((end - start + 1) * 1000) / 25;
    expect(durationMs).toBeGreaterThanOrEqual(150);
    expect(durationMs).toBeLessThanOrEqual(250);
    expect(series(driver('blink'), (f) => Math.abs(f.pose.yaw) + Math.abs(f.pose.pitch))).toEqual(
      closures.map(() => 0),
    );
  });

  it('smile reaches 1 and holds; the head tilts only slightly', () => {
    const smile = driver('smile');
    const full = expressionDisplacement({ smile: 1, blinkLeft: 0.15, blinkRight: 0.15 });
    const cornerLift = series(smile, (f) => -displacementOf(f.expression, 61)[1]);
    const peak = Math.max(...cornerLift);
    expect(peak).toBeCloseTo(-displacementOf(full, 61)[1], 6);
    expect(cornerLift.filter((c) => c === peak).length / 25).toBeGreaterThan(1); // held over a second
    for (const f of smile.frames) {
      expect(Math.abs(f.pose.pitch)).toBeLessThanOrEqual(2);
      expect(Math.abs(f.pose.roll)).toBeLessThanOrEqual(2);
    }
  });

  it('turn goes to +12° and -12° yaw with holds; nod to +8° and -8° pitch', () => {
    const yaw = series(driver('turn'), (f) => f.pose.yaw);
    expect(Math.max(...yaw)).toBe(12);
    expect(Math.min(...yaw)).toBe(-12);
    expect(yaw.filter((y) => y === 12).length).toBeGreaterThanOrEqual(3);
    expect(yaw.indexOf(12)).toBeLessThan(yaw.indexOf(-12)); // to the viewer's right first
    const pitch = series(driver('nod'), (f) => f.pose.pitch);
    expect(Math.max(...pitch)).toBe(8);
    expect(Math.min(...pitch)).toBe(-8);
    expect(pitch.indexOf(8)).toBeLessThan(pitch.indexOf(-8)); // down first
    expect(series(driver('nod'), (f) => f.pose.yaw).every((y) => y === 0)).toBe(true);
  });
});

describe('authorDriver', () => {
  it('samples tracks per frame and marks drivers that do not return to rest as non-looping', () => {
    const d = authorDriver({ id: 'x', name: 'X', duration: 1, fps: 10, pose: { yaw: track([[0, 0], [0.5, 5]]) } });
    expect(d.frames).toHaveLength(10);
    expect(d.frames[5]!.pose.yaw).toBe(5);
    expect(d.frames[5]!.pose.scale).toBe(1);
    expect(d.loops).toBe(false);
  });
});
