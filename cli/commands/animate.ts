import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnimateOptions, AnimateResult } from '../../src/pipeline/automation-contract.ts';
import { parseCommandArgs, parseInteger, parseNumber, parseSeconds } from '../args.ts';
import { resolveDriver, type DriverChoice } from '../drivers.ts';
import { prepareInputs, shortError, withTimeout } from '../inputs.ts';
import { requireDist } from '../paths.ts';
import { gifFromFrames, writeFrames, writeReport } from '../report.ts';
import { InterruptedError, startAppSession, type AppSession } from '../session.ts';
import { EXIT, UsageError, type Command, type CommandContext } from './types.ts';

export const DEFAULT_SIZE = 512;
export const SIZE_RANGE = [64, 4096] as const;
export const INTENSITY_RANGE = [0, 1.5] as const;
const DEFAULT_TIMEOUT_S = 600;

export interface AnimateArgs {
  image: string;
  driver: string;
  face?: number;
  size: number;
  intensity: number;
  glasses: boolean;
  frames?: string;
  report?: string;
  out?: string;
  timeoutMs: number;
  verbose: boolean;
  webgpu: boolean;
}

/** Parses and checks the command line (throws UsageError). The driver id is checked separately (exit 1). */
export function parseAnimateArgs(args: string[]): AnimateArgs {
  const { values, positionals } = parseCommandArgs('animate', args, {
    driver: { type: 'string', short: 'd' },
    face: { type: 'string' },
    size: { type: 'string' },
    intensity: { type: 'string' },
    glasses: { type: 'boolean', default: false },
    frames: { type: 'string' },
    report: { type: 'string' },
    out: { type: 'string', short: 'o' },
    timeout: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    webgpu: { type: 'boolean', default: false },
  });
  if (positionals.length === 0) throw new UsageError('no image given', 'animate');
  if (positionals.length > 1) throw new UsageError(`one image at a time (got ${positionals.length})`, 'animate');
  if (values.driver === undefined || values.driver.trim() === '') {
    throw new UsageError('--driver is required: a built-in id (see `kinora drivers`) or a driver file (.json)', 'animate');
  }
  for (const option of ['frames', 'report', 'out'] as const) {
    if (values[option] !== undefined && values[option].trim() === '') throw new UsageError(`--${option} needs a path`, 'animate');
  }
  if (values.out !== undefined && path.extname(values.out).toLowerCase() !== '.gif') {
    throw new UsageError(`--out "${values.out}": only .gif files can be written for now`, 'animate');
  }
  return {
    image: positionals[0]!,
    driver: values.driver.trim(),
    face: values.face === undefined ? undefined : parseInteger('animate', '--face', values.face, 1, 10_000),
    size: values.size === undefined ? DEFAULT_SIZE : parseInteger('animate', '--size', values.size, SIZE_RANGE[0], SIZE_RANGE[1]),
    intensity: values.intensity === undefined ? 1 : parseNumber('animate', '--intensity', values.intensity, INTENSITY_RANGE[0], INTENSITY_RANGE[1]),
    glasses: values.glasses === true,
    frames: values.frames,
    report: values.report,
    out: values.out,
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_S * 1000 : parseSeconds('animate', '--timeout', values.timeout),
    verbose: values.verbose,
    webgpu: values.webgpu,
  };
}

/** The one-line summary printed on stdout. */
export function formatAnimateSummary(file: string, result: AnimateResult): string {
  const r = result.report;
  const frames = r.targets.length;
  const ms = r.timings.frameMs;
  return (
    `${file}: face ${r.face}, ${r.driver}: ${frames} frame${frames === 1 ? '' : 's'}, ${r.width}x${r.height} px, ` +
    `${r.fps} fps, ${r.backend}, ${Number.isFinite(ms) ? ms.toFixed(1) : '?'} ms/frame (total ${(r.timings.totalMs / 1000).toFixed(1)} s)\n`
  );
}

export const animateCommand: Command = {
  name: 'animate',
  summary: 'Animate one face of a photo with a driver; write the frames, a JSON report and/or a GIF',
  help: `Usage: kinora animate <image> --driver <id> [--face N] [--size PX] [--intensity X] [--glasses]
                      [--frames DIR] [--report FILE.json] [--out FILE.gif] [--timeout S] [--verbose] [--webgpu]

Animates one face of the photo with a motion (driver), with the real app in headless Chromium
on this machine (nothing is uploaded; requests to other hosts are blocked). The whole photo is
kept and scaled to the output size; nothing is cropped.

Options:
  -d, --driver ID|FILE the motion: a built-in id (see \`kinora drivers\`) or a driver file in
                       Kinora's open format (README, "Driver format"). Required.
  --face N             which face, 1-based, numbered left to right as \`kinora detect\` prints them
                       (default: the first face large enough to animate)
  --size PX            long side of the output in pixels (default ${DEFAULT_SIZE}, ${SIZE_RANGE[0]}-${SIZE_RANGE[1]}); a smaller
                       photo is never enlarged
  --intensity X        strength of the motion, ${INTENSITY_RANGE[0]} (still) to ${INTENSITY_RANGE[1]} (default 1 = as recorded)
  --glasses            the face wears glasses: keep the frames rigid and the brows gentler
  --frames DIR         write every frame as DIR/frame-0001.png, frame-0002.png, ... (DIR is
                       created; older frame files are overwritten, never deleted)
  --report FILE.json   write the animation report, one JSON object:
                         { "driver", "face", "width", "height", "fps", "backend",
                           "timings": { setupMs, motionMs, rasterMs, fillMs, synthesisMs, frameMs, totalMs },
                           "source": [[x, y] x 478], "targets": [[[x, y] x 478] per frame] }
                       face is 1-based; landmark coordinates are output-frame pixels
  -o, --out FILE.gif   write an animated GIF that loops forever: one global palette (median cut,
                       255 colours, no dithering), full-size frames whose unchanged pixels are
                       transparent, frame delay from the driver's fps. Simple, not polished.
  --timeout S          give up after S seconds (default ${DEFAULT_TIMEOUT_S})
  --verbose            forward the page's console errors and warnings to stderr
  --webgpu             start Chromium with --enable-unsafe-webgpu (the generator may then use WebGPU)
  -h, --help           show this help

Prints one line on stdout:
  photo.jpg: face 1, blink: 90 frames, 512x384 px, 25 fps, wasm, 41.2 ms/frame (total 4.3 s)
ms/frame is the generator's median per frame; the files written are listed on stderr.

Examples:
  kinora animate grandma.jpg --driver blink --out grandma-blink.gif
  kinora animate group.jpg --driver smile --face 2 --size 768 --intensity 0.7 --out smile.gif
  kinora animate photo.png -d turn --frames frames/ --report turn.json

Exit codes: 0 done; 1 the photo cannot be read or decoded, no face (large enough) found,
face number out of range, unknown driver, no build (run \`npm run build\`), Chromium or the
app did not start, or the timeout passed; 2 usage error; 130 interrupted.`,

  async run(args, ctx) {
    const options = parseAnimateArgs(args);
    const driver = await resolveDriver(options.driver, ctx.cwd);
    const dist = requireDist(ctx.env);

    const result = await animateFile(options, driver, ctx, dist);
    if (result === null) return EXIT.interrupted;

    const written: string[] = [];
    const frames = result.frames ?? [];
    if (options.frames !== undefined) {
      const dir = path.resolve(ctx.cwd, options.frames);
      const stale = await writeFrames(dir, frames);
      written.push(`${frames.length} frames in ${options.frames}`);
      if (stale.length) {
        ctx.stderr.write(
          `kinora animate: warning: ${options.frames} also holds ${stale.length} older frame file${stale.length === 1 ? '' : 's'} ` +
            `(${stale[0]}${stale.length > 1 ? ` ... ${stale.at(-1)}` : ''}) from another run\n`,
        );
      }
    }
    if (options.report !== undefined) {
      await writeReport(path.resolve(ctx.cwd, options.report), result.report);
      written.push(`report ${options.report}`);
    }
    if (options.out !== undefined) {
      const { width, height, fps } = result.report;
      const gif = gifFromFrames(frames, width, height, fps);
      await writeFile(path.resolve(ctx.cwd, options.out), gif);
      written.push(`GIF ${options.out} (${(gif.length / 1024).toFixed(0)} KiB)`);
    }

    ctx.stdout.write(formatAnimateSummary(options.image, result));
    if (written.length) ctx.stderr.write(`wrote ${written.join(', ')}\n`);
    return EXIT.ok;
  },
};

/** Runs window.kinora.animateUrl on the photo. Returns null when interrupted. */
async function animateFile(options: AnimateArgs, driver: DriverChoice, ctx: CommandContext, dist: string): Promise<AnimateResult | null> {
  const log = (line: string) => void ctx.stderr.write(line + '\n');
  const routes = new Map<string, string>();
  const [input] = await prepareInputs([options.image], ctx.cwd, routes);
  if (input!.error) throw new Error(`${options.image}: ${input!.error}`);

  let session: AppSession;
  try {
    session = await startAppSession({ dist, extraRoutes: routes, verbose: options.verbose, webgpu: options.webgpu, env: ctx.env, log, signal: ctx.signal });
  } catch (err) {
    if (err instanceof InterruptedError) return null;
    throw err;
  }
  try {
    const call: AnimateOptions = {
      driver: driver.id,
      ...(driver.json !== undefined ? { driverJson: driver.json } : {}),
      size: options.size,
      intensity: options.intensity,
      glasses: options.glasses,
      frames: options.frames !== undefined || options.out !== undefined,
      ...(options.face !== undefined ? { face: options.face } : {}),
    };
    if (options.verbose) log(`kinora: animating ${options.image} with ${options.driver}`);
    const running = session.app.page.evaluate(
      ([url, name, opts]) => {
        const kinora = window.kinora;
        if (!kinora) throw new Error('window.kinora is missing');
        if (typeof kinora.animateUrl !== 'function') throw new Error('this build cannot animate (window.kinora.animateUrl is missing): run `npm run build`');
        return kinora.animateUrl(url, name, opts);
      },
      [input!.url, input!.name, call] as const,
    );
    let result: AnimateResult;
    try {
      result = await withTimeout(running, options.timeoutMs, `animating ${options.image}`);
    } catch (err) {
      if (ctx.signal.aborted) return null;
      throw new Error(`${options.image}: ${shortError(err)}`);
    }
    return result;
  } finally {
    await session.close();
  }
}
