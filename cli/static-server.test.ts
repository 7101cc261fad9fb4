import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CSP_META } from '../src/offline/csp.ts';
import { mimeTypeFor, startStaticServer, type StaticServer } from './static-server.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw request: the path is sent exactly as given (fetch would normalise `/../`). */
function get(server: StaticServer, rawPath: string, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: rawPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

let base: string;
let root: string;
let server: StaticServer;
const routes = new Map<string, string>();

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'kinora-static-'));
  root = path.join(base, 'dist');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(base, 'package.json'), '{"secret": true}');
  await writeFile(path.join(base, 'photo one.jpg'), 'JPEGDATA');
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'export {};');
  await writeFile(path.join(root, 'assets', 'vision.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  await writeFile(path.join(root, 'assets', 'face.tflite'), 'TFL3');
  await symlink(path.join(base, 'package.json'), path.join(root, 'escape.json'));
  routes.set('/__inputs/0/photo one.jpg', path.join(base, 'photo one.jpg'));
  routes.set('/__inputs/1/gone.jpg', path.join(base, 'gone.jpg'));
  server = await startStaticServer({ root, extraRoutes: routes });
});

afterAll(async () => {
  await server?.close();
  await rm(base, { recursive: true, force: true });
});

describe('startStaticServer', () => {
  it('listens on a random port and returns its URL', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('serves / as index.html with the isolation and cache headers', async () => {
    const res = await get(server, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>app</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('sends the headers on errors too', async () => {
    const res = await get(server, '/nope.js');
    expect(res.status).toBe(404);
    expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('sends the policy with scripts too: a worker takes its policy from its own script', async () => {
    expect((await get(server, '/assets/app.js')).headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves wasm as application/wasm, JS and models with their types', async () => {
    const wasm = await get(server, '/assets/vision.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.headers['content-type']).toBe('application/wasm');
    expect(wasm.headers['content-length']).toBe('4');
    expect((await get(server, '/assets/app.js?v=1')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(server, '/assets/face.tflite')).headers['content-type']).toBe('application/octet-stream');
  });

  it('answers HEAD without a body', async () => {
    const res = await get(server, '/assets/app.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-length']).toBe('10');
  });

  it('rejects other methods', async () => {
    expect((await get(server, '/', 'POST')).status).toBe(405);
  });

  it.each(['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/..%2fpackage.json'])(
    'rejects traversal %s',
    async (p) => {
      const res = await get(server, p);
      expect([400, 403, 404]).toContain(res.status);
      expect(res.body).not.toContain('secret');
    },
  );

  it('does not follow a symlink out of the root', async () => {
    const res = await get(server, '/escape.json');
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('secret');
  });

  it('answers 404 for a missing file and 400 for bad encoding', async () => {
    expect((await get(server, '/missing.png')).status).toBe(404);
    expect((await get(server, '/%E0%A4%A')).status).toBe(400);
  });

  it('serves extra routes from files outside the root, URL-encoded', async () => {
    const res = await get(server, '/__inputs/0/photo%20one.jpg');
    expect(res.status).toBe(200);
    expect(res.body).toBe('JPEGDATA');
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect((await get(server, '/__inputs/1/gone.jpg')).status).toBe(404);
    expect((await get(server, '/__inputs/2/other.jpg')).status).toBe(404);
  });

  it('reads extra routes live (added after start)', async () => {
    routes.set('/__inputs/late/a.jpg', path.join(base, 'photo one.jpg'));
    expect((await get(server, '/__inputs/late/a.jpg')).status).toBe(200);
  });

  it('leaves the policy out when asked (tests of other plumbing)', async () => {
    const other = await startStaticServer({ root, contentSecurityPolicy: false });
    try {
      const res = await get(other, '/');
      expect(res.headers['content-security-policy']).toBeUndefined();
      expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
    } finally {
      await other.close();
    }
  });

  it('closes', async () => {
    const other = await startStaticServer({ root });
    await other.close();
    await expect(get(other, '/')).rejects.toThrow();
  });
});

describe('mimeTypeFor', () => {
  it.each([
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.json', 'application/json; charset=utf-8'],
    ['m.task', 'application/octet-stream'],
    ['m.onnx', 'application/octet-stream'],
    ['m.binarypb', 'application/octet-stream'],
    ['m.data', 'application/octet-stream'],
    ['i.PNG', 'image/png'],
    ['i.jpeg', 'image/jpeg'],
    ['i.gif', 'image/gif'],
    ['i.webp', 'image/webp'],
    ['i.svg', 'image/svg+xml'],
    ['favicon.ico', 'image/x-icon'],
    ['app.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['noext', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(mimeTypeFor(file)).toBe(type);
  });
});

describe('Content-Security-Policy', () => {
  const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]));

  it('is strict: own origin only, no inline script, no eval beyond WebAssembly', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.get('script-src')).toBe("'self' 'wasm-unsafe-eval'");
    expect(policy.get('style-src')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|'unsafe-eval'|https?:|\*/);
  });

  it('is the same in index.html, less frame-ancestors (a <meta> policy cannot set it), before any script', () => {
    const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(CSP_META);
    expect(CONTENT_SECURITY_POLICY).toBe(`${CSP_META}; frame-ancestors 'none'`);
    expect(meta!.index).toBeLessThan(html.indexOf('<script'));
  });
});
