/**
 * PostgreSQL goes away in the middle of a burst of writes and comes back on the same port: the
 * real `waymark serve` answers 503 (quickly, with Retry-After) while it is down, reports not
 * ready, recovers without a restart, and keeps every write it acknowledged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { CONNECT_TIMEOUT_MS } from '../store/connection.js';
import { runCli } from '../testing/index.js';
import { freePort, type PgServer, startPostgres } from '../testing/postgres.js';
import { serve, stopped } from '../testing/server.js';

const models = new ModelSet(loadBuiltinModels());
const Answers = z.object({ answers: z.array(z.object({ practiceId: z.string(), status: z.string() })) });
/** Longer than any answer may take: a request still open by then is a hang. */
const HANG_MS = CONNECT_TIMEOUT_MS + 7000;

let pg: PgServer;
before(async () => {
  pg = await startPostgres();
});
after(() => pg?.stop());

describe('PostgreSQL outage under a write burst', () => {
  it('answers 503 while the database is down, recovers by itself, and loses no acknowledged write', async (t) => {
    const url = pg.createDatabase('outage');
    const token = (
      await runCli(['token', 'create', '--team', 't1', '--role', 'editor', '--database-url', url])
    ).stdout.trim();
    assert.match(token, /^wmk_/);
    const srv = await serve(['--port', String(await freePort()), '--database-url', url]);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    try {
      const created = await fetch(`${srv.url}/api/v1/workloads`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'w' }),
      });
      assert.equal(created.status, 201);
      const { id } = z.object({ id: z.string() }).parse(await created.json());

      const acknowledged = new Map<string, string>();
      const codes = new Map<number, number>();
      let slowest = 0;
      const put = async (practiceId: string, status: string) => {
        const started = Date.now();
        const r = await fetch(`${srv.url}/api/v1/workloads/${id}/answers/${practiceId}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ status, revision: 0 }),
          signal: AbortSignal.timeout(HANG_MS),
        });
        slowest = Math.max(slowest, Date.now() - started);
        codes.set(r.status, (codes.get(r.status) ?? 0) + 1);
        if (r.ok) acknowledged.set(practiceId, status);
        else {
          const text = await r.text();
          assert.equal(r.status, 503, `PUT ${practiceId}: ${r.status} ${text}`);
          assert.equal(r.headers.get('retry-after'), '5');
          assert.equal(z.object({ error: z.string() }).parse(JSON.parse(text)).error, 'unavailable');
        }
        return r.status;
      };
      /** Eight writers over `ids`; `during` runs once `after` writes are acknowledged. */
      const burst = async (
        ids: string[],
        status: string,
        during?: { after: number; run: () => Promise<void> },
      ) => {
        let next = 0;
        let fired: Promise<void> | undefined;
        const start = acknowledged.size;
        const writer = async () => {
          while (next < ids.length) {
            await put(ids[next++] ?? '', status);
            if (during && !fired && acknowledged.size - start >= during.after) fired = during.run();
          }
        };
        await Promise.all(Array.from({ length: 8 }, writer));
        await fired;
      };
      const ready = async () =>
        (await fetch(`${srv.url}/readyz`, { signal: AbortSignal.timeout(HANG_MS) })).status;

      const ids = models.practiceIds();
      const chunk = Math.floor(ids.length / 3);
      let downAnswers = 0;
      for (const [i, mode] of (['fast', 'immediate'] as const).entries()) {
        const mine = ids.slice(i * chunk, (i + 1) * chunk);
        // Stopped while the writers are busy: some writes land, the rest must be refused cleanly.
        await burst(mine, 'met', { after: Math.floor(mine.length / 4), run: () => pg.halt(mode) });
        assert.equal(await ready(), 503, `not ready while PostgreSQL is stopped (${mode})`);
        assert.equal(await put(ids[ids.length - 1 - i] ?? '', 'met'), 503);
        downAnswers += 2;
        await pg.start();
        const deadline = Date.now() + 20_000;
        while ((await ready()) !== 200) {
          assert.ok(Date.now() < deadline, `ready again after PostgreSQL came back (${mode})`);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      // Back to normal without a restart: every write of a new burst is acknowledged.
      const last = ids.slice(2 * chunk, ids.length - 2);
      const before = acknowledged.size;
      await burst(last, 'partial');
      assert.equal(acknowledged.size - before, last.length, 'every write after recovery is acknowledged');
      assert.equal(srv.child.exitCode, null, 'the server kept running');

      const r = await fetch(`${srv.url}/api/v1/workloads/${id}/answers`, { headers });
      const stored = new Map(Answers.parse(await r.json()).answers.map((a) => [a.practiceId, a.status]));
      const lost = [...acknowledged].filter(([practiceId, status]) => stored.get(practiceId) !== status);
      t.diagnostic(
        `PostgreSQL stopped twice (fast, immediate) during bursts: ${[...codes].map(([c, n]) => `${n}×${c}`).join(', ')}; ` +
          `${acknowledged.size} acknowledged, ${lost.length} lost; slowest answer ${slowest} ms`,
      );
      assert.deepEqual(lost, []);
      assert.deepEqual([...codes.keys()].sort(), [200, 503], 'only 200 and 503');
      assert.ok((codes.get(503) ?? 0) > downAnswers, 'writes in the bursts were refused while it was down');
      assert.ok(slowest < HANG_MS, `slowest answer ${slowest} ms`);
    } finally {
      srv.child.kill('SIGTERM');
      await stopped(srv.child);
    }
  });
});
