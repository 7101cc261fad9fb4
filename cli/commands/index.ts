/**
 * The `kinora` command table. To add a command (animate, eval, drivers, record, ...):
 * write cli/commands/<name>.ts exporting a `Command`, then add it to this list.
 */
import { detectCommand } from './detect.ts';
import { serveCommand } from './serve.ts';
import type { Command } from './types.ts';

export const commands: readonly Command[] = [serveCommand, detectCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
