import { parseCommandArgs } from '../args.ts';
import { driverInfos, type DriverInfo } from '../drivers.ts';
import { EXIT, UsageError, type Command } from './types.ts';

export function formatDrivers(drivers: readonly DriverInfo[]): string {
  const rows = [
    ['ID', 'NAME', 'FRAMES', 'FPS', 'SECONDS'],
    ...drivers.map((d) => [d.id, d.name, String(d.frames), String(d.fps), (d.frames / d.fps).toFixed(2)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

export const driversCommand: Command = {
  name: 'drivers',
  summary: 'List the motions (drivers) that animate and eval can use',
  help: `Usage: kinora drivers [--json]

Lists the built-in drivers: the motions \`kinora animate --driver ID\` and \`kinora eval
--drivers ID,...\` accept. Each starts and ends at rest, so the animation loops. Runs in
Node only (no browser, no build needed). Driver JSON files come in a later version.

Options:
  --json       print one JSON array: [{ "id", "name", "frames", "fps", "tags", "mirrored" }]
               (mirrored: true on the left-right mirrored variant of a built-in driver)
               (frames = number of frames of one loop)
  -h, --help   show this help

Without --json, prints a table: id, name, frames, fps and length in seconds. Any command
that takes --driver also takes a driver file in Kinora's open format (README, "Driver format").

Examples:
  kinora drivers
  kinora drivers --json | jq -r '.[].id'

Exit codes: 0 listed; 2 usage error.`,

  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('drivers', args, { json: { type: 'boolean', default: false } });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'drivers');
    const drivers = driverInfos();
    ctx.stdout.write(values.json ? JSON.stringify(drivers) + '\n' : formatDrivers(drivers));
    return EXIT.ok;
  },
};
