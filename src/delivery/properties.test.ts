/** Properties that hold for any history: replays, order, and what one more good deployment can do. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type DeliveryEvent, deliveryMetrics } from './index.js';
import { at, deploy, incident } from './testing.js';

const WINDOW = { from: at(0), to: at(14 * 24) };
const ids = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'];
const hours = fc.integer({ min: -48, max: 15 * 24 });

const deployment = fc
  .record({
    id: fc.constantFrom(...ids),
    hours,
    status: fc.constantFrom('success' as const, 'failure' as const),
    environment: fc.constantFrom('production', 'staging'),
    sha: fc.option(fc.constantFrom('a1b2c3d', 'b2c3d4e', 'c3d4e5f'), { nil: undefined }),
  })
  .map((d) =>
    deploy(d.id, d.hours, {
      status: d.status,
      environment: d.environment,
      commits: d.sha ? [{ sha: d.sha, time: at(d.hours - 3) }] : [],
    }),
  );

const anIncident = (explicit: boolean) =>
  fc
    .record({
      id: fc.constantFrom('I1', 'I2', 'I3', 'I4'),
      opened: hours,
      length: fc.option(fc.integer({ min: 0, max: 72 }), { nil: undefined }),
      deployment: explicit ? fc.constantFrom(...ids) : fc.option(fc.constantFrom(...ids), { nil: undefined }),
    })
    .map((i) =>
      incident(i.id, i.opened, i.length === undefined ? undefined : i.opened + i.length, {
        ...(i.deployment ? { deployment: i.deployment } : {}),
      }),
    );

const history = (explicit = false) =>
  fc
    .tuple(fc.array(deployment, { maxLength: 14 }), fc.array(anIncident(explicit), { maxLength: 5 }))
    .map(([d, i]) => [...d, ...i] as DeliveryEvent[]);

const metrics = (events: DeliveryEvent[]) => deliveryMetrics(events, { window: WINDOW });
const rateOf = (events: DeliveryEvent[]) =>
  metrics(events).find((m) => m.environment === 'production')?.changeFailureRate.value ?? null;

describe('delivery metrics, for any history', () => {
  it('a replayed event changes nothing', () => {
    fc.assert(
      fc.property(history(), fc.array(fc.nat()), (events, picks) => {
        fc.pre(events.length > 0);
        const replayed = [...events, ...picks.map((p) => events[p % events.length] as DeliveryEvent)];
        assert.deepEqual(metrics(replayed), metrics(events));
      }),
      { numRuns: 300 },
    );
  });

  it('events in any order give the same result', () => {
    fc.assert(
      fc.property(
        history().chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        ([events, shuffled]) => {
          assert.deepEqual(metrics(shuffled), metrics(events));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adding a successful deployment never raises the change failure rate when incidents name their deployment', () => {
    fc.assert(
      fc.property(history(true), hours, (events, h) => {
        const before = rateOf(events);
        const after = rateOf([...events, deploy('fresh', h)]);
        if (before !== null && after !== null) assert.ok(after <= before, `${after} > ${before}`);
      }),
      { numRuns: 500 },
    );
  });

  it('with implicit links, it raises the rate only by becoming the latest deployment before an incident, and says so', () => {
    fc.assert(
      fc.property(history(), hours, (events, h) => {
        const before = rateOf(events);
        const all = metrics([...events, deploy('fresh', h)]);
        const prod = all.find((m) => m.environment === 'production');
        const after = prod?.changeFailureRate.value ?? null;
        if (before === null || after === null || after <= before) return;
        const blamed = prod?.incidents.filter((i) => i.deployment === 'generic:fresh') ?? [];
        assert.ok(blamed.length > 0, 'a raise comes from an incident linked to the new deployment');
        for (const i of blamed) {
          assert.equal(i.rule, 'latest-before');
          assert.match(
            i.link,
            /^deployment fresh .* was the latest to production before the incident opened/,
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});
