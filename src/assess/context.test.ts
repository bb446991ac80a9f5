import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Answer, type Assessment, STATUSES, type Status } from '../answers/index.js';
import { ModelSet, parseModel } from '../model/index.js';
import { REPO_ROOT } from '../testing/index.js';
import { scoreAssessment } from './score.js';

const load = (name: string) =>
  parseModel(readFileSync(join(REPO_ROOT, 'test/fixtures/models', name), 'utf8'), name);
const ops = load('ctx-ops.yaml');
const perf = load('ctx-perf.yaml');
const models = new ModelSet([ops, perf]);

function assessment(statuses: Record<string, Status>, context: Record<string, string> = {}): Assessment {
  const answers = new Map<string, Answer>(
    Object.entries(statuses).map(([id, status]) => [
      id,
      { status, evidence: [], source: 'person', reason: status === 'not-applicable' ? 'r' : undefined },
    ]),
  );
  return {
    file: 'a.yaml',
    workload: 'w',
    modelVersions: {},
    context: new Map(Object.entries(context)),
    answers,
    moves: [],
  };
}

const pillar = (a: Assessment, key: string) => {
  const p = scoreAssessment(models, a).pillars.find((x) => x.key === key);
  assert.ok(p);
  return p;
};

describe('context questions', () => {
  it('a practice the context rules out counts as not applicable, with the reason reports show', () => {
    const one = pillar(assessment({ 'co.1.build.source': 'met' }, { teams: 'one' }), 'co');
    assert.equal(one.level, 1);
    const ownership = one.practices.find((p) => p.id === 'co.1.build.ownership');
    assert.equal(ownership?.status, 'not-applicable');
    assert.equal(
      ownership?.notInForce,
      'does not apply to this workload: "How many teams work on the workload?" is answered "One team"; it applies only to Several teams',
    );
  });

  it('an unanswered question, or an answer the condition lists, leaves the practice in force', () => {
    const contexts: Record<string, string>[] = [{}, { teams: 'several' }];
    for (const context of contexts) {
      const p = pillar(assessment({ 'co.1.build.source': 'met' }, context), 'co');
      assert.equal(p.level, 0, JSON.stringify(context));
      assert.deepEqual(
        p.blocking.map((b) => b.id),
        ['co.1.build.ownership'],
      );
    }
  });

  it('the level rule still holds with conditions: answering context never lowers a level, and ruled-out practices never block', () => {
    const ids = [...models.practices()].map((r) => r.practice.id);
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...ids), fc.constantFrom(...STATUSES)),
        fc.constantFrom('one', 'several'),
        (statuses, teams) => {
          const without = scoreAssessment(models, assessment(statuses));
          const withContext = scoreAssessment(models, assessment(statuses, { teams }));
          for (const [i, p] of withContext.pillars.entries()) {
            assert.ok(p.level >= (without.pillars[i]?.level ?? 0));
            assert.ok(p.blocking.every((b) => !b.notInForce));
            assert.ok(
              withContext.plan.every(
                (item) => item.practiceId !== 'co.1.build.ownership' || teams === 'several',
              ),
            );
          }
        },
      ),
    );
  });
});

describe('shared practices', () => {
  it('one answer counts in both pillars, at each sharing strategy level', () => {
    const before = pillar(assessment({ 'cp.1.targets.written': 'met' }), 'cp');
    assert.equal(before.level, 0, 'the shared practice blocks level 1 of the sharing pillar');
    const shared = before.practices.find((p) => p.id === 'co.2.deploy.pipeline');
    assert.equal(shared?.sharedFrom, 'ctx-ops');
    assert.equal(shared?.level, 1);
    const after = assessment({ 'cp.1.targets.written': 'met', 'co.2.deploy.pipeline': 'met' });
    assert.equal(pillar(after, 'cp').level, 1);
    assert.equal(
      pillar(after, 'co').practices.find((p) => p.id === 'co.2.deploy.pipeline')?.status,
      'met',
      'the same answer in the home pillar',
    );
  });

  it('the plan lists a shared practice once, where it is first needed', () => {
    const plan = scoreAssessment(models, assessment({})).plan.filter(
      (i) => i.practiceId === 'co.2.deploy.pipeline',
    );
    assert.equal(plan.length, 1);
    assert.equal(plan[0]?.level, 1);
    assert.equal(plan[0]?.pillar, 'cp');
  });

  it('a share of an id no model defines, or context options that differ between models, are refused', () => {
    const broken = parseModel(
      readFileSync(join(REPO_ROOT, 'test/fixtures/models/ctx-perf.yaml'), 'utf8').replace(
        'co.2.deploy.pipeline]',
        'co.9.nothing.here]',
      ),
      'p.yaml',
    );
    assert.throws(
      () => new ModelSet([ops, broken]),
      /shares practice "co\.9\.nothing\.here", which no model defines/,
    );
    const other = parseModel(
      readFileSync(join(REPO_ROOT, 'test/fixtures/models/ctx-perf.yaml'), 'utf8').replace(
        'value: several',
        'value: many',
      ),
      'p.yaml',
    );
    assert.throws(() => new ModelSet([ops, other]), /context question "teams" has options/);
  });
});
