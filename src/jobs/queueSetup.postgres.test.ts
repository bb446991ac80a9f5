/**
 * Server and worker processes started together on a fresh database set up pg-boss's queues at the
 * same moment; PostgreSQL ends some of those transactions as deadlocks. Each start must still
 * succeed. Before the retry, about one round in three of these failed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type PgServer, startPostgres } from '../testing/postgres.js';
import { DEAD_QUEUE, openBoss, SCAN_QUEUE } from './pgQueue.js';

describe('pg-boss set up by several processes at once', { timeout: 120_000 }, () => {
  let pg: PgServer;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg?.stop());

  it('starts every one of four at once, on each of eight fresh databases', async () => {
    for (let round = 0; round < 8; round++) {
      const url = pg.createDatabase(`queues${round}`);
      const started = await Promise.allSettled(
        Array.from({ length: 4 }, () => openBoss({ databaseUrl: url, supervise: false })),
      );
      const failed = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
      for (const s of started)
        if (s.status === 'fulfilled') await s.value.stop({ graceful: false, wait: true });
      assert.deepEqual(failed, [], `round ${round}`);
    }
    const boss = await openBoss({ databaseUrl: pg.createDatabase('queuesCheck'), supervise: false });
    try {
      assert.ok(await boss.getQueue(SCAN_QUEUE));
      assert.equal((await boss.getQueue(SCAN_QUEUE))?.deadLetter, DEAD_QUEUE);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
