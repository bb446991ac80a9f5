import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { type DeliveryEvent, foldEvents, type MeasuredPractice, measuredSuggestions } from './index.js';
import { at, deploy, incident } from './testing.js';

const models = new ModelSet(loadBuiltinModels());
const measured: MeasuredPractice[] = [...models.practices()].flatMap(({ practice }) =>
  practice.measures ? [{ id: practice.id, measures: practice.measures }] : [],
);
const NOW = at(90 * 24);
const sha = (n: number) => n.toString(16).padStart(40, 'a');

/** A deployment every `everyHours`, each carrying `commits` commits made 20 h before it. */
function cadence(
  everyHours: number,
  commits = 3,
  extra: (i: number) => Partial<Extract<DeliveryEvent, { type: 'deployment' }>> = () => ({}),
): DeliveryEvent[] {
  const out: DeliveryEvent[] = [];
  for (let h = 1, i = 0; h < 90 * 24; h += everyHours, i++) {
    out.push(
      deploy(`d${i}`, h, {
        commits: Array.from({ length: commits }, (_, c) => ({ sha: sha(i * 100 + c), time: at(h - 20 - c) })),
        ...extra(i),
      }),
    );
  }
  return out;
}
const suggest = (events: DeliveryEvent[], runs = {}, practices = measured) =>
  Object.fromEntries(
    measuredSuggestions(practices, foldEvents(events), runs, { now: NOW }).map((s) => [s.practiceId, s]),
  );

describe('measured suggestions', () => {
  it('finds the measured practices in the models, with their thresholds as data', () => {
    const ids = measured.map((p) => p.id).sort();
    for (const id of [
      'oe.2.improvement.small-increments',
      'oe.4.build-optimization.small-updates',
      'oe.2.deployment-strategy.rollback',
      'oe.3.health-model.roll-up',
      'pe.5.releases.fast-recovery',
    ])
      assert.ok(ids.includes(id), id);
  });

  it('suggests met for frequent small production deployments, with the figures as evidence', () => {
    const s = suggest(cadence(72));
    const small = s['oe.4.build-optimization.small-updates'];
    assert.equal(small?.status, 'met');
    assert.equal(small?.confidence, 'medium');
    assert.equal(small?.detector, 'delivery-metrics');
    assert.match(
      small?.evidence[0] ?? '',
      /^successful production deployments a week: 2\.33 in 90 days to production \(met at ≥ 0\.5, partial at ≥ 0\.25\), from 30 deployments$/,
    );
    assert.match(small?.evidence[1] ?? '', /used deployments generic:d0, generic:d1, .* and 20 more$/);
    assert.match(small?.evidence[2] ?? '', /^commits per deployment \(median\): 3 in 90 days/);
    assert.equal(s['oe.2.improvement.small-increments']?.status, 'met');
  });

  it('suggests not met for rare, large releases, and partial in between', () => {
    // Three releases: too few to tell their size, but their rarity alone fails the practice.
    const rare = suggest(cadence(24 * 30, 60));
    assert.equal(rare['oe.4.build-optimization.small-updates']?.status, 'not-met');
    assert.equal(
      rare['oe.4.build-optimization.small-updates']?.evidence.length,
      2,
      'only the frequency spoke',
    );
    const between = suggest(cadence(24 * 21, 10));
    assert.equal(between['oe.4.build-optimization.small-updates']?.status, 'partial');
  });

  it('suggests nothing where a measure has too few deployments to tell', () => {
    // Over three weeks, weekly releases meet the frequency, but three are too few for the batch size.
    const threeWeeks: MeasuredPractice = {
      id: 'x.batches',
      measures: [
        {
          metric: 'delivery.deployments-per-week',
          met: { atLeast: 0.5 },
          windowDays: 21,
          minDeployments: 4,
          confidence: 'medium',
        },
        {
          metric: 'delivery.commits-per-deployment',
          met: { atMost: 20 },
          windowDays: 21,
          minDeployments: 4,
          confidence: 'medium',
        },
      ],
    };
    assert.equal(suggest(cadence(24 * 7), {}, [threeWeeks])['x.batches'], undefined);
    assert.equal(
      suggest(cadence(24 * 7), {}, [{ ...threeWeeks, measures: threeWeeks.measures.slice(0, 1) }])[
        'x.batches'
      ]?.status,
      'met',
    );
    assert.equal(suggest([])['oe.4.build-optimization.small-updates'], undefined);
  });

  it('measures recovery from failed deployments and linked incidents', () => {
    // Every fifth deployment fails and the next one, 72 h later, recovers it.
    const events = cadence(72, 3, (i) => (i % 5 === 0 ? { status: 'failure' } : {}));
    const s = suggest(events);
    assert.equal(s['oe.2.deployment-strategy.rollback']?.status, 'partial', '72 h: within 72, beyond 24');
    assert.equal(s['pe.5.releases.fast-recovery']?.status, 'not-met');
    assert.equal(s['pe.5.releases.fast-recovery']?.confidence, 'low');
    const quick = suggest([...cadence(72), incident('INC-1', 80, 82)]);
    assert.equal(quick['oe.2.deployment-strategy.rollback']?.status, 'met');
    assert.match(
      quick['oe.2.deployment-strategy.rollback']?.evidence.join('\n') ?? '',
      /recovery time \(median\): \d+(\.\d+)? h/,
    );
    // No failing deployment: nothing to measure recovery by.
    assert.equal(suggest(cadence(72))['oe.2.deployment-strategy.rollback'], undefined);
  });

  it('takes the worst status and the lowest confidence when a practice has several measures', () => {
    const many = cadence(72, 3, (i) => (i % 2 === 0 ? { status: 'failure' } : {}));
    const s = suggest(many);
    assert.equal(s['oe.4.safe-deployment.rollout-halt']?.status, 'not-met');
    assert.equal(s['oe.4.safe-deployment.rollout-halt']?.confidence, 'low');
  });

  it('counts a health evaluation while it is recent, and not after', () => {
    const recent = suggest([], { health: { evaluatedAt: at(90 * 24 - 30), state: 'healthy' } });
    assert.equal(recent['oe.3.health-model.roll-up']?.status, 'met');
    assert.equal(recent['oe.3.health-model.roll-up']?.detector, 'health-evaluation');
    const stale = suggest([], { health: { evaluatedAt: at(90 * 24 - 8 * 24), state: 'healthy' } });
    assert.equal(stale['oe.3.health-model.roll-up'], undefined);
  });

  it('counts a recent passing comparison against a baseline, not a failing one or one without a baseline', () => {
    const perf = {
      comparedAt: at(90 * 24 - 48),
      baselineCreated: at(10),
      flows: 3,
      regressed: 0,
      targetsMissed: 0,
    };
    const pass = suggest([], { perf })['pe.3.baseline-tests.compare'];
    assert.equal(pass?.status, 'met');
    assert.match(pass?.evidence[0] ?? '', /3 flows against the baseline of .*, none regressed/);
    assert.equal(suggest([], { perf: { ...perf, regressed: 1 } })['pe.3.baseline-tests.compare'], undefined);
    assert.equal(
      suggest([], { perf: { ...perf, baselineCreated: null } })['pe.3.baseline-tests.compare'],
      undefined,
    );
    assert.equal(
      suggest([], { perf: { ...perf, comparedAt: at(10) } })['pe.3.baseline-tests.compare'],
      undefined,
    );
  });

  it('follows the thresholds the practice declares', () => {
    const strict: MeasuredPractice = {
      id: 'x.strict',
      measures: [
        {
          metric: 'delivery.deployments-per-week',
          met: { atLeast: 5 },
          windowDays: 90,
          minDeployments: 4,
          confidence: 'high',
        },
      ],
    };
    assert.equal(suggest(cadence(72), {}, [strict])['x.strict']?.status, 'not-met');
    const lenient = {
      ...strict,
      measures: [{ ...strict.measures[0], met: { atLeast: 2 } }],
    } as MeasuredPractice;
    assert.equal(suggest(cadence(72), {}, [lenient])['x.strict']?.status, 'met');
  });
});
