import { join } from 'node:path';
import { after, before } from 'node:test';
import { openStore, type Store } from '../store/index.js';
import { tempDir } from './index.js';
import { type PgServer, startPostgres } from './postgres.js';

/**
 * The two stores every store and API test runs on: SQLite in a temp folder, and a real
 * PostgreSQL started for the test file (stopped after it). Each call of an opener gives a fresh,
 * empty database.
 */
export function storeBackends(label: string): [string, () => Promise<Store>][] {
  let pg: PgServer | undefined;
  let count = 0;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg?.stop());
  return [
    ['SQLite', () => openStore({ sqliteFile: join(tempDir(), `${label}.db`) })],
    [
      'PostgreSQL',
      () => {
        if (!pg) throw new Error('PostgreSQL has not started');
        return openStore({ databaseUrl: pg.createDatabase(`${label}${++count}`) });
      },
    ],
  ];
}
