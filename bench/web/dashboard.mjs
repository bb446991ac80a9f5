// The portfolio page in Chromium with 1,000 workloads: bytes moved on a first load (no cache),
// and the time from navigation until the workload table, and then the heat map (scrolled to), are drawn. The
// floor is a static page of a 1,000-row table served by node:http in the same run.
// Goals (issue 12): transfer <= 250 KB, table <= 300 ms, heat map <= 600 ms.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { loadBuiltinModels, ModelSet } from '../../dist/src/model/index.js';
import { summarise } from '../../dist/src/server/index.js';
import { openStore } from '../../dist/src/store/index.js';

const WORKLOADS = Number(process.env.BENCH_WORKLOADS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'waymark-web-bench-'));
const db = join(dir, 'bench.db');
const models = new ModelSet(loadBuiltinModels());
const ids = models.practiceIds();

// Seed summaries straight into the table: the page reads only them.
const store = await openStore({ sqliteFile: db });
await store.ensureTeam('local');
const statuses = ['met', 'met', 'partial', 'not-met', 'unknown'];
const now = new Date().toISOString();
const rows = [];
for (let w = 0; w < WORKLOADS; w++) {
  const answers = ids.map((practiceId, i) => ({
    practiceId,
    status: statuses[(i * 7 + w) % statuses.length],
    reason: null,
    note: null,
    evidence: [],
    author: 'bench',
    source: 'person',
    confidence: null,
    modelVersion: '1.0.0',
    revision: 1,
    updatedAt: now,
  }));
  rows.push({
    id: `00000000-0000-4000-8000-${String(w).padStart(12, '0')}`,
    team_id: 'local',
    name: `workload-${String(w).padStart(4, '0')}`,
    repository: null,
    criticality: ['low', 'medium', 'high', 'critical'][w % 4],
    tags: JSON.stringify([['checkout', 'search', 'identity', 'data'][w % 4]]),
    summary: JSON.stringify(summarise(models, answers)),
    created_at: now,
    updated_at: now,
  });
}
for (let i = 0; i < rows.length; i += 100)
  await store.db
    .insertInto('workloads')
    .values(rows.slice(i, i + 100))
    .execute();
await store.close();

const port = 4800 + Math.floor(Math.random() * 100);
const server = spawn(
  process.execPath,
  ['bin/waymark.js', 'serve', '--single-user', '--port', String(port), '--db', db],
  {
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    if (out.includes('Waymark is running')) resolve();
  });
  server.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
});
const base = `http://127.0.0.1:${port}`;
process.on('exit', () => server.kill('SIGTERM'));

// The floor: the same number of rows as a static table, no script.
const table = `<!doctype html><html><head><meta charset="utf-8"><title>static</title></head><body><table id="t"><thead><tr><th>Workload</th><th>OE</th><th>PE</th></tr></thead><tbody>${rows
  .map((r) => `<tr><th><a href="/w/${r.id}">${r.name}</a></th><td>1</td><td>0</td></tr>`)
  .join('')}</tbody></table></body></html>`;
const floor = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(table));
await new Promise((r) => floor.listen(0, '127.0.0.1', r));
const floorUrl = `http://127.0.0.1:${floor.address().port}/`;

const browser = await chromium.launch({
  executablePath: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

/**
 * One cold load (a fresh context: no cache): ms from navigation start to each mark, and bytes
 * moved until the network is idle. A mark may first scroll an element into view (a reader going
 * straight to it): what is below the fold is loaded when it comes into view.
 */
async function load(url, marks) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const finished = [];
  page.on('requestfinished', (r) => finished.push(r));
  await page.goto(url, { waitUntil: 'commit' });
  const times = {};
  // A function, not a string: the page's CSP forbids eval.
  for (const [name, [selector, atLeast, scrollTo]] of Object.entries(marks)) {
    if (scrollTo) await page.locator(scrollTo).evaluate((el) => el.scrollIntoView());
    times[name] = await (
      await page.waitForFunction(
        ([sel, n]) => (document.querySelectorAll(sel).length >= n ? performance.now() : false),
        [selector, atLeast],
        { timeout: 60_000, polling: 'raf' },
      )
    ).jsonValue();
  }
  await page.waitForLoadState('networkidle');
  let bytes = 0;
  for (const r of finished) {
    const s = await r.sizes();
    bytes += s.responseBodySize + s.responseHeadersSize;
  }
  await context.close();
  return { ...times, bytes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { floor: [], page: [], shown: [] };
for (let i = 0; i < RUNS; i++) {
  results.floor.push(await load(floorUrl, { table: ['#t tbody tr', WORKLOADS] }));
  // The table lists its first 100 rows (the rest on request): drawn when they are there.
  const table = ['[data-testid="workload-table"] tbody tr:not(.more-row)', Math.min(WORKLOADS, 100)];
  // The page as it opens: the heat map is below the fold.
  results.page.push(await load(`${base}/`, { table }));
  // Scrolled to the heat map as soon as the table is there; the chart marks itself drawn (canvas).
  results.shown.push(
    await load(`${base}/`, {
      table,
      heatmap: ['[data-testid="heatmap-oe"][data-drawn]', 1, '[data-testid="heatmaps"]'],
    }),
  );
}
await browser.close();
floor.close();
server.kill('SIGTERM');

const f = median(results.floor.map((r) => r.table));
const t = median(results.page.map((r) => r.table));
const h = median(results.shown.map((r) => r.heatmap));
const kb = median(results.page.map((r) => r.bytes)) / 1024;
const skb = median(results.shown.map((r) => r.bytes)) / 1024;
const fkb = median(results.floor.map((r) => r.bytes)) / 1024;
console.log(`Chromium, ${WORKLOADS} workloads, median of ${RUNS} cold loads (fresh context, no cache)\n`);
console.log('| measure | static page | portfolio page | ratio | goal |');
console.log('| --- | --: | --: | --: | --: |');
console.log(
  `| transfer, first load (KB, as sent) | ${fkb.toFixed(0)} | ${kb.toFixed(0)} | ${(kb / fkb).toFixed(1)}x | <= 250 KB |`,
);
console.log(
  `| transfer, heat map shown too (KB) | ${fkb.toFixed(0)} | ${skb.toFixed(0)} | ${(skb / fkb).toFixed(1)}x | - |`,
);
console.log(
  `| workload table drawn (ms after navigation) | ${f.toFixed(0)} | ${t.toFixed(0)} | ${(t / f).toFixed(1)}x | <= 300 ms |`,
);
console.log(
  `| heat map drawn, scrolled to at once (ms after navigation) | - | ${h.toFixed(0)} | ${(h / f).toFixed(1)}x | <= 600 ms |`,
);
