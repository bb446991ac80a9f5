/**
 * `health eval` as a pipeline gate: an evaluation that could not read its signals must fail with
 * its own exit code (3), never pass as 0, whatever made the source unreadable.
 */
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT, tempDir } from '../testing/index.js';
import { gateVerdict } from './gate.js';
import type { HealthReport } from './report.js';
import { DEFAULT_RULES } from './rollUp.js';
import type { HealthState } from './schema.js';
import { runHealthCli } from './testSupport/cli.js';
import { fakePrometheus } from './testSupport/fakePrometheus.js';
import { freePort, serve, type TestServer } from './testSupport/http.js';

const FIX = join(REPO_ROOT, 'test/fixtures/health');
const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function fixtureDir(): string {
  const dir = tempDir('waymark-health-gate-');
  copyFileSync(join(FIX, 'waymark.health.yaml'), join(dir, 'waymark.health.yaml'));
  copyFileSync(join(FIX, 'values.json'), join(dir, 'values.json'));
  return dir;
}

/** A model whose only PromQL is broken and sits in a non-critical component: the roll-up says degraded. */
const SYNTAX_MODEL = `version: 1
workload: shop
components:
  - id: api
    critical: true
    signals:
      - { id: up, metric: up, unit: bool, thresholds: { direction: below, unhealthy: 0.5, reason: down is down } }
  - id: reports
    signals:
      - { id: errors, query: "sum(rate(errors_total[5m])", unit: ratio, thresholds: { unhealthy: 0.5, reason: half fail } }
`;

describe('health eval gate: unknown fails with exit 3', { timeout: 60_000 }, () => {
  it('a dead port: exit 3 and the reason on stderr, not 0', async () => {
    const port = await freePort();
    const r = await runHealthCli(['eval', '-s', `http://127.0.0.1:${port}`], fixtureDir());
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout, /^payments: UNKNOWN/);
    assert.match(r.stderr, /payments cannot be judged: 4 of 4 signals could not be read/);
    assert.match(r.stderr, /unknown: all 4 signals: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('a server that answers 401: exit 3, and the reason says it wants credentials', async () => {
    const s = await serve((_req, res) => {
      res.statusCode = 401;
      res.setHeader('www-authenticate', 'Basic');
      res.end('<html>Unauthorized</html>');
    });
    servers.push(s);
    const r = await runHealthCli(['eval', '-s', s.url], fixtureDir());
    assert.equal(r.code, 3, r.stderr);
    assert.match(
      r.stdout,
      /answered HTTP 401 Unauthorized, not a Prometheus API response \(it wants credentials\)/,
    );
  });

  it('a server that never answers: exit 3 within about --timeout', async () => {
    const s = await serve(() => undefined);
    servers.push(s);
    const t0 = Date.now();
    const r = await runHealthCli(['eval', '-s', s.url, '--timeout', '300ms'], fixtureDir());
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout, /no answer from http:\/\/127\.0\.0\.1:\d+ within 300 ms/);
    assert.ok(Date.now() - t0 < 10_000, 'the time-out is honoured');
  });

  it('a PromQL syntax error in a non-critical component: the roll-up says degraded, the gate says 3', async () => {
    const prom = await fakePrometheus((query) =>
      query.includes('errors_total')
        ? {
            status: 400,
            body: JSON.stringify({
              status: 'error',
              errorType: 'bad_data',
              error: 'invalid parameter "query": 1:27: parse error: unclosed left parenthesis',
            }),
          }
        : undefined,
    );
    servers.push(prom);
    const dir = tempDir('waymark-health-gate-');
    writeFileSync(join(dir, 'waymark.health.yaml'), SYNTAX_MODEL);
    const r = await runHealthCli(['eval', '-s', prom.url, '--format', 'json'], dir);
    assert.equal(r.code, 3, r.stderr);
    const report = JSON.parse(r.stdout) as HealthReport;
    assert.equal(report.state, 'degraded', 'the report is unchanged; only the gate is stricter');
    assert.match(r.stderr, /unknown: reports\.errors: Prometheus: bad_data: .*parse error/);
    const allowed = await runHealthCli(['eval', '-s', prom.url, '--allow-unknown'], dir);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /warning: shop passes on the signals that were read \(healthy\); 1 unread/);
  });

  it('degraded passes with a warning, and fails with --fail-on degraded; unhealthy is 1', async () => {
    const dir = fixtureDir();
    const full = JSON.stringify({
      values: {
        'api.error-rate': 0.02,
        'api.latency-p99': 0.1,
        'db.replication-lag': 1,
        'cache.hit-ratio': 0.9,
      },
    });
    writeFileSync(join(dir, 'values.json'), full);
    const warned = await runHealthCli(['eval'], dir);
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(
      warned.stderr,
      /warning: payments is degraded \(api is degraded \(critical\)\); the gate passes/,
    );
    const failed = await runHealthCli(['eval', '--fail-on', 'degraded'], dir);
    assert.equal(failed.code, 1, failed.stderr);
    writeFileSync(join(dir, 'values.json'), full.replace('0.02', '0.3'));
    const unhealthy = await runHealthCli(['eval'], dir);
    assert.equal(unhealthy.code, 1, unhealthy.stderr);
  });

  it('--help states every exit code and --allow-unknown', async () => {
    const r = await runHealthCli(['eval', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--fail-on <state>/);
    assert.match(r.stdout, /--allow-unknown/);
    assert.match(
      r.stdout,
      /Exit codes:\n {2}0 {2}healthy[\s\S]* {2}1 {2}unhealthy[\s\S]* {2}2 {2}a mistake[\s\S]* {2}3 {2}unknown/,
    );
  });
});

describe('gateVerdict', () => {
  const report = (
    components: { id: string; critical?: boolean; dependsOn?: string[]; signals: HealthState[] }[],
    state: HealthState,
  ): HealthReport => ({
    formatVersion: 1,
    workload: 'w',
    state,
    decidedBy: null,
    reason: 'r',
    source: 's',
    evaluatedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    rollUp: DEFAULT_RULES,
    components: components.map((c) => ({
      id: c.id,
      name: c.id,
      critical: c.critical ?? false,
      dependsOn: c.dependsOn ?? [],
      state,
      ownState: state,
      decidedBy: null,
      reason: 'r',
      signals: c.signals.map((st, i) => ({
        id: `s${i}`,
        key: `${c.id}.s${i}`,
        state: st,
        value: null,
        unit: 'x',
        threshold: null,
        reason: st,
        why: 'w',
        query: 'q',
      })),
    })),
  });

  it('unhealthy proven by the signals that were read wins over unknown', () => {
    const r = report([{ id: 'a', critical: true, signals: ['unhealthy', 'unknown'] }], 'unhealthy');
    assert.equal(gateVerdict(r).outcome, 'unhealthy');
  });

  it('any unread signal is unknown, even when the roll-up capped it to degraded', () => {
    const r = report(
      [
        { id: 'a', critical: true, signals: ['healthy'] },
        { id: 'b', signals: ['unknown'] },
      ],
      'degraded',
    );
    assert.equal(gateVerdict(r).outcome, 'unknown');
    assert.equal(gateVerdict(r, { allowUnknown: true }).outcome, 'pass');
    assert.equal(gateVerdict(r, { allowUnknown: true, failOn: 'degraded' }).outcome, 'pass');
  });

  it('--allow-unknown still fails on what the read signals prove', () => {
    const r = report(
      [
        { id: 'a', critical: true, signals: ['degraded'] },
        { id: 'b', critical: true, signals: ['unknown'] },
      ],
      'unknown',
    );
    assert.equal(gateVerdict(r, { allowUnknown: true }).outcome, 'pass');
    assert.equal(gateVerdict(r, { allowUnknown: true, failOn: 'degraded' }).outcome, 'degraded');
  });

  it('unread signals with one reason are one line (issue 18, defect 10)', () => {
    const r = report([{ id: 'a', critical: true, signals: Array(9).fill('unknown') }], 'unknown');
    const v = gateVerdict(r);
    assert.deepEqual(v.notes.slice(1), ['unknown: all 9 signals: unknown']);
  });
});
