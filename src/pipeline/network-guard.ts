/**
 * Kinora's promise is that nothing leaves the device. Libraries may still try: tasks-vision 1.x,
 * for one, posts usage logs to a Google host once a minute. This guard makes `fetch` refuse
 * every URL outside the page's own origin, in the page and in every worker, before any library
 * code runs (import it first).
 */
export function isAllowedUrl(url: string, base: string): boolean {
  const target = new URL(url, base);
  if (target.protocol === 'blob:' || target.protocol === 'data:') return true;
  return target.origin === new URL(base).origin;
}

export function guardFetch(scope: { fetch: typeof fetch; location: { href: string } }): void {
  const original = scope.fetch.bind(scope);
  scope.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!isAllowedUrl(url, scope.location.href)) {
      return Promise.reject(new TypeError(`Kinora keeps everything on this device: refused a request to ${new URL(url, scope.location.href).origin}`));
    }
    return original(input, init);
  };
}

// Installs itself where there is a page or a worker (not in Node, where tests import it).
if (typeof location !== 'undefined') guardFetch(globalThis as unknown as { fetch: typeof fetch; location: { href: string } });
