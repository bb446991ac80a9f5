import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { assertNoStackTrace } from '../testing/fuzz.js';
import { BIN, REPO_ROOT, type RunResult, runCli, tempDir } from '../testing/index.js';
import { freePort, type PgServer, startPostgres } from '../testing/postgres.js';
import { serve, serverWithWorkload, stopped } from '../testing/server.js';

const models = new ModelSet(loadBuiltinModels());

/** Why port 80 cannot show EACCES here, or false when it can. */
function privilegedPortSkip(): string | false {
  const start = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
  if (start <= 80) return 'every user may listen on port 80 on this machine';
  if (process.getuid?.() !== 0) return false;
  return spawnSync('id', ['-u', 'postgres']).status === 0
    ? false
    : 'root, and no unprivileged user to run as';
}

function asPostgresUser(args: string[]): RunResult {
  const p = spawnSync('runuser', ['-u', 'postgres', '--', process.execPath, BIN, ...args], {
    encoding: 'utf8',
    cwd: tmpdir(),
  });
  return { code: p.status, stdout: p.stdout, stderr: p.stderr };
}

let pg: PgServer;
before(async () => {
  pg = await startPostgres();
});
after(() => pg?.stop());

describe('waymark serve', () => {
  it('says which address it cannot listen on, with exit 2', async () => {
    const db = join(tempDir(), 'listen.db');
    const taken: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, '127.0.0.1', () => {
        const a = taken.address();
        resolve(typeof a === 'object' && a ? a.port : 0);
      }),
    );
    try {
      for (const extra of [[], ['--single-user']]) {
        const r = await runCli(['serve', '--port', String(port), '--db', db, ...extra]);
        assert.equal(r.code, 2, r.stderr);
        assertNoStackTrace(r);
        assert.match(
          r.stderr,
          new RegExp(
            `cannot listen on 127\\.0\\.0\\.1:${port}: another program is listening there already \\(EADDRINUSE\\)`,
          ),
        );
        assert.match(r.stderr, /hint: stop it, or choose another --port/);
      }
    } finally {
      taken.close();
    }
    // TEST-NET-1 (RFC 5737) is never an address of this machine.
    const absent = await runCli(['serve', '--host', '192.0.2.1', '--port', '8080', '--db', db]);
    assert.equal(absent.code, 2, absent.stderr);
    assertNoStackTrace(absent);
    assert.match(
      absent.stderr,
      /cannot listen on 192\.0\.2\.1:8080: this machine has no such address \(EADDRNOTAVAIL\)/,
    );
    const unresolved = await runCli([
      'serve',
      '--host',
      'no-such-host.invalid',
      '--port',
      '8080',
      '--db',
      db,
    ]);
    assert.equal(unresolved.code, 2, unresolved.stderr);
    assertNoStackTrace(unresolved);
    assert.match(
      unresolved.stderr,
      /cannot listen on no-such-host\.invalid:8080: the host name does not resolve/,
    );
  });

  it('says a privileged port needs privileges, with exit 2', { skip: privilegedPortSkip() }, async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const args = ['serve', '--port', '80', '--db', join(dir, 'p.db')];
    // Root may listen on port 80: as root, run as PostgreSQL's unprivileged user instead.
    const r: RunResult = process.getuid?.() === 0 ? asPostgresUser(args) : await runCli(args);
    assert.equal(r.code, 2, r.stderr);
    assertNoStackTrace(r);
    assert.match(r.stderr, /cannot listen on 127\.0\.0\.1:80: permission denied .*\(EACCES\)/);
  });

  for (const backend of ['SQLite', 'PostgreSQL'] as const) {
    it(`creates workloads in single-user mode on a fresh ${backend} database`, async () => {
      const db =
        backend === 'SQLite'
          ? ['--db', join(tempDir(), 'fresh.db')]
          : ['--database-url', pg.createDatabase(`fresh${Math.random().toString(36).slice(2, 8)}`)];
      const srv = await serve(['--port', String(await freePort()), '--single-user', ...db]);
      try {
        const created = await fetch(`${srv.url}/api/v1/workloads`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'first' }),
        });
        assert.equal(created.status, 201, await created.clone().text());
        const listed = z
          .object({ workloads: z.array(z.object({ name: z.string() })) })
          .parse(await (await fetch(`${srv.url}/api/v1/workloads`)).json());
        assert.deepEqual(
          listed.workloads.map((w) => w.name),
          ['first'],
        );
        const me = z.object({ team: z.string() }).parse(await (await fetch(`${srv.url}/api/v1/me`)).json());
        assert.equal(me.team, 'local');
      } finally {
        srv.child.kill('SIGTERM');
        await stopped(srv.child);
      }
    });
  }

  it('refuses single-user mode on a non-loopback address', async () => {
    const r = await runCli(['serve', '--single-user', '--host', '0.0.0.0', '--db', join(tempDir(), 'x.db')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /only listens on a loopback address, not 0\.0\.0\.0/);
  });

  it('refuses a --trust-proxy that is not a list of addresses, and with --single-user', async () => {
    for (const bad of ['10.0.0.300', '10.0.0.0/33', 'balancer.internal', ',']) {
      const r = await runCli(['serve', '--trust-proxy', bad, '--db', join(tempDir(), 'x.db')]);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--trust-proxy: /);
      assertNoStackTrace(r);
    }
    const r = await runCli([
      'serve',
      '--single-user',
      '--trust-proxy',
      '10.0.0.5',
      '--db',
      join(tempDir(), 'x.db'),
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot be combined with --trust-proxy/);
  });

  it('loses no acknowledged answer when killed with SIGKILL during a burst of writes', async (t) => {
    const dir = tempDir();
    const db = join(dir, 'w.db');
    const token = (
      await runCli(['token', 'create', '--team', 't1', '--role', 'editor', '--db', db])
    ).stdout.trim();
    assert.match(token, /^wmk_/);
    const port = await freePort();
    const first = await serve(['--port', String(port), '--db', db]);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${first.url}/api/v1/workloads`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'w' }),
    });
    const { id } = (await created.json()) as { id: string };

    const ids = models.practiceIds();
    const acknowledged = new Map<string, string>();
    let sent = 0;
    const statuses = ['met', 'partial', 'not-met'] as const;
    // Eight writers in parallel; the server is killed once a quarter of the writes are acknowledged.
    const writer = async () => {
      while (sent < ids.length) {
        const practiceId = ids[sent++] ?? '';
        const status = statuses[sent % 3] ?? 'met';
        try {
          const r = await fetch(`${first.url}/api/v1/workloads/${id}/answers/${practiceId}`, {
            method: 'PUT',
            headers,
            body: JSON.stringify({ status, revision: 0 }),
          });
          if (r.ok) acknowledged.set(practiceId, status);
          if (acknowledged.size === Math.floor(ids.length / 4)) first.child.kill('SIGKILL');
        } catch {
          // the connection died with the server: this write was never acknowledged
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    await stopped(first.child);
    assert.equal(first.child.signalCode, 'SIGKILL');
    assert.ok(
      acknowledged.size >= Math.floor(ids.length / 4) && acknowledged.size < ids.length,
      `acknowledged ${acknowledged.size}`,
    );

    const second = await serve(['--port', String(port), '--db', db]);
    try {
      const r = await fetch(`${second.url}/api/v1/workloads/${id}/answers`, { headers });
      const stored = new Map(
        ((await r.json()) as { answers: { practiceId: string; status: string }[] }).answers.map((a) => [
          a.practiceId,
          a.status,
        ]),
      );
      const lost = [...acknowledged].filter(([practiceId, status]) => stored.get(practiceId) !== status);
      t.diagnostic(
        `SIGKILL during a burst (${sent} writes sent): ${acknowledged.size} acknowledged, ${lost.length} lost, ${stored.size} stored`,
      );
      for (const [practiceId, status] of acknowledged)
        assert.equal(stored.get(practiceId), status, practiceId);
    } finally {
      second.child.kill('SIGTERM');
      await stopped(second.child);
    }
  });

  it('keeps the latest health evaluation pushed by the CLI and a timeline of changes', async () => {
    const dir = tempDir();
    const srv = await serverWithWorkload(join(dir, 'h.db'), 'payments');
    const { id, headers, token } = srv;
    try {
      const values = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/health/values.json'), 'utf8'));
      const push = (file: string) =>
        runCli(
          [
            'health',
            'eval',
            '-m',
            'test/fixtures/health/waymark.health.yaml',
            '-s',
            file,
            '--push',
            srv.url,
            '--workload',
            id,
          ],
          {
            env: { WAYMARK_TOKEN: token },
          },
        );
      const healthy = await push('test/fixtures/health/values.json');
      assert.equal(healthy.code, 0, healthy.stderr);
      values.values['api.error-rate'] = 0.2;
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify(values));
      const unhealthy = await push(bad);
      assert.equal(unhealthy.code, 1, unhealthy.stderr);
      const h = (await (await fetch(`${srv.url}/api/v1/workloads/${id}/health`, { headers })).json()) as {
        latest: { state: string };
        timeline: { level: string; target: string; from: string | null; to: string }[];
      };
      assert.equal(h.latest.state, 'unhealthy');
      assert.deepEqual(
        h.timeline.filter((c) => c.level !== 'signal').map((c) => [c.target, c.from, c.to]),
        [
          ['workload', 'healthy', 'unhealthy'],
          ['api', 'healthy', 'unhealthy'],
        ],
      );
      const refused = await runCli([
        'health',
        'eval',
        '-m',
        'test/fixtures/health/waymark.health.yaml',
        '-s',
        bad,
        '--push',
        srv.url,
        '--workload',
        id,
      ]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /refused the push \(401\)[\s\S]*WAYMARK_TOKEN/);
    } finally {
      await srv.stop();
    }
  });

  it('backs up and restores everything exactly', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.db');
    await runCli(['token', 'create', '--team', 't1', '--role', 'admin', '--db', a]);
    const port = await freePort();
    const srv = await serve(['--port', String(port), '--db', a, '--single-user', '--samples']);
    srv.child.kill('SIGTERM');
    await stopped(srv.child);
    const backup = join(dir, 'backup.json');
    const b1 = await runCli(['db', 'backup', backup, '--db', a]);
    assert.equal(b1.code, 0, b1.stderr);
    const doc = JSON.parse(readFileSync(backup, 'utf8'));
    assert.equal(doc.workloads.length, 2);
    assert.equal(doc.tokens.length, 1);

    const b = join(dir, 'b.db');
    const restored = await runCli(['db', 'restore', backup, '--db', b]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /restored 2 workloads/);
    const again = await runCli(['db', 'export', '--db', b]);
    const { exportedAt: _a, ...left } = doc;
    const { exportedAt: _b, ...right } = JSON.parse(again.stdout);
    assert.deepEqual(right, left);

    const twice = await runCli(['db', 'restore', backup, '--db', b]);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /not empty/);
  });
});
