import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, runCli } from './index.js';
import { freePort } from './postgres.js';

/** Starts the real `waymark serve` and resolves once it prints its URL. */
export function serve(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 15_000);
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+?)\/? /.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
}

/** Resolves when the process has exited (at once if it already has). */
export function stopped(child: ChildProcess): Promise<unknown> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r)));
}

export interface ServerWithWorkload {
  url: string;
  token: string;
  /** The workload's id. */
  id: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
}

/** A real server on a fresh SQLite file, an editor token of team t1, and one workload of it. */
export async function serverWithWorkload(db: string, name: string): Promise<ServerWithWorkload> {
  const token = (
    await runCli(['token', 'create', '--team', 't1', '--role', 'editor', '--db', db])
  ).stdout.trim();
  const srv = await serve(['--port', String(await freePort()), '--db', db]);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${srv.url}/api/v1/workloads`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name }),
  });
  const { id } = (await created.json()) as { id: string };
  return {
    url: srv.url,
    token,
    id,
    headers,
    stop: async () => {
      srv.child.kill('SIGTERM');
      await stopped(srv.child);
    },
  };
}
