import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT, tempDir } from '../testing/index.js';
import type { HealthReport } from './report.js';
import { runHealthCli, spawnHealthCli } from './testSupport/cli.js';
import { deferred, serve, type TestServer } from './testSupport/http.js';
import type { HealthNotification } from './watch.js';

const FIX = join(REPO_ROOT, 'test/fixtures/health');

/** A copy of the fixture model and values in a temp dir, so tests can change the values. */
function workspace(edit?: (values: { values: Record<string, unknown> }) => void): string {
  const dir = tempDir('waymark-health-cli-');
  copyFileSync(join(FIX, 'waymark.health.yaml'), join(dir, 'waymark.health.yaml'));
  const values = JSON.parse(readFileSync(join(FIX, 'values.json'), 'utf8'));
  edit?.(values);
  writeFileSync(join(dir, 'values.json'), JSON.stringify(values));
  return dir;
}
const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('waymark health (CLI)', () => {
  it('eval prints the tree and exits 0 when healthy', async () => {
    const r = await runHealthCli(['eval'], workspace());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^payments: HEALTHY — all 3 components healthy\n/);
    assert.match(r.stdout, /└─ cache \(Session cache\): healthy — its signal is healthy/);
    assert.match(
      r.stdout,
      /│ {2}├─ error-rate +healthy +0\.002 ratio, below the degraded threshold of 0\.01/,
    );
  });

  it('eval exits 1 when the workload is unhealthy, and --format json gives the tree', async () => {
    const dir = workspace((v) => {
      v.values['api.error-rate'] = 0.2;
    });
    const r = await runHealthCli(['eval', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as HealthReport;
    assert.equal(report.state, 'unhealthy');
    const s = report.components[0]?.signals[0];
    assert.deepEqual([s?.value, s?.threshold?.value, s?.threshold?.state], [0.2, 0.05, 'unhealthy']);
  });

  it('user mistakes exit 2 with file and line', async () => {
    const dir = workspace();
    const bad = await runHealthCli(['eval', '--model', join(FIX, 'bad-cycle.yaml')], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad-cycle\.yaml:13:\d+: dependency cycle: a → b → c → a/);
    const missing = await runHealthCli(['eval', '--model', 'nope.yaml'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /health model "nope.yaml" not found/);
    const interval = await runHealthCli(['watch', '--interval', 'often'], dir);
    assert.equal(interval.code, 2);
    assert.match(interval.stderr, /--interval: "often" is not a duration/);
  });

  it('graph writes Mermaid and an SVG coloured by state', async () => {
    const dir = workspace((v) => {
      v.values['api.error-rate'] = 0.02;
    });
    const m = await runHealthCli(['graph'], dir);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, /class c0 degraded/);
    const out = join(dir, 'health.svg');
    const s = await runHealthCli(['graph', '--format', 'svg', '--output', out], dir);
    assert.equal(s.code, 0, s.stderr);
    assert.match(readFileSync(out, 'utf8'), /<g class="node state-degraded critical" data-id="api">/);
    const plain = await runHealthCli(['graph', '--no-eval', '--source', 'http://127.0.0.1:1'], dir);
    assert.match(plain.stdout, /class c0 none/, '--no-eval queries nothing');
  });

  it('graph --format svg refuses a model past the size it can draw, and writes nothing', async () => {
    const dir = tempDir('waymark-health-big-');
    const signals =
      '    signals: [{ id: s, metric: up, unit: x, thresholds: { unhealthy: 1, reason: r } }]\n';
    const components = Array.from({ length: 501 }, (_, i) => `  - id: c${i}\n${signals}`).join('');
    writeFileSync(join(dir, 'waymark.health.yaml'), `version: 1\nworkload: big\ncomponents:\n${components}`);
    const out = join(dir, 'big.svg');
    const r = await runHealthCli(['graph', '--format', 'svg', '--no-eval', '--output', out], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^waymark: the SVG graph draws at most 500 components and this model has 501\n {2}hint: use --format mermaid/,
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.throws(() => readFileSync(out), /ENOENT/);
    const m = await runHealthCli(['graph', '--no-eval'], dir);
    assert.equal(m.code, 0, m.stderr);
    assert.equal(m.stdout.match(/-\.->/g)?.length, 501);
  });

  it('watch --once records the start state, runs --exec and posts to --webhook', async () => {
    const bodies: HealthNotification[] = [];
    const hook = await serve((_req, res, body) => {
      bodies.push(JSON.parse(body) as HealthNotification);
      res.end();
    });
    servers.push(hook);
    const dir = workspace((v) => {
      v.values['api.error-rate'] = 0.2;
    });
    const record = join(dir, 'changes.jsonl');
    const marker = join(dir, 'exec.txt');
    const r = await runHealthCli(
      [
        'watch',
        '--once',
        '--format',
        'json',
        '--record',
        record,
        '--webhook',
        hook.url,
        '--exec',
        `echo "$WAYMARK_HEALTH_STATE" > "${marker}"`,
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    const printed = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; to: string });
    assert.deepEqual(
      printed.slice(0, 2).map((c) => `${c.id}:${c.to}`),
      ['workload:unhealthy', 'api:unhealthy'],
    );
    assert.equal(readFileSync(record, 'utf8').trim().split('\n').length, printed.length);
    assert.equal(readFileSync(marker, 'utf8').trim(), 'unhealthy');
    assert.equal(bodies.length, 1);
    assert.equal(bodies[0]?.state, 'unhealthy');
    assert.match(r.stderr, /notified webhook .*HTTP 200/);
  });

  it('watch killed mid-delivery resends it after the restart under the same delivery id, and nothing else (issue 18, defect 3)', async () => {
    type Received = HealthNotification & { deliveryId: string };
    let hold = true;
    const bodies: Received[] = [];
    const { promise: first, resolve: arrived } = deferred();
    const hook = await serve((_req, res, body) => {
      bodies.push(JSON.parse(body) as Received);
      arrived();
      if (!hold) res.end();
    });
    servers.push(hook);
    const dir = workspace((v) => {
      v.values['api.error-rate'] = 0.2;
    });
    const outbox = join(dir, 'outbox.json');
    const watch = spawnHealthCli(
      ['watch', '--interval', '100ms', '--webhook', hook.url, '--outbox', outbox],
      dir,
    );
    const exited = new Promise((r) => watch.once('exit', r));
    await first;
    watch.kill('SIGKILL');
    await exited;
    hold = false;
    const again = await runHealthCli(['watch', '--once', '--webhook', hook.url, '--outbox', outbox], dir);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(bodies.length, 2, `${watch.output()}\n${again.stderr}`);
    assert.equal(bodies[1]?.deliveryId, bodies[0]?.deliveryId);
    assert.equal(bodies[1]?.state, 'unhealthy');
    assert.match(
      again.stderr,
      new RegExp(`notified webhook .*HTTP 200 \\(delivery ${bodies[0]?.deliveryId}, attempt 2\\)`),
    );
    assert.match(
      again.stdout,
      /payments: unhealthy \(no change\)/,
      'the restart found the state it had told',
    );
  });

  it('watch lines name the level once; SIGINT and SIGTERM end watch with 130 (issue 18, defect 10)', async () => {
    const dir = workspace((v) => {
      v.values['api.error-rate'] = 0.2;
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const watch = spawnHealthCli(['watch', '--interval', '100ms', '--no-outbox'], dir);
      const exited = new Promise<number | null>((r) => watch.once('exit', (code) => r(code)));
      await new Promise<void>((r) => {
        const check = () => (watch.output().includes('(no change)') ? r() : void setTimeout(check, 20));
        check();
      });
      watch.kill(signal);
      assert.equal(await exited, 130, `${signal}: ${watch.output()}`);
      const out = watch.output();
      assert.match(out, /Z workload payments: start → unhealthy — /);
      assert.match(out, /Z component api: start → unhealthy — /);
      assert.match(out, /Z signal api\.error-rate: start → unhealthy — /);
      assert.doesNotMatch(out, /workload workload/);
    }
  });
});
