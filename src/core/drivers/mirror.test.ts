import { describe, expect, it } from 'vitest';
import { CANONICAL_FACE } from '../face/canonical/canonical-face.ts';
import { isRestFrame } from './authoring.ts';
import { displacementOf, expressionDisplacement } from './rig.ts';
import { MIRROR_INDEX, mirrorDriver, type MirrorableDriver } from './mirror.ts';
import { testDrivers } from './test-drivers.ts';

describe('MIRROR_INDEX', () => {
  it('has one partner per landmark and is an involution', () => {
    expect(MIRROR_INDEX).toHaveLength(478);
    for (let i = 0; i < 478; i++) {
      const j = MIRROR_INDEX[i]!;
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThan(478);
      expect(MIRROR_INDEX[j], `landmark ${i}`).toBe(i);
    }
  });

  it('pairs the known partners and keeps the midline', () => {
    const pairs: [number, number][] = [
      [33, 263],
      [61, 291],
      [468, 473],
      [469, 476],
      [470, 475],
    ];
    for (const [a, b] of pairs) {
      expect(MIRROR_INDEX[a]).toBe(b);
      expect(MIRROR_INDEX[b]).toBe(a);
    }
    for (const i of [0, 1, 4, 6, 10, 152]) expect(MIRROR_INDEX[i]).toBe(i);
    // Every point with x = 0 is its own partner; every other one has a partner on the other side.
    CANONICAL_FACE.forEach(([x], i) => {
      if (x === 0) expect(MIRROR_INDEX[i]).toBe(i);
      else expect(Math.sign(CANONICAL_FACE[MIRROR_INDEX[i]!]![0])).toBe(-Math.sign(x));
    });
  });
});

describe('mirrorDriver', () => {
  it('renames, flags and mirrors pose and expression', () => {
    const turn = testDrivers().find((d) => d.id === 'turn')!;
    const m = mirrorDriver(turn);
    expect(m.id).toBe('turn-mirrored');
    expect(m.name).toBe('Turn left and right (mirrored)');
    expect(m.mirrored).toBe(true);
    expect(m.fps).toBe(turn.fps);
    expect(m.loops).toBe(turn.loops);
    expect(m.frames).toHaveLength(turn.frames.length);
    turn.frames.forEach((frame, f) => {
      const p = m.frames[f]!.pose;
      expect(p.yaw).toBe(frame.pose.yaw === 0 ? 0 : -frame.pose.yaw);
      expect(p.roll).toBe(frame.pose.roll === 0 ? 0 : -frame.pose.roll);
      expect(p.x).toBe(frame.pose.x === 0 ? 0 : -frame.pose.x);
      expect(p.pitch).toBe(frame.pose.pitch);
      expect(p.y).toBe(frame.pose.y);
      expect(p.scale).toBe(frame.pose.scale);
      for (let i = 0; i < 478; i += 7) {
        const [dx, dy, dz] = displacementOf(frame.expression, MIRROR_INDEX[i]!);
        const [mx, my, mz] = displacementOf(m.frames[f]!.expression, i);
        expect(mx).toBe(dx === 0 ? 0 : -dx);
        expect(my).toBe(dy);
        expect(mz).toBe(dz);
      }
    });
    // Rest frames stay exactly at rest, so the mirrored driver still loops.
    expect(isRestFrame(m.frames[0]!)).toBe(true);
    expect(isRestFrame(m.frames.at(-1)!)).toBe(true);
  });

  it('turns a left wink into a right wink', () => {
    const left = expressionDisplacement({ blinkLeft: 1 });
    const right = expressionDisplacement({ blinkRight: 1 });
    const pose = { yaw: 0, pitch: 0, roll: 0, x: 0, y: 0, scale: 1 };
    const m = mirrorDriver({ id: 'w', name: 'W', fps: 25, loops: false, frames: [{ pose, expression: left }] });
    for (let k = 0; k < right.length; k++) expect(m.frames[0]!.expression[k]).toBeCloseTo(right[k]!, 2);
  });

  it('mirroring twice gives the original', () => {
    for (const d of testDrivers()) {
      const twice = mirrorDriver(mirrorDriver(d)) as MirrorableDriver;
      expect(twice.id).toBe(d.id);
      expect(twice.name).toBe(d.name);
      expect(twice.mirrored).toBeUndefined();
      expect(twice).toEqual(d);
    }
  });

  it('does not modify its input', () => {
    const d = testDrivers()[1]!;
    const before = d.frames.map((f) => ({ pose: { ...f.pose }, expression: f.expression.slice() }));
    mirrorDriver(d);
    expect(d.frames).toEqual(before);
  });
});
