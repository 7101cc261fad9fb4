/**
 * The motions (drivers) the CLI knows, read in Node from the same module the app bundles.
 * For now only the built-in test drivers exist; driver JSON files come with a later issue.
 */
import { testDrivers } from '../src/core/drivers/test-drivers.ts';

export interface DriverInfo {
  id: string;
  name: string;
  /** Number of frames of one loop. */
  frames: number;
  fps: number;
}

export function driverInfos(): DriverInfo[] {
  return testDrivers().map((d) => ({ id: d.id, name: d.name, frames: d.frames.length, fps: d.fps }));
}

export function builtinDriverIds(): string[] {
  return testDrivers().map((d) => d.id);
}

/** A --driver/--drivers value that is not a built-in id (exit 1, not a usage error). */
export class UnknownDriverError extends Error {
  constructor(readonly value: string) {
    const known = builtinDriverIds().join(', ');
    const looksLikeFile = /[\\/]|\.json$/i.test(value);
    super(
      looksLikeFile
        ? `driver files are not supported yet ("${value}"): only the built-in drivers are known: ${known}`
        : `unknown driver "${value}": the built-in drivers are ${known} (see \`kinora drivers\`; driver files are not supported yet)`,
    );
    this.name = 'UnknownDriverError';
  }
}

/** Returns the id when it is a built-in driver, else throws UnknownDriverError. */
export function checkDriverId(value: string): string {
  if (!builtinDriverIds().includes(value)) throw new UnknownDriverError(value);
  return value;
}

/** Splits a comma-separated list of driver ids ("blink,smile"), checking each; duplicates are dropped. */
export function parseDriverList(value: string): string[] {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set(ids.map(checkDriverId))];
}
