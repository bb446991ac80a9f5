// Server under load: 1,000 workloads with both models fully answered, in SQLite.
// (1) 200 requests/s for the portfolio and for workload pages: p99 latency (goal < 100 ms);
// (2) saturated throughput of both, as a ratio to a bare Fastify route in the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadBuiltinModels, ModelSet } from '../../dist/src/model/index.js';
import { summarise } from '../../dist/src/server/index.js';
import { openStore } from '../../dist/src/store/index.js';

const WORKLOADS = Number(process.env.BENCH_WORKLOADS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'waymark-bench-'));
const db = join(dir, 'bench.db');
const models = new ModelSet(loadBuiltinModels());
const ids = models.practiceIds();

// Seed straight through the store's tables: going through the API would take minutes.
const store = await openStore({ sqliteFile: db });
await store.ensureTeam('local');
const statuses = ['met', 'met', 'partial', 'not-met', 'not-applicable'];
const workloadIds = [];
const now = new Date().toISOString();
for (let w = 0; w < WORKLOADS; w++) {
  const id = `00000000-0000-4000-8000-${String(w).padStart(12, '0')}`;
  workloadIds.push(id);
  const answers = ids.map((practiceId, i) => ({
    practiceId,
    status: statuses[(i * 7 + w) % statuses.length],
    reason: 'bench',
    note: null,
    evidence: [],
    author: 'bench',
    source: 'person',
    confidence: null,
    modelVersion: '1.0.0',
    revision: 1,
    updatedAt: now,
  }));
  await store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('workloads')
      .values({
        id,
        team_id: 'local',
        name: `workload-${w}`,
        repository: null,
        criticality: 'medium',
        tags: '[]',
        summary: JSON.stringify(summarise(models, answers)),
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (let i = 0; i < answers.length; i += 100) {
      await trx
        .insertInto('answers')
        .values(
          answers.slice(i, i + 100).map((a) => ({
            workload_id: id,
            practice_id: a.practiceId,
            status: a.status,
            reason: a.reason,
            note: null,
            evidence: '[]',
            author: 'bench',
            source: 'person',
            confidence: null,
            model_version: '1.0.0',
            revision: 1,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
}
await store.close();

function start(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(String(d));
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
}
const waymark = await start([
  'bin/waymark.js',
  'serve',
  '--single-user',
  '--db',
  db,
  '--port',
  '0',
  '--rate-limit',
  '100000000',
]);
const bare = await start(['bench/server/bareFastify.mjs', '0']);

let next = 0;
const pageRequest = () => [
  {
    method: 'GET',
    setupRequest: (req) => ({
      ...req,
      path: `/api/v1/workloads/${workloadIds[next++ % workloadIds.length]}/score`,
    }),
  },
];
const run = (url, opts) =>
  new Promise((resolve, reject) =>
    autocannon({ url, duration: SECONDS, connections: 10, ...opts }, (err, res) =>
      err ? reject(err) : resolve(res),
    ),
  );

// Warm-up (JIT, first portfolio computation, page cache) is not measured.
await run(`${waymark.url}/api/v1/portfolio`, { duration: 2 });
await run(waymark.url, { duration: 2, requests: pageRequest() });
await run(bare.url, { duration: 2 });

const fixed = {
  portfolio: await run(`${waymark.url}/api/v1/portfolio`, { overallRate: 200 }),
  page: await run(waymark.url, { overallRate: 200, requests: pageRequest() }),
};
const saturated = {
  bare: await run(bare.url, {}),
  portfolio: await run(`${waymark.url}/api/v1/portfolio`, {}),
  page: await run(waymark.url, { requests: pageRequest() }),
};
waymark.child.kill();
bare.child.kill();

const errors = (r) => r.errors + r.timeouts + r.non2xx;
console.log(`${WORKLOADS} workloads × ${ids.length} answers, SQLite; ${SECONDS} s per run, 10 connections\n`);
console.log('| at 200 req/s | p50 ms | p99 ms | errors |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, r] of Object.entries(fixed)) {
  console.log(`| ${name} | ${r.latency.p50} | ${r.latency.p99} | ${errors(r)} |`);
}
console.log('\n| saturated | req/s | ratio to bare Fastify | p99 ms | errors |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, r] of Object.entries(saturated)) {
  const ratio = r.requests.average / saturated.bare.requests.average;
  console.log(
    `| ${name} | ${Math.round(r.requests.average)} | ${ratio.toFixed(3)} | ${r.latency.p99} | ${errors(r)} |`,
  );
}
