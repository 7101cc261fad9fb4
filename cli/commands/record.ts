import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordResult } from '../../src/pipeline/automation-contract.ts';
import { parseCommandArgs, parseSeconds } from '../args.ts';
import { prepareInputs, shortError, withTimeout } from '../inputs.ts';
import { requireDist } from '../paths.ts';
import { InterruptedError, startAppSession } from '../session.ts';
import { EXIT, UsageError, type Command } from './types.ts';

const DEFAULT_TIMEOUT_S = 600;

export interface RecordArgs {
  video: string;
  out: string;
  id: string;
  name: string;
  timeoutMs: number;
  verbose: boolean;
}

export function parseRecordArgs(args: string[]): RecordArgs {
  const { values, positionals } = parseCommandArgs('record', args, {
    out: { type: 'string', short: 'o' },
    id: { type: 'string' },
    name: { type: 'string' },
    timeout: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'one video at a time' : 'no video given', 'record');
  if (!values.out) throw new UsageError('--out <driver.json> is required', 'record');
  const video = positionals[0]!;
  const stem = path.basename(video).replace(/\.[^.]+$/, '');
  const id = values.id ?? (stem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'recorded');
  return {
    video,
    out: values.out,
    id,
    name: values.name ?? stem,
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_S * 1000 : parseSeconds('record', '--timeout', values.timeout),
    verbose: values.verbose,
  };
}

export const recordCommand: Command = {
  name: 'record',
  summary: 'Record a driver (a motion) from the face in a video, in the open driver format',
  help: `Usage: kinora record <video> --out <driver.json> [--id ID] [--name NAME] [--timeout S] [--verbose]

Follows the face in a video (MP4 or WebM, decoded by the browser: headless Chromium on this
machine, nothing uploaded), up to 30 s at 25 fps: landmarks and head pose per frame, jitter
smoothed without lag (One Euro filter), pose relative to the first frame, expression in the
canonical face space. Frames without a face are bridged (inside) or trimmed (at the ends), and
the command says so. The driver file plays on any face: kinora animate photo.jpg --driver
driver.json.

Options:
  -o, --out FILE   where to write the driver (JSON, Kinora's open driver format). Required.
  --id ID          the driver's id (default: from the video's file name)
  --name NAME      the driver's name (default: the video's file name)
  --timeout S      give up after S seconds (default ${DEFAULT_TIMEOUT_S})
  --verbose        forward the page's console errors and warnings to stderr
  -h, --help       show this help

Exit codes: 0 written; 1 the video cannot be read, no face in it, or Chromium did not start;
2 usage error; 130 interrupted.`,

  async run(args, ctx) {
    const options = parseRecordArgs(args);
    const dist = requireDist(ctx.env);
    const log = (line: string) => void ctx.stderr.write(line + '\n');
    const routes = new Map<string, string>();
    const [input] = await prepareInputs([options.video], ctx.cwd, routes);
    if (input!.error) throw new Error(`${options.video}: ${input!.error}`);
    let session;
    try {
      session = await startAppSession({ dist, extraRoutes: routes, verbose: options.verbose, env: ctx.env, log, signal: ctx.signal });
    } catch (err) {
      if (err instanceof InterruptedError) return EXIT.interrupted;
      throw err;
    }
    let result: RecordResult;
    try {
      const running = session.app.page.evaluate(
        ([url, name, opts]) => {
          const kinora = window.kinora;
          if (!kinora || typeof kinora.recordUrl !== 'function') throw new Error('this build cannot record: run `npm run build`');
          return kinora.recordUrl(url, name, opts);
        },
        [input!.url, input!.name, { id: options.id, name: options.name }] as const,
      );
      result = await withTimeout(running, options.timeoutMs, `recording ${options.video}`);
    } catch (err) {
      if (ctx.signal.aborted) return EXIT.interrupted;
      throw new Error(`${options.video}: ${shortError(err)}`);
    } finally {
      await session.close();
    }
    await writeFile(path.resolve(ctx.cwd, options.out), result.driverJson);
    for (const warning of result.warnings) ctx.stderr.write(`kinora record: ${warning}\n`);
    const gaps = [
      result.bridged ? `${result.bridged} frame${result.bridged === 1 ? '' : 's'} without a face bridged` : '',
      result.trimmed ? `${result.trimmed} trimmed at the ends` : '',
    ].filter(Boolean);
    ctx.stdout.write(`${options.out}: driver "${options.id}", ${result.frames} frames at 25 fps${gaps.length ? ` (${gaps.join(', ')})` : ''}\n`);
    return EXIT.ok;
  },
};
