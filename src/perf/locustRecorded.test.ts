import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../testing/index.js';
import { readResults } from './readResults.js';

// Debian's Locust (python3-locust, 2.12) against a local server, when it is installed. 13 s: Locust
// writes its history to disk every 10 s, so a shorter run leaves only the first row.
const haveLocust = !spawnSync('locust', ['--version']).error;

const LOCUSTFILE = `from locust import HttpUser, task, constant
class U(HttpUser):
    wait_time = constant(0)
    @task(3)
    def fast(self): self.client.get("/fast")
    @task(1)
    def slow(self): self.client.get("/slow")
    @task(1)
    def err(self): self.client.get("/err?id=7", name="/err")
`;

test('files recorded by Locust 2.12 are read: stats, full history, failures and exceptions', {
  skip: !haveLocust && 'locust is not installed',
}, async () => {
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    setTimeout(
      () => {
        res.statusCode = url.startsWith('/err') ? 500 : 200;
        res.end('x'.repeat(100));
      },
      url.startsWith('/slow') ? 120 : 5,
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const dir = tempDir('perf-locust-');
  try {
    writeFileSync(join(dir, 'locustfile.py'), LOCUSTFILE);
    const locust = spawn(
      'locust',
      [
        '-f',
        'locustfile.py',
        '--headless',
        '-u',
        '4',
        '-r',
        '4',
        '-t',
        '13s',
        '-H',
        `http://127.0.0.1:${port}`,
        '--csv',
        'run',
        '--csv-full-history',
        '--only-summary',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    await once(locust, 'exit');
    const files = ['run_stats.csv', 'run_stats_history.csv', 'run_failures.csv', 'run_exceptions.csv'].map(
      (f) => join(dir, f),
    );
    const s = await readResults(files);
    const byName = new Map(s.flows.map((f) => [f.flow, f]));
    const err = byName.get('/err');
    assert.ok(err && err.count > 0 && err.errors === err.count, 'every /err request failed');
    assert.equal(err.errorTypes?.[0]?.code, '500');
    assert.equal(err.errorTypes?.[0]?.count, err.errors, 'failures.csv counts what the stats count');
    assert.equal(
      s.overall.count,
      s.flows.reduce((n, f) => n + f.count, 0),
    );
    assert.equal(s.windowing.source, 'reported');
    assert.equal(s.windowing.rowIntervalSec, 1);
    assert.equal(s.windowing.percentileSpan, 'rolling');
    for (const f of [s.overall, ...s.flows])
      for (const w of f.windows) {
        for (const p of Object.values(w.percentiles ?? {}))
          assert.notEqual(p.ms, 0, `${f.flow}: 0 is no data`);
        assert.ok(w.count !== undefined && w.count >= 0);
      }
    const inHistory = s.overall.windows.reduce((n, w) => n + (w.count ?? 0), 0);
    assert.ok(inHistory <= s.overall.count);
    if (inHistory < s.overall.count)
      assert.ok(s.notes.some((n) => /run_stats_history\.csv ends early/.test(n)));
    // The history alone gives the same request count as its own last row.
    const alone = await readResults([join(dir, 'run_stats_history.csv')]);
    assert.ok(alone.overall.count >= inHistory && alone.overall.count <= s.overall.count);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
