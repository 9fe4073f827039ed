import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { healthy, launch, stateFile, STATE_FILE, stopServer, writeState } from './support/server';

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

async function waitHealthy(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await healthy(url)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`session-server not healthy at ${url} after ${timeoutMs} ms`);
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
  const log = path.join(logs, 'end2end-server.log');
  rmSync(log, { force: true });
  const args = ['--serve-dir', dist, '--db', path.join(tmp, 'e2e.db'), '--addr', `127.0.0.1:${port}`];
  // Detached and recorded in a state file, so support/server.ts can stop and restart it
  // (same database, same port) in the middle of a test.
  process.env.E2E_SERVER_STATE = STATE_FILE;
  const pid = launch(bin, args, log);
  writeState({ pid, bin, args, url, log });
  await waitHealthy(url, 30_000);
  process.env.E2E_BASE_URL = url;

  return async () => {
    await stopServer().catch((e) => console.error(`stopping session-server: ${e}`));
    rmSync(stateFile(), { force: true });
    rmSync(tmp, { recursive: true, force: true });
  };
}
