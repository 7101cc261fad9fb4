import { ENHANCE_MODES, type EnhanceMode } from '../../src/core/enhance/plan.ts';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AUTO_DRIVER, type AnimateOptions, type AnimateResult, type ExportOptions, type ExportResult, type FaceChoice } from '../../src/pipeline/automation-contract.ts';
import { parseCommandArgs, parseInteger, parseNumber, parseSeconds } from '../args.ts';
import { resolveDriver, type DriverChoice } from '../drivers.ts';
import { prepareInputs, shortError, withTimeout } from '../inputs.ts';
import { requireDist } from '../paths.ts';
import { writeFrames, writeReport } from '../report.ts';
import { InterruptedError, startAppSession, type AppSession } from '../session.ts';
import { EXIT, UsageError, type Command, type CommandContext } from './types.ts';

export const DEFAULT_SIZE = 512;
export const SIZE_RANGE = [64, 4096] as const;
export const INTENSITY_RANGE = [0, 1.5] as const;
const DEFAULT_TIMEOUT_S = 600;
const OUT_FORMATS = ['.gif', '.mp4'] as const;

export interface AnimateArgs {
  image: string;
  /** A built-in id, a driver file, or AUTO_DRIVER. */
  driver: string;
  face?: FaceChoice;
  size: number;
  intensity: number;
  glasses: boolean;
  enhance: EnhanceMode;
  frames?: string;
  report?: string;
  out?: string;
  /** The visible "animated" mark on the --out file. */
  mark: boolean;
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
    enhance: { type: 'string' },
    frames: { type: 'string' },
    report: { type: 'string' },
    out: { type: 'string', short: 'o' },
    'no-mark': { type: 'boolean', default: false },
    timeout: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    webgpu: { type: 'boolean', default: false },
  });
  if (positionals.length === 0) throw new UsageError('no image given', 'animate');
  if (positionals.length > 1) throw new UsageError(`one image at a time (got ${positionals.length})`, 'animate');
  const all = values.face?.trim().toLowerCase() === 'all';
  // Everyone together may leave each face its own motion; one face needs the motion named.
  if (!all && (values.driver === undefined || values.driver.trim() === '')) {
    throw new UsageError(`--driver is required: a built-in id (see \`kinora drivers\`), a driver file (.json) or ${AUTO_DRIVER}`, 'animate');
  }
  for (const option of ['frames', 'report', 'out'] as const) {
    if (values[option] !== undefined && values[option].trim() === '') throw new UsageError(`--${option} needs a path`, 'animate');
  }
  if (values.out !== undefined && !OUT_FORMATS.includes(path.extname(values.out).toLowerCase() as (typeof OUT_FORMATS)[number])) {
    throw new UsageError(`--out "${values.out}": the file must end in .gif or .mp4`, 'animate');
  }
  const enhance = values.enhance ?? 'off';
  if (!(ENHANCE_MODES as readonly string[]).includes(enhance)) throw new UsageError(`--enhance "${enhance}": use on, off or auto`, 'animate');
  return {
    image: positionals[0]!,
    driver: values.driver?.trim() || AUTO_DRIVER,
    face: all ? 'all' : values.face === undefined ? undefined : parseInteger('animate', '--face', values.face, 1, 10_000),
    size: values.size === undefined ? DEFAULT_SIZE : parseInteger('animate', '--size', values.size, SIZE_RANGE[0], SIZE_RANGE[1]),
    intensity: values.intensity === undefined ? 1 : parseNumber('animate', '--intensity', values.intensity, INTENSITY_RANGE[0], INTENSITY_RANGE[1]),
    glasses: values.glasses === true,
    enhance: enhance as EnhanceMode,
    frames: values.frames,
    report: values.report,
    out: values.out,
    mark: values['no-mark'] !== true,
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_S * 1000 : parseSeconds('animate', '--timeout', values.timeout),
    verbose: values.verbose,
    webgpu: values.webgpu,
  };
}

/** The one-line summary printed on stdout: the animation, or the file when only a file was asked for. */
export function formatAnimateSummary(file: string, result: AnimateResult | undefined, exported: ExportResult | undefined): string {
  if (result) {
    const r = result.report;
    const frames = r.targets.length;
    const ms = r.timings.frameMs;
    const who = r.faces.length > 1 ? `faces ${r.faces.map((f) => `${f.face} ${f.driver}`).join(', ')}` : `face ${r.face}, ${r.driver}`;
    return (
      `${file}: ${who}: ${frames} frame${frames === 1 ? '' : 's'}, ${r.width}x${r.height} px, ` +
      `${r.fps} fps, ${r.backend}, ${Number.isFinite(ms) ? ms.toFixed(1) : '?'} ms/frame (total ${(r.timings.totalMs / 1000).toFixed(1)} s)\n`
    );
  }
  const e = exported!;
  return (
    `${file}: face${e.faces.length > 1 ? 's' : ''} ${e.faces.join(', ')}: ${e.frames} frame${e.frames === 1 ? '' : 's'}, ${e.width}x${e.height} px, ${e.extension.toUpperCase()} ` +
    `rendered in ${(e.renderMs / 1000).toFixed(1)} s, file ready at ${(e.totalMs / 1000).toFixed(1)} s\n`
  );
}

export const animateCommand: Command = {
  name: 'animate',
  summary: 'Animate one face of a photo, or everyone in it, with a driver; write a GIF or MP4, the frames and/or a JSON report',
  help: `Usage: kinora animate <image> --driver <id|auto> [--face N|all] [--size PX] [--intensity X] [--glasses]
                      [--enhance on|off|auto] [--out FILE.gif|FILE.mp4] [--no-mark] [--frames DIR] [--report FILE.json]
                      [--timeout S] [--verbose] [--webgpu]

Animates one face of the photo, or every face at once, with a motion (driver), with the real app in headless Chromium
on this machine (nothing is uploaded; requests to other hosts are blocked). The whole photo is
kept and scaled to the output size; nothing is cropped.

Options:
  -d, --driver ID|FILE the motion: a built-in id (see \`kinora drivers\`), a driver file in
                       Kinora's open format (README, "Driver format"), or auto: the motion that
                       suits each face's pose (varied across a group). Required, except with
                       --face all (default auto)
  --face N|all         which face, 1-based, numbered left to right as \`kinora detect\` prints them
                       (default: the first face large enough to animate); all: every face large
                       enough, animated together in one render, each with its own phase (and with
                       auto its own motion) so that no two blink at once
  --size PX            long side of the output in pixels (default ${DEFAULT_SIZE}, ${SIZE_RANGE[0]}-${SIZE_RANGE[1]}); a smaller
                       photo is never enlarged, unless enhanced
  --enhance MODE       the super-resolution model makes the face's detail (default off):
                       auto  when the output is larger than the photo (which is then enlarged);
                       on    also when the photo has fewer than twice the output's pixels;
                       off   never
  --intensity X        strength of the motion, ${INTENSITY_RANGE[0]} (still) to ${INTENSITY_RANGE[1]} (default 1 = as recorded)
  --glasses            the face wears glasses: keep the frames rigid and the brows gentler
  --frames DIR         write every frame as DIR/frame-0001.png, frame-0002.png, ... (DIR is
                       created; older frame files are overwritten, never deleted)
  --report FILE.json   write the animation report, one JSON object:
                         { "driver", "face", "width", "height", "fps", "backend",
                           "timings": { setupMs, motionMs, rasterMs, fillMs, synthesisMs, frameMs, totalMs },
                           "source": [[x, y] x 478], "targets": [[[x, y] x 478] per frame],
                           "faces": [{ "face", "driver", "phase", "source", "targets" } per face],
                           "enhanced"?: { region, whole, ms, backend } }
                       face is 1-based (driver, source and targets are the first face's; faces
                       has every animated face's); landmark coordinates are output-frame pixels
  -o, --out FILE       write the animation as the app's "Download" does, by its extension:
                       .gif  loops forever, one palette with ordered dithering, unchanged pixels
                             transparent;
                       .mp4  H.264, yuv420p, +faststart (ffmpeg.wasm, in the browser).
                       Both carry the "animated" mark in a corner and a note in the file (GIF
                       comment / MP4 comment) saying it was animated from a still photo by Kinora
  --no-mark            leave the visible mark out of the --out file (the note stays)
  --timeout S          give up after S seconds (default ${DEFAULT_TIMEOUT_S})
  --verbose            forward the page's console errors and warnings to stderr
  --webgpu             start Chromium with --enable-unsafe-webgpu (the generator may then use WebGPU)
  -h, --help           show this help

Prints one line on stdout:
  photo.jpg: face 1, blink: 90 frames, 512x384 px, 25 fps, wasm, 41.2 ms/frame (total 4.3 s)
ms/frame is the generator's median per frame; the files written are listed on stderr.

Examples:
  kinora animate grandma.jpg --driver blink --out grandma-blink.gif
  kinora animate group.jpg --driver gentle-smile --face 2 --size 720 --intensity 0.7 --out smile.mp4
  kinora animate photo.png -d turn --frames frames/ --report turn.json
  kinora animate family.jpg --face all --out family.gif

Exit codes: 0 done; 1 the photo cannot be read or decoded, no face (large enough) found,
face number out of range, unknown driver, no build (run \`npm run build\`), Chromium or the
app did not start, or the timeout passed; 2 usage error; 130 interrupted.`,

  async run(args, ctx) {
    const options = parseAnimateArgs(args);
    const driver = await resolveDriver(options.driver, ctx.cwd);
    const dist = requireDist(ctx.env);

    const done = await animateFile(options, driver, ctx, dist);
    if (done === null) return EXIT.interrupted;
    const { animated, exported } = done;

    const written: string[] = [];
    const frames = animated?.frames ?? [];
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
    if (options.report !== undefined && animated) {
      await writeReport(path.resolve(ctx.cwd, options.report), animated.report);
      written.push(`report ${options.report}`);
    }
    if (options.out !== undefined && exported) {
      const bytes = Buffer.from(exported.base64, 'base64');
      await writeFile(path.resolve(ctx.cwd, options.out), bytes);
      written.push(`${exported.extension.toUpperCase()} ${options.out} (${(bytes.length / 1024).toFixed(0)} KiB)`);
    }

    ctx.stdout.write(formatAnimateSummary(options.image, animated, exported));
    if (written.length) ctx.stderr.write(`wrote ${written.join(', ')}\n`);
    return EXIT.ok;
  },
};

/**
 * Runs window.kinora.animateUrl on the photo (for --frames, --report or the summary) and
 * exportUrl for --out. Returns null when interrupted.
 */
async function animateFile(
  options: AnimateArgs,
  driver: DriverChoice,
  ctx: CommandContext,
  dist: string,
): Promise<{ animated?: AnimateResult; exported?: ExportResult } | null> {
  const log = (line: string) => void ctx.stderr.write(line + '\n');
  const routes = new Map<string, string>();
  const [input] = await prepareInputs([options.image], ctx.cwd, routes, { photo: true });
  if (input!.error) throw new Error(`${options.image}: ${input!.error}`);

  let session: AppSession;
  try {
    session = await startAppSession({ dist, extraRoutes: routes, verbose: options.verbose, webgpu: options.webgpu, env: ctx.env, log, signal: ctx.signal });
  } catch (err) {
    if (err instanceof InterruptedError) return null;
    throw err;
  }
  const common = {
    driver: driver.id,
    ...(driver.json !== undefined ? { driverJson: driver.json } : {}),
    size: options.size,
    intensity: options.intensity,
    glasses: options.glasses,
    enhance: options.enhance,
    ...(options.face !== undefined ? { face: options.face } : {}),
  };
  const call = async <M extends 'animateUrl' | 'exportUrl'>(method: M, opts: M extends 'animateUrl' ? AnimateOptions : ExportOptions) => {
    const running = session.app.page.evaluate(
      ([m, url, name, o]) => {
        const kinora = window.kinora as unknown as Record<string, (...a: unknown[]) => Promise<unknown>> | undefined;
        if (!kinora) throw new Error('window.kinora is missing');
        if (typeof kinora[m] !== 'function') throw new Error(`this build has no ${m}: run \`npm run build\``);
        return kinora[m]!(url, name, o);
      },
      [method, input!.url, input!.name, opts] as const,
    );
    return withTimeout(running, options.timeoutMs, `animating ${options.image}`) as Promise<M extends 'animateUrl' ? AnimateResult : ExportResult>;
  };
  try {
    if (options.verbose) log(`kinora: animating ${options.image} with ${options.driver}`);
    const wantsAnimation = options.frames !== undefined || options.report !== undefined || options.out === undefined;
    const animated = wantsAnimation ? await call('animateUrl', { ...common, frames: options.frames !== undefined }) : undefined;
    const format = options.out?.toLowerCase().endsWith('.mp4') ? 'mp4' : 'gif';
    const exported = options.out !== undefined ? await call('exportUrl', { ...common, format, mark: options.mark }) : undefined;
    return { animated, exported };
  } catch (err) {
    if (ctx.signal.aborted) return null;
    throw new Error(`${options.image}: ${shortError(err)}`);
  } finally {
    await session.close();
  }
}
