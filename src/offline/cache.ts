/**
 * The offline cache, shared by the service worker and the workers that read it directly: the
 * build's files live in Cache Storage under `kinora-<version>`; only the newest version counts.
 */
export const CACHE_PREFIX = 'kinora-';

/** The name of the newest version's cache, if there is one. */
export async function currentCacheName(): Promise<string | undefined> {
  if (typeof caches === 'undefined') return undefined;
  const names = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX));
  return names.at(-1);
}

/**
 * The offline cache's copy of `url` (query ignored, as the service worker matches), or
 * undefined: no cache yet, not cached, or Cache Storage unavailable (e.g. not a secure context).
 */
export async function cachedResponse(url: string): Promise<Response | undefined> {
  try {
    const name = await currentCacheName();
    if (!name) return undefined;
    const cache = await caches.open(name);
    return (await cache.match(url, { ignoreSearch: true })) ?? undefined;
  } catch {
    return undefined;
  }
}
