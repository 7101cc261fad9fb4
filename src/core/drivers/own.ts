/**
 * The user's own motions (recorded, or loaded from a file) live in a namespace of their own: a
 * file whose id is "smile" must never take the built-in Smile's place, here or on a later visit.
 */
import type { Driver } from '../motion/types.ts';

export const OWN_PREFIX = 'own:';

export function isOwnMotion(id: string): boolean {
  return id.startsWith(OWN_PREFIX);
}

/** The driver with its id in the user's namespace (unchanged when it is there already). */
export function asOwnMotion<D extends Driver>(driver: D): D {
  return isOwnMotion(driver.id) ? driver : { ...driver, id: `${OWN_PREFIX}${driver.id}` };
}
