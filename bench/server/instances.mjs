// Several server instances over one PostgreSQL (issue 13, section 4): 10,000 workloads with both
// models fully answered in one team, two `waymark serve` processes over one database.
// (1) 300 requests/s spread over the two instances for the portfolio and for workload pages:
//     p50/p99 latency (goal p99 < 100 ms);
// (2) saturated throughput through two instances as a ratio to one instance, in the same run.
// autocannon spreads its connections over the instances' URLs, as DNS round robin or a load
// balancer would; it asks for brotli or gzip, as a browser does.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { loadBuiltinModels, ModelSet } from '../../dist/src/model/index.js';
import { summarise } from '../../dist/src/server/index.js';
import { openStore } from '../../dist/src/store/index.js';
import { startPostgres } from '../../dist/src/testing/postgres.js';

const WORKLOADS = Number(process.env.BENCH_WORKLOADS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 300);
const CONNECTIONS = 20;
const models = new ModelSet(loadBuiltinModels());
const ids = models.practiceIds();
const STATUSES = ['met', 'met', 'partial', 'not-met', 'not-applicable'];

const began = performance.now();
/** Progress on stderr, so that a slow step shows where it is. */
const step = (what) => console.error(`[${((performance.now() - began) / 1000).toFixed(0)} s] ${what}`);
const pg = await startPostgres();
const url = pg.createDatabase('bench');
const servers = [];
// Stopped by a signal: leave no server or database behind.
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    for (const c of servers) c.kill('SIGKILL');
    pg.stop();
    process.exit(130);
  });
try {
  const t0 = performance.now();
  const store = await openStore({ databaseUrl: url });
  const { token } = await store.createToken('bench', 'viewer', 'bench');
  // Seeded in SQL (two statements): through the API this would take most of an hour. Answer i
  // of workload w has status (7i + w) mod 5, so five summaries cover every workload.
  const now = new Date().toISOString();
  const summaries = STATUSES.map((_, w) =>
    JSON.stringify(
      summarise(
        models,
        ids.map((practiceId, i) => ({
          practiceId,
          status: STATUSES[(i * 7 + w) % STATUSES.length],
          reason: 'bench',
          note: null,
          evidence: [],
          author: 'bench',
          source: 'person',
          confidence: null,
          modelVersion: '1.0.0',
          revision: 1,
          updatedAt: now,
        })),
      ),
    ),
  );
  await sql`INSERT INTO workloads (id, team_id, name, repository, criticality, tags, context, summary, created_at, updated_at)
    SELECT '00000000-0000-4000-8000-' || lpad(w::text, 12, '0'), 'bench', 'workload-' || w, NULL, 'medium',
      '[]', '{}', (${summaries}::text[])[w % 5 + 1], ${now}, ${now}
    FROM generate_series(0, ${WORKLOADS - 1}) AS w`.execute(store.db);
  await sql`INSERT INTO answers (workload_id, practice_id, status, reason, note, evidence, author, source, confidence, model_version, revision, updated_at)
    SELECT '00000000-0000-4000-8000-' || lpad(w::text, 12, '0'), p.id,
      (${STATUSES}::text[])[(((p.i - 1) * 7 + w) % 5 + 1)::int], 'bench', NULL, '[]', 'bench', 'person', NULL, '1.0.0', 1, ${now}
    FROM generate_series(0, ${WORKLOADS - 1}) AS w, unnest(${ids}::text[]) WITH ORDINALITY AS p(id, i)`.execute(
    store.db,
  );
  await sql`ANALYZE`.execute(store.db);
  await store.close();
  const seeded = ((performance.now() - t0) / 1000).toFixed(0);

  const start = () =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['bin/waymark.js', 'serve', '--port', '0', '--rate-limit', '100000000'],
        { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DATABASE_URL: url } },
      );
      servers.push(child);
      child.stdout.on('data', (d) => {
        const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(String(d));
        if (m) resolve({ child, url: m[1] });
      });
      child.on('exit', (code) => reject(new Error(`waymark serve exited ${code}`)));
    });
  step('seeded; starting two instances');
  const [a, b] = await Promise.all([start(), start()]);
  step('started; warming up');
  const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' };

  let next = 0;
  const pages = [
    {
      method: 'GET',
      setupRequest: (req) => ({
        ...req,
        path: `/api/v1/workloads/00000000-0000-4000-8000-${String(next++ % WORKLOADS).padStart(12, '0')}/score`,
      }),
    },
  ];
  const run = (urls, path, opts) =>
    new Promise((resolve, reject) =>
      autocannon(
        {
          url: urls.map((u) => `${u}${path}`),
          headers,
          duration: SECONDS,
          connections: CONNECTIONS,
          ...(path === '' ? { requests: pages } : {}),
          ...opts,
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      ),
    );
  const both = [a.url, b.url];
  const one = [a.url];
  const PORTFOLIO = '/api/v1/portfolio';
  // The portfolio's size as sent (compressed) and as JSON.
  const sizeOf = (path) =>
    new Promise((resolve, reject) =>
      get(`${a.url}${path}`, { headers }, (res) => {
        let n = 0;
        res.on('data', (d) => {
          n += d.length;
        });
        res.on('end', () => resolve({ n, encoding: res.headers['content-encoding'] ?? 'none' }));
      }).on('error', reject),
    );
  const jsonBytes = async (path) =>
    (await (await fetch(`${a.url}${path}`, { headers: { authorization: headers.authorization } })).text())
      .length;
  // Warm-up (JIT, each instance's first portfolio, the database's cache) is not measured.
  await run(both, PORTFOLIO, { duration: 3 });
  await run(both, '', { duration: 3 });
  const sent = await sizeOf(PORTFOLIO);
  const raw = await jsonBytes(PORTFOLIO);

  step('measuring');
  const fixed = {
    portfolio: await run(both, PORTFOLIO, { overallRate: RATE }),
    'workload page': await run(both, '', { overallRate: RATE }),
  };
  // Interleaved, so that a change in the machine's load falls on both sides alike.
  const saturated = { portfolio: { one: [], two: [] }, 'workload page': { one: [], two: [] } };
  for (let round = 0; round < 2; round++) {
    for (const [name, path] of [
      ['portfolio', PORTFOLIO],
      ['workload page', ''],
    ]) {
      const order = round === 0 ? ['one', 'two'] : ['two', 'one'];
      for (const k of order) saturated[name][k].push(await run(k === 'one' ? one : both, path, {}));
    }
  }
  a.child.kill();
  b.child.kill();

  const errors = (r) => r.errors + r.timeouts + r.non2xx;
  const mean = (rs, f) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
  console.log(
    `${WORKLOADS} workloads × ${ids.length} answers in one team, PostgreSQL (seeded in ${seeded} s); ` +
      `${SECONDS} s per run, ${CONNECTIONS} connections; portfolio ${(sent.n / 1024).toFixed(0)} KiB as sent (${sent.encoding}), ${(raw / 1024).toFixed(0)} KiB of JSON\n`,
  );
  console.log(`| at ${RATE} req/s over two instances | p50 ms | p99 ms | req/s | errors |`);
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, r] of Object.entries(fixed)) {
    console.log(
      `| ${name} | ${r.latency.p50} | ${r.latency.p99} | ${Math.round(r.requests.average)} | ${errors(r)} |`,
    );
  }
  console.log(
    '\n| saturated (2 rounds) | one instance req/s | two instances req/s | ratio two/one | p99 ms one / two | errors |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, { one: o, two: t }] of Object.entries(saturated)) {
    const ro = mean(o, (r) => r.requests.average);
    const rt = mean(t, (r) => r.requests.average);
    console.log(
      `| ${name} | ${Math.round(ro)} | ${Math.round(rt)} | ${(rt / ro).toFixed(2)} | ${mean(o, (r) => r.latency.p99)} / ${mean(t, (r) => r.latency.p99)} | ${[...o, ...t].reduce((s, r) => s + errors(r), 0)} |`,
    );
  }
} finally {
  pg.stop();
}
