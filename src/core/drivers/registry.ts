/**
 * Every built-in driver, in one place: the four test drivers, the library, and a mirrored
 * variant of each (made on the fly by swapping the left and right landmarks, not by flipping an
 * image). Built lazily, once.
 */
import { headFrame } from '../motion/head-frame.ts';
import type { Driver, Landmarks } from '../motion/types.ts';
import { libraryDrivers } from './library/index.ts';
import { mirrorDriver } from './mirror.ts';
import { testDrivers } from './test-drivers.ts';

export interface DriverEntry {
  driver: Driver;
  description: string;
  tags: string[];
  mirrored: boolean;
}

let entries: DriverEntry[] | undefined;

export function builtinDrivers(): DriverEntry[] {
  if (!entries) {
    const originals: Omit<DriverEntry, 'mirrored'>[] = [
      ...libraryDrivers(),
      ...testDrivers().map((driver) => ({ driver, description: `Test motion: ${driver.name.toLowerCase()}.`, tags: ['test'] })),
    ];
    entries = originals.flatMap((entry) => [
      { ...entry, mirrored: false },
      { ...entry, driver: mirrorDriver(entry.driver), mirrored: true },
    ]);
  }
  return entries;
}

export function findDriver(id: string): Driver | undefined {
  return builtinDrivers().find((entry) => entry.driver.id === id)?.driver;
}

/** Faces turned further than this (degrees of yaw) get a driver that turns their way. */
const TURNED_FACE_YAW = 8;

/**
 * The default motion for a face, as Deep Nostalgia chooses by pose: a face turned to one side
 * gets a driver that turns further that way (it cannot turn far back: the hidden side of the
 * face cannot be made up); a frontal face gets a gentle smile. `yaw` uses HeadPose's sign.
 */
export function defaultDriverFor(yaw: number): string {
  if (yaw <= -TURNED_FACE_YAW) return pickTagged('pose:from-left');
  if (yaw >= TURNED_FACE_YAW) return pickTagged('pose:from-right');
  return 'gentle-smile';
}

function pickTagged(tag: string): string {
  return builtinDrivers().find((entry) => !entry.mirrored && entry.tags.includes(tag))?.driver.id ?? 'gentle-smile';
}

/**
 * Motions for the frontal faces of a group, in turn: calm ones that suit people sitting for a
 * photo together, different enough that neighbours do not mirror each other.
 */
const GROUP_MOTIONS = ['gentle-smile', 'blink-look-around', 'listening', 'sitters-idle', 'breathing-idle', 'look-up-thoughtful'];

/**
 * Motions for every face of a group photo (yaws in HeadPose's sign, in the group's order): the
 * first face turned each way gets that pose's motion (defaultDriverFor); every other face takes
 * GROUP_MOTIONS in turn (calm motions suit turned faces too), so neighbours move differently.
 */
export function groupDriversFor(yaws: readonly number[]): string[] {
  const posed = new Set<string>();
  let calm = 0;
  return yaws.map((yaw) => {
    const turned = Math.abs(yaw) >= TURNED_FACE_YAW ? defaultDriverFor(yaw) : undefined;
    if (turned && !posed.has(turned)) {
      posed.add(turned);
      return turned;
    }
    return GROUP_MOTIONS[calm++ % GROUP_MOTIONS.length]!;
  });
}

/** The default motion for a face given its landmarks (see defaultDriverFor). */
export function defaultDriverForFace(landmarks: Landmarks, matrix?: readonly number[]): string {
  return defaultDriverFor(headFrame(landmarks, matrix).yaw);
}
