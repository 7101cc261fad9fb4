/**
 * The `kinora` command line. Run with `tsx cli/main.ts <command>` or `bin/kinora.mjs <command>`.
 * Commands live in cli/commands/ and are registered in cli/commands/index.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { commands, findCommand } from './commands/index.ts';
import { EXIT, UsageError, type CommandContext } from './commands/types.ts';
import { isMainModule, MissingBuildError, REPO_ROOT } from './paths.ts';

function version(): string {
  try {
    return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function globalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `kinora - bring the faces in old photos to life, entirely on your own device.

Usage:
  kinora <command> [options] [arguments]
  kinora <command> --help     options and examples of one command
  kinora help [command]
  kinora --version

Commands:
${list}

Commands that look at photos (detect, animate, eval) run the built app (dist/, made by
\`npm run build\`) in headless Chromium on this machine, served from 127.0.0.1. Nothing is
uploaded: requests to any other host are blocked. \`kinora drivers\` runs in Node only.

Examples:
  npm start                                  build, then serve the app at http://127.0.0.1:5173/
  kinora serve --port 8080
  kinora detect photo.jpg
  kinora detect --json scans/*.jpg > faces.json
  kinora drivers
  kinora animate photo.jpg --driver blink --out blink.gif
  kinora animate group.jpg --driver smile --face 2 --frames frames/ --report smile.json
  kinora eval --drivers blink,smile scans/*.jpg

Environment:
  KINORA_DIST       the built app folder (default: <repo>/dist)
  KINORA_CHROMIUM   Chromium executable (default: /usr/bin/chromium when present, else
                    Playwright's own, see \`npx playwright install chromium\`)

Exit codes:
  0    success
  1    failure: every input failed (unreadable photo, no face, ...), unknown driver, no build
       (run \`npm run build\`), Chromium or the app did not start
  2    usage error: unknown command or option, missing argument
  130  interrupted (Ctrl-C / SIGTERM)
`;
}

function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '-h' || a === '--help');
}

/** Runs one command line and returns the exit code. Never calls process.exit. */
export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') {
    ctx[first === undefined ? 'stderr' : 'stdout'].write(globalHelp());
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '-v' || first === '--version') {
    ctx.stdout.write(`kinora ${version()}\n`);
    return EXIT.ok;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      ctx.stdout.write(globalHelp());
      return EXIT.ok;
    }
    const command = findCommand(topic);
    if (!command) {
      ctx.stderr.write(`kinora: unknown command "${topic}". Run \`kinora --help\` for the list.\n`);
      return EXIT.usage;
    }
    ctx.stdout.write(command.help + '\n');
    return EXIT.ok;
  }

  const command = findCommand(first);
  if (!command) {
    const what = first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`;
    ctx.stderr.write(`kinora: ${what}. Run \`kinora --help\` for the list of commands.\n`);
    return EXIT.usage;
  }
  if (wantsHelp(rest)) {
    ctx.stdout.write(command.help + '\n');
    return EXIT.ok;
  }

  try {
    return await command.run(rest, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.stderr.write(`kinora ${command.name}: ${err.message}\nRun \`kinora ${command.name} --help\` for usage.\n`);
      return EXIT.usage;
    }
    if (ctx.signal.aborted) return EXIT.interrupted;
    if (err instanceof MissingBuildError) {
      ctx.stderr.write(`kinora ${command.name}: ${err.message}\n`);
      return EXIT.failure;
    }
    const message = err instanceof Error ? err.message : String(err);
    ctx.stderr.write(`kinora ${command.name}: ${message}\n`);
    if (ctx.env.KINORA_DEBUG && err instanceof Error && err.stack) ctx.stderr.write(err.stack + '\n');
    return EXIT.failure;
  }
}

/** Process wrapper: real stdio, SIGINT/SIGTERM handling, exit code. */
export async function runCli(argv: string[] = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(EXIT.interrupted); // second Ctrl-C: do not wait for cleanup
    if (argv[0] !== 'serve') process.stderr.write(`\nkinora: ${name}, closing...\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A closed pipe (`kinora detect --json ... | head`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });

  const code = await main(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
  process.exitCode = code;
  // Everything is closed by now; do not let a stray handle keep the process alive.
  setTimeout(() => process.exit(code), 3000).unref();
}

if (isMainModule(import.meta.url)) await runCli();
