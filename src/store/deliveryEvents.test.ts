import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DeliveryEvent } from '../delivery/index.js';
import { storeBackends } from '../testing/backends.js';
import { type Actor, DeliveryEventStore, type Store } from './index.js';

const alice: Actor = { teamId: 'payments', name: 'alice', role: 'editor' };
const deployment = (id: string, time: string, extra: Partial<DeliveryEvent> = {}): DeliveryEvent =>
  ({
    type: 'deployment',
    id,
    workload: 'ignored',
    environment: 'production',
    status: 'success',
    time,
    commits: [{ sha: 'abcdef1234567', time: '2026-03-01T09:00:00+01:00' }, { sha: '1234567abcdef' }],
    ref: 'main',
    source: 'github',
    deliveryId: 'guid-1',
    ...extra,
  }) as DeliveryEvent;
const incident: DeliveryEvent = {
  type: 'incident',
  id: 'INC-1',
  workload: 'ignored',
  openedAt: '2026-03-02T10:00:00Z',
  resolvedAt: '2026-03-02T11:00:00Z',
  deployment: 'd1',
  source: 'file',
};

for (const [name, open] of storeBackends('delivery')) {
  describe(`delivery events on ${name}`, () => {
    let store: Store;
    let events: DeliveryEventStore;
    let w1: string;
    let w2: string;
    before(async () => {
      store = await open();
      await store.ensureTeam('payments');
      events = new DeliveryEventStore(store.db);
      w1 = (await store.createWorkload(alice, { name: 'checkout' }, {})).id;
      w2 = (await store.createWorkload(alice, { name: 'search' }, {})).id;
    });
    after(() => store?.close());

    it('stores an event once however often it is delivered', async () => {
      const first = await events.add(alice, w1, [deployment('d1', '2026-03-02T09:30:00Z'), incident]);
      assert.deepEqual(first, { stored: 2, replayed: 0 });
      const version = await store.teamVersion('payments');
      // A provider's redelivery: a new delivery id, the same event; and the same event twice in one call.
      const again = await events.add(alice, w1, [
        deployment('d1', '2026-03-02T10:30:00+01:00', { deliveryId: 'guid-2' }),
        incident,
        incident,
      ]);
      assert.deepEqual(again, { stored: 0, replayed: 3 });
      assert.equal(await events.count(w1), 2);
      assert.equal(
        await store.teamVersion('payments'),
        version,
        'a replay writes nothing, not even the audit log',
      );
    });

    it('gives back the events as they were, in UTC, oldest first, per workload', async () => {
      await events.add(alice, w2, [
        deployment('d9', '2026-03-01T00:00:00Z', { status: 'failure', commits: [] }),
      ]);
      const listed = await events.list(w1);
      assert.deepEqual(listed, [
        {
          type: 'deployment',
          id: 'd1',
          workload: w1,
          environment: 'production',
          status: 'success',
          time: '2026-03-02T09:30:00.000Z',
          commits: [{ sha: 'abcdef1234567', time: '2026-03-01T08:00:00.000Z' }, { sha: '1234567abcdef' }],
          ref: 'main',
          source: 'github',
          deliveryId: 'guid-1',
        },
        {
          type: 'incident',
          id: 'INC-1',
          workload: w1,
          openedAt: '2026-03-02T10:00:00.000Z',
          resolvedAt: '2026-03-02T11:00:00.000Z',
          deployment: 'd1',
          source: 'file',
        },
      ]);
      // What is read back is the same event: storing it again stores nothing.
      assert.deepEqual(await events.add(alice, w1, listed), { stored: 0, replayed: 2 });
      const many = await events.listMany([w1, w2], '2026-03-02T10:00:00Z');
      assert.deepEqual(
        [...many].map(([w, list]) => [w, list.map((e) => e.id)]),
        [
          [w1, ['d1']],
          [w2, ['d9']],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
    });

    it('stores a later event of the same deployment beside the first', async () => {
      const r = await events.add(alice, w1, [
        deployment('d1', '2026-03-02T09:40:00Z', { status: 'failure' }),
      ]);
      assert.deepEqual(r, { stored: 1, replayed: 0 });
    });

    it('goes with its workload', async () => {
      assert.ok(await store.deleteWorkload({ ...alice, role: 'admin' }, w2));
      assert.equal(await events.count(w2), 0);
    });
  });
}
