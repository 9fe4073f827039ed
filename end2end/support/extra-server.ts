import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launchOptions, REPO_ROOT, type Person } from './browsers';
import { healthy, launch, readState } from './server';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ExtraServer {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts another session-server (same binary and dist as the suite's, a fresh database and a
 * free port) with extra flags, e.g. `['--translator', 'none']`. Its log goes to
 * artifacts/logs/end2end-<name>.log.
 */
export async function startExtraServer(name: string, flags: string[]): Promise<ExtraServer> {
  const main = readState();
  const serveDir = main.args[main.args.indexOf('--serve-dir') + 1];
  const tmp = mkdtempSync(path.join(os.tmpdir(), `session-e2e-${name}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logs = path.join(REPO_ROOT, 'artifacts', 'logs');
  mkdirSync(logs, { recursive: true });
  const log = path.join(logs, `end2end-${name}.log`);
  rmSync(log, { force: true });
  const args = ['--serve-dir', serveDir, '--db', path.join(tmp, 'e2e.db'), '--addr', `127.0.0.1:${port}`, ...flags];
  const pid = launch(main.bin, args, log);
  const deadline = Date.now() + 30_000;
  while (!(await healthy(url))) {
    if (Date.now() > deadline) throw new Error(`extra session-server ${name} not healthy at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    url,
    stop: async () => {
      if (alive()) process.kill(pid, 'SIGTERM');
      const until = Date.now() + 5000;
      while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      if (alive()) process.kill(pid, 'SIGKILL');
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A person whose browser talks to `url` (instead of the suite's server). */
export async function personAt(name: string, url: string): Promise<Person> {
  const browser = await chromium.launch(launchOptions);
  const context = await browser.newContext({ baseURL: url, viewport: { width: 420, height: 820 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[${name}] page error: ${e.message}`));
  return { name, browser, context, page };
}

/**
 * A stand-in for LibreTranslate (`POST /translate {q, source, target}` → `{translatedText}`):
 * answers 500 while `failing`, otherwise `[target] q`. Counts the requests it gets.
 */
export interface FakeLibreTranslate {
  url: string;
  requests: number;
  failing: boolean;
  close: () => Promise<void>;
}

export async function fakeLibreTranslate(): Promise<FakeLibreTranslate> {
  const fake: FakeLibreTranslate = { url: '', requests: 0, failing: true, close: async () => {} };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/translate')) {
        res.writeHead(404).end();
        return;
      }
      fake.requests += 1;
      if (fake.failing) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'fake outage' }));
        return;
      }
      const { q, target } = JSON.parse(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ translatedText: `[${target}] ${q}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address() as net.AddressInfo;
  fake.url = `http://127.0.0.1:${addr.port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
