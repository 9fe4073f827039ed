import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page, Route, WebSocketRoute } from '@playwright/test';
import { REPO_ROOT } from './browsers';

/** Backend paths (everything else the origin serves is the app shell). */
export const API_RE = /\/(auth|rest|realtime|functions)\/v1\//;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
};

/**
 * Serves the app shell from ../dist inside the browser context, standing in for a service
 * worker, so a page can be reloaded while the context is offline. `/config.json` is the
 * copy fetched while online.
 */
export async function serveShellFromDist(context: BrowserContext, baseURL: string) {
  const config = await (await fetch(`${baseURL}/config.json`)).text();
  const dist = path.join(REPO_ROOT, 'dist');
  await context.route(
    (url) => url.origin === new URL(baseURL).origin && !API_RE.test(url.pathname),
    async (route: Route) => {
      const { pathname } = new URL(route.request().url());
      if (pathname === '/config.json') {
        return route.fulfill({ status: 200, contentType: 'application/json', body: config });
      }
      let file = path.join(dist, decodeURIComponent(pathname));
      if (!file.startsWith(dist) || !existsSync(file) || pathname === '/' || pathname.startsWith('/s/')) {
        file = path.join(dist, 'index.html');
      }
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
    },
  );
}

/**
 * Proxies the realtime WebSocket through the test, so it can be cut at will. `hold` keeps new
 * sockets waiting until `release()`; `dropRate` drops that share of frames in each direction.
 */
export class SocketProxy {
  sockets: WebSocketRoute[] = [];
  private holding = false;
  private waiting: (() => void)[] = [];
  dropRate = 0;
  dropped = 0;

  static async install(page: Page, opts: { hold?: boolean } = {}) {
    const p = new SocketProxy();
    p.holding = !!opts.hold;
    await page.routeWebSocket(/\/realtime\/v1\//, (ws) => p.handle(ws));
    return p;
  }

  private async handle(ws: WebSocketRoute) {
    // Frames the page sends before the server side is connected wait here.
    const early: (string | Buffer)[] = [];
    let server: WebSocketRoute | null = null;
    ws.onMessage((m) => {
      if (this.drop()) return;
      if (server) server.send(m);
      else early.push(m);
    });
    if (this.holding) await new Promise<void>((r) => this.waiting.push(r));
    const s = ws.connectToServer();
    server = s;
    this.sockets.push(ws);
    for (const m of early.splice(0)) s.send(m);
    s.onMessage((m) => {
      if (this.drop()) return;
      ws.send(m);
    });
    ws.onClose((code, reason) => s.close({ code, reason }));
    s.onClose((code, reason) => ws.close({ code, reason }));
  }

  private drop(): boolean {
    if (this.dropRate > 0 && Math.random() < this.dropRate) {
      this.dropped++;
      return true;
    }
    return false;
  }

  hold() {
    this.holding = true;
  }

  release() {
    this.holding = false;
    for (const r of this.waiting.splice(0)) r();
  }

  /** Closes every open socket abnormally, as a broken network would. */
  async cutAll() {
    const open = this.sockets.splice(0);
    await Promise.all(open.map((ws) => ws.close({ code: 4000, reason: 'cut by test' }).catch(() => {})));
  }
}
