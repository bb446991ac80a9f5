/**
 * Models 1.1.0 (issue 10): every practice at the level the seeds put it, optional advice kept
 * optional. One test per finding of the review, each of which fails on the 1.0.0 models, then
 * the rules that keep the models honest: ids never lost, no copied prose, checkable statements.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DETECTORS } from '../evidence/index.js';
import { REPO_ROOT } from '../testing/index.js';
import { loadBuiltinModelSources } from './loader.js';
import { ModelSet, type PracticeRef } from './modelSet.js';

const models = loadBuiltinModelSources();
const set = new ModelSet(models);
const model = (key: string) => {
  const m = set.model(key);
  assert.ok(m, `no model ${key}`);
  return m;
};

function ref(id: string): PracticeRef {
  const r = set.practice(id);
  assert.ok(r, `${id} is not a practice`);
  return r;
}
function levelOf(id: string): number {
  return ref(id).level.level;
}
/** Where a retired id's answer now lives, with its level. */
function replacement(id: string): PracticeRef {
  const r = set.retiredPractice(id);
  assert.ok(r, `${id} is not retired`);
  assert.ok(r.replacedBy, `${id} has no replacement`);
  return ref(r.replacedBy);
}
/** The practices a pillar counts at one level: its own plus the ones its strategies share. */
function scoredAt(key: string, level: number): PracticeRef[] {
  return [...set.scoredPractices(model(key))].filter((r) => r.level.level === level);
}
function strategy(id: string) {
  const s = set.models.flatMap((m) => m.levels.flatMap((l) => l.strategies)).find((x) => x.id === id);
  assert.ok(s, `no strategy ${id}`);
  return s;
}
const allPractices = [...set.practices()];

describe('models 1.1: wrong level', () => {
  it('PE 1 targets are guidelines: percentiles and a versioned targets file move to level 2', () => {
    for (const old of ['pe.1.targets.percentiles', 'pe.1.targets.documented'])
      assert.equal(replacement(old).level.level, 2, old);
    for (const { practice } of scoredAt('pe', 1))
      assert.doesNotMatch(
        practice.statement,
        /\bp\d\d\b|percentile|versioned/i,
        `${practice.id} asks for measured targets at level 1`,
      );
    assert.equal(ref('pe.1.targets.expectations-recorded').practice.risk, 'low');
  });

  it('OE 1 only explores vulnerability scanners; automatic scanning is level 2', () => {
    assert.equal(replacement('oe.1.security.vulnerability-scanning').level.level, 2);
    const trial = ref('oe.1.security.scanning-evaluated');
    assert.equal(trial.level.level, 1);
    assert.equal(trial.practice.risk, 'low');
  });

  it('load testing is automated at OE level 4, not level 3', () => {
    assert.equal(set.retiredPractice('oe.3.test-automation.load-tests')?.replacedBy, 'pe.4.testing.ci-gate');
    for (const { practice } of scoredAt('oe', 3))
      assert.doesNotMatch(practice.statement, /load test/i, practice.id);
    assert.ok(scoredAt('oe', 4).some((r) => r.practice.id === 'pe.4.testing.ci-gate'));
  });

  it('regional failover with self-healing is OE level 4, for the workloads that need it', () => {
    for (const id of [
      'oe.4.maintenance-automation.regional-failover',
      'oe.4.incident-validation.failover-tested',
    ]) {
      const r = ref(id);
      assert.equal(r.level.level, 4, id);
      assert.equal(r.practice.source?.strategy, 'oe.4.safe-deployment', id);
      assert.deepEqual(r.practice.appliesWhen, { criticality: ['mission-critical'] }, id);
    }
  });

  it("the seed's regular baseline update is PE level 3", () => {
    const update = replacement('pe.4.testing.baseline-refresh');
    assert.equal(update.practice.id, 'pe.3.mindset.baseline-updates');
    assert.equal(update.level.level, 3);
    assert.equal(update.practice.source?.strategy, 'pe.3.baseline-tests');
  });
});

describe('models 1.1: optional advice stays optional', () => {
  it('isolation follows the cost-benefit decision, so PE level 4 stays reachable when it says no', () => {
    assert.equal(replacement('pe.4.isolation.dedicated').practice.id, 'pe.4.isolation.implemented');
    assert.match(ref('pe.4.isolation.implemented').practice.statement, /the analysis chose/);
    assert.match(ref('pe.4.isolation.decided').practice.statement, /cost-benefit analysis decides whether/);
    assert.equal(set.retiredPractice('pe.4.isolation.cost-benefit')?.replacedBy, 'pe.4.isolation.decided');
  });

  it('scale units and immutable environments are explored, not required', () => {
    for (const old of ['oe.5.rearchitecture.scale-units', 'oe.5.rearchitecture.immutable-deployments']) {
      const r = replacement(old);
      assert.equal(r.practice.id, 'oe.5.rearchitecture.deployment-model-reviewed', old);
      assert.match(r.practice.statement, /has evaluated .*recording whether to adopt/);
    }
  });

  it('component ownership by team applies only where several teams share the workload', () => {
    assert.equal(
      replacement('oe.1.source-control.component-ownership').practice.id,
      'oe.1.source-control.team-ownership',
    );
    for (const id of ['oe.1.source-control.team-ownership', 'oe.1.source-control.component-interfaces'])
      assert.deepEqual(ref(id).practice.appliesWhen, { teams: ['several'] }, id);
  });

  it('PE 5 releases re-evaluate the deployment model and consider flags; progressive rollout is not a new must', () => {
    assert.equal(replacement('pe.5.releases.progressive').level.level, 4);
    assert.match(ref('pe.5.releases.model-reviewed').practice.statement, /re-examined/);
    assert.match(ref('pe.5.releases.flags-decided').practice.statement, /has decided where feature flags/);
  });

  it('advice the seeds give "when practical" or for some workloads is conditional on the context', () => {
    const conditional: [string, Record<string, string[]>][] = [
      ['pe.3.feedback.rum', { frontend: ['yes'] }],
      ['pe.4.data.replicas', { reach: ['many-regions'] }],
      ['oe.5.rearchitecture.tenancy-reviewed', { tenancy: ['instance-per-customer'] }],
      ['oe.5.friction-automation.tenant-onboarding', { tenancy: ['multi-tenant'] }],
      ['oe.2.iac-config.desired-state', { hosting: ['containers', 'vms', 'on-premises', 'mixed'] }],
    ];
    for (const [id, when] of conditional) assert.deepEqual(ref(id).practice.appliesWhen, when, id);
  });
});

describe('models 1.1: seed substance now covered', () => {
  it('OE 3 health model rolls component health up to the workload with business context', () => {
    const r = ref('oe.3.health-model.roll-up');
    assert.equal(r.level.level, 3);
    assert.match(r.practice.statement, /overall workload health state, weighted by .*business/);
  });

  it('OE 4 safe deployment runs the full suite, ships small updates and automates validation', () => {
    for (const id of [
      'oe.4.safe-deployment.end-to-end-suite',
      'oe.4.build-optimization.small-updates',
      'oe.4.build-optimization.automated-validation',
    ]) {
      const r = ref(id);
      assert.equal(r.level.level, 4, id);
      assert.equal(r.practice.source?.strategy ?? r.strategy.id, 'oe.4.safe-deployment', id);
    }
  });

  it('OE 5 rearchitecture covers specialist teams, tenancy and loose coupling', () => {
    assert.equal(
      ref('oe.5.knowledge-sharing.offload-reviewed').practice.source?.strategy,
      'oe.5.rearchitecture',
    );
    assert.equal(ref('oe.5.rearchitecture.tenancy-reviewed').level.level, 5);
    assert.equal(ref('oe.5.rearchitecture.loose-coupling').level.level, 5);
  });

  it('PE 3 tests run in a dedicated environment and record CPU and memory', () => {
    assert.ok(strategy('pe.3.baseline-tests').shares.includes('oe.3.testing.dedicated-test-environments'));
    assert.equal(levelOf('oe.3.testing.dedicated-test-environments'), 3);
    const metrics = ref('pe.3.capacity.resource-metrics');
    assert.equal(metrics.practice.source?.strategy, 'pe.3.baseline-tests');
    assert.match(metrics.practice.statement, /CPU or memory/);
  });

  it('PE 2 targets come from market research, include throughput and cover the whole workload', () => {
    for (const id of [
      'pe.2.critical-flows.target-sources',
      'pe.2.critical-flows.throughput-targets',
      'pe.2.metrics.workload-target',
    ])
      assert.equal(levelOf(id), 2, id);
    assert.match(ref('pe.2.critical-flows.target-sources').practice.statement, /market research/);
  });

  it('PE 4 alerts against the baseline', () => {
    assert.equal(levelOf('pe.4.testing.baseline-alerts'), 4);
    assert.match(ref('pe.4.testing.baseline-alerts').practice.statement, /from its baseline/);
  });

  it('OE 3 incident management sets on-call duties and response targets', () => {
    assert.equal(levelOf('oe.3.incident-management.on-call-duties'), 3);
    assert.equal(levelOf('oe.3.incident-management.response-targets'), 3);
  });
});

describe('models 1.1: checkable statements', () => {
  it('no statement says "regularly" or "periodically" without an interval', () => {
    const interval =
      /\b(every|each|once an?|per)\s+(day|week|month|quarter|year|sprint|iteration|release|\w+ months)\b|\b(daily|weekly|monthly|quarterly|yearly|annually|nightly)\b/i;
    for (const { practice } of allPractices) {
      if (/\b(regular(ly)?|periodic(ally)?)\b/i.test(practice.statement))
        assert.match(practice.statement, interval, `${practice.id}: say how often`);
      assert.doesNotMatch(practice.statement, /\b(regularly|periodically)\b/i, practice.id);
    }
    for (const id of [
      'oe.4.incident-validation.game-days',
      'pe.3.capacity.trends',
      'oe.5.rearchitecture.growth-review',
    ])
      assert.match(ref(id).practice.statement, /^At least (once a|every)/, id);
  });

  it('two checks joined in one statement are split', () => {
    assert.equal(
      replacement('oe.4.safe-deployment.halt-and-fix-forward').practice.id,
      'oe.4.safe-deployment.rollout-halt',
    );
    assert.equal(replacement('pe.5.releases.fast-rollback').practice.id, 'pe.5.releases.fast-recovery');
    assert.equal(
      replacement('oe.2.monitoring.secure-retention').practice.id,
      'oe.2.monitoring.access-restricted',
    );
    assert.ok(strategy('oe.2.monitoring').shares.includes('pe.2.monitoring.retention'));
    assert.equal(
      replacement('oe.5.self-service.guardrails').practice.id,
      'oe.5.self-service.scoped-permissions',
    );
    assert.ok(set.practice('oe.5.self-service.audit-trail'));
    assert.equal(
      replacement('oe.3.health-model.actionable-alerts').practice.id,
      'oe.3.health-model.state-alerts',
    );
    assert.ok(set.practice('oe.3.health-model.alert-routing'));
  });

  /** Statements where " and " names one thing rather than joining two checks. */
  const AND_ALLOWED: Record<string, string> = {
    'pe.2.metrics.flow-targets': 'one set of response-time targets, named by its three percentiles',
  };
  it('no statement joins two checks with " and "', () => {
    for (const { practice } of allPractices)
      if (!(practice.id in AND_ALLOWED))
        assert.doesNotMatch(
          practice.statement,
          / and /,
          `${practice.id}: split it, or allow it with a reason`,
        );
    for (const id of Object.keys(AND_ALLOWED)) assert.match(ref(id).practice.statement, / and /, id);
  });

  it('next steps deliver their statement', () => {
    assert.match(ref('pe.4.isolation.implemented').practice.nextStep, /^Move .* through IaC/);
    const growth = ref('oe.5.rearchitecture.growth-review').practice.nextStep;
    assert.match(growth, /^Hold a review/);
    assert.match(growth, /next review/);
  });

  it('evidence names what really proves the practice', () => {
    const onCall = ref('oe.3.incident-management.on-call').practice.evidence;
    assert.doesNotMatch(
      onCall.split('.')[0] ?? '',
      /action group/i,
      'action groups are not an on-call schedule',
    );
    const lifecycle = ref('oe.5.rearchitecture.lifecycle-tracking').practice.evidence;
    assert.doesNotMatch(
      lifecycle.split(';')[0] ?? '',
      /Dependabot|Renovate/,
      'Dependabot is not end-of-life tracking',
    );
    const claims = DETECTORS.filter((d) =>
      d.meta.practices.includes('oe.5.rearchitecture.lifecycle-tracking'),
    );
    assert.deepEqual(
      claims.map((d) => d.meta.id),
      [],
      'no detector claims lifecycle tracking from version bumps',
    );
  });
});

describe('models 1.1: one check, one answer', () => {
  it('practices that checked the same thing twice are shared across pillars, one answer counted in both', () => {
    const shared: [string, string, number][] = [
      // [home practice, sharing strategy, level it counts at there]
      ['oe.2.monitoring.central-telemetry', 'pe.2.monitoring', 2],
      ['pe.2.monitoring.retention', 'oe.2.monitoring', 2],
      ['pe.3.scaling.autoscale', 'oe.4.maintenance-automation', 4],
      ['pe.4.testing.ci-gate', 'oe.4.safe-deployment', 4],
      ['oe.3.automated-deployments.pipeline-only', 'pe.5.automation', 5],
      ['oe.5.friction-automation.self-healing', 'pe.5.automation', 5],
      ['oe.5.friction-automation.automated-triage', 'pe.5.automation', 5],
      ['oe.4.production-feedback.alert-tuning', 'pe.5.observability', 5],
      ['oe.3.incident-management.playbooks', 'pe.3.alerting', 3],
      ['oe.3.testing.dedicated-test-environments', 'pe.3.baseline-tests', 3],
    ];
    for (const [home, at, level] of shared) {
      assert.ok(strategy(at).shares.includes(home), `${at} shares ${home}`);
      const key = at.split('.')[0] ?? '';
      assert.ok(
        scoredAt(key, level).some((r) => r.practice.id === home && r.home),
        `${home} counts in ${key} ${level}`,
      );
    }
    const merged: [string, string][] = [
      ['pe.2.monitoring.central', 'oe.2.monitoring.central-telemetry'],
      ['oe.4.maintenance-automation.autoscale-tuned', 'pe.3.scaling.autoscale'],
      ['pe.5.automation.deployments', 'oe.3.automated-deployments.pipeline-only'],
      ['pe.5.automation.remediation', 'oe.5.friction-automation.self-healing'],
      ['pe.5.automation.scheduled-load-tests', 'pe.4.testing.ci-gate'],
      ['pe.3.alerting.runbooks', 'oe.3.incident-management.playbooks'],
      ['oe.3.test-automation.pipeline-tests', 'oe.2.standard-processes.ci-required'],
    ];
    for (const [old, home] of merged) assert.equal(set.retiredPractice(old)?.replacedBy, home, old);
  });

  it('feature flags are one practice, not one per pillar', () => {
    for (const old of ['oe.4.safe-deployment.feature-flags', 'pe.5.releases.feature-flags'])
      assert.equal(set.retiredPractice(old)?.replacedBy, 'pe.5.releases.flags-decided', old);
    const flags = allPractices.filter((r) => /flag/.test(r.practice.id));
    assert.deepEqual(
      flags.map((r) => r.practice.id),
      ['pe.5.releases.flags-decided'],
    );
  });

  it('practices kept side by side state why on both', () => {
    let pairs = 0;
    for (const { practice } of allPractices)
      for (const o of practice.overlaps) {
        pairs++;
        assert.ok(
          ref(o.id).practice.overlaps.some((back) => back.id === practice.id),
          `${o.id} does not say why it overlaps ${practice.id}`,
        );
      }
    assert.ok(pairs >= 30, `expected the overlap pairs of 1.1.0, found ${pairs}`);
    const linked: [string, string][] = [
      ['pe.1.compute.idle-reviewed', 'oe.5.friction-automation.off-peak-shutdown'],
      ['oe.2.deployment-strategy.emergency-procedure', 'oe.3.approvals.hotfix-path'],
      ['oe.2.improvement.small-increments', 'oe.4.build-optimization.small-updates'],
    ];
    for (const [a, b] of linked)
      assert.ok(
        ref(a).practice.overlaps.some((o) => o.id === b),
        `${a} overlaps ${b}`,
      );
  });
});

describe('models 1.1: drift and callouts', () => {
  it("pe.1.compute's trade-off weighs immediate needs against the budget and starts small", () => {
    const [t] = strategy('pe.1.compute').tradeoffs;
    assert.ok(t);
    const all = `${t.summary} ${t.gain} ${t.cost}`;
    assert.match(t.summary, /[Ii]mmediate needs .* against the budget/);
    assert.match(t.gain, /smaller SKUs and fewer instances/);
    assert.doesNotMatch(all, /headroom|capacity bought for future/i);
  });
});

describe('models 1.1: ids, versions and context', () => {
  const v100 = JSON.parse(
    readFileSync(join(REPO_ROOT, 'test/fixtures/models/practice-ids-1.0.0.json'), 'utf8'),
  ) as Record<string, string[] | string>;

  it('are version 1.1.0 with the published model page as reference', () => {
    assert.deepEqual(
      models.map((m) => [m.key, m.version, m.reference]),
      [
        [
          'oe',
          '1.1.0',
          'https://learn.microsoft.com/azure/well-architected/operational-excellence/maturity-model',
        ],
        [
          'pe',
          '1.1.0',
          'https://learn.microsoft.com/azure/well-architected/performance-efficiency/maturity-model',
        ],
      ],
    );
  });

  it('keep every 1.0.0 id as a practice or retire it, and retire only ids that existed', () => {
    for (const m of models) {
      const old = v100[m.id];
      assert.ok(Array.isArray(old) && old.length > 50, `no 1.0.0 ids for ${m.id}`);
      for (const id of old)
        assert.ok(
          set.practice(id) || set.retiredPractice(id),
          `${id} of 1.0.0 is neither a practice nor retired`,
        );
      for (const r of m.retired) {
        assert.ok(old.includes(r.id), `${r.id} is retired but was not a 1.0.0 practice of ${m.id}`);
        assert.equal(r.since, '1.1.0');
      }
    }
  });

  it('ask the same few context questions, worded the same in both models', () => {
    const [oe, pe] = models;
    assert.ok(oe && pe);
    assert.ok(oe.context.length >= 4 && oe.context.length <= 7, `${oe.context.length} questions`);
    assert.deepEqual(oe.context, pe.context);
    const used = new Set(allPractices.flatMap((r) => Object.keys(r.practice.appliesWhen ?? {})));
    for (const q of oe.context) assert.ok(used.has(q.id), `context question ${q.id} rules nothing in or out`);
  });

  const seeds = join(REPO_ROOT, '..', 'shared', 'seeds');
  it('share no run of 8 or more words with the seeds in any field we wrote', {
    skip: existsSync(seeds) ? false : `the seeds are not at ${seeds}`,
  }, () => {
    const words = (t: string) =>
      t
        .toLowerCase()
        .replace(/\]\([^)]*\)/g, ' ')
        .replace(/&#\d+;/g, ' ')
        .replace(/['’]/g, '')
        .split(/[^a-z0-9]+/)
        .filter(Boolean);
    const N = 8;
    const grams = new Set<string>();
    for (const name of ['operational-excellence', 'performance-efficiency']) {
      const w = words(readFileSync(join(seeds, `${name}-maturity-model.md`), 'utf8'));
      for (let i = 0; i + N <= w.length; i++) grams.add(w.slice(i, i + N).join(' '));
    }
    // Level names and strategy titles are facts taken as they are; ids and values are not prose.
    const skip = /(^|\.)(id|title|name|value|reference|since|replacedBy|strategy|version|key)$/;
    const fields: [string, string][] = [];
    const walk = (v: unknown, path: string) => {
      if (typeof v === 'string') fields.push([path, v]);
      else if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) walk(x, `${path}[${i}]`);
      } else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    };
    for (const m of models) walk(m, m.key);
    const copied: string[] = [];
    for (const [path, text] of fields) {
      if (skip.test(path) || /\.shares\[|\.appliesWhen\./.test(path)) continue;
      const w = words(text);
      for (let i = 0; i + N <= w.length; i++) {
        const g = w.slice(i, i + N).join(' ');
        if (grams.has(g)) {
          copied.push(`${path}: "${g}"`);
          break;
        }
      }
    }
    assert.deepEqual(copied, []);
  });
});
