// The dashboard: a static page and a small JSON API over the emulator, served by node:http on
// 127.0.0.1 only. Requests must name this server in Host (so another site cannot reach it through
// DNS rebinding) and changes are POSTs with a JSON body (which a cross-site form cannot send).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Emulator } from 'wx-cloud-emulator';
import { collection, lift, outbox, overview, runs, users, type Page } from './views';

export interface Dashboard {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const STATIC_DIR = path.join(__dirname, 'static');
const STATIC: Record<string, string> = { '/': 'index.html', '/app.js': 'app.js', '/style.css': 'style.css' };
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const MAX_PAGE = 500;
const HOUR = 3600_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function pageOf(url: URL): Page {
  const int = (name: string, fallback: number, max: number) => {
    const raw = url.searchParams.get(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > max) throw new HttpError(400, `${name} must be a whole number 0-${max}`);
    return Number(raw);
  };
  return { offset: int('offset', 0, Number.MAX_SAFE_INTEGER), limit: int('limit', 100, MAX_PAGE) };
}

export async function startDashboard(emulator: Emulator, port = 0): Promise<Dashboard> {
  // One change at a time: a timer fired while the clock is being advanced would step on it.
  let busy: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = busy.then(work, work);
    busy = next.catch(() => undefined);
    return next;
  };

  async function api(req: http.IncomingMessage, url: URL): Promise<unknown> {
    const parts = url.pathname.split('/').filter(Boolean).slice(1); // after "api"
    if (req.method === 'GET') {
      if (parts.length === 1 && parts[0] === 'overview') return overview(emulator);
      if (parts.length === 1 && parts[0] === 'runs') return runs(emulator, pageOf(url), url.searchParams.get('fn'));
      if (parts.length === 1 && parts[0] === 'outbox') return outbox(emulator, pageOf(url));
      if (parts.length === 1 && parts[0] === 'users') return users(emulator, pageOf(url));
      if (parts.length === 1 && parts[0] === 'lift') return lift(emulator);
      if (parts.length === 2 && parts[0] === 'collections') {
        const found = collection(emulator, decodeURIComponent(parts[1] as string), pageOf(url));
        if (!found) throw new HttpError(404, `no collection ${parts[1]}`);
        return found;
      }
      throw new HttpError(404, `no such API: GET ${url.pathname}`);
    }
    if (req.method === 'POST') {
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send Content-Type: application/json');
      if (parts.length === 3 && parts[0] === 'timers' && parts[2] === 'fire') {
        const name = decodeURIComponent(parts[1] as string);
        if (!emulator.timers.list().some((t) => t.functionName === name)) throw new HttpError(404, `${name} has no timer trigger`);
        return { firing: await serially(() => emulator.fireTimer(name)) };
      }
      if (parts.length === 2 && parts[0] === 'clock' && parts[1] === 'advance-hour') {
        if (!emulator.clock.virtual) throw new HttpError(409, 'the clock is the wall clock; it cannot be advanced');
        return { firings: await serially(() => emulator.runTimersFor(HOUR)), now: emulator.clock.now() };
      }
      throw new HttpError(404, `no such API: POST ${url.pathname}`);
    }
    throw new HttpError(405, `${req.method} is not supported`);
  }

  let address = '';
  const server = http.createServer((req, res) => {
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    if (req.headers.host !== address && req.headers.host !== address.replace('127.0.0.1', 'localhost')) {
      return send(421, 'text/plain; charset=utf-8', 'this dashboard answers only requests addressed to 127.0.0.1 or localhost');
    }
    if (url.pathname.startsWith('/api/')) {
      api(req, url).then(
        (body) => send(200, 'application/json; charset=utf-8', JSON.stringify(body)),
        (error: unknown) => {
          const status = error instanceof HttpError ? error.status : 500;
          send(status, 'application/json; charset=utf-8', JSON.stringify({ error: (error as Error).message }));
        },
      );
      return;
    }
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    const file = STATIC[url.pathname];
    if (req.method !== 'GET' || !file) return send(404, 'text/plain; charset=utf-8', 'not found');
    send(200, TYPES[path.extname(file)] as string, fs.readFileSync(path.join(STATIC_DIR, file)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${actual}`;
  return {
    url: `http://${address}/`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
