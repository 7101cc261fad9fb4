import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './commands/types.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs (strict) with its errors turned into UsageError. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(message, command);
  }
}

/** Parses a port number (0 = any free port). */
export function parsePort(command: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`invalid port "${value}" (expected 0-65535)`, command);
  }
  return port;
}

/** Parses a positive number of seconds into milliseconds. */
export function parseSeconds(command: string, option: string, value: string): number {
  const s = Number(value);
  if (!Number.isFinite(s) || s <= 0) throw new UsageError(`invalid ${option} "${value}" (expected seconds > 0)`, command);
  return Math.round(s * 1000);
}

/** Parses an integer option within [min, max]. */
export function parseInteger(command: string, option: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`invalid ${option} "${value}" (expected an integer from ${min} to ${max})`, command);
  }
  return n;
}

/** Parses a number option within [min, max]. */
export function parseNumber(command: string, option: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`invalid ${option} "${value}" (expected a number from ${min} to ${max})`, command);
  }
  return n;
}
