/**
 * A tiny static file server for the end-to-end tests and the cases runner.
 * It only reads files under the roots it is given and never reaches the network.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** One request the server received, as the browser sent it. */
export interface ServedRequest {
  method: string;
  /** Path and query, e.g. `/cases/split-inline-elements.html`. */
  url: string;
  /** `Host` header: which name (127.0.0.1 or localhost) and port the browser used. */
  host: string;
  /** `Origin`, `Referer` and `Sec-Fetch-Site` headers, `''` when absent. */
  origin: string;
  referer: string;
  fetchSite: string;
  /** `Sec-Fetch-Dest` (`empty` for fetch/XHR/beacon, `image`, `document`...), `''` when absent. */
  fetchDest: string;
  status: number;
}

/** A running server; `close()` stops both listeners. */
export interface StaticServer {
  /** Port shared by the 127.0.0.1 and localhost (::1) listeners. */
  port: number;
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string;
  /** Every request received so far, oldest first. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

/** Options of `startServer`. */
export interface ServerOptions {
  /**
   * Extra response headers for a served file (absolute path), e.g. a `Content-Security-Policy`
   * that keeps every page script from running (`npm run pages:check` in Chromium).
   */
  headers?: (file: string) => Record<string, string> | undefined;
}

/**
 * Serves files from several roots, each under a URL prefix, on 127.0.0.1 and on ::1 (so that
 * `localhost` reaches it too: the iframes case loads a cross-origin frame from localhost).
 * @param roots URL prefix (`/cases/`) -> directory (relative to the cwd or absolute).
 *   A request outside every prefix, a missing file or a path escaping its root gets 404.
 * @param port 0 (default) picks a free port.
 * @returns Once both listeners are up (the ::1 one is skipped when IPv6 is unavailable).
 */
export async function startServer(roots: Record<string, string>, port = 0, options: ServerOptions = {}): Promise<StaticServer> {
  const mounts = Object.entries(roots).map(([prefix, dir]) => ({ prefix, dir: resolve(dir) }));
  const requests: ServedRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const record: ServedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      host: req.headers.host ?? '',
      origin: String(req.headers.origin ?? ''),
      referer: String(req.headers.referer ?? ''),
      fetchSite: String(req.headers['sec-fetch-site'] ?? ''),
      fetchDest: String(req.headers['sec-fetch-dest'] ?? ''),
      status: 404,
    };
    requests.push(record);
    const file = resolveFile(mounts, record.url);
    if (!file && record.url === '/favicon.ico') {
      // Browsers ask for it unprompted; a 404 would log a console error on every page.
      record.status = 204;
      res.writeHead(204).end();
      return;
    }
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    record.status = 200;
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...options.headers?.(file),
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };

  const v4 = createServer(handle);
  await listen(v4, port, '127.0.0.1');
  const actualPort = (v4.address() as AddressInfo).port;
  const servers: Server[] = [v4];
  const v6 = createServer(handle);
  try {
    await listen(v6, actualPort, '::1');
    servers.push(v6);
  } catch {
    // No IPv6 loopback: browsers then resolve localhost to 127.0.0.1, which is served.
  }
  return {
    port: actualPort,
    origin: `http://127.0.0.1:${actualPort}`,
    requests,
    close: () =>
      Promise.all(
        servers.map((s) => new Promise<void>((done) => {
          s.closeAllConnections();
          s.close(() => done());
        })),
      ).then(() => undefined),
  };
}

/** Maps a request URL to a file inside one of the mounts, or null. */
function resolveFile(mounts: { prefix: string; dir: string }[], url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return null;
  }
  for (const { prefix, dir } of mounts) {
    if (!path.startsWith(prefix)) continue;
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return null;
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done();
    });
  });
}

/** The repository root (this file is `scripts/e2e-lib/server.ts`). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Where the end-to-end tests save their screenshots: `test-results/screenshots/` (not tracked), or
 * the README's `docs/screenshots/` with `FC_UPDATE_SCREENSHOTS=1` (fonts differ between
 * machines, so a plain test run must not rewrite the committed images).
 */
export const SCREENSHOT_DIR = join(REPO_ROOT, process.env.FC_UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots');

/** The roots every run serves: cases, corpus pages and the e2e fixtures, beside/inside the repo. */
export const DEFAULT_ROOTS: Record<string, string> = {
  '/cases/': join(REPO_ROOT, '../shared/cases'),
  '/corpus/': join(REPO_ROOT, '../shared/corpus/pages'),
  '/fixtures/': join(REPO_ROOT, 'tests/e2e/fixtures'),
};
