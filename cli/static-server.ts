/**
 * Tiny static file server for the built app (dist/), Node `http` only.
 *
 * - Cross-origin isolation headers on every response (COOP/COEP/CORP) so that
 *   SharedArrayBuffer and WASM threads work in the page.
 * - Kinora's Content-Security-Policy on every response (src/offline/csp.ts): workers take their
 *   policy from their script's response, not from the page, so scripts get it as well.
 * - `Cache-Control: no-cache` everywhere (the CLI and tests always want the current build).
 * - No directory traversal: the decoded, normalised path must stay inside `root`
 *   (symlinks are resolved and checked too).
 * - `extraRoutes`: exact URL paths mapped to absolute files anywhere on disk, read when
 *   requested. The CLI uses it to expose the user's photos at same-origin URLs such as
 *   `/__inputs/0/photo.jpg`. The map is read live, so routes may be added after start.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../src/offline/csp.ts';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.tflite': 'application/octet-stream',
  '.task': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
  '.binarypb': 'application/octet-stream',
  '.data': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.heic': 'image/heic',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.gifv': 'video/mp4',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers sent on every response, including errors. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
};

/** URL path (decoded, e.g. `/__inputs/0/my photo.jpg`) → absolute file path on disk. */
export type ExtraRoutes = ReadonlyMap<string, string>;

export interface StaticServerOptions {
  /** Folder to serve (normally dist/). */
  root: string;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  extraRoutes?: ExtraRoutes;
  /**
   * The Content-Security-Policy header: Kinora's (the default), or false for none (tests of other
   * plumbing whose pages use inline script or reach for other hosts on purpose).
   */
  contentSecurityPolicy?: string | false;
}

export interface StaticServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:5173/`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Host part of a URL for a listening address (wildcards become loopback, IPv6 gets brackets). */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Maps a raw request target to a file under `root`, or throws HttpError.
 * Exported for tests.
 */
export function resolveUnderRoot(root: string, rawPathname: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    throw new HttpError(400, 'Bad request: malformed URL encoding');
  }
  if (decoded.includes('\0') || decoded.includes('\\')) throw new HttpError(400, 'Bad request');
  const segments = decoded.split('/');
  if (segments.includes('..')) throw new HttpError(403, 'Forbidden: path outside the served folder');
  const normalised = path.posix.normalize('/' + decoded);
  const abs = path.resolve(root, '.' + normalised);
  if (!isInside(root, abs)) throw new HttpError(403, 'Forbidden: path outside the served folder');
  return abs;
}

function rawPathnameOf(req: IncomingMessage): string {
  const target = req.url ?? '/';
  // Do not use `new URL()` here: it would silently resolve `/../x` to `/x`.
  const end = target.search(/[?#]/);
  const p = end === -1 ? target : target.slice(0, end);
  return p.startsWith('/') ? p : '/' + p;
}

function decodedPathOrNull(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function sendError(res: ServerResponse, headers: Readonly<Record<string, string>>, status: number, message: string): void {
  const body = `${status} ${message}\n`;
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, headers: Readonly<Record<string, string>>, file: string, size: number): Promise<void> {
  res.writeHead(200, {
    ...headers,
    'Content-Type': mimeTypeFor(file),
    'Content-Length': size,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

async function fileSize(file: string): Promise<number | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const root = await realpath(path.resolve(options.root));
  const extraRoutes = options.extraRoutes;
  const policy = options.contentSecurityPolicy ?? CONTENT_SECURITY_POLICY;
  const headers: Record<string, string> = { ...ISOLATION_HEADERS };
  if (policy === false) delete headers['Content-Security-Policy'];
  else headers['Content-Security-Policy'] = policy;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendError(res, headers, 405, 'Method Not Allowed');
      return;
    }
    const raw = rawPathnameOf(req);

    // Extra routes (exact match on the decoded path): files outside root, on purpose.
    const decoded = decodedPathOrNull(raw);
    const extra = decoded === null ? undefined : extraRoutes?.get(decoded);
    if (extra !== undefined) {
      const size = await fileSize(extra);
      if (size === null) sendError(res, headers, 404, 'Not Found');
      else await sendFile(req, res, headers, extra, size);
      return;
    }

    let file: string;
    try {
      file = resolveUnderRoot(root, raw);
    } catch (e) {
      if (e instanceof HttpError) sendError(res, headers, e.status, e.message);
      else throw e;
      return;
    }

    let info;
    try {
      info = await stat(file);
      if (info.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
    } catch {
      sendError(res, headers, 404, 'Not Found');
      return;
    }
    if (!info.isFile()) {
      sendError(res, headers, 404, 'Not Found');
      return;
    }
    // Symlinks must not lead outside root either.
    let real: string;
    try {
      real = await realpath(file);
    } catch {
      sendError(res, headers, 404, 'Not Found');
      return;
    }
    if (!isInside(root, real)) {
      sendError(res, headers, 403, 'Forbidden: path outside the served folder');
      return;
    }
    await sendFile(req, res, headers, real, info.size);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, headers, 500, 'Internal Server Error');
      else res.destroy();
      if (process.env.KINORA_DEBUG) console.error('static server:', err);
    });
  });
  // Keep-alive sockets would otherwise delay close() for several seconds.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port ?? 0, host);
  });

  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost(host)}:${port}/`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
