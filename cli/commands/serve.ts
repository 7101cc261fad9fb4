import { parseCommandArgs, parsePort } from '../args.ts';
import { requireDist } from '../paths.ts';
import { startStaticServer, type StaticServer } from '../static-server.ts';
import { EXIT, UsageError, type Command } from './types.ts';

export const DEFAULT_PORT = 5173;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the built app (dist/) on this machine, with the headers it needs',
  help: `Usage: kinora serve [--port N] [--host H]

Serves the built app (dist/, made by \`npm run build\`) and keeps running until Ctrl-C.
Every response carries Cross-Origin-Opener-Policy / -Embedder-Policy / -Resource-Policy
(cross-origin isolation, needed for WASM threads) and Cache-Control: no-cache.
\`npm start\` builds the app and then runs this command.

Options:
  --port N   port to listen on. Default: ${DEFAULT_PORT} if free, else a random free port.
             An explicit port that is taken is an error. 0 = a random free port.
  --host H   address to listen on (default 127.0.0.1). Browsers only give the app the
             features it needs (cross-origin isolation) on localhost or HTTPS.
  -h, --help show this help

Prints:  Kinora is running at http://127.0.0.1:PORT/

Examples:
  npm start
  kinora serve --port 8080
  KINORA_DIST=/tmp/other-build kinora serve

Exit codes: 0 stopped with Ctrl-C; 1 no build or the port is taken; 2 usage error.`,

  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('serve', args, {
      port: { type: 'string' },
      host: { type: 'string' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'serve');
    const host = values.host ?? '127.0.0.1';
    const explicitPort = values.port === undefined ? undefined : parsePort('serve', values.port);
    const root = requireDist(ctx.env);

    let server: StaticServer;
    try {
      server = await startStaticServer({ root, host, port: explicitPort ?? DEFAULT_PORT });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && explicitPort === undefined) {
        ctx.stderr.write(`Port ${DEFAULT_PORT} is in use, using a random free port.\n`);
        server = await startStaticServer({ root, host, port: 0 });
      } else if (code === 'EADDRINUSE') {
        ctx.stderr.write(`kinora serve: port ${explicitPort} on ${host} is already in use.\n`);
        return EXIT.failure;
      } else {
        throw err;
      }
    }

    ctx.stdout.write(`Kinora is running at ${server.url}\n`);
    if (ctx.env.KINORA_DIST) ctx.stderr.write(`(serving ${root})\n`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return EXIT.ok;
  },
};
