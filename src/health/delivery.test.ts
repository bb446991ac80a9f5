/**
 * Issue 18, defect 3: delivery beside the watch loop. Receivers here are real HTTP servers on
 * loopback that hold their answer, fail, then recover; nothing waits on a clock to pass.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../testing/index.js';
import { createDeliveryQueue, DEFAULT_BACKOFF, type DeliveryEvent, retryDelay } from './delivery.js';
import { webhookNotifier } from './notify.js';
import { fileOutbox } from './outbox.js';
import type { HealthReport } from './report.js';
import type { HealthState } from './schema.js';
import { deferred, serve, type TestServer } from './testSupport/http.js';
import { type HealthNotification, notificationFor } from './watch.js';
import { watchHealth } from './watchLoop.js';

type Received = HealthNotification & { deliveryId: string };

function report(state: HealthState, at = '2026-01-01T00:00:00.000Z'): HealthReport {
  return {
    formatVersion: 1,
    workload: 'shop',
    state,
    decidedBy: null,
    reason: `api is ${state}`,
    source: 'test',
    evaluatedAt: at,
    durationMs: 1,
    rollUp: { nonCritical: 'degraded', unknown: 'unknown', dependencyUnhealthy: 'degraded' },
    components: [
      {
        id: 'api',
        name: 'api',
        critical: true,
        dependsOn: [],
        state,
        ownState: state,
        decidedBy: null,
        reason: `errors ${state}`,
        signals: [
          {
            id: 'errors',
            key: 'api.errors',
            state,
            value: state === 'healthy' ? 0 : 1,
            unit: 'ratio',
            threshold: null,
            reason: state,
            why: 'w',
            query: 'q',
          },
        ],
      },
    ],
  };
}

const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('delivery queue (issue 18, defect 3)', () => {
  it('back-off doubles from 2 s to a 5 min ceiling and keeps trying for a day', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => retryDelay(n) / 1000),
      [2, 4, 8, 16, 32, 64, 128, 256, 300, 300],
    );
    assert.equal(DEFAULT_BACKOFF.giveUpAfterMs, 24 * 3_600_000);
  });

  it('a receiver holding its answer does not hold up the evaluations', { timeout: 20_000 }, async () => {
    const { promise: released, resolve: release } = deferred();
    const { promise: firstArrived, resolve: arrived } = deferred();
    const bodies: Received[] = [];
    const hook = await serve((_req, res, body) => {
      bodies.push(JSON.parse(body) as Received);
      arrived();
      void released.then(() => res.end());
    });
    servers.push(hook);
    const sequence: HealthState[] = ['unhealthy', 'unhealthy', 'healthy', 'healthy', 'degraded', 'degraded'];
    let i = 0;
    let evaluatedWhileHeld = 0;
    let answered = false;
    const events: DeliveryEvent[] = [];
    const summary = await watchHealth({
      async evaluate() {
        // From the second evaluation on, the receiver has the first delivery and has not answered.
        if (i === 1) await firstArrived;
        if (!answered && i >= 1) evaluatedWhileHeld++;
        return report(sequence[i++] ?? assert.fail('too many'));
      },
      intervalMs: 1,
      count: sequence.length,
      notifiers: [webhookNotifier(hook.url)],
      onEvaluation() {
        if (i === sequence.length) {
          answered = true;
          release();
        }
      },
      onDelivery: (e) => events.push(e),
    });
    assert.equal(summary.evaluations, 6);
    assert.equal(evaluatedWhileHeld, 5, 'five evaluations ran while the receiver held the first delivery');
    assert.deepEqual(
      bodies.map((b) => `${b.previousState}→${b.state}`),
      ['null→unhealthy', 'unhealthy→healthy', 'healthy→degraded'],
      'in order, each once',
    );
    assert.equal(new Set(bodies.map((b) => b.deliveryId)).size, 3);
    assert.deepEqual(
      events.map((e) => e.kind),
      ['delivered', 'delivered', 'delivered'],
    );
  });

  it('a failing receiver gets the same delivery id on every attempt until it recovers', async () => {
    const seen: { id: string; attempt: string }[] = [];
    let failures = 3;
    const hook = await serve((req, res, body) => {
      seen.push({
        id: (JSON.parse(body) as Received).deliveryId,
        attempt: String(req.headers['x-waymark-attempt']),
      });
      res.statusCode = failures-- > 0 ? 500 : 200;
      res.end();
    });
    servers.push(hook);
    const events: DeliveryEvent[] = [];
    const { promise: done, resolve: delivered } = deferred();
    const queue = createDeliveryQueue({
      notifiers: [webhookNotifier(hook.url)],
      backoff: { initialMs: 1 },
      onEvent(e) {
        events.push(e);
        if (e.kind === 'delivered') delivered();
      },
    });
    const [d] = queue.record(report('unhealthy'), notificationFor(undefined, report('unhealthy'), []));
    await done;
    await queue.close({ drain: true });
    assert.deepEqual(
      seen.map((s) => s.attempt),
      ['1', '2', '3', '4'],
    );
    assert.ok(seen.every((s) => s.id === d?.id));
    assert.deepEqual(
      events.map((e) => `${e.kind}:${e.delivery.attempts}`),
      ['retrying:1', 'retrying:2', 'retrying:3', 'delivered:4'],
    );
    const retrying = events[0];
    assert.equal(retrying?.kind === 'retrying' && retrying.delivery.lastError, 'HTTP 500');
  });

  it('a restart loses nothing and tells nothing twice: the outbox keeps the delivery and the baseline', async () => {
    const dir = tempDir('waymark-outbox-');
    const file = join(dir, 'state', 'outbox.json');
    let up = false;
    const bodies: Received[] = [];
    const hook = await serve((_req, res, body) => {
      bodies.push(JSON.parse(body) as Received);
      res.statusCode = up ? 200 : 503;
      res.end();
    });
    servers.push(hook);
    const run = () =>
      watchHealth({
        evaluate: async () => report('unhealthy'),
        intervalMs: 1,
        count: 1,
        notifiers: [webhookNotifier(hook.url)],
        outbox: fileOutbox(file),
      });
    await run();
    assert.equal(bodies.length, 1, 'tried once, refused');
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { deliveries: { id: string; attempts: number }[] };
    assert.deepEqual(
      kept.deliveries.map((d) => [d.id, d.attempts]),
      [[bodies[0]?.deliveryId, 1]],
    );
    up = true;
    const second = await run();
    assert.equal(second.changes.length, 0, 'the baseline came back with the outbox: no new change');
    assert.equal(bodies.length, 2, 'the kept delivery, and nothing new');
    assert.equal(bodies[1]?.deliveryId, bodies[0]?.deliveryId);
    assert.ok(existsSync(file));
    assert.deepEqual((JSON.parse(readFileSync(file, 'utf8')) as { deliveries: unknown[] }).deliveries, []);
  });
});
