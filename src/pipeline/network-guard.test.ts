import { describe, expect, it } from 'vitest';
import { guardFetch, isAllowedUrl } from './network-guard.ts';

describe('network guard', () => {
  it('allows the page origin, blob: and data: URLs, and nothing else', () => {
    const base = 'http://127.0.0.1:4321/assets/worker.js';
    expect(isAllowedUrl('/models/face_landmarker.task', base)).toBe(true);
    expect(isAllowedUrl('http://127.0.0.1:4321/x', base)).toBe(true);
    expect(isAllowedUrl('blob:http://127.0.0.1:4321/1234', base)).toBe(true);
    expect(isAllowedUrl('data:text/plain,hi', base)).toBe(true);
    expect(isAllowedUrl('http://[::1]:4321/v1/log', base)).toBe(false);
    expect(isAllowedUrl('http://127.0.0.1:9999/x', base)).toBe(false);
    expect(isAllowedUrl('http://localhost:4321/x', base)).toBe(false);
  });

  it('refuses a foreign request without calling the real fetch', async () => {
    const calls: string[] = [];
    const scope = {
      location: { href: 'http://127.0.0.1:4321/' },
      fetch: (async (input: RequestInfo | URL) => {
        calls.push(String(input));
        return new Response('ok');
      }) as typeof fetch,
    };
    guardFetch(scope);
    await expect(scope.fetch('http://127.0.0.1:9999/v1/log', { method: 'POST' })).rejects.toThrow(/keeps everything on this device/);
    expect(await (await scope.fetch('/models/x')).text()).toBe('ok');
    expect(calls).toEqual(['/models/x']);
  });
});
