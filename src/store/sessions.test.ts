import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeBackends } from '../testing/backends.js';
import { type PgServer, startPostgres } from '../testing/postgres.js';
import { hashSessionId, openStore, type SessionInput, type Store } from './index.js';

const alice: SessionInput = {
  subject: 'sub-alice',
  name: 'Alice Example',
  email: 'alice@example.com',
  teamId: 'payments',
  role: 'editor',
  ttlMs: 60 * 60 * 1000,
};

for (const [name, open] of storeBackends('sessions')) {
  describe(`sessions on ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(() => store?.close());

    it('keeps only the hash of a session id and finds the person by the id', async () => {
      const { id } = await store.sessions.create(alice);
      assert.match(id, /^[A-Za-z0-9_-]{43}$/);
      const rows = await store.db.selectFrom('sessions').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes(id), 'the id itself is not stored');
      assert.ok(rows.some((r) => r.id_hash === hashSessionId(id)));
      const who = await store.sessions.find(id);
      assert.equal(who?.teamId, 'payments');
      assert.equal(who?.role, 'editor');
      assert.equal(who?.name, 'alice@example.com');
      assert.equal(who?.displayName, 'Alice Example');
      // The team a mapping names is created with the first session.
      assert.ok(
        await store.db.selectFrom('teams').select('id').where('id', '=', 'payments').executeTakeFirst(),
      );
      assert.equal(await store.sessions.find(`${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`), undefined);
      assert.equal(await store.sessions.find('not-a-session'), undefined);
    });

    it('does not find an expired session, and removes expired ones', async () => {
      const { id } = await store.sessions.create(alice);
      await store.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id_hash', '=', hashSessionId(id))
        .execute();
      assert.equal(await store.sessions.find(id), undefined);
      await store.sessions.create(alice);
      const left = await store.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('id_hash', '=', hashSessionId(id))
        .execute();
      assert.deepEqual(left, []);
    });

    it('ends a session on sign-out', async () => {
      const { id } = await store.sessions.create({ ...alice, role: 'viewer' });
      assert.equal((await store.sessions.find(id))?.role, 'viewer');
      assert.equal(await store.sessions.delete(id), true);
      assert.equal(await store.sessions.find(id), undefined);
      assert.equal(await store.sessions.delete(id), false);
    });
  });
}

describe('sessions across two server instances over one PostgreSQL', () => {
  let pg: PgServer | undefined;
  const stores: Store[] = [];
  before(async () => {
    pg = await startPostgres();
  });
  after(async () => {
    for (const s of stores) await s.close();
    pg?.stop();
  });

  it('a session created through one instance is found, and ended, through the other', async () => {
    if (!pg) throw new Error('PostgreSQL has not started');
    const url = pg.createDatabase('shared_sessions');
    const one = await openStore({ databaseUrl: url });
    stores.push(one);
    const two = await openStore({ databaseUrl: url });
    stores.push(two);
    const { id } = await one.sessions.create(alice);
    assert.equal((await two.sessions.find(id))?.teamId, 'payments');
    assert.equal(await two.sessions.delete(id), true);
    assert.equal(await one.sessions.find(id), undefined);
  });
});
