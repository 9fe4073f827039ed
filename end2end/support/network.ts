import type { BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import type { Random } from './random';

/** Backend paths (everything else the origin serves is the app shell). */
export const API_RE = /\/(auth|rest|realtime|functions)\/v1\//;

/**
 * Waits until the app's service worker (public/sw.js) is active and has the whole shell in its
 * cache (index.html, the files it refers to, /config.json), so the page can be reloaded with
 * no network. Returns the worker, for checks inside it.
 */
export async function offlineShellReady(context: BrowserContext, page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (;;) {
      const keys = (await Promise.all((await caches.keys()).map(async (n) => (await caches.open(n)).keys()))).flat();
      const paths = keys.map((r) => new URL(r.url).pathname);
      if (paths.includes('/') && paths.includes('/config.json') && paths.some((p) => p.endsWith('.wasm'))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  const worker = context.serviceWorkers().find((w) => w.url().endsWith('/sw.js'));
  if (!worker) throw new Error('no service worker for /sw.js in the context');
  return worker;
}

// Chrome DevTools presets (throughput in bytes/s), for CDP's Network.emulateNetworkConditions.
export const PROFILES = {
  'slow 3G': { latency: 400, downloadThroughput: (500 * 1024) / 8, uploadThroughput: (500 * 1024) / 8 },
  'fast 4G': { latency: 60, downloadThroughput: (9 * 1024 * 1024) / 8, uploadThroughput: (1.5 * 1024 * 1024) / 8 },
};
export type Profile = (typeof PROFILES)[keyof typeof PROFILES];

/**
 * Proxies the realtime WebSocket through the test, so it can be cut at will. `hold` keeps new
 * sockets waiting until `release()`; `dropRate` drops that share of frames in each direction,
 * drawn from `random` (seeded by the test, so a run replays: support/random.ts).
 */
export class SocketProxy {
  sockets: WebSocketRoute[] = [];
  private holding = false;
  private waiting: (() => void)[] = [];
  dropRate = 0;
  dropped = 0;

  private constructor(private readonly random: Random | undefined) {}

  static async install(page: Page, opts: { hold?: boolean; random?: Random } = {}) {
    const p = new SocketProxy(opts.random);
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
    if (this.dropRate === 0) return false;
    if (!this.random) throw new Error('SocketProxy: dropping frames needs the seeded `random` of install()');
    if (this.random() < this.dropRate) {
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

/** The messages table's REST path, where sends (upserts) go: what fault-injecting routes match. */
export const UPSERT = /\/rest\/v1\/messages(\?|$)/;
