/**
 * The motions (drivers) the CLI knows: the built-in ones, read in Node from the same registry
 * the app bundles, and driver files (the open format of src/core/drivers/format.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDriver } from '../src/core/drivers/format.ts';
import { builtinDrivers } from '../src/core/drivers/registry.ts';
import { english } from '../src/i18n/english.ts';
import { AUTO_DRIVER } from '../src/pipeline/automation-contract.ts';

export interface DriverInfo {
  id: string;
  name: string;
  /** Number of frames of one loop. */
  frames: number;
  fps: number;
  tags: string[];
  mirrored: boolean;
}

export function driverInfos(): DriverInfo[] {
  return builtinDrivers().map(({ driver, tags, mirrored }) => ({
    id: driver.id,
    name: driver.name,
    frames: driver.frames.length,
    fps: driver.fps,
    tags,
    mirrored,
  }));
}

export function builtinDriverIds(): string[] {
  return builtinDrivers().map((entry) => entry.driver.id);
}

/** A --driver value: a built-in id, or a driver file whose text the page parses again. */
export interface DriverChoice {
  id: string;
  json?: string;
}

/** A built-in id (or AUTO_DRIVER: each face's own) as is; else a driver file, read and validated here (errors: exit 1). */
export async function resolveDriver(value: string, cwd: string): Promise<DriverChoice> {
  if (value === AUTO_DRIVER || builtinDriverIds().includes(value)) return { id: value };
  if (!/[\\/]|\.json$/i.test(value)) throw new UnknownDriverError(value);
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, value), 'utf8');
  } catch (error) {
    throw new Error(`cannot read the driver file ${value}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const parsed = parseDriver(text);
  if (!parsed.ok) throw new Error(`${value} is not a valid driver file:\n  ${parsed.errors.map(english).join('\n  ')}`);
  return { id: parsed.driver.id, json: text };
}

/** A --driver/--drivers value that is not a built-in id (exit 1, not a usage error). */
export class UnknownDriverError extends Error {
  constructor(readonly value: string) {
    super(`unknown driver "${value}": see \`kinora drivers\` for the built-in ones, or give a driver file (.json)`);
    this.name = 'UnknownDriverError';
  }
}

/** Returns the id when it is a built-in driver, else throws UnknownDriverError. */
export function checkDriverId(value: string): string {
  if (value !== AUTO_DRIVER && !builtinDriverIds().includes(value)) throw new UnknownDriverError(value);
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
