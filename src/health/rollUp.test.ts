import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_RULES, type RollUpComponent, rank, rollUp } from './rollUp.js';
import { type HealthState, type RollUpRules, STATES } from './schema.js';

const stateArb = fc.constantFrom(...STATES);
const rulesArb: fc.Arbitrary<RollUpRules> = fc.record({
  nonCritical: fc.constantFrom('degraded' as const, 'unhealthy' as const),
  unknown: fc.constantFrom('unknown' as const, 'degraded' as const, 'unhealthy' as const),
  dependencyUnhealthy: fc.constantFrom('degraded' as const, 'unhealthy' as const, 'none' as const),
});

/** A random acyclic model: component i may only depend on components before it. */
const modelArb: fc.Arbitrary<RollUpComponent[]> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        id: fc.constant(`c${i}`),
        critical: fc.boolean(),
        dependsOn: fc.subarray(Array.from({ length: i }, (_, j) => `c${j}`)),
        signals: fc
          .array(stateArb, { minLength: 1, maxLength: 3 })
          .map((ss) => ss.map((state, k) => ({ id: `s${k}`, state }))),
      }),
    ),
  ),
);

function withSignal(model: RollUpComponent[], ci: number, si: number, state: HealthState): RollUpComponent[] {
  return model.map((c, i) =>
    i !== ci ? c : { ...c, signals: c.signals.map((s, j) => (j === si ? { ...s, state } : s)) },
  );
}

const pick = fc.tuple(modelArb, rulesArb, fc.nat(), fc.nat(), stateArb);

describe('roll-up properties', () => {
  it('making any signal worse never makes a component or the workload healthier', () => {
    fc.assert(
      fc.property(pick, ([model, rules, a, b, worse]) => {
        const ci = a % model.length;
        const comp = model[ci];
        if (!comp) return;
        const si = b % comp.signals.length;
        const before = comp.signals[si]?.state ?? 'healthy';
        fc.pre(rank(worse) > rank(before));
        const r1 = rollUp(model, rules);
        const r2 = rollUp(withSignal(model, ci, si, worse), rules);
        assert.ok(rank(r2.state) >= rank(r1.state), `${r1.state} → ${r2.state}`);
        for (const c of model)
          assert.ok(
            rank(r2.components.get(c.id)?.state ?? 'healthy') >=
              rank(r1.components.get(c.id)?.state ?? 'healthy'),
          );
      }),
      { numRuns: 500 },
    );
  });

  it('an unknown signal never counts as healthy, at its component or at the workload', () => {
    fc.assert(
      fc.property(pick, ([model, rules, a, b]) => {
        const ci = a % model.length;
        const si = b % (model[ci]?.signals.length ?? 1);
        const r = rollUp(withSignal(model, ci, si, 'unknown'), rules);
        assert.notEqual(r.components.get(`c${ci}`)?.state, 'healthy');
        assert.notEqual(r.state, 'healthy');
      }),
      { numRuns: 500 },
    );
  });

  it('the workload is healthy exactly when every signal is', () => {
    fc.assert(
      fc.property(modelArb, rulesArb, (model, rules) => {
        const allHealthy = model.every((c) => c.signals.every((s) => s.state === 'healthy'));
        assert.equal(rollUp(model, rules).state === 'healthy', allHealthy);
      }),
    );
  });

  it('a critical component carries its state to the workload; the workload is never worse than its worst component', () => {
    fc.assert(
      fc.property(modelArb, rulesArb, (model, rules) => {
        const r = rollUp(model, rules);
        const ranks = model.map((c) => rank(r.components.get(c.id)?.state ?? 'healthy'));
        for (const [i, c] of model.entries()) if (c.critical) assert.ok(rank(r.state) >= (ranks[i] ?? 0));
        assert.ok(rank(r.state) <= Math.max(...ranks));
      }),
    );
  });
});

describe('roll-up rules', () => {
  const sig = (state: HealthState) => [{ id: 's', state }];
  const model = (db: HealthState, critical = false): RollUpComponent[] => [
    { id: 'api', critical: true, dependsOn: ['db'], signals: sig('healthy') },
    { id: 'db', critical, dependsOn: [], signals: sig(db) },
  ];

  it('an unhealthy dependency makes its dependents at least degraded', () => {
    const r = rollUp(model('unhealthy'));
    assert.equal(r.components.get('api')?.state, 'degraded');
    assert.equal(r.components.get('api')?.ownState, 'healthy');
    assert.equal(r.components.get('api')?.reason, 'depends on db, which is unhealthy');
    assert.equal(r.state, 'degraded', 'db is not critical and api only degraded');
    assert.equal(
      rollUp(model('degraded')).components.get('api')?.state,
      'healthy',
      'only unhealthy propagates',
    );
    assert.equal(
      rollUp(model('unhealthy'), { ...DEFAULT_RULES, dependencyUnhealthy: 'none' }).components.get('api')
        ?.state,
      'healthy',
    );
    assert.equal(
      rollUp(model('unhealthy'), { ...DEFAULT_RULES, dependencyUnhealthy: 'unhealthy' }).state,
      'unhealthy',
    );
  });

  it('non-critical components are capped at degraded unless the rules say otherwise', () => {
    const r = rollUp(model('unhealthy'), { ...DEFAULT_RULES, dependencyUnhealthy: 'none' });
    assert.equal(r.state, 'degraded');
    assert.equal(r.reason, 'db is unhealthy (not critical: counts as degraded)');
    assert.equal(
      rollUp(model('unhealthy', true), { ...DEFAULT_RULES, dependencyUnhealthy: 'none' }).state,
      'unhealthy',
    );
    assert.equal(
      rollUp(model('unhealthy'), { ...DEFAULT_RULES, nonCritical: 'unhealthy' }).state,
      'unhealthy',
    );
  });

  it('refuses a cycle instead of looping', () => {
    const cyclic: RollUpComponent[] = [
      { id: 'a', critical: true, dependsOn: ['b'], signals: sig('healthy') },
      { id: 'b', critical: true, dependsOn: ['a'], signals: sig('healthy') },
    ];
    assert.throws(() => rollUp(cyclic), /dependency cycle through a → b → a/);
  });
});
