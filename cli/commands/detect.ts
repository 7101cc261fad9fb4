import type { ImageReport } from '../../src/pipeline/automation-contract.ts';
import { parseCommandArgs, parseSeconds } from '../args.ts';
import { appResponds, prepareInputs, shortError, TimeoutError, withTimeout } from '../inputs.ts';
import { requireDist } from '../paths.ts';
import { InterruptedError, startAppSession, type AppSession } from '../session.ts';
import { EXIT, UsageError, type Command, type CommandContext } from './types.ts';

const DEFAULT_TIMEOUT_S = 120;

export const detectCommand: Command = {
  name: 'detect',
  summary: 'Find the faces (box, score, 478 landmarks) in photos, with the real app in headless Chromium',
  help: `Usage: kinora detect [--json] [--verbose] [--timeout S] [--webgpu] <image...>

Loads each photo through the app's own loader and face pipeline (the built app, in headless
Chromium, on this machine: nothing is uploaded, requests to other hosts are blocked) and
reports the faces found. Photos are processed one after another in the same page.

Options:
  --json          print ONE JSON array of ImageReport objects on stdout and nothing else:
                    { file, width, height, faces: [{ box: [x, y, w, h], score,
                      landmarks: [[x, y, z] x 478], tooSmall?, matrix? }], error? }
                  "file" is the path as given on the command line; coordinates are
                  original-image pixels after EXIF orientation.
  --verbose       forward the page's console errors and warnings to stderr
  --timeout S     give up on one photo after S seconds (default ${DEFAULT_TIMEOUT_S}); the page is
                  reloaded and the next photo runs
  --webgpu        start Chromium with --enable-unsafe-webgpu
  -h, --help      show this help

Without --json, prints a table: file, size (width x height), number of faces, and per face
its box, score and "too small" when it is too small to animate (about 40 px).

A missing, unreadable or undecodable photo gets a report with an "error" string; the
others still run.

Examples:
  kinora detect photo.jpg
  kinora detect --json scans/*.jpg > faces.json
  kinora detect --json grandma.png | jq '.[0].faces | length'

Exit codes: 0 at least one photo was processed; 1 every photo failed, no build (run
\`npm run build\`), or Chromium/the app did not start; 2 usage error; 130 interrupted.`,

  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('detect', args, {
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      webgpu: { type: 'boolean', default: false },
    });
    if (positionals.length === 0) throw new UsageError('no image given', 'detect');
    const timeoutMs =
      values.timeout === undefined ? DEFAULT_TIMEOUT_S * 1000 : parseSeconds('detect', '--timeout', values.timeout);
    const dist = requireDist(ctx.env);

    const reports = await detectFiles(positionals, ctx, {
      dist,
      verbose: values.verbose,
      webgpu: values.webgpu,
      timeoutMs,
    });
    if (reports === null) return EXIT.interrupted;

    ctx.stdout.write(values.json ? JSON.stringify(reports) + '\n' : formatReports(reports));
    return reports.every((r) => r.error !== undefined) ? EXIT.failure : EXIT.ok;
  },
};

export interface DetectOptions {
  dist: string;
  verbose: boolean;
  webgpu: boolean;
  timeoutMs: number;
}

function errorReport(file: string, error: string): ImageReport {
  return { file, width: 0, height: 0, faces: [], error };
}

/**
 * Runs window.kinora.detectUrl on each file, sequentially in one page.
 * Returns null when interrupted (everything is closed by then).
 */
export async function detectFiles(
  files: string[],
  ctx: CommandContext,
  options: DetectOptions,
): Promise<ImageReport[] | null> {
  const log = (line: string) => void ctx.stderr.write(line + '\n');
  const routes = new Map<string, string>();
  const inputs = await prepareInputs(files, ctx.cwd, routes, { photo: true });

  const reports: ImageReport[] = [];
  if (inputs.every((input) => input.error)) {
    return inputs.map((input) => errorReport(input.given, input.error!));
  }

  let session: AppSession;
  try {
    session = await startAppSession({
      dist: options.dist,
      extraRoutes: routes,
      verbose: options.verbose,
      webgpu: options.webgpu,
      env: ctx.env,
      log,
      signal: ctx.signal,
    });
  } catch (err) {
    if (err instanceof InterruptedError) return null;
    throw err;
  }

  /** Set when the app could not be brought back after a hang or crash. */
  let broken: string | undefined;
  try {
    for (const input of inputs) {
      if (ctx.signal.aborted) return null;
      if (input.error || broken) {
        reports.push(errorReport(input.given, input.error ?? broken!));
        continue;
      }
      if (options.verbose) log(`kinora: detecting ${input.given}`);
      try {
        const call = session.app.page.evaluate(
          ([url, name]) => {
            const kinora = window.kinora;
            if (!kinora) throw new Error('window.kinora is missing');
            return kinora.detectUrl(url, name);
          },
          [input.url, input.name] as const,
        );
        const report = await withTimeout(call, options.timeoutMs, `detecting ${input.given}`);
        reports.push({ ...report, file: input.given });
      } catch (err) {
        if (ctx.signal.aborted) return null;
        reports.push(errorReport(input.given, shortError(err)));
        // After a hang or a renderer crash, start from a fresh page for the next photo.
        if (err instanceof TimeoutError || !(await appResponds(session))) {
          log(`kinora: ${shortError(err)}; reloading the app`);
          try {
            await session.reopen();
          } catch (reopenErr) {
            if (ctx.signal.aborted) return null;
            broken = `not run: the app could not be reloaded (${shortError(reopenErr)})`;
            log(`kinora: ${broken}`);
          }
        }
      }
    }
  } finally {
    await session.close();
  }
  return ctx.signal.aborted ? null : reports;
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

/** The human table printed without --json. */
export function formatReports(reports: ImageReport[]): string {
  const rows = reports.map((r) => ({
    file: r.file,
    size: r.error ? '-' : `${r.width}x${r.height}`,
    faces: r.error ? `error: ${r.error}` : String(r.faces.length),
  }));
  const wFile = Math.max(4, ...rows.map((r) => r.file.length));
  const wSize = Math.max(4, ...rows.map((r) => r.size.length));
  const lines = [`${'FILE'.padEnd(wFile)}  ${'SIZE'.padEnd(wSize)}  FACES`];
  reports.forEach((report, i) => {
    const row = rows[i]!;
    lines.push(`${row.file.padEnd(wFile)}  ${row.size.padEnd(wSize)}  ${row.faces}`);
    report.faces.forEach((face, j) => {
      const [x, y, w, h] = face.box;
      const box = `box ${fmt(x)},${fmt(y)} ${fmt(w)}x${fmt(h)}`;
      const flags = face.tooSmall ? '  too small' : '';
      lines.push(`    face ${j + 1}: ${box.padEnd(24)} score ${fmt(face.score, 2)}${flags}`);
    });
  });
  const faces = reports.reduce((n, r) => n + r.faces.length, 0);
  const failed = reports.filter((r) => r.error !== undefined).length;
  lines.push(
    `${reports.length} image${reports.length === 1 ? '' : 's'}, ${faces} face${faces === 1 ? '' : 's'}` +
      (failed ? `, ${failed} failed` : ''),
  );
  return lines.join('\n') + '\n';
}
