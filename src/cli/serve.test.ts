import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { REPO_ROOT, runCli, tempDir } from '../testing/index.js';
import { freePort } from '../testing/postgres.js';
import { serve, serverWithWorkload, stopped } from '../testing/server.js';

const models = new ModelSet(loadBuiltinModels());

describe('waymark serve', () => {
  it('refuses single-user mode on a non-loopback address', async () => {
    const r = await runCli(['serve', '--single-user', '--host', '0.0.0.0', '--db', join(tempDir(), 'x.db')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /only listens on a loopback address, not 0\.0\.0\.0/);
  });

  it('loses no acknowledged answer when killed with SIGKILL during a burst of writes', async () => {
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
