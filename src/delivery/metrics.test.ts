import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitGraph, type DeliveryEvent, type DeliveryMetrics, deliveryMetrics } from './index.js';
import { at, deploy, HOUR, incident, T0 } from './testing.js';

const WEEK4 = { from: at(0), to: at(28 * 24) };
const production = (events: DeliveryEvent[], opts = {}) => {
  const m = deliveryMetrics(events, { window: WEEK4, ...opts }).find((x) => x.environment === 'production');
  assert.ok(m, 'metrics for production');
  return m as DeliveryMetrics;
};
const sha = (n: number) => n.toString(16).padStart(40, '0');

describe('delivery metrics', () => {
  it('counts successful deployments per week over the window', () => {
    const events = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => deploy(`d${i}`, 10 + i * 72));
    events.push(deploy('bad', 20, { status: 'failure' }));
    events.push(deploy('outside', 28 * 24 + 1));
    const m = production(events);
    assert.equal(m.deploymentFrequency.deployments, 8);
    assert.equal(m.deploymentFrequency.perWeek, 2);
    assert.equal(m.deploymentFrequency.deploymentDays, 8);
    assert.ok(!m.deploymentFrequency.used.includes('generic:bad'));
  });

  it('divides failing deployments by deployments, never counting incidents', () => {
    const events = [
      deploy('d1', 1),
      deploy('d2', 50, { status: 'failure' }),
      deploy('d3', 100),
      deploy('d4', 200),
      // Two incidents on one deployment make it one failing deployment.
      incident('INC-1', 101, 105),
      incident('INC-2', 110, 112, { deployment: 'd3' }),
    ];
    const m = production(events);
    assert.equal(m.changeFailureRate.deployments, 4);
    assert.equal(m.changeFailureRate.failing, 2);
    assert.equal(m.changeFailureRate.value, 0.5);
    const d3 = m.changeFailureRate.used.find((u) => u.deployment === 'generic:d3');
    assert.deepEqual(d3?.because, ['incident']);
    assert.deepEqual(d3?.incidents, ['generic:INC-1', 'generic:INC-2']);
    const inc1 = m.incidents.find((i) => i.id === 'INC-1');
    assert.equal(inc1?.rule, 'latest-before');
    assert.match(
      inc1?.link ?? '',
      /latest to production before the incident opened .* 1\.0 h earlier, within the 24 h horizon/,
    );
    assert.equal(m.incidents.find((i) => i.id === 'INC-2')?.rule, 'explicit');
  });

  it('links no deployment to an incident with none before it, and says so', () => {
    const m = production([incident('INC-9', 5, 6), deploy('d1', 10), deploy('d2', 40)]);
    const inc = m.incidents.find((i) => i.id === 'INC-9');
    assert.equal(inc?.deployment, null);
    assert.equal(inc?.link, 'no deployment to production before it opened');
    assert.equal(m.changeFailureRate.value, 0);
    // The incident was open from 5 h to 6 h: no deployment fell in it, so none is rework.
    assert.equal(m.reworkRate.rework, 0);
  });

  it('leaves an incident unlinked when the latest deployment is beyond the horizon', () => {
    const m = production([deploy('d1', 10), incident('INC-3', 40, 41)], { linkHorizonHours: 12 });
    const inc = m.incidents[0];
    assert.equal(inc?.deployment, null);
    assert.match(inc?.link ?? '', /d1, was 30\.0 h earlier, beyond the 12 h horizon/);
    assert.equal(m.changeFailureRate.failing, 0);
  });

  it('names an explicit link to a deployment no event describes', () => {
    const m = production([deploy('d1', 10), incident('INC-4', 11, 12, { deployment: 'nope' })]);
    assert.equal(m.incidents[0]?.deployment, null);
    assert.match(m.incidents[0]?.link ?? '', /names deployment nope, which no event describes/);
    assert.equal(m.changeFailureRate.failing, 0);
  });

  it('keeps a deployment without commits in frequency and failure rate, out of lead time, with the reason', () => {
    const m = production([deploy('d1', 10), deploy('d2', 20, { status: 'failure' })]);
    assert.equal(m.deploymentFrequency.deployments, 1);
    assert.equal(m.changeFailureRate.deployments, 2);
    assert.equal(m.leadTime.medianHours, null);
    assert.deepEqual(m.leadTime.excluded, [
      { deployment: 'generic:d1', reason: 'the deployment names no commit' },
    ]);
  });

  it('measures lead time from the first commit of the change, walking git from the previous deployment', () => {
    // c1 ← c2 ← c3 ← c5 (merge of c3 and c4), c4 branched from c2.
    const commits = [
      { sha: sha(1), time: T0 + 1 * HOUR, parents: [] },
      { sha: sha(2), time: T0 + 2 * HOUR, parents: [sha(1)] },
      { sha: sha(3), time: T0 + 30 * HOUR, parents: [sha(2)] },
      { sha: sha(4), time: T0 + 20 * HOUR, parents: [sha(2)] },
      { sha: sha(5), time: T0 + 40 * HOUR, parents: [sha(3), sha(4)] },
    ];
    const m = production(
      [deploy('d1', 5, { commits: [{ sha: sha(2) }] }), deploy('d2', 44, { commits: [{ sha: sha(5) }] })],
      { commits: commitGraph(commits) },
    );
    const [first, second] = m.leadTime.changes;
    assert.equal(first?.hours, 3, 'the first deployment: its commit alone (5 h − 2 h)');
    assert.match(first?.change ?? '', /no earlier successful deployment/);
    assert.deepEqual(
      second?.commits.map((c) => c.sha),
      [sha(5), sha(3), sha(4)],
      'the change holds the merge, both branches, and nothing deployed before',
    );
    assert.equal(second?.firstCommit, sha(4));
    assert.equal(second?.hours, 24);
    assert.equal(m.leadTime.medianHours, 13.5);
    assert.equal(m.leadTime.medianCommits, 2);
  });

  it('takes the change the event lists, with the times it gives', () => {
    const m = production([
      deploy('d1', 50, {
        commits: [
          { sha: sha(9), time: at(48) },
          { sha: sha(8), time: at(26) },
        ],
      }),
    ]);
    assert.equal(m.leadTime.changes[0]?.hours, 24);
    assert.equal(m.leadTime.changes[0]?.commits[1]?.from, 'event');
  });

  it('says which redeployment carried nothing new', () => {
    const g = commitGraph([{ sha: sha(1), time: T0, parents: [] }]);
    const m = production(
      [deploy('d1', 5, { commits: [{ sha: sha(1) }] }), deploy('d2', 9, { commits: [{ sha: sha(1) }] })],
      { commits: g },
    );
    assert.match(
      m.leadTime.excluded[0]?.reason ?? '',
      /redeployment of 000000000000, which deployment d1 carried/,
    );
  });

  it('measures recovery to the next good deployment, or to the resolution of linked incidents', () => {
    const m = production([
      deploy('d1', 10, { status: 'failure' }),
      deploy('d2', 12, { status: 'failure' }),
      deploy('d3', 13),
      deploy('d4', 100),
      incident('INC-1', 101, 107),
      deploy('d5', 104),
      deploy('d6', 300, { status: 'failure' }),
    ]);
    const byDeployment = Object.fromEntries(m.recoveryTime.recovered.map((r) => [r.deployment, r]));
    assert.equal(byDeployment['generic:d1']?.hours, 3);
    assert.equal(byDeployment['generic:d2']?.hours, 1);
    assert.equal(byDeployment['generic:d2']?.by, 'deployment d3 succeeded');
    assert.equal(byDeployment['generic:d4']?.hours, 7);
    assert.equal(byDeployment['generic:d4']?.by, 'incident INC-1 resolved');
    assert.deepEqual(m.recoveryTime.unrecovered, [
      { deployment: 'generic:d6', reason: 'no successful deployment since' },
    ]);
    assert.equal(m.recoveryTime.medianHours, 3);
    // d2 and d3 came while d1's failure stood; d5 while INC-1 was open.
    assert.deepEqual(
      m.reworkRate.used.map((r) => r.deployment),
      ['generic:d2', 'generic:d3', 'generic:d5'],
    );
    assert.equal(m.reworkRate.value, 0.5);
  });

  it('folds the events of one deployment: the latest status counts, a replay counts once', () => {
    const once = [deploy('d1', 10, { status: 'failure' }), deploy('d1', 11), incident('I', 30, 31)];
    const m = production([...once, ...once]);
    assert.equal(m.changeFailureRate.deployments, 1);
    assert.equal(m.deployments[0]?.status, 'success');
    assert.equal(m.deployments[0]?.time, at(11));
  });

  it('keeps environments apart and links an incident naming none to production only', () => {
    const all = deliveryMetrics(
      [deploy('s1', 10, { environment: 'Staging' }), incident('INC-1', 11, 12), deploy('p1', 1)],
      { window: WEEK4 },
    );
    assert.deepEqual(
      all.map((m) => m.environment),
      ['production', 'staging'],
    );
    const [prod, staging] = all;
    assert.equal(prod?.incidents[0]?.deployment, 'generic:p1');
    assert.equal(staging?.changeFailureRate.failing, 0);
  });

  it('pins an incident on a later good deployment when that one is the latest before it', () => {
    // Without d3 the incident has no deployment within 24 h: 1 failing of 2. With d3 it is d3's: 2 of 3.
    const base = [deploy('d1', 1), deploy('d2', 10, { status: 'failure' }), incident('INC-1', 60, 61)];
    assert.equal(production(base).changeFailureRate.value, 0.5);
    const m = production([...base, deploy('d3', 50)]);
    assert.equal(m.changeFailureRate.value, 0.6667);
    assert.equal(m.incidents[0]?.rule, 'latest-before');
  });

  it('keeps workloads apart', () => {
    const all = deliveryMetrics(
      [deploy('d1', 1), deploy('d1', 2, { workload: 'other', status: 'failure' })],
      {
        window: WEEK4,
      },
    );
    assert.deepEqual(
      all.map((m) => [m.workload, m.changeFailureRate.value]),
      [
        ['other', 1],
        ['shop', 0],
      ],
    );
  });
});
