/**
 * Server + headless browser + app page, started together and closed together
 * (on success, on error and on SIGINT). Used by `kinora detect` and by the bench.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, type AppPage, type ChromiumArgsOptions, type Log } from './browser.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

export interface AppSessionOptions {
  dist: string;
  /** Same-origin routes for input files; the map may be filled after start. */
  extraRoutes?: Map<string, string>;
  verbose?: boolean;
  webgpu?: boolean;
  /** See ChromiumArgsOptions.fakeCamera (live mode's bench). */
  fakeCamera?: ChromiumArgsOptions['fakeCamera'];
  /** Timeout for the app to expose window.kinora. */
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  log?: Log;
  /** When aborted, everything is closed (pending page calls then reject). */
  signal?: AbortSignal;
}

export interface AppSession {
  server: StaticServer;
  browser: Browser;
  app: AppPage;
  /** Closes the page and opens the app again (after a hung call, for instance). */
  reopen(): Promise<AppPage>;
  close(): Promise<void>;
}

export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

export async function startAppSession(options: AppSessionOptions): Promise<AppSession> {
  const { signal } = options;
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let app: AppPage | undefined;

  // Idempotent per resource, so that a resource that finishes starting after an abort
  // is still closed by the next call.
  const close = async () => {
    signal?.removeEventListener('abort', onAbort);
    const [a, b, s] = [app, browser, server];
    app = browser = server = undefined;
    await a?.close();
    await b?.close().catch(() => undefined);
    await s?.close();
  };
  const onAbort = () => void close();
  signal?.addEventListener('abort', onAbort);

  const open = (b: Browser, url: string) =>
    openApp(b, url, { verbose: options.verbose, timeoutMs: options.readyTimeoutMs, log: options.log });

  try {
    if (signal?.aborted) throw new InterruptedError();
    const s = (server = await startStaticServer({ root: options.dist, extraRoutes: options.extraRoutes }));
    if (signal?.aborted) throw new InterruptedError();
    const b = (browser = await launchBrowser({ webgpu: options.webgpu, fakeCamera: options.fakeCamera, env: options.env }));
    if (signal?.aborted) throw new InterruptedError();
    const a = (app = await open(b, s.url));
    if (signal?.aborted) throw new InterruptedError();
    const session: AppSession = {
      server: s,
      browser: b,
      app: a,
      async reopen() {
        await session.app.close();
        session.app = app = await open(b, s.url);
        return session.app;
      },
      close,
    };
    return session;
  } catch (err) {
    const interrupted = signal?.aborted;
    await close();
    throw interrupted ? new InterruptedError() : err;
  }
}
