/**
 * The `kinora` command table. To add a command (record, export, ...):
 * write cli/commands/<name>.ts exporting a `Command`, then add it to this list.
 */
import { animateCommand } from './animate.ts';
import { detectCommand } from './detect.ts';
import { driversCommand } from './drivers.ts';
import { evalCommand } from './eval.ts';
import { recordCommand } from './record.ts';
import { serveCommand } from './serve.ts';
import type { Command } from './types.ts';

export const commands: readonly Command[] = [serveCommand, detectCommand, driversCommand, animateCommand, evalCommand, recordCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
