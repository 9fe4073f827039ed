import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where global-setup records the running session-server, so a test can restart it. */
export const STATE_FILE = path.join(os.tmpdir(), `session-e2e-server-${process.pid}-state.json`);

export interface ServerState {
  pid: number;
  bin: string;
  args: string[];
  url: string;
  log: string;
}

export function stateFile(): string {
  return process.env.E2E_SERVER_STATE ?? STATE_FILE;
}

export function readState(): ServerState {
  return JSON.parse(readFileSync(stateFile(), 'utf8'));
}

export function writeState(s: ServerState) {
  writeFileSync(stateFile(), JSON.stringify(s));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
}

/** Starts session-server detached (it outlives the process that started it). */
export function launch(bin: string, args: string[], log: string): number {
  // The log file itself is its stdout/stderr: no pipe that would break when this process ends.
  const fd = openSync(log, 'a');
  const child = spawn(bin, args, {
    stdio: ['ignore', fd, fd],
    detached: true,
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'info' },
  });
  closeSync(fd);
  child.unref();
  return child.pid!;
}

/** Stops the running server (SIGTERM, then SIGKILL) and waits until it no longer answers. */
export async function stopServer() {
  const s = readState();
  if (alive(s.pid)) {
    process.kill(s.pid, 'SIGTERM');
    try {
      await until('session-server to exit', () => !alive(s.pid), 5000);
    } catch {
      process.kill(s.pid, 'SIGKILL');
      await until('session-server to die', () => !alive(s.pid), 5000);
    }
  }
  await until('the port to stop answering', async () => !(await healthy(s.url)), 5000);
}

/** Starts it again on the same database file and port. */
export async function startServer() {
  const s = readState();
  const pid = launch(s.bin, s.args, s.log);
  writeState({ ...s, pid });
  await until('session-server to be healthy again', () => healthy(s.url), 30_000);
}
