// Delivery metrics for 1,000 workloads with a year of events each, on SQLite and on a real
// PostgreSQL: read every workload's events from the store, fold them, compute the five figures
// with their explanations over the year (goal < 2 s). The floor, in the same run on the same
// database: the bare read of the same rows through the driver (no objects built, nothing computed).
//   npm run build && node bench/delivery/metrics.mjs
// Env: DELIVERY_BENCH_WORKLOADS (default 1000), DELIVERY_BENCH_ROUNDS (default 5).

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { foldKeyed, workloadMetrics } from '../../dist/src/delivery/index.js';
import { DeliveryEventStore, openStore } from '../../dist/src/store/index.js';
import { startPostgres } from '../../dist/src/testing/postgres.js';

const WORKLOADS = Number(process.env.DELIVERY_BENCH_WORKLOADS ?? 1000);
const ROUNDS = Number(process.env.DELIVERY_BENCH_ROUNDS ?? 5);
const DAY = 86_400_000;
const TO = Date.parse('2026-12-01T00:00:00Z');
const WINDOW = { from: new Date(TO - 365 * DAY).toISOString(), to: new Date(TO).toISOString() };
const actor = { teamId: 'local', name: 'bench', role: 'admin' };

/** A deterministic pseudo-random sequence, so both databases hold the same events. */
function random(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** A year of one workload: production deployments every 18–54 h (1 in 10 failing), staging half as often, an incident a month. */
function yearOf(workload, w) {
  const rnd = random(w + 1);
  const events = [];
  let sha = w * 100_000;
  const hex = () => (++sha).toString(16).padStart(40, '0');
  for (const [environment, every] of [
    ['production', 36],
    ['staging', 72],
  ]) {
    for (let t = TO - 365 * DAY, i = 0; t < TO; t += every * 3_600_000 * (0.5 + rnd()), i++) {
      const commits = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, c) => ({
        sha: hex(),
        time: new Date(t - (c + 1) * 7 * 3_600_000 * rnd()).toISOString(),
      }));
      events.push({
        type: 'deployment',
        id: `${environment}-${i}`,
        workload,
        environment,
        status: rnd() < 0.1 ? 'failure' : 'success',
        time: new Date(t).toISOString(),
        commits,
        source: 'github',
      });
    }
  }
  for (let m = 0; m < 12; m++) {
    const opened = TO - 365 * DAY + m * 30 * DAY + rnd() * 20 * DAY;
    events.push({
      type: 'incident',
      id: `INC-${m}`,
      workload,
      openedAt: new Date(opened).toISOString(),
      resolvedAt: new Date(opened + rnd() * 8 * 3_600_000).toISOString(),
      source: 'file',
    });
  }
  return events;
}

async function seed(store) {
  await store.ensureTeam('local');
  const events = new DeliveryEventStore(store.db);
  const ids = [];
  let count = 0;
  const now = new Date().toISOString();
  for (let w = 0; w < WORKLOADS; w++) {
    const id = `00000000-0000-4000-8000-${String(w).padStart(12, '0')}`;
    ids.push(id);
    await store.db
      .insertInto('workloads')
      .values({
        id,
        team_id: 'local',
        name: `workload-${w}`,
        repository: null,
        criticality: 'medium',
        tags: '[]',
        summary: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const year = yearOf(id, w);
    count += (await events.add(actor, id, year)).stored;
  }
  return { ids, count };
}

/**
 * What a portfolio of delivery figures costs: read, fold, compute, per workload. `explain`: also
 * build every list of what each figure used (what one workload's page shows).
 */
async function metricsOfAll(store, ids, explain) {
  const events = new DeliveryEventStore(store.db);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const byWorkload = await events.keyedMany(ids, WINDOW.to);
  const t1 = performance.now();
  let figures = 0;
  for (const id of ids) {
    const h = foldKeyed(byWorkload.get(id) ?? []);
    for (const m of workloadMetrics(id, h.deployments, h.incidents, { window: WINDOW, explain })) {
      if (m.changeFailureRate.value !== null) figures++;
    }
  }
  const t2 = performance.now();
  return { read: t1 - t0, compute: t2 - t1, total: t2 - t0, cpu: cpuMs(c0), figures };
}

/** The floor: the same rows read bare through the same connection, nothing built from them. */
async function bareRead(store) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r =
    await sql`select workload_id, event_key, kind, source, event_id, environment, status, at, resolved_at, commits, ref, deployment_ref, delivery_id from delivery_events where at < ${WINDOW.to} order by workload_id, at`.execute(
      store.db,
    );
  return { ms: performance.now() - t0, cpu: cpuMs(c0), rows: r.rows.length };
}

/** This process's CPU time since `c0` (user + system), ms: less swayed by other jobs than wall time. */
const cpuMs = (c0) => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label, store) {
  const t = performance.now();
  const { ids, count } = await seed(store);
  const seedMs = performance.now() - t;
  await bareRead(store);
  await metricsOfAll(store, ids, false);
  // Interleaved, so that a change of load on the shared machine falls on all three alike.
  const floor = [];
  const figures = [];
  const explained = [];
  for (let i = 0; i < ROUNDS; i++) {
    floor.push(await bareRead(store));
    figures.push(await metricsOfAll(store, ids, false));
    explained.push(await metricsOfAll(store, ids, true));
  }
  const f = median(floor.map((r) => r.ms));
  const total = median(figures.map((r) => r.total));
  const row = {
    label,
    events: count,
    seedS: (seedMs / 1000).toFixed(1),
    readMs: Math.round(median(figures.map((r) => r.read))),
    computeMs: Math.round(median(figures.map((r) => r.compute))),
    totalMs: Math.round(total),
    explainedMs: Math.round(median(explained.map((r) => r.total))),
    floorMs: Math.round(f),
    ratio: (total / f).toFixed(2),
    explainedRatio: (median(explained.map((r) => r.total)) / f).toFixed(2),
    cpuMs: Math.round(median(figures.map((r) => r.cpu))),
    floorCpuMs: Math.round(median(floor.map((r) => r.cpu))),
    figures: figures[0].figures,
    goal: total < 2000 ? 'met' : 'not met',
  };
  console.log(JSON.stringify(row));
  return row;
}

const loadAt = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const loadBefore = loadAt();
const rows = [];
const dir = mkdtempSync(join(os.tmpdir(), 'waymark-bench-delivery-'));
{
  const store = await openStore({ sqliteFile: join(dir, 'delivery.db') });
  rows.push(await measure('SQLite', store));
  await store.close();
}
{
  const pg = await startPostgres();
  try {
    const store = await openStore({ databaseUrl: pg.createDatabase('delivery') });
    rows.push(await measure('PostgreSQL', store));
    await store.close();
  } finally {
    pg.stop();
  }
}
console.log(
  `\n${WORKLOADS} workloads, a year each, ${ROUNDS} interleaved rounds (median); node ${process.version}; load ${loadBefore} before, ${loadAt()} after; ${new Date().toISOString()}`,
);
console.log(
  '| database | events | read | fold + compute | total (figures) | total with explanations | bare read (floor) | figures / floor | explained / floor | CPU, figures (floor) | goal < 2 s |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const r of rows)
  console.log(
    `| ${r.label} | ${r.events.toLocaleString('en')} | ${r.readMs} ms | ${r.computeMs} ms | ${r.totalMs} ms | ${r.explainedMs} ms | ${r.floorMs} ms | ${r.ratio}× | ${r.explainedRatio}× | ${r.cpuMs} ms (${r.floorCpuMs} ms) | ${r.goal} |`,
  );
