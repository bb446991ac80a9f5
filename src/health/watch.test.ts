import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../testing/index.js';
import { commandNotifier, type Notifier, webhookNotifier } from './notify.js';
import type { HealthReport } from './report.js';
import type { HealthState } from './schema.js';
import { freePort, serve, type TestServer } from './testSupport/http.js';
import { detectChanges, type HealthNotification, notificationFor, shouldNotify } from './watch.js';
import { watchHealth } from './watchLoop.js';

function report(
  workload: HealthState,
  db: HealthState,
  lag: number,
  at = '2026-01-01T00:00:00.000Z',
): HealthReport {
  return {
    formatVersion: 1,
    workload: 'payments',
    state: workload,
    decidedBy: null,
    reason: `db is ${db}`,
    source: 'test',
    evaluatedAt: at,
    durationMs: 1,
    rollUp: { nonCritical: 'degraded', unknown: 'unknown', dependencyUnhealthy: 'degraded' },
    components: [
      {
        id: 'db',
        name: 'db',
        critical: true,
        dependsOn: [],
        state: db,
        ownState: db,
        decidedBy: null,
        reason: `lag ${lag}`,
        signals: [
          {
            id: 'lag',
            key: 'db.lag',
            state: db,
            value: lag,
            unit: 's',
            threshold: null,
            reason: `${lag} s`,
            why: 'w',
            query: 'q',
          },
        ],
      },
    ],
  };
}

/** A workload with one critical `host` component holding the given signals. */
function hostReport(signals: Record<string, HealthState>, at = '2026-01-01T00:00:00.000Z'): HealthReport {
  const states = Object.values(signals);
  const state: HealthState = states.includes('unhealthy')
    ? 'unhealthy'
    : states.includes('degraded')
      ? 'degraded'
      : 'healthy';
  return {
    ...report(state, state, 0, at),
    workload: 'node',
    components: [
      {
        id: 'host',
        name: 'host',
        critical: true,
        dependsOn: [],
        state,
        ownState: state,
        decidedBy: null,
        reason: `host is ${state}`,
        signals: Object.entries(signals).map(([id, s]) => ({
          id,
          key: `host.${id}`,
          state: s,
          value: s === 'healthy' ? 0.1 : 0.9,
          unit: 'ratio',
          threshold: null,
          reason: `${id} is ${s}`,
          why: 'w',
          query: 'q',
        })),
      },
    ],
  };
}

const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('state changes', () => {
  it('a healthy start records nothing; an unhealthy start is reported from null', () => {
    assert.deepEqual(detectChanges(undefined, report('healthy', 'healthy', 1)), []);
    const start = detectChanges(undefined, report('unhealthy', 'unhealthy', 50));
    assert.deepEqual(
      start.map((c) => [c.level, c.id, c.from, c.to]),
      [
        ['workload', 'workload', null, 'unhealthy'],
        ['component', 'db', null, 'unhealthy'],
        ['signal', 'db.lag', null, 'unhealthy'],
      ],
    );
  });

  it('records each level that changed, with the value and a stable key', () => {
    const changes = detectChanges(report('healthy', 'healthy', 1), report('degraded', 'degraded', 7));
    assert.deepEqual(
      changes.map((c) => `${c.id}:${c.from}→${c.to}`),
      ['workload:healthy→degraded', 'db:healthy→degraded', 'db.lag:healthy→degraded'],
    );
    assert.equal(changes[2]?.value, 7);
    assert.deepEqual(
      changes.map((c) => c.key),
      ['payments/workload', 'payments/db', 'payments/db.lag'],
    );
    assert.equal(shouldNotify(changes), true);
    assert.equal(shouldNotify([]), false);
    assert.deepEqual(detectChanges(report('degraded', 'degraded', 7), report('degraded', 'degraded', 8)), []);
  });
});

describe('watch loop', () => {
  it('evaluates `count` times and notifies once per change of component or workload', async () => {
    const sequence = [
      report('healthy', 'healthy', 1),
      report('healthy', 'healthy', 2),
      report('unhealthy', 'unhealthy', 40),
      report('healthy', 'healthy', 1),
    ];
    const sent: HealthNotification[] = [];
    const recorder: Notifier = {
      name: 'recorder',
      async send(n) {
        sent.push(n);
        return { notifier: 'recorder', ok: true, attempts: 1, detail: 'kept', retry: false };
      },
    };
    let i = 0;
    const t0 = Date.now();
    const summary = await watchHealth({
      evaluate: async () => sequence[i++] ?? assert.fail('too many'),
      intervalMs: 20,
      count: 4,
      notifiers: [recorder],
    });
    assert.equal(summary.evaluations, 4);
    assert.ok(Date.now() - t0 >= 55, 'waits the interval between evaluations');
    assert.deepEqual(
      sent.map((n) => `${n.previousState}→${n.state}`),
      ['healthy→unhealthy', 'unhealthy→healthy'],
    );
    assert.equal(summary.changes.length, 6);
  });

  it('stops when aborted', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    const t0 = Date.now();
    const summary = await watchHealth({
      evaluate: async () => report('healthy', 'healthy', 1),
      intervalMs: 10_000,
      signal: stop.signal,
    });
    assert.equal(summary.evaluations, 1, 'the abort during the sleep ends the loop');
    assert.ok(Date.now() - t0 < 2000);
  });
});

describe('changes inside a component that stays bad (issue 18, defect 2)', () => {
  it('the cause switching from CPU to the filesystem is notified, with a stable key per signal', async () => {
    const sequence = [
      hostReport({ cpu: 'healthy', fs: 'healthy' }),
      hostReport({ cpu: 'degraded', fs: 'healthy' }),
      hostReport({ cpu: 'healthy', fs: 'degraded' }),
      hostReport({ cpu: 'degraded', fs: 'degraded' }),
      hostReport({ cpu: 'degraded', fs: 'degraded' }),
    ];
    const sent: HealthNotification[] = [];
    const recorder: Notifier = {
      name: 'recorder',
      async send(n) {
        sent.push(n);
        return { notifier: 'recorder', ok: true, attempts: 1, detail: 'kept', retry: false };
      },
    };
    let i = 0;
    await watchHealth({
      evaluate: async () => sequence[i++] ?? assert.fail('too many'),
      intervalMs: 1,
      count: sequence.length,
      notifiers: [recorder],
    });
    assert.equal(sent.length, 3, 'one notification per evaluation with a change, none when nothing changed');
    const signalChanges = (n: HealthNotification | undefined) =>
      n?.changes.filter((c) => c.level === 'signal').map((c) => `${c.key}:${c.from}→${c.to}`);
    assert.deepEqual(signalChanges(sent[1]), [
      'node/host.cpu:degraded→healthy',
      'node/host.fs:healthy→degraded',
    ]);
    assert.deepEqual(signalChanges(sent[2]), ['node/host.cpu:healthy→degraded']);
    assert.equal(sent[1]?.state, 'degraded');
    assert.equal(sent[1]?.previousState, 'degraded');
    assert.match(
      sent[1]?.reason ?? '',
      /still degraded; host\.cpu degraded → healthy, host\.fs healthy → degraded/,
    );
    assert.equal(shouldNotify(detectChanges(sequence[2], sequence[3] as HealthReport)), true);
  });
});

describe('notifiers', () => {
  const note = notificationFor(report('healthy', 'healthy', 1), report('unhealthy', 'unhealthy', 40), []);

  it('webhook: one attempt per call, JSON with the delivery id; 5xx and refused connections are worth a retry, 4xx not', async () => {
    const got: { body: string; type: string | undefined; id: string | string[] | undefined }[] = [];
    const s = await serve((req, res, body) => {
      got.push({ body, type: req.headers['content-type'], id: req.headers['x-waymark-delivery'] });
      res.statusCode = req.url === '/gone' ? 410 : req.url === '/busy' ? 503 : 204;
      res.end();
    });
    servers.push(s);
    const ok = await webhookNotifier(`${s.url}/hook`).send(note, { id: 'd-1', attempt: 3 });
    assert.deepEqual(ok, {
      notifier: `webhook ${s.url}/hook`,
      ok: true,
      attempts: 3,
      detail: 'HTTP 204',
      retry: false,
    });
    assert.equal(got[0]?.type, 'application/json');
    assert.equal(got[0]?.id, 'd-1');
    const body = JSON.parse(got[0]?.body ?? '{}') as HealthNotification & { deliveryId: string };
    assert.equal(body.state, 'unhealthy');
    assert.equal(body.previousState, 'healthy');
    assert.equal(body.deliveryId, 'd-1');
    const busy = await webhookNotifier(`${s.url}/busy`).send(note, { id: 'd-2', attempt: 1 });
    assert.deepEqual([busy.ok, busy.retry, busy.detail], [false, true, 'HTTP 503']);
    const gone = await webhookNotifier(`${s.url}/gone`).send(note, { id: 'd-3', attempt: 1 });
    assert.deepEqual([gone.ok, gone.retry, gone.detail], [false, false, 'HTTP 410']);
    const down = await webhookNotifier(`http://127.0.0.1:${await freePort()}/x`).send(note, {
      id: 'd-4',
      attempt: 2,
    });
    assert.deepEqual([down.ok, down.retry, down.attempts], [false, true, 2]);
    assert.match(down.detail, /ECONNREFUSED/);
  });

  it('command: gets the JSON on stdin and the state in the environment; a failure is reported', async () => {
    const out = join(tempDir(), 'note.txt');
    const ok = await commandNotifier(
      `cat > "${out}"; echo "$WAYMARK_HEALTH_PREVIOUS_STATE>$WAYMARK_HEALTH_STATE" >> "${out}"`,
    ).send(note, { id: 'd-9', attempt: 1 });
    assert.equal(ok.ok, true, ok.detail);
    const [json, env] = readFileSync(out, 'utf8').split(/(?<=\})(?=healthy>)/);
    assert.equal((JSON.parse(json ?? '{}') as HealthNotification).workload, 'payments');
    assert.equal(env?.trim(), 'healthy>unhealthy');
    const bad = await commandNotifier('echo oops >&2; exit 3').send(note, { id: 'd-9', attempt: 1 });
    assert.deepEqual([bad.ok, bad.detail], [false, 'exit 3: oops']);
  });
});
