/**
 * The motion gallery's groups: gentle, expressive, turns and nods for the library, derived
 * from each library driver's tags, and "Yours" for motions the user recorded or loaded. The test
 * drivers (tag `test`) belong to no group: they stay out of the gallery (the CLI still finds
 * them by id). Pure: no driver is built here.
 */

export type DriverGroup = 'gentle' | 'expressive' | 'turns' | 'yours';

export interface DriverGroupInfo {
  /** Its heading is the catalogues' `group.<id>`. */
  id: DriverGroup;
}

/** The groups in the order the gallery shows them. */
export const DRIVER_GROUPS: readonly DriverGroupInfo[] = [{ id: 'gentle' }, { id: 'expressive' }, { id: 'turns' }, { id: 'yours' }];

/** The tag that marks the four test drivers (blink, smile, turn, nod). */
export const TEST_TAG = 'test';

/**
 * Tags that put a library driver in a group, tried in this order: a clear expression wins over
 * a calm mood (a curious tilt is expressive), and a calm mood over head movement (listening
 * nods, but gently).
 */
const RULES: readonly (readonly [DriverGroup, readonly string[]])[] = [
  ['expressive', ['expressive', 'brows', 'surprise', 'laugh', 'wink', 'playful', 'kiss', 'affectionate', 'proud', 'chin-up', 'curious']],
  ['gentle', ['gentle', 'idle', 'subtle', 'slow', 'sleepy', 'shy', 'thoughtful', 'nostalgic']],
  ['turns', ['turn', 'nod', 'greet', 'combo', 'pose:from-left', 'pose:from-right']],
];

/** The group whose tags `tags` carries first, by the rules above; undefined when none does. */
export function matchedGroup(tags: readonly string[]): Exclude<DriverGroup, 'yours'> | undefined {
  for (const [group, wanted] of RULES) if (tags.some((tag) => wanted.includes(tag))) return group as Exclude<DriverGroup, 'yours'>;
  return undefined;
}

/**
 * The gallery group of a driver from its tags: undefined for a test driver (not shown); `yours`
 * for a driver without tags (recorded or loaded by the user); else the matching library group,
 * `gentle` for a library driver no rule knows yet (so a new one is never lost).
 */
export function groupOfTags(tags: readonly string[] | undefined): DriverGroup | undefined {
  if (!tags) return 'yours';
  if (tags.includes(TEST_TAG)) return undefined;
  return matchedGroup(tags) ?? 'gentle';
}

/**
 * Choices sorted into the gallery's groups, in DRIVER_GROUPS order, keeping their order within a
 * group and leaving out empty groups. A choice without a group is the user's own (`yours`).
 */
export function groupChoices<T extends { group?: DriverGroup }>(choices: readonly T[]): { group: DriverGroupInfo; choices: T[] }[] {
  return DRIVER_GROUPS.map((group) => ({ group, choices: choices.filter((choice) => (choice.group ?? 'yours') === group.id) })).filter(
    (entry) => entry.choices.length > 0,
  );
}
