/**
 * Keeps Kinora working offline after the first visit: on install, every file of the build listed
 * in precache.json (app, workers, models, wasm) is cached; afterwards same-origin requests are
 * answered from the cache first. Files not listed (ffmpeg's 30 MB core, fetched only when an MP4
 * is made) are cached when first used. The page itself is fetched from the network first, so a
 * new version arrives when online. Cached responses keep their COOP/COEP headers, so the page
 * stays cross-origin isolated offline, and their Content-Security-Policy; one cached from a host
 * that does not send the policy gets it when answered from the cache (the page's <meta> cannot
 * cover the workers, which take their policy from their own script's response).
 */

import { CACHE_PREFIX, currentCacheName } from './cache.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';

// The few service-worker types used (the DOM lib does not have them).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

export interface Precache {
  /** Changes whenever any listed file does. */
  version: string;
  /** Paths relative to the app's folder. */
  files: string[];
}

const worker = self as unknown as ServiceWorkerScope;

/** A cached response as it is, or with Kinora's policy when it was stored without one. */
function withPolicy(response: Response): Response {
  if (response.headers.has('Content-Security-Policy')) return response;
  const headers = new Headers(response.headers);
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function currentCache(): Promise<Cache> {
  return caches.open((await currentCacheName()) ?? `${CACHE_PREFIX}pending`);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(new URL('precache.json', worker.registration.scope), { cache: 'no-store' });
      const precache = (await response.json()) as Precache;
      const cache = await caches.open(CACHE_PREFIX + precache.version);
      await cache.addAll(['./', ...precache.files].map((file) => new URL(file, worker.registration.scope).href));
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Only the newest version's cache is kept.
      const names = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX));
      await Promise.all(names.slice(0, -1).map((name) => caches.delete(name)));
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin || request.headers.has('range')) return;
  event.respondWith(
    (async () => {
      const cache = await currentCache();
      if (request.mode === 'navigate') {
        try {
          const fresh = await fetch(request);
          if (fresh.ok) await cache.put(request, fresh.clone());
          return fresh;
        } catch {
          const page = (await cache.match(request, { ignoreSearch: true })) ?? (await cache.match(new URL('./', worker.registration.scope).href));
          return page ? withPolicy(page) : Response.error();
        }
      }
      const cached = await cache.match(request, { ignoreSearch: true });
      if (cached) return withPolicy(cached);
      const fresh = await fetch(request);
      if (fresh.ok && fresh.type === 'basic') await cache.put(request, fresh.clone());
      return fresh;
    })(),
  );
});
