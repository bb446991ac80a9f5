import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Status } from '../answers/index.js';
import { storeBackends } from '../testing/backends.js';
import { type Actor, type AnswerInput, exportAll, ImportRefused, importAll, type Store } from './index.js';

const answer = (status: Status): AnswerInput => ({
  status,
  reason: null,
  note: null,
  evidence: ['infra/main.bicep'],
  author: 'kim',
  source: 'person',
  confidence: null,
  modelVersion: '1.0.0',
});
const summarise = (all: readonly { status: string }[]) => ({
  met: all.filter((a) => a.status === 'met').length,
});
const stripTime = ({ exportedAt: _, ...rest }: { exportedAt: string }) => rest;

const backends = storeBackends('w');

for (const [name, open] of backends) {
  describe(`store on ${name}`, () => {
    let store: Store;
    const alice: Actor = { teamId: 'payments', name: 'alice', role: 'editor' };
    const mallory: Actor = { teamId: 'growth', name: 'mallory', role: 'admin' };
    before(async () => {
      store = await open();
      await store.ensureTeam('payments');
      await store.ensureTeam('growth');
    });
    after(() => store?.close());

    it('ping answers while the database does, and rejects once it is closed', async () => {
      await store.ping();
      const other = await open();
      await other.ping();
      await other.close();
      await assert.rejects(other.ping());
    });

    it('keeps only a hash of each token and recognises the token itself', async () => {
      const { token, id } = await store.createToken('payments', 'viewer', 'ci');
      const who = await store.authenticate(token);
      assert.deepEqual(who, { tokenId: id, teamId: 'payments', name: 'ci', role: 'viewer' });
      const row = await store.db
        .selectFrom('tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      // wmk_<8 hex id>_<secret>: the secret itself may contain "_", so it is cut by position.
      const secret = token.slice('wmk_'.length + 8 + 1);
      assert.ok(!JSON.stringify(row).includes(secret), 'the secret is not stored');
      const other = token.endsWith('A') ? 'B' : 'A';
      assert.equal(await store.authenticate(`${token.slice(0, -1)}${other}`), undefined);
      assert.equal(await store.authenticate('wmk_nothing'), undefined);
    });

    it('never shows a workload to another team', async () => {
      const w = await store.createWorkload(alice, { name: 'checkout', tags: ['pci'] }, {});
      assert.equal((await store.getWorkload('payments', w.id))?.name, 'checkout');
      assert.equal(await store.getWorkload('growth', w.id), undefined);
      assert.deepEqual(await store.listWorkloads('growth'), []);
      assert.equal(await store.updateWorkload(mallory, w.id, { name: 'stolen' }), undefined);
      assert.equal(await store.deleteWorkload(mallory, w.id), false);
      assert.equal((await store.getWorkload('payments', w.id))?.name, 'checkout');
    });

    it('applies an answer only on the revision the writer read', async () => {
      const w = await store.createWorkload(alice, { name: 'orders' }, {});
      const first = await store.setAnswer(
        alice,
        w.id,
        'oe.1.iac.declarative',
        answer('partial'),
        0,
        summarise,
      );
      assert.equal(first.kind, 'ok');
      const stale = await store.setAnswer(alice, w.id, 'oe.1.iac.declarative', answer('met'), 0, summarise);
      assert.equal(stale.kind, 'conflict');
      assert.equal(stale.kind === 'conflict' && stale.current?.status, 'partial');
      const second = await store.setAnswer(alice, w.id, 'oe.1.iac.declarative', answer('met'), 1, summarise);
      assert.equal(second.kind === 'ok' && second.answer.revision, 2);
      const stored = await store.getAnswers(w.id);
      assert.deepEqual(
        stored.map((a) => [a.practiceId, a.status, a.revision, a.evidence]),
        [['oe.1.iac.declarative', 'met', 2, ['infra/main.bicep']]],
      );
      assert.deepEqual((await store.getWorkload('payments', w.id))?.summary, { met: 1 });
    });

    it('lets exactly one of many racing first answers win', async () => {
      const w = await store.createWorkload(alice, { name: 'racing' }, {});
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.setAnswer(
            alice,
            w.id,
            'oe.1.iac.declarative',
            answer(i % 2 ? 'met' : 'not-met'),
            0,
            summarise,
          ),
        ),
      );
      assert.equal(results.filter((r) => r.kind === 'ok').length, 1);
      assert.equal((await store.getAnswers(w.id))[0]?.revision, 1);
    });

    it('records every change in the audit log, newest first', async () => {
      const log = await store.auditLog('payments', 500);
      const actions = log.map((e) => e.action);
      assert.ok(actions.includes('workload.create'));
      assert.equal(actions.filter((a) => a === 'answer.set').length, 3);
      assert.ok(log.every((e, i) => i === 0 || (log[i - 1]?.seq ?? 0) > e.seq));
      assert.ok((await store.auditLog('growth')).every((e) => e.teamId === 'growth'));
    });

    it('keeps milestones and scans per workload', async () => {
      const w = await store.createWorkload(alice, { name: 'milestones' }, {});
      const m1 = await store.createMilestone(alice, w.id, 'Q1', { levels: { oe: 1 } });
      await store.createMilestone(alice, w.id, 'Q2', { levels: { oe: 2 } });
      assert.deepEqual(
        (await store.listMilestones(w.id)).map((m) => [m.name, m.snapshot]),
        [
          ['Q1', { levels: { oe: 1 } }],
          ['Q2', { levels: { oe: 2 } }],
        ],
      );
      assert.equal((await store.getMilestone(w.id, m1.id))?.createdBy, 'alice');
      await store.addScan(alice, w.id, { suggestions: [1] });
      await store.addScan(alice, w.id, { suggestions: [2] });
      assert.deepEqual((await store.latestScan(w.id))?.result, { suggestions: [2] });
    });

    it('exports everything and imports it into an empty database exactly', async () => {
      const exported = await exportAll(store);
      assert.ok(exported.answers.length >= 2 && exported.audit_log.length >= 5);
      for (const [, openOther] of backends) {
        const other = await openOther();
        try {
          await importAll(other, exported);
          assert.deepEqual(stripTime(await exportAll(other)), stripTime(exported));
          // A second import is refused and leaves the data as it was.
          await assert.rejects(importAll(other, exported), ImportRefused);
          assert.deepEqual(stripTime(await exportAll(other)), stripTime(exported));
          // The audit sequence continues after the imported entries.
          const w = await other.createWorkload(alice, { name: 'after-import' }, {});
          const [newest] = await other.auditLog('payments', 1);
          assert.equal(newest?.entityId, w.id);
          assert.ok((newest?.seq ?? 0) > Math.max(...exported.audit_log.map((e) => e.seq)));
        } finally {
          await other.close();
        }
      }
    });
  });
}
