import { join } from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { CONTENT_SECURITY_POLICY, CSP_META } from '../src/offline/csp.ts';
import { allowConsoleErrors, chooseFile, expect, fixtures, openApp, test, waitUntilSettled } from './helpers.ts';

// "Nothing leaves the device", enforced by the browser: the Content-Security-Policy that
// `kinora serve` sends with every response (and index.html states in a <meta>) refuses every
// request to another origin, whatever API makes it. The fetch guard (src/pipeline/network-guard.ts)
// stays in front of fetch; the policy covers what it cannot: beacons, XHR, images, WebSockets.

/** Each probe aims at a host of its own, so each violation names the API that caused it. */
const PROBE_DOMAIN = 'csp-probe.example';
const probeUrl = (api: string, scheme = 'https') => `${scheme}://${api}.${PROBE_DOMAIN}/collect?photo=1`;

/**
 * The console errors the probes provoke on purpose: Chromium logs each refusal ("Connecting to
 * 'https://xhr.csp-probe.example/…' violates the following Content Security Policy directive…",
 * "Loading the image '…' violates…", "Fetch API cannot load …") and a refused WebSocket's failure.
 * Only messages that name a probe host, so that any other error still fails the test.
 */
const PROBE_ERRORS = [new RegExp(`(https|wss)://[a-z-]+\\.${PROBE_DOMAIN.replace('.', '\\.')}/`)];

interface Violation {
  blockedURI: string;
  effectiveDirective: string;
  disposition: string;
}

interface ProbeTraffic {
  /** Probe requests the browser reported (Chromium reports some, then refuses them: blockedReason "csp"). */
  requests: { url: string; failure?: string }[];
  /** Probe requests that came as far as the network stack, where the test aborts them (none should). */
  routed: string[];
  /** WebSockets opened to a probe host. */
  websockets: string[];
}

/** Watches every request towards a probe host; none should get past the policy. */
async function watchProbeHosts(page: Page): Promise<ProbeTraffic> {
  const traffic: ProbeTraffic = { requests: [], routed: [], websockets: [] };
  const isProbe = (url: string | URL) => new URL(url).hostname.endsWith(`.${PROBE_DOMAIN}`);
  page.on('request', (request) => {
    if (isProbe(request.url())) traffic.requests.push({ url: request.url() });
  });
  page.on('requestfailed', (request) => {
    const seen = traffic.requests.find((r) => r.url === request.url() && r.failure === undefined);
    if (seen) seen.failure = request.failure()?.errorText;
  });
  page.on('websocket', (ws) => {
    if (isProbe(ws.url())) traffic.websockets.push(ws.url());
  });
  // Belt and braces: were the policy missing, a probe would still not leave this machine. (Not
  // routeWebSocket: it replaces the page's WebSocket with a stand-in the policy never sees.)
  await page.context().route(isProbe, (route) => {
    traffic.routed.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return traffic;
}

/** Nothing reached the network: no request got as far as the network stack, none succeeded. */
function expectNothingSent(traffic: ProbeTraffic): void {
  expect(traffic.routed).toEqual([]);
  expect(traffic.websockets).toEqual([]);
  // A request Chromium reports is one the policy refused (blockedReason "csp"): it was not sent.
  for (const request of traffic.requests) expect(request.failure, request.url).toMatch(/csp/i);
}

test('the Content-Security-Policy comes with the page (header and meta) and with its workers', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  // The <meta> states the same policy (less frame-ancestors, which a <meta> cannot set), before any script.
  const meta = await page.evaluate(() => {
    const tag = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
    const scripts = [...document.querySelectorAll('script')];
    return { content: tag?.getAttribute('content'), beforeScripts: !!tag && scripts.every((s) => tag.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING) };
  });
  expect(meta).toEqual({ content: CSP_META, beforeScripts: true });
  expect(CONTENT_SECURITY_POLICY).toBe(`${CSP_META}; frame-ancestors 'none'`);
  // A worker's policy is its own script's response header (the page's does not pass to it).
  const workerScripts: Promise<string | undefined>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script' && /\.worker-[^/]*\.js$/.test(new URL(r.url()).pathname)) workerScripts.push(Promise.resolve(r.headers()['content-security-policy']));
  });
  await chooseFile(page, join(fixtures, 'photos', 'painting_mona-lisa.jpg'));
  await waitUntilSettled(page);
  const policies = await Promise.all(workerScripts);
  expect(policies.length).toBeGreaterThanOrEqual(2);
  for (const policy of policies) expect(policy).toBe(CONTENT_SECURITY_POLICY);
});

test('the page cannot send anything to another host: beacon, XHR, image, WebSocket and fetch are refused by the policy', async ({ page }) => {
  allowConsoleErrors(page, ...PROBE_ERRORS);
  const traffic = await watchProbeHosts(page);
  await openApp(page);
  const outcome = await page.evaluate(
    async ({ urls }) => {
      const violations: Violation[] = [];
      const record = (event: SecurityPolicyViolationEvent) => violations.push({ blockedURI: event.blockedURI, effectiveDirective: event.effectiveDirective, disposition: event.disposition });
      document.addEventListener('securitypolicyviolation', record);
      const settle = <T,>(promise: Promise<T>) => Promise.race([promise, new Promise<string>((resolve) => setTimeout(() => resolve('no answer'), 5_000))]);

      const beacon = navigator.sendBeacon(urls.beacon, 'photo bytes');
      const xhr = await settle(
        new Promise<string>((resolve) => {
          const request = new XMLHttpRequest();
          request.open('POST', urls.xhr);
          request.onload = () => resolve(`loaded ${request.status}`);
          request.onerror = () => resolve('error');
          request.send('photo bytes');
        }),
      );
      const image = await settle(
        new Promise<string>((resolve) => {
          const img = new Image();
          img.onload = () => resolve('loaded');
          img.onerror = () => resolve('error');
          img.src = urls.image;
        }),
      );
      const websocket = await settle(
        new Promise<string>((resolve) => {
          try {
            const socket = new WebSocket(urls.websocket);
            socket.onopen = () => resolve('open');
            socket.onerror = () => resolve('error');
          } catch (error) {
            resolve(`threw ${(error as Error).name}`);
          }
        }),
      );
      // The page's fetch is the guard's, which refuses before the browser sees the request...
      const guarded = await fetch(urls.guarded, { method: 'POST' }).then(
        () => 'sent',
        (error: Error) => error.message,
      );
      // ...so the browser's own fetch is taken from a blank frame, which inherits the page's policy.
      const frame = document.body.appendChild(document.createElement('iframe'));
      frame.hidden = true;
      const frameWindow = frame.contentWindow as Window & typeof globalThis;
      // (On the frame's window: its first, blank document may be replaced by another.)
      frameWindow.addEventListener('securitypolicyviolation', record);
      const fetched = await frameWindow.fetch(urls.fetch, { method: 'POST', body: 'photo bytes' }).then(
        () => 'sent',
        (error: Error) => `${error.name}: ${error.message}`,
      );
      // Violation events are queued as tasks: let them arrive (the frame's too, before it goes).
      await new Promise((resolve) => setTimeout(resolve, 500));
      frame.remove();
      return { beacon, xhr, image, websocket, guarded, fetched, violations };
    },
    {
      urls: {
        beacon: probeUrl('beacon'),
        xhr: probeUrl('xhr'),
        image: probeUrl('image'),
        websocket: probeUrl('websocket', 'wss'),
        guarded: probeUrl('guarded'),
        fetch: probeUrl('fetch'),
      },
    },
  );

  expect(outcome.xhr).toBe('error');
  expect(outcome.image).toBe('error');
  expect(outcome.websocket).not.toBe('open');
  expect(outcome.guarded).toMatch(/keeps everything on this device/);
  expect(outcome.fetched).toMatch(/^TypeError/);
  const blocked = (api: string) => outcome.violations.filter((v) => new URL(v.blockedURI).hostname === `${api}.${PROBE_DOMAIN}`);
  for (const [api, directive] of [
    ['beacon', 'connect-src'],
    ['xhr', 'connect-src'],
    ['image', 'img-src'],
    ['websocket', 'connect-src'],
    ['fetch', 'connect-src'],
  ] as const) {
    expect(blocked(api).length, `a securitypolicyviolation for ${api}`).toBeGreaterThan(0);
    for (const violation of blocked(api)) expect(violation).toMatchObject({ effectiveDirective: directive, disposition: 'enforce' });
  }
  // The guard refused its fetch before the browser saw it: no violation, no request.
  expect(blocked('guarded')).toEqual([]);
  expectNothingSent(traffic);
});

test("the app's workers cannot send anything to another host either", async ({ page }) => {
  allowConsoleErrors(page, ...PROBE_ERRORS);
  const traffic = await watchProbeHosts(page);
  await openApp(page);
  await chooseFile(page, join(fixtures, 'photos', 'painting_mona-lisa.jpg'));
  await waitUntilSettled(page);
  // The detect worker: it runs MediaPipe, whose tasks-vision 1.x would post usage logs.
  const isDetect = (w: Worker) => w.url().includes('detect.worker');
  await expect.poll(() => page.workers().some(isDetect)).toBe(true);
  const outcome = await probeWorker(page.workers().find(isDetect)!);
  expect(outcome.xhr).toBe('error');
  expect(outcome.websocket).not.toBe('open');
  const hosts = outcome.violations.filter((v) => v.effectiveDirective === 'connect-src').map((v) => new URL(v.blockedURI).hostname);
  expect(hosts).toContain(`worker-xhr.${PROBE_DOMAIN}`);
  expect(hosts).toContain(`worker-websocket.${PROBE_DOMAIN}`);
  expectNothingSent(traffic);
});

async function probeWorker(worker: Worker) {
  return worker.evaluate(
    async ({ xhrUrl, wsUrl }) => {
      const violations: Violation[] = [];
      self.addEventListener('securitypolicyviolation', (event) => {
        const e = event as SecurityPolicyViolationEvent;
        violations.push({ blockedURI: e.blockedURI, effectiveDirective: e.effectiveDirective, disposition: e.disposition });
      });
      const settle = <T,>(promise: Promise<T>) => Promise.race([promise, new Promise<string>((resolve) => setTimeout(() => resolve('no answer'), 5_000))]);
      const xhr = await settle(
        new Promise<string>((resolve) => {
          const request = new XMLHttpRequest();
          request.open('POST', xhrUrl);
          request.onload = () => resolve(`loaded ${request.status}`);
          request.onerror = () => resolve('error');
          request.send('photo bytes');
        }),
      );
      const websocket = await settle(
        new Promise<string>((resolve) => {
          try {
            const socket = new WebSocket(wsUrl);
            socket.onopen = () => resolve('open');
            socket.onerror = () => resolve('error');
          } catch (error) {
            resolve(`threw ${(error as Error).name}`);
          }
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { xhr, websocket, violations };
    },
    { xhrUrl: probeUrl('worker-xhr'), wsUrl: probeUrl('worker-websocket', 'wss') },
  );
}
