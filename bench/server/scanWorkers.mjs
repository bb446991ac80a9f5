// Scan jobs on workers (issue 13, section 4): 200 generated git repositories (small, made in a
// temp folder, reached as file:// URLs), one per workload, scanned through pg-boss by one
// `waymark worker` process and by two, over one PostgreSQL. Each round starts its workers, waits
// until they take jobs, sends all the jobs at once and stops the clock when the last is stored.
// Rounds alternate (1, 2, 2, 1 workers) so that a change in the machine's load falls on both.
// Goal: two workers take at most 0.65× the time of one.
// The machine's floor, in the same run: the share of all cores busy while one worker runs. A job is
// git processes, the scanner and PostgreSQL, partly at once, so one worker already keeps more
// than one core busy; two can at best finish in that share of one's time (Linux: /proc/stat).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { openBoss, PgBossDispatcher } from '../../dist/src/jobs/index.js';
import { openStore, RepositoryStore } from '../../dist/src/store/index.js';
import { makeGitRepo } from '../../dist/src/testing/gitRepo.js';
import { tempDir } from '../../dist/src/testing/index.js';
import { startPostgres } from '../../dist/src/testing/postgres.js';

const SCANS = Number(process.env.BENCH_SCANS ?? 200);
const ROUNDS = (process.env.BENCH_ROUNDS ?? '1,2,2,1').split(',').map(Number);

/** A small repository: infrastructure as code, a pipeline, a service with tests; some vary. */
function files(i) {
  const f = {
    'src/app.ts': `export function handler${i}(n: number): number {\n  return n * ${i};\n}\n`,
    'src/app.test.ts': `import { handler${i} } from './app';\ntest('x', () => expect(handler${i}(2)).toBe(${2 * i}));\n`,
    'package.json': `{ "name": "svc-${i}", "scripts": { "test": "jest" } }\n`,
  };
  if (i % 2 === 0)
    f.Dockerfile = 'FROM node:20-slim\nCOPY . /app\nHEALTHCHECK CMD curl -f http://localhost/healthz\n';
  if (i % 3 === 0) f['deploy/k8s.yaml'] = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\n';
  if (i % 5 === 0) f['docs/runbook.md'] = '# Runbook\n\n## Rollback\n\nRedeploy the previous tag.\n';
  return f;
}

/** Jiffies of all cores: [total, idle] (idle includes waiting on the disk). */
function cpuTimes() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return [f.reduce((a, b) => a + b, 0), (f[3] ?? 0) + (f[4] ?? 0)];
}

const pg = await startPostgres();
const url = pg.createDatabase('scans');
const workers = [];
// Stopped by a signal: leave no worker or database behind.
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    for (const c of workers) c.kill('SIGKILL');
    pg.stop();
    process.exit(130);
  });
try {
  const store = await openStore({ databaseUrl: url });
  const repos = new RepositoryStore(store.db);
  const actor = { teamId: 'bench', name: 'bench', role: 'admin' };
  await store.ensureTeam('bench');
  const t0 = performance.now();
  const registered = [];
  for (let i = 0; i < SCANS; i++) {
    const w = await store.createWorkload(actor, { name: `svc-${i}` }, {});
    registered.push(await repos.add(actor, w.id, { url: makeGitRepo(files(i)).url, branch: 'main' }));
  }
  const made = ((performance.now() - t0) / 1000).toFixed(0);
  const boss = await openBoss({ databaseUrl: url, supervise: false });
  const dispatcher = new PgBossDispatcher(boss, store, {
    retryLimit: 0,
    retryDelaySeconds: 1,
    timeoutSeconds: 600,
  });

  const startWorker = () =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['bin/waymark.js', 'worker', '--scan-cache', tempDir('waymark-bench-cache-')],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, DATABASE_URL: url, GIT_ALLOW_PROTOCOL: 'file' },
        },
      );
      workers.push(child);
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.stdout.on('data', (d) => {
        if (/taking scan jobs/.test(String(d))) resolve(child);
      });
      child.on('exit', (code) => reject(new Error(`waymark worker exited ${code}: ${err}`)));
    });
  const stop = (child) =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });

  const results = [];
  for (const n of ROUNDS) {
    const started = [];
    for (let k = 0; k < n; k++) started.push(await startWorker());
    const t = performance.now();
    const cpu0 = cpuTimes();
    const ids = [];
    for (const r of registered) ids.push((await dispatcher.submit(r, 'manual')).id);
    for (;;) {
      const counts = await store.db
        .selectFrom('scan_jobs')
        .select(['state', (eb) => eb.fn.countAll().as('n')])
        .where('id', 'in', ids)
        .groupBy('state')
        .execute();
      const of = (s) => Number(counts.find((c) => c.state === s)?.n ?? 0);
      if (of('failed') > 0) throw new Error(`${of('failed')} scan jobs failed`);
      if (of('done') === ids.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - t) / 1000;
    const cpu1 = cpuTimes();
    const cores = 1 - (cpu1[1] - cpu0[1]) / (cpu1[0] - cpu0[0]);
    // Time inside the jobs (fetch, scan, store) against the workers' time: the rest is the queue's.
    const spans = await store.db
      .selectFrom('scan_jobs')
      .select(['started_at', 'finished_at'])
      .where('id', 'in', ids)
      .execute();
    const inJobs = spans.reduce((sum, j) => sum + (Date.parse(j.finished_at) - Date.parse(j.started_at)), 0);
    results.push({ n, seconds, jobMs: inJobs / ids.length, busy: inJobs / 1000 / (seconds * n), cores });
    for (const c of started) await stop(c);
  }
  await dispatcher.close();
  await store.close();

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const one = median(results.filter((r) => r.n === 1).map((r) => r.seconds));
  const two = median(results.filter((r) => r.n === 2).map((r) => r.seconds));
  console.log(`${SCANS} generated repositories (made and registered in ${made} s), one scan job each\n`);
  console.log(
    '| round | workers | seconds | scans/s | ms per job | share of the time in jobs | cores busy |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  results.forEach((r, i) => {
    console.log(
      `| ${i + 1} | ${r.n} | ${r.seconds.toFixed(1)} | ${(SCANS / r.seconds).toFixed(1)} | ${r.jobMs.toFixed(0)} | ${(100 * r.busy).toFixed(0)} % | ${(r.cores * cpus().length).toFixed(2)} of ${cpus().length} |`,
    );
  });
  const floor = Math.max(0.5, median(results.filter((r) => r.n === 1).map((r) => r.cores)));
  console.log(
    `\ntwo workers take ${(two / one).toFixed(2)}× the time of one (medians ${two.toFixed(1)} s and ${one.toFixed(1)} s)`,
  );
  console.log(
    `the machine's floor: ${floor.toFixed(2)}× (one worker keeps ${(floor * cpus().length).toFixed(2)} of ${cpus().length} cores busy); two workers reach ${(two / one / floor).toFixed(2)}× that floor`,
  );
} finally {
  for (const c of workers) if (c.exitCode === null) c.kill('SIGKILL');
  pg.stop();
}
