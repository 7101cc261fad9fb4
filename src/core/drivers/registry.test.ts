import { describe, expect, it } from 'vitest';
import { builtinDrivers, defaultDriverFor, findDriver, groupDriversFor } from './registry.ts';

describe('driver registry', () => {
  it('holds the library, the test drivers and a mirrored variant of each, with unique ids', () => {
    const all = builtinDrivers();
    const ids = all.map((e) => e.driver.id);
    expect(new Set(ids).size).toBe(ids.length);
    const originals = all.filter((e) => !e.mirrored);
    expect(originals.length).toBeGreaterThanOrEqual(24);
    expect(all.filter((e) => e.mirrored)).toHaveLength(originals.length);
    for (const id of ['blink', 'smile', 'turn', 'nod', 'gentle-smile', 'nod-yes', 'shake-no', 'wink', 'sitters-idle']) {
      expect(findDriver(id)?.id).toBe(id);
    }
    expect(findDriver('wink-mirrored')?.name).toMatch(/mirrored/);
    expect(findDriver('no-such-driver')).toBeUndefined();
  });

  it('chooses a driver that suits the face pose', () => {
    expect(defaultDriverFor(0)).toBe('gentle-smile');
    const left = builtinDrivers().find((e) => e.driver.id === defaultDriverFor(-20))!;
    expect(left.tags).toContain('pose:from-left');
    const right = builtinDrivers().find((e) => e.driver.id === defaultDriverFor(20))!;
    expect(right.tags).toContain('pose:from-right');
  });

  it('gives the frontal faces of a group different calm motions, and turned ones their pose\'s', () => {
    const ids = groupDriversFor([0, 2, -3, 25, 1, 30]);
    expect(ids[3]).toBe(defaultDriverFor(25));
    // A second face turned the same way gets a calm motion, not the same turn.
    expect(ids[5]).not.toBe(ids[3]);
    expect(new Set(ids).size).toBe(6);
    for (const id of ids) expect(findDriver(id)).toBeDefined();
  });
});
