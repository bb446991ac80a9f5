/**
 * Issue 10 on the server, on both databases: a workload's context (stored, checked, scored),
 * answers under retired practice ids moved on start, and history marking model-version changes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { type Actor, type AnswerInput, openStore, type Store, UPGRADE_ACTOR } from '../store/index.js';
import { tempDir } from '../testing/index.js';
import { type PgServer, startPostgres } from '../testing/postgres.js';
import { type ApiFixture, apiFixture } from '../testing/server.js';
import { buildServer } from './app.js';
import { modelChange } from './routes/milestones.js';
import { snapshot, type WorkloadSummary } from './workloadScore.js';

const models = new ModelSet(loadBuiltinModels());
const OE_VERSION = models.models.find((m) => m.key === 'oe')?.version ?? '?';
const RULED_OUT = 'oe.1.source-control.team-ownership';

let pg: PgServer;
before(async () => {
  pg = await startPostgres();
});
after(() => pg?.stop());

const backends: [string, (name: string) => Promise<Store>][] = [
  ['SQLite', (name) => openStore({ sqliteFile: join(tempDir(), `${name}.db`) })],
  ['PostgreSQL', (name) => openStore({ databaseUrl: pg.createDatabase(name) })],
];

const answer = (over: Partial<AnswerInput> = {}): AnswerInput => ({
  status: 'met',
  reason: null,
  note: 'reviewed in March',
  evidence: ['CODEOWNERS:1'],
  author: 'bob',
  source: 'person',
  confidence: null,
  modelVersion: '1.0.0',
  ...over,
});

for (const [name, open] of backends) {
  describe(`workload context on the server, ${name}`, () => {
    let fx: ApiFixture;
    let id: string;
    before(async () => {
      fx = await apiFixture(await open('context'), models);
      id = fx.params.id ?? '';
    });
    after(() => fx?.close());

    it('starts empty and lists the questions with their options', async () => {
      const res = await fx.call('GET', `/api/v1/workloads/${id}/context`, 'viewer');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as {
        context: object;
        questions: { id: string; options: { value: string }[] }[];
      };
      assert.deepEqual(body.context, {});
      const teams = body.questions.find((q) => q.id === 'teams');
      assert.deepEqual(
        teams?.options.map((o) => o.value),
        ['one', 'several'],
      );
    });

    it('stores a context, rescores with it and says what is not in force and why', async () => {
      const res = await fx.call('PUT', `/api/v1/workloads/${id}/context`, 'editor', {
        context: { teams: 'one', frontend: 'no' },
      });
      assert.equal(res.statusCode, 200, res.body);
      const w = res.json() as { context: object; notInForce: { practiceId: string; reason: string }[] };
      assert.deepEqual(w.context, { frontend: 'no', teams: 'one' });
      const ruled = w.notInForce.find((n) => n.practiceId === RULED_OUT);
      assert.ok(ruled, `${RULED_OUT} is not in force: ${JSON.stringify(w.notInForce)}`);
      assert.match(ruled.reason, /team/i);
      const got = (await fx.call('GET', `/api/v1/workloads/${id}`, 'viewer')).json() as typeof w & {
        summary: WorkloadSummary;
      };
      assert.deepEqual(got.context, w.context);
      assert.ok(got.summary.notInForce.some((n) => n.practiceId === RULED_OUT));
      const score = (await fx.call('GET', `/api/v1/workloads/${id}/score`, 'viewer')).json() as {
        notInForce: { practiceId: string }[];
      };
      assert.ok(score.notInForce.some((n) => n.practiceId === RULED_OUT));
      const ms = await fx.call('POST', `/api/v1/workloads/${id}/milestones`, 'editor', {
        name: 'with context',
      });
      const m = (await fx.call('GET', `/api/v1/workloads/${id}/milestones/${ms.json().id}`, 'viewer')).json();
      assert.deepEqual(m.snapshot.context, { frontend: 'no', teams: 'one' });
      assert.ok((m.snapshot.summary as WorkloadSummary).notInForce.some((n) => n.practiceId === RULED_OUT));
    });

    it('audit-logs the change with what it was and what it is', async () => {
      const log = await fx.store.auditLog('t1', 20);
      const entry = log.find((e) => e.action === 'context.set' && e.entityId === id);
      assert.ok(entry);
      assert.deepEqual(entry.detail, { from: {}, to: { frontend: 'no', teams: 'one' } });
      assert.equal(entry.actor, 'editor');
    });

    it('clears a question sent empty, null or left out', async () => {
      const res = await fx.call('PUT', `/api/v1/workloads/${id}/context`, 'editor', {
        context: { teams: '', frontend: null, hosting: 'paas' },
      });
      assert.equal(res.statusCode, 200, res.body);
      const w = res.json() as { context: object; notInForce: { practiceId: string }[] };
      assert.deepEqual(w.context, { hosting: 'paas' });
      assert.ok(!w.notInForce.some((n) => n.practiceId === RULED_OUT));
    });

    it('refuses unknown questions and options with the ones that exist', async () => {
      const q = await fx.call('PUT', `/api/v1/workloads/${id}/context`, 'editor', {
        context: { team: 'one' },
      });
      assert.equal(q.statusCode, 400);
      assert.match(q.json().message, /unknown context question "team".*teams/);
      const o = await fx.call('PUT', `/api/v1/workloads/${id}/context`, 'editor', {
        context: { teams: 'many' },
      });
      assert.equal(o.statusCode, 400);
      assert.match(o.json().message, /"many" is not an option; choose one of: one, several/);
      const shape = await fx.call('PUT', `/api/v1/workloads/${id}/context`, 'editor', { teams: 'one' });
      assert.equal(shape.statusCode, 400);
      const unchanged = (await fx.call('GET', `/api/v1/workloads/${id}/context`, 'viewer')).json();
      assert.deepEqual(unchanged.context, { hosting: 'paas' });
    });

    it('lets a viewer read but not write, and hides the workload from another team', async () => {
      const body = { context: { teams: 'several' } };
      const viewer = await fx.call('PUT', `/api/v1/workloads/${id}/context`, 'viewer', body);
      assert.equal(viewer.statusCode, 403);
      const other = await fx.call('PUT', `/api/v1/workloads/${id}/context`, 'other', body);
      assert.equal(other.statusCode, 404);
      const otherGet = await fx.call('GET', `/api/v1/workloads/${id}/context`, 'other');
      assert.equal(otherGet.statusCode, 404);
      const unchanged = (await fx.call('GET', `/api/v1/workloads/${id}/context`, 'viewer')).json();
      assert.deepEqual(unchanged.context, { hosting: 'paas' });
    });

    it('marks in history the points scored on another model version', async () => {
      const w = await fx.store.getWorkload('t1', id);
      assert.ok(w);
      const old = snapshot(models, await fx.store.getAnswers(id), w.context);
      for (const p of old.summary.pillars) p.version = '1.0.0';
      const alice: Actor = { teamId: 't1', name: 'alice', role: 'editor' };
      // A fresh workload: the fixture's own milestones are on the current models.
      const fresh = await fx.store.createWorkload(alice, { name: 'history' }, old.summary);
      await fx.store.createMilestone(alice, fresh.id, 'before upgrade', old);
      await fx.store.createMilestone(alice, fresh.id, 'also before', old);
      const res = await fx.call('GET', `/api/v1/workloads/${fresh.id}/history`, 'viewer');
      assert.equal(res.statusCode, 200, res.body);
      const points = res.json().points as {
        name: string;
        pillars: { key: string; version: string }[];
        modelChanged: { from: string; to: string; pillars: { key: string }[] } | null;
      }[];
      assert.deepEqual(
        points.map((p) => p.name),
        ['before upgrade', 'also before', 'now'],
      );
      assert.equal(points[0]?.modelChanged, null);
      assert.equal(points[1]?.modelChanged, null);
      assert.equal(points[2]?.modelChanged?.from, '1.0.0');
      assert.equal(points[2]?.modelChanged?.to, OE_VERSION);
      assert.ok(points[2]?.modelChanged?.pillars.some((p) => p.key === 'oe'));
      assert.equal(points[2]?.pillars.find((p) => p.key === 'oe')?.version, OE_VERSION);
    });
  });

  describe(`answers under retired ids move on start, ${name}`, () => {
    let store: Store;
    let wid: string;
    const bob: Actor = { teamId: 't1', name: 'bob', role: 'editor' };
    before(async () => {
      store = await open('upgrade');
      await store.ensureTeam('t1');
      const w = await store.createWorkload(bob, { name: 'legacy' }, {});
      wid = w.id;
      const none = () => ({});
      // Moves: nothing stands under the successor yet.
      await store.setAnswer(bob, wid, 'oe.1.source-control.component-ownership', answer(), 0, none);
      await store.setAnswer(
        bob,
        wid,
        'oe.1.source-control.component-ownership',
        answer({ note: 'CODEOWNERS per folder' }),
        1,
        none,
      );
      // Kept: the successor has its own answer, which is never replaced.
      await store.setAnswer(bob, wid, 'oe.3.health-model.actionable-alerts', answer(), 0, none);
      await store.setAnswer(
        bob,
        wid,
        'oe.3.health-model.state-alerts',
        answer({ status: 'partial', modelVersion: OE_VERSION }),
        0,
        none,
      );
    });
    after(() => store?.close());

    it('moves the answer with its fields, keeps the one with nowhere to go, and logs both', async () => {
      const before = (await store.getAnswers(wid)).find(
        (a) => a.practiceId === 'oe.1.source-control.component-ownership',
      );
      assert.ok(before);
      const app = await buildServer({ store, models, auth: 'tokens' });
      await app.close();
      const answers = await store.getAnswers(wid);
      assert.equal(
        answers.some((a) => models.retiredPractice(a.practiceId)),
        false,
        'nothing is left under a retired id',
      );
      const moved = answers.find((a) => a.practiceId === 'oe.1.source-control.team-ownership');
      assert.ok(moved);
      assert.deepEqual(
        { ...moved, practiceId: before.practiceId, revision: moved.revision - 1 },
        before,
        'author, date, evidence, note and source kept; revision bumped',
      );
      assert.equal(moved.revision, 3);
      assert.equal(moved.note, 'CODEOWNERS per folder');
      const kept = answers.find((a) => a.practiceId === 'oe.3.health-model.state-alerts');
      assert.equal(kept?.status, 'partial');
      const retired = await store.retiredAnswers(wid);
      assert.deepEqual(
        retired.map((r) => [r.practiceId, r.kind, r.replacedBy, r.status, r.author]),
        [
          [
            'oe.3.health-model.actionable-alerts',
            'superseded',
            'oe.3.health-model.state-alerts',
            'met',
            'bob',
          ],
        ],
      );
      const log = await store.auditLog('t1', 50);
      const migrated = log.find((e) => e.action === 'answer.migrate');
      assert.equal(migrated?.actor, UPGRADE_ACTOR);
      assert.equal(migrated?.entityId, `${wid}/oe.1.source-control.team-ownership`);
      assert.deepEqual(migrated?.detail, {
        from: 'oe.1.source-control.component-ownership',
        to: 'oe.1.source-control.team-ownership',
        since: '1.1.0',
        status: 'met',
        revision: 3,
      });
      assert.ok(log.some((e) => e.action === 'answer.retire' && e.entityId.endsWith('actionable-alerts')));
      const w = await store.getWorkload('t1', wid);
      assert.ok(w);
      assert.ok((w.summary as WorkloadSummary).pillars.length > 0, 'rescored after the move');
    });

    it('rescores a workload whose summary an older model version scored, and leaves current ones alone', async () => {
      const other = await store.createWorkload(bob, { name: 'untouched' }, {});
      const oldSummary = { pillars: [{ key: 'oe', version: '1.0.0', level: 5 }], strategies: {} };
      await store.db
        .updateTable('workloads')
        .set({ summary: JSON.stringify(oldSummary) })
        .where('id', '=', other.id)
        .execute();
      const app = await buildServer({ store, models, auth: 'tokens' });
      await app.close();
      const after = await store.getWorkload('t1', other.id);
      assert.ok(after);
      const pillars = (after.summary as WorkloadSummary).pillars;
      assert.deepEqual(
        pillars.map((p) => [p.key, p.version, p.level]),
        models.models.map((m) => [m.key, m.version, 0]),
        'scored again by the models in force: no stale level 5',
      );
      assert.equal(after.updatedAt, other.updatedAt, 'nobody changed the workload');
    });

    it('moves nothing on a second start', async () => {
      const answers = await store.getAnswers(wid);
      const version = await store.teamVersion('t1');
      const app = await buildServer({ store, models, auth: 'tokens' });
      await app.close();
      assert.deepEqual(await store.getAnswers(wid), answers);
      assert.equal(await store.teamVersion('t1'), version, 'no audit entry');
      assert.equal((await store.retiredAnswers(wid)).length, 1);
    });
  });
}

describe('model changes between history points', () => {
  const at = (oe: string, pe: string) => ({
    pillars: [
      { key: 'oe', version: oe },
      { key: 'pe', version: pe },
    ],
  });
  it('is null for the first point and for the same versions', () => {
    assert.equal(modelChange(undefined, at('1.0.0', '1.0.0')), null);
    assert.equal(modelChange(at('1.1.0', '1.0.0'), at('1.1.0', '1.0.0')), null);
  });
  it('names the pillars that changed and from which version to which', () => {
    assert.deepEqual(modelChange(at('1.0.0', '1.0.0'), at('1.1.0', '1.0.0')), {
      from: '1.0.0',
      to: '1.1.0',
      pillars: [{ key: 'oe', from: '1.0.0', to: '1.1.0' }],
    });
    assert.equal(modelChange(at('1.0.0', '0.9.0'), at('1.1.0', '1.1.0'))?.from, '1.0.0, 0.9.0');
  });
});
