/**
 * `waymark db backup` while another process writes: the export reads one snapshot, so what it
 * holds restores. The write lands between the export's first table and the others, on SQLite and
 * on PostgreSQL, through a second connection as another server instance would make it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { tempDir } from '../testing/index.js';
import { type PgServer, startPostgres } from '../testing/postgres.js';
import { type Actor, type ConnectOptions, exportAll, openStore, parseBackup, Store } from './index.js';

const bob: Actor = { teamId: 't2', name: 'bob', role: 'admin' };

describe('a backup taken while another process writes', () => {
  let pg: PgServer | undefined;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg?.stop());
  const backends: [string, () => ConnectOptions][] = [
    ['SQLite', () => ({ sqliteFile: join(tempDir(), 'snapshot.db') })],
    ['PostgreSQL', () => ({ databaseUrl: pg?.createDatabase('snapshot') })],
  ];

  for (const [name, options] of backends) {
    it(`holds one moment of the database, which restores (${name})`, async () => {
      const where = options();
      const store = await openStore(where);
      const writer = await openStore(where);
      await store.createToken('t1', 'editor', 'ci');
      let wrote = false;
      // After the export's first read (the teams): a new team and a workload of it, committed.
      const between: KyselyPlugin = {
        transformQuery: ({ node }) => node,
        async transformResult({ result }) {
          if (!wrote) {
            wrote = true;
            await writer.ensureTeam('t2');
            await writer.createWorkload(bob, { name: 'late' }, {});
          }
          return result;
        },
      };
      const reading = new Store({
        db: store.db.withPlugin(between),
        dialect: store.dialect,
        description: store.description,
      });
      try {
        const doc = await exportAll(reading);
        assert.ok(wrote, 'the write happened during the export');
        assert.equal((await store.listWorkloads('t2')).length, 1, 'and it committed');
        assert.deepEqual(
          doc.workloads.map((w) => w.name),
          [],
          'the export is the moment before the write',
        );
        assert.doesNotThrow(() => parseBackup(JSON.stringify(doc), 'backup.json'));
      } finally {
        await writer.close();
        await store.close();
      }
    });
  }
});
