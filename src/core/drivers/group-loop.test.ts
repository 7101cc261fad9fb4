import { describe, expect, it } from 'vitest';
import { findDriver } from './registry.ts';
import { blinkFrames, groupLength, groupPhases, loopSeam, loopsIn, partFrame } from './group-loop.ts';
import type { Driver } from '../motion/types.ts';

const driver = (id: string): Driver => findDriver(id)!;

describe('a group of faces sharing one loop', () => {
  it('loops for every part: the frame after the last is the first', () => {
    const drivers = [driver('gentle-smile'), driver('nod-yes'), driver('sitters-idle')];
    const length = groupLength(drivers);
    expect(length).toBe(Math.max(...drivers.map((d) => d.frames.length)));
    for (const [k, d] of drivers.entries()) {
      const part = { driver: d, phase: 17 * k };
      const first = partFrame(part, 0, length);
      const wrapped = partFrame(part, length, length);
      expect(wrapped.pose.yaw).toBeCloseTo(first.pose.yaw, 6);
      expect(Array.from(wrapped.expression)).toEqual(Array.from(first.expression));
      // A shorter driver plays a whole number of times, so consecutive frames stay close.
      const step = Math.max(...Array.from({ length }, (_, i) => Math.abs(partFrame(part, i + 1, length).pose.pitch - partFrame(part, i, length).pose.pitch)));
      expect(step).toBeLessThan(1.5);
    }
  });

  it('plays a driver as recorded when the loop is its own length', () => {
    const d = driver('nod-yes');
    const frame = partFrame({ driver: d, phase: 0 }, 40, d.frames.length);
    expect(frame.pose.pitch).toBeCloseTo(d.frames[40]!.pose.pitch, 6);
    expect(loopsIn(110, 250)).toBe(2);
    expect(loopsIn(250, 110)).toBe(1);
  });

  it('gives faces with the same driver different starts, and keeps their blinks apart', () => {
    const d = driver('blink-look-around');
    expect(blinkFrames(d).length).toBeGreaterThan(0);
    const drivers = [d, d, d, d];
    const length = groupLength(drivers);
    const phases = groupPhases(drivers, length);
    expect(new Set(phases).size).toBe(4);
    const blinking = phases.map((phase) =>
      new Set(Array.from({ length }, (_, i) => i).filter((i) => blinkFrames({ ...d, frames: [partFrame({ driver: d, phase }, i, length)] }).length > 0)),
    );
    for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) expect([...blinking[a]!].filter((i) => blinking[b]!.has(i))).toEqual([]);
  });

  it('plays a motion that does not loop forth and back in a longer loop, so it comes round too', () => {
    const d = { ...driver('nod-yes'), loops: false };
    const count = d.frames.length;
    const part = { driver: d, phase: 0 };
    // Within its own length: as recorded.
    expect(partFrame(part, 30, count).pose.pitch).toBeCloseTo(d.frames[30]!.pose.pitch, 6);
    const length = 4 * count;
    expect(partFrame(part, length, length).pose.pitch).toBeCloseTo(partFrame(part, 0, length).pose.pitch, 6);
    // Half way through a forth-and-back, the last frame.
    const half = length / (2 * loopsIn(2 * (count - 1), length));
    expect(partFrame(part, half, length).pose.pitch).toBeCloseTo(d.frames[count - 1]!.pose.pitch, 6);
  });

  it('finds where each part\'s motion comes round in the loop', () => {
    const d = driver('nod-yes');
    const count = d.frames.length;
    expect(loopSeam({ driver: d, phase: 0 }, count)).toEqual([count - 1, 0]);
    expect(loopSeam({ driver: d, phase: 10 }, count)).toEqual([count - 11, count - 10]);
    // There, the motion is at its ends: both frames near its first.
    const length = 250;
    const part = { driver: d, phase: 37 };
    const [before, after] = loopSeam(part, length);
    const period = length / loopsIn(count, length);
    expect(((after + part.phase) % period) / period).toBeLessThan(1 / period + 1e-9);
    expect(((before + part.phase) % period) / period).toBeGreaterThan(1 - 1 / period - 1e-9);
  });

  it('starts faces so that their heads do not bob in step', () => {
    // Two calm motions that both breathe: left to chance, their breaths can fall together.
    const drivers = [driver('gentle-smile'), driver('look-right-and-back'), driver('gentle-smile')];
    const length = groupLength(drivers);
    const phases = groupPhases(drivers, length);
    const pitch = (k: number) => Array.from({ length }, (_, i) => partFrame({ driver: drivers[k]!, phase: phases[k]! }, i, length).pose.pitch);
    const corr = (a: number[], b: number[]) => {
      const m = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
      const [ma, mb] = [m(a), m(b)];
      const cov = a.reduce((sum, v, i) => sum + (v - ma) * (b[i]! - mb), 0);
      return cov / Math.sqrt(a.reduce((s2, v) => s2 + (v - ma) ** 2, 0) * b.reduce((s2, v) => s2 + (v - mb) ** 2, 0));
    };
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      expect(corr(pitch(a), pitch(b)), `faces ${a} and ${b}`).toBeLessThan(0.5);
    }
  });
});
