import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function freePort(): Promise<number> {
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

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`session-server exited with ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`session-server not healthy at ${url} after ${timeoutMs} ms (${last})`);
}

/** Starts a fresh session-server (new SQLite file, free port) serving ../dist for this run. */
export default async function globalSetup() {
  const bin = process.env.SESSION_SERVER_BIN
    ? path.resolve(process.env.SESSION_SERVER_BIN)
    : path.join(ROOT, 'target', 'release', 'session-server');
  const dist = path.join(ROOT, 'dist');
  if (!existsSync(bin)) throw new Error(`${bin} not found: run cargo build --release -p session-server`);
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist}/index.html not found: run scripts/build-app.sh`);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'session-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logs = path.join(ROOT, 'artifacts', 'logs');
  mkdirSync(logs, { recursive: true });
  const log = createWriteStream(path.join(logs, 'end2end-server.log'));
  const child = spawn(
    bin,
    ['--serve-dir', dist, '--db', path.join(tmp, 'e2e.db'), '--addr', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'info' } },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  await waitHealthy(url, child, 30_000);
  process.env.E2E_BASE_URL = url;

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(tmp, { recursive: true, force: true });
  };
}
