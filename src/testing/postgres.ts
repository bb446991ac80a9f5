/**
 * A real PostgreSQL server for tests: Debian's `postgresql` binaries, a throw-away cluster in
 * a temp folder, listening on a free loopback port, removed afterwards. Never a mock.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface PgServer {
  readonly url: string;
  /** A fresh, empty database on the same server. */
  createDatabase(name: string): string;
  /**
   * Shuts the server down and keeps its data: `fast` aborts open transactions and closes every
   * connection, `immediate` kills the processes outright (a crash; recovery runs on start).
   */
  halt(mode: 'fast' | 'immediate'): Promise<void>;
  /** Starts a halted server again on the same port, with the same data. */
  start(): Promise<void>;
  /** Stops the server and removes its data. */
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  throw new Error(
    'PostgreSQL server binaries not found: install Debian\'s "postgresql" package (.ci/run does)',
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgres(): Promise<PgServer> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'waymark-pg-'));
  // PostgreSQL refuses to run as root; as root, run it as the package's `postgres` user.
  const asRoot = userInfo().uid === 0;
  if (asRoot)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString()),
      Number(execFileSync('id', ['-g', 'postgres']).toString()),
    );
  const command = (cmd: string, args: string[]) =>
    asRoot
      ? (['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] as const)
      : ([join(bin, cmd), args] as const);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = command(cmd, args);
    const r = spawnSync(file, [...argv], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  // The test goes on sending requests while the server goes down or comes up.
  const runAsync = (cmd: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [file, argv] = command(cmd, args);
      execFile(file, [...argv], (err, stdout, stderr) =>
        err ? reject(new Error(`${cmd} failed: ${stderr || stdout}`)) : resolve(),
      );
    });
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'waymark', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const startArgs = [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
    'start',
  ];
  run('pg_ctl', startArgs);
  let running = true;
  const base = `postgres://waymark@127.0.0.1:${port}`;
  return {
    url: `${base}/postgres`,
    createDatabase(name) {
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'waymark', name]);
      return `${base}/${name}`;
    },
    async halt(mode) {
      await runAsync('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    async start() {
      await runAsync('pg_ctl', startArgs);
      running = true;
    },
    stop() {
      try {
        if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
