/**
 * Bench measures taken through the page's own UI, as a user meets them: a photo handed to the
 * file input (data-testid "file-input") → the first animated frame the preview paints (its
 * canvas, data-testid "preview", gets `data-frame` when it draws a frame), or → the faces listed.
 * Times are taken in the page (performance.now() at the input's change event and in a
 * MutationObserver), so no round trip to the bench counts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { blockForeignRequests, chromiumArgs, chromiumExecutablePath } from '../cli/browser.ts';

export interface UiPhoto {
  abs: string;
  width: number;
  height: number;
}

/** What the page must show for the clock to stop. */
export type UiMilestone = 'frame' | 'faces';

/**
 * Arms the page's clock: the next file chosen starts it; the first preview frame of a canvas
 * shaped like the photo (`aspect` = width / height, so a frame of the photo before does not
 * count), or for 'faces' the first sign that faces are listed, stops it.
 */
function arm(page: Page, milestone: UiMilestone, aspect: number): Promise<void> {
  // A string, not a function: tsx would add helpers (__name) the page does not have.
  return page.evaluate(`(${ARM_SOURCE})(${JSON.stringify(milestone)}, ${aspect})`);
}

const ARM_SOURCE = `function (milestone, aspect) {
  const state = {};
  window.__kinoraBench = state;
  const onChosen = (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'file' && state.start === undefined) state.start = performance.now();
  };
  document.addEventListener('input', onChosen, { capture: true, once: true });
  document.addEventListener('change', onChosen, { capture: true, once: true });
  const framePainted = () =>
    [...document.querySelectorAll('[data-testid="preview"][data-frame]')].some(
      (canvas) => canvas.height > 0 && Math.abs(canvas.width / canvas.height / aspect - 1) < 0.03,
    );
  const facesListed = () =>
    !!document.querySelector('[data-testid="face-outline"]') ||
    /\\bfaces? found\\b/i.test(document.querySelector('[data-testid="status"]')?.textContent ?? '');
  const observer = new MutationObserver(() => {
    if (state.start === undefined) return;
    if (framePainted() || (milestone === 'faces' && facesListed())) {
      state.end = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}`;

/** Seconds from handing `photo` to the page's file input to `milestone`. */
// The timing probes are evaluated from strings, which the app's CSP (rightly) forbids its own
// scripts: the bench's contexts bypass the CSP (bypassCSP), nothing else changes.
export async function timePhoto(page: Page, photo: UiPhoto, milestone: UiMilestone, timeoutMs: number): Promise<number> {
  await arm(page, milestone, photo.width / photo.height);
  await page.getByTestId('file-input').setInputFiles(photo.abs);
  const handle = await page.waitForFunction(
    `(() => { const s = window.__kinoraBench; return s && s.end !== undefined && s.start !== undefined ? s.end - s.start : undefined; })()`,
    null,
    { timeout: timeoutMs, polling: 50 },
  );
  return ((await handle.jsonValue()) as number) / 1000;
}

async function openPage(context: BrowserContext, appUrl: string, timeoutMs: number): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(appUrl, { waitUntil: 'load', timeout: timeoutMs });
  await page.getByTestId('file-input').waitFor({ state: 'attached', timeout: timeoutMs });
  return page;
}

export interface UiBenchOptions {
  browser: Browser;
  appUrl: string;
  /** The timed photo (one face). */
  photo: UiPhoto;
  /** Opened first to warm the page up; must not have the timed photo's shape. */
  warmUpPhoto: UiPhoto;
  runs: number;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * first_frame_s: in one page, the warm-up photo first (models loaded, generator started), then
 * the timed photo, alternating, `runs` times; the timed photo's seconds.
 */
export async function firstFrameWarm(o: UiBenchOptions): Promise<number[]> {
  const context = await o.browser.newContext({ serviceWorkers: 'block', bypassCSP: true });
  try {
    await blockForeignRequests(context, o.appUrl);
    const page = await openPage(context, o.appUrl, o.timeoutMs);
    const times: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      await timePhoto(page, o.warmUpPhoto, 'frame', o.timeoutMs);
      times.push(await timePhoto(page, o.photo, 'frame', o.timeoutMs));
    }
    return times;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/**
 * first_frame_cold_s: each run a new context (nothing cached, service worker allowed, as on a
 * first visit), the app loaded, then the photo: model download and start included.
 */
export async function firstFrameCold(o: UiBenchOptions): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    const context = await o.browser.newContext({ bypassCSP: true });
    try {
      await blockForeignRequests(context, o.appUrl);
      const page = await openPage(context, o.appUrl, o.timeoutMs);
      times.push(await timePhoto(page, o.photo, 'frame', o.timeoutMs));
    } finally {
      await context.close().catch(() => undefined);
    }
  }
  return times;
}

export interface Revisit {
  /** Seconds from the photo to its faces listed, on the second visit of each run. */
  seconds: number[];
  /** Requests for models and wasm (.tflite, .task, .wasm) on the second visits, all runs. */
  modelRequests: number;
  /** Of those, the ones that reached the server (not answered by the service worker). */
  modelRequestsFromNetwork: number;
}

const MODEL_FILE = /\.(tflite|task|wasm)(\?|$)/;

/**
 * faces_s_revisit: a persistent profile (service worker allowed) visits the app, opens a photo
 * and leaves once the offline cache is complete; the second visit in the same profile is timed,
 * photo → faces listed. Each run has its own profile.
 */
export async function facesOnRevisit(o: UiBenchOptions): Promise<Revisit> {
  const result: Revisit = { seconds: [], modelRequests: 0, modelRequestsFromNetwork: 0 };
  const launch = (dir: string) =>
    chromium.launchPersistentContext(dir, { executablePath: chromiumExecutablePath(o.env), headless: true, args: chromiumArgs(), bypassCSP: true });
  for (let i = 0; i < o.runs; i++) {
    const dir = await mkdtemp(path.join(tmpdir(), 'kinora-bench-profile-'));
    try {
      const first = await launch(dir);
      try {
        await blockForeignRequests(first, o.appUrl);
        const page = await openPage(first, o.appUrl, o.timeoutMs);
        await timePhoto(page, o.photo, 'faces', o.timeoutMs);
        // The service worker's install caches the build; wait for it to be active.
        await page.evaluate(async () => {
          await navigator.serviceWorker.ready;
        });
      } finally {
        await first.close().catch(() => undefined);
      }
      const second = await launch(dir);
      try {
        await blockForeignRequests(second, o.appUrl);
        second.on('requestfinished', (request) => {
          if (!MODEL_FILE.test(request.url())) return;
          result.modelRequests++;
          void request.response().then((response) => {
            if (response && !response.fromServiceWorker()) result.modelRequestsFromNetwork++;
          });
        });
        const page = await openPage(second, o.appUrl, o.timeoutMs);
        result.seconds.push(await timePhoto(page, o.photo, 'faces', o.timeoutMs));
        // Let the frames' requests (the generator's wasm, say) be counted too.
        await timePhoto(page, o.photo, 'frame', o.timeoutMs).catch(() => undefined);
      } finally {
        await second.close().catch(() => undefined);
      }
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }
  return result;
}
