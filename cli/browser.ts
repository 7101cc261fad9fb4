/**
 * Headless Chromium for the CLI, the bench and (through playwright.config.ts) the e2e tests:
 * one place for the executable and the flags, so all three run the app the same way.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { KinoraAutomation } from '../src/pipeline/automation-contract.ts';

/** Debian/Ubuntu package `chromium`. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium to launch: `$KINORA_CHROMIUM` when set, else /usr/bin/chromium when it exists,
 * else `undefined`, which lets Playwright use its own download (`npx playwright install chromium`).
 */
export function chromiumExecutablePath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env.KINORA_CHROMIUM?.trim();
  if (override) return override;
  return existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;
}

export interface ChromiumArgsOptions {
  /** Adds `--enable-unsafe-webgpu` (WebGPU is off by default in headless Linux Chromium). */
  webgpu?: boolean;
  /**
   * Chromium's fake camera (and microphone), granted without asking: they play these files (a
   * .y4m or .mjpeg video, a .wav sound) in a loop. For live mode's bench and tests.
   */
  fakeCamera?: { video: string; audio?: string };
}

function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Command-line switches added on top of Playwright's defaults (some overlap on purpose:
 * they matter for privacy and are cheap to repeat). Every entry is a real Chromium switch.
 */
export function chromiumArgs(options: ChromiumArgsOptions = {}): string[] {
  const args = [
    // Chromium's sandbox cannot start as root (containers, CI).
    ...(runningAsRoot() ? ['--no-sandbox'] : []),
    // No traffic to Google services: the app runs entirely on-device.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--metrics-recording-only',
    '--no-first-run',
    '--disable-quic',
  ];
  if (options.webgpu) args.push('--enable-unsafe-webgpu');
  const camera = options.fakeCamera;
  if (camera) {
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${camera.video}`);
    if (camera.audio) args.push(`--use-file-for-fake-audio-capture=${camera.audio}`);
  }
  return args;
}

export interface LaunchBrowserOptions extends ChromiumArgsOptions {
  env?: NodeJS.ProcessEnv;
}

export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<Browser> {
  const executablePath = chromiumExecutablePath(options.env);
  try {
    return await chromium.launch({ executablePath, headless: true, args: chromiumArgs(options) });
  } catch (err) {
    const where = executablePath ?? "Playwright's own Chromium";
    throw new Error(
      `Could not start Chromium (${where}).\n` +
        `Install it with \`apt-get install chromium\` (Debian/Ubuntu) or \`npx playwright install chromium\`,\n` +
        `or set KINORA_CHROMIUM to a Chromium/Chrome executable.\n` +
        `Cause: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      { cause: err },
    );
  }
}

export type Log = (line: string) => void;

/**
 * Aborts every request (HTTP and WebSocket) whose host is not `allowedOrigin`'s, printing one warning
 * per URL. data: and blob: URLs never reach the network and are not affected.
 */
export async function blockForeignRequests(
  context: BrowserContext,
  allowedOrigin: string,
  warn: Log = (line) => process.stderr.write(line + '\n'),
): Promise<string[]> {
  const allowed = new URL(allowedOrigin);
  const blocked: string[] = [];
  const isForeign = (url: URL) => url.host !== allowed.host;
  const note = (url: string) => {
    if (blocked.includes(url)) return;
    blocked.push(url);
    warn(`kinora: warning: blocked a request to ${url} (the app must not use the network)`);
  };
  await context.route(isForeign, (route) => {
    note(route.request().url());
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(isForeign, (ws) => {
    note(ws.url());
    return ws.close({ code: 1008, reason: 'blocked by kinora' });
  });
  return blocked;
}

export interface OpenAppOptions {
  /** Forward the page's console errors and uncaught exceptions to `log`. */
  verbose?: boolean;
  /** How long to wait for `window.kinora` after navigation (default 60 s). */
  timeoutMs?: number;
  /** Where warnings and verbose output go (default: stderr). */
  log?: Log;
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** URLs the page tried to fetch from another origin (aborted). */
  blockedRequests: string[];
  /** Uncaught page errors seen so far (also kept when not verbose, for error messages). */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Opens the app at `appUrl` in a fresh context and waits until `window.kinora` is ready. */
export async function openApp(browser: Browser, appUrl: string, options: OpenAppOptions = {}): Promise<AppPage> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const timeout = options.timeoutMs ?? 60_000;
  // Service workers are blocked: their fetches would bypass request blocking, and the CLI
  // always wants the files as they are in dist/.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const pageErrors: string[] = [];
  try {
    const blockedRequests = await blockForeignRequests(context, new URL(appUrl).origin, log);
    const page = await context.newPage();
    page.on('pageerror', (err) => {
      pageErrors.push(err.message);
      if (options.verbose) log(`[page] uncaught: ${err.stack ?? err.message}`);
    });
    if (options.verbose) {
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') log(`[page ${msg.type()}] ${msg.text()}`);
      });
      page.on('requestfailed', (req) => {
        if (!blockedRequests.includes(req.url())) log(`[page] request failed: ${req.url()} (${req.failure()?.errorText ?? '?'})`);
      });
    }
    await page.goto(appUrl, { waitUntil: 'load', timeout });
    try {
      await page.waitForFunction(
        () => {
          const k: KinoraAutomation | undefined = window.kinora;
          return typeof k?.detectUrl === 'function' && typeof k.benchDetect === 'function';
        },
        null,
        { timeout },
      );
    } catch (err) {
      const details = pageErrors.length ? `\nPage errors:\n  ${pageErrors.join('\n  ')}` : '';
      throw new Error(
        `The app at ${appUrl} did not expose window.kinora within ${Math.round(timeout / 1000)} s.` +
          ` Is the build current (npm run build)? Run with --verbose to see the page's console.${details}`,
        { cause: err },
      );
    }
    return {
      context,
      page,
      blockedRequests,
      pageErrors,
      close: () => context.close().catch(() => undefined),
    };
  } catch (err) {
    await context.close().catch(() => undefined);
    throw err;
  }
}
