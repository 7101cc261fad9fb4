import { describe, expect, it } from 'vitest';
import { DRIVER_GROUPS, groupChoices, groupOfTags, matchedGroup, type DriverGroup } from './groups.ts';
import { libraryDrivers } from './library/index.ts';
import { builtinDrivers } from './registry.ts';

describe('driver groups', () => {
  const library = libraryDrivers();

  it('puts every library driver in exactly one library group, by a rule (not the fallback)', () => {
    for (const { driver, tags } of library) {
      const group = matchedGroup(tags);
      expect(group, driver.id).toBeDefined();
      expect(groupOfTags(tags), driver.id).toBe(group);
      expect(['gentle', 'expressive', 'turns'], driver.id).toContain(group);
      expect(groupChoices([{ id: driver.id, group }]).length, driver.id).toBe(1);
    }
  });

  it('fills each library group with several motions', () => {
    const counts = new Map<DriverGroup | undefined, number>();
    for (const { tags } of library) counts.set(groupOfTags(tags), (counts.get(groupOfTags(tags)) ?? 0) + 1);
    for (const group of ['gentle', 'expressive', 'turns'] as const) expect(counts.get(group), group).toBeGreaterThanOrEqual(3);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(library.length);
  });

  it('groups motions as a person would', () => {
    const groupOf = (id: string) => groupOfTags(library.find((entry) => entry.driver.id === id)!.tags);
    expect(groupOf('gentle-smile')).toBe('gentle');
    expect(groupOf('listening')).toBe('gentle');
    expect(groupOf('head-tilt')).toBe('gentle');
    expect(groupOf('laugh')).toBe('expressive');
    expect(groupOf('curious')).toBe('expressive');
    expect(groupOf('wink')).toBe('expressive');
    expect(groupOf('nod-yes')).toBe('turns');
    expect(groupOf('shake-no')).toBe('turns');
    expect(groupOf('look-left-smile-nod')).toBe('turns');
  });

  it('keeps the test drivers out of the gallery, and the user\'s own motions in "Yours"', () => {
    const tests = builtinDrivers().filter((entry) => entry.tags.includes('test') && !entry.mirrored);
    expect(tests.map((entry) => entry.driver.id).sort()).toEqual(['blink', 'nod', 'smile', 'turn']);
    for (const { tags } of tests) {
      expect(groupOfTags(tags)).toBeUndefined();
      expect(groupOfTags(tags) !== undefined).toBe(false);
    }
    for (const { tags } of library) expect(groupOfTags(tags) !== undefined).toBe(true);
    expect(groupOfTags(undefined)).toBe('yours');
    // A library driver no rule knows yet still shows.
    expect(groupOfTags(['dance'])).toBe('gentle');
  });

  it('sorts choices into the groups in gallery order, leaving out empty groups', () => {
    const choices: { id: string; group?: DriverGroup }[] = [
      { id: 'a', group: 'turns' },
      { id: 'mine' },
      { id: 'b', group: 'gentle' },
      { id: 'c', group: 'turns' },
    ];
    expect(groupChoices(choices).map(({ group, choices }) => [group.id, choices.map((c) => c.id)])).toEqual([
      ['gentle', ['b']],
      ['turns', ['a', 'c']],
      ['yours', ['mine']],
    ]);
    expect(DRIVER_GROUPS.map((group) => group.id)).toEqual(['gentle', 'expressive', 'turns', 'yours']);
    expect(groupChoices([])).toEqual([]);
  });
});
