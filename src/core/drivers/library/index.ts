/**
 * The driver library: 20+ authored drivers (4-10 s at 25 fps, looping from rest to rest) with a
 * description and tags each. Built on first call, not at import: building samples the rig for
 * every frame.
 */
import type { Driver } from '../../motion/types.ts';
import type { LibraryDriver } from './common.ts';
import { expressionDrivers } from './expressions.ts';
import { gestureDrivers } from './gestures.ts';
import { idleDrivers } from './idle.ts';

export type { LibraryDriver } from './common.ts';

let library: LibraryDriver[] | undefined;

/** All library drivers with descriptions and tags (shared frames: treat as read-only). */
export function libraryDrivers(): LibraryDriver[] {
  library ??= [...expressionDrivers(), ...gestureDrivers(), ...idleDrivers()];
  return library;
}

export function findLibraryDriver(id: string): LibraryDriver | undefined {
  return libraryDrivers().find((entry) => entry.driver.id === id);
}

/** Library drivers carrying `tag`. */
export function libraryDriversTagged(tag: string): LibraryDriver[] {
  return libraryDrivers().filter((entry) => entry.tags.includes(tag));
}

export const libraryDriverList = (): Driver[] => libraryDrivers().map((entry) => entry.driver);
