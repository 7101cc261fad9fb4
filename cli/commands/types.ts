/** What every `kinora` sub-command implements. Register new commands in ./index.ts. */

export interface Output {
  write(chunk: string): unknown;
}

export interface CommandContext {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /** Directory that relative paths on the command line are relative to. */
  cwd: string;
  /** Aborted on SIGINT/SIGTERM: close the browser and the server, then return EXIT.interrupted. */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  /** One line for `kinora --help`. */
  summary: string;
  /** Full text for `kinora <name> --help`: usage, options, examples. */
  help: string;
  /** Returns the process exit code. Throw UsageError for bad arguments. */
  run(args: string[], ctx: CommandContext): Promise<number>;
}

export const EXIT = {
  ok: 0,
  /** Something failed (every image failed, no build, Chromium did not start, ...). */
  failure: 1,
  /** Bad command line. */
  usage: 2,
  /** SIGINT/SIGTERM (128 + 2). */
  interrupted: 130,
} as const;

/** A bad command line: main prints the message and a hint, and exits with EXIT.usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
