// Benchmark of the JTL CSV hot path against the machine's floor (wc -l) and peers (datamash, mlr).
//   npm run build && node bench/perf/jtl.mjs
// Times `node bin/waymark.js perf summary --format json FILE` (whole process), parallel and single-threaded.
//   PERF_BENCH_ROWS=10000000 node bench/perf/jtl.mjs     # the full 10M rows ≈ 1 GB
// Env: PERF_BENCH_ROWS (default 2,000,000), PERF_BENCH_DIR (default a temp dir), PERF_BENCH_KEEP=1 keeps the file,
//   PERF_BENCH_QUOTED=1: a quarter of the labels hold a comma, so JMeter quotes them and their URLs,
//   PERF_BENCH_OTHER=/path/to/another/checkout: also time that checkout's CLI on the same file (before/after),
//   PERF_BENCH_GENERATE_ONLY=1: write the file and stop, PERF_BENCH_SKIP=mlr: leave Miller out (40 s a run).
import { spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rows = Number(process.env.PERF_BENCH_ROWS ?? 2_000_000);
const dir = process.env.PERF_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'waymark-perf-bench-'));
mkdirSync(dir, { recursive: true });
const quoted = process.env.PERF_BENCH_QUOTED === '1';
const file = join(dir, `bench-${rows}${quoted ? '-quoted' : ''}.jtl`);

const HEADER =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n';
// Parameterised labels as JMeter names them; a comma makes it quote the label and the URL.
const QUOTED_LABELS = ['GET /search?q=shoes,red', 'GET /products?sort=price,desc'];
const LABELS = [
  'GET /products',
  'GET /products/{id}',
  'POST /cart',
  'POST /checkout',
  'GET /search',
  'GET /home',
];

async function generate() {
  if (existsSync(file)) return;
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  out.write(HEADER);
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let batch = '';
  const t0 = 1_714_550_400_000;
  for (let i = 0; i < rows; i++) {
    const label = quoted && i % 4 === 3 ? QUOTED_LABELS[(i >> 2) % 2] : LABELS[i % LABELS.length];
    const path = label.slice(label.indexOf(' ') + 1);
    const q = (v) => (v.includes(',') ? `"${v}"` : v);
    const elapsed = Math.floor(5 + 2000 * rand() ** 3);
    const ok = rand() > 0.01;
    batch += `${t0 + Math.floor(i / 50)},${elapsed},${q(label)},${ok ? 200 : 500},${ok ? 'OK' : '"Internal Server Error, retry"'},Thread Group 1-${i % 64},text,${ok},${ok ? '' : '"Response code was 500, expected 200"'},${1000 + (i % 5000)},${200 + (i % 50)},64,64,${q(`https://shop.example.com${path}`)},${Math.floor(elapsed * 0.8)},0,${i % 7}\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await new Promise((r) => out.once('drain', r));
      batch = '';
    }
  }
  out.write(batch);
  await new Promise((r) => out.end(r));
}

/**
 * CPU time (user + system) of the children this process has waited for, s, from /proc/self/stat
 * (cutime and cstime, in clock ticks of 1/100 s): on a machine shared with other work, wall time
 * measures the contention as much as the tool, so the table shows both.
 */
function childCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

function time(cmd, args, opts = {}) {
  const c = childCpu();
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 26, encoding: 'utf8', ...opts });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.error) return { missing: true };
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return { s, cpu: childCpu() - c, out: r.stdout, stderr: r.stderr };
}

const has = (cmd) => !spawnSync(cmd, ['--version']).error;

await generate();
if (process.env.PERF_BENCH_GENERATE_ONLY === '1') process.exit(0);
const { loadavg, availableParallelism } = await import('node:os');
const loadBefore = loadavg();
const bytes = statSync(file).size;
const mb = bytes / 1e6;
spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] }); // warm the page cache for everyone

// The whole CLI process, as a user runs it (parallel by default), then forced single-threaded.
const cli = (threads, checkout = root) => {
  const env = { ...process.env, ...(threads ? { WAYMARK_PERF_THREADS: String(threads) } : {}) };
  const script = `process.on('exit', () => process.stderr.write('RSS ' + process.resourceUsage().maxRSS * 1024));`;
  const r = time(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(script)}`,
      join(checkout, 'bin/waymark.js'),
      'perf',
      'summary',
      '--format',
      'json',
      file,
    ],
    { env },
  );
  return { ...r, rss: Number(/RSS (\d+)/.exec(r.stderr ?? '')?.[1] ?? 0) };
};
const results = [];
const wc = time('wc', ['-l', file]);
results.push({ tool: 'wc -l', ...wc });
const mine = cli(undefined);
const summary = JSON.parse(mine.out);
const mineOut = {
  flows: summary.flows.map((f) => [
    f.flow,
    f.count,
    f.percentiles.p50.ms,
    f.percentiles.p95.ms,
    f.percentiles.p99.ms,
  ]),
};
results.push({ tool: 'waymark perf summary (parallel)', s: mine.s, cpu: mine.cpu, rss: mine.rss });
const single = cli(1);
results.push({ tool: 'waymark, WAYMARK_PERF_THREADS=1', s: single.s, cpu: single.cpu, rss: single.rss });
if (single.out !== mine.out) throw new Error('parallel and single-threaded summaries differ');
if (process.env.PERF_BENCH_OTHER) {
  const other = cli(undefined, process.env.PERF_BENCH_OTHER);
  results.push({
    tool: `${process.env.PERF_BENCH_OTHER} (parallel)`,
    s: other.s,
    cpu: other.cpu,
    rss: other.rss,
  });
}
if (has('datamash')) {
  const dm = time('sh', ['-c', `datamash -t, -H -s -g 3 perc:50 2 perc:95 2 perc:99 2 < '${file}'`]);
  results.push({ tool: 'datamash -s -g 3 perc:50/95/99', ...dm });
} else results.push({ tool: 'datamash', missing: true });
if (process.env.PERF_BENCH_SKIP === 'mlr') results.push({ tool: 'mlr', missing: true });
else if (has('mlr')) {
  const m = time('mlr', [
    '--icsv',
    '--ojson',
    'stats1',
    '-a',
    'p50,p95,p99',
    '-f',
    'elapsed',
    '-g',
    'label',
    file,
  ]);
  results.push({ tool: 'mlr stats1 p50,p95,p99', ...m });
} else results.push({ tool: 'mlr', missing: true });

console.log(
  `rows ${rows.toLocaleString('en')}${quoted ? ' (a quarter quoted)' : ''}, file ${mb.toFixed(0)} MB, ${file}; ${availableParallelism()} cores, load average (1, 5, 15 min) before ${loadBefore
    .map((x) => x.toFixed(2))
    .join(' ')}, after ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('tool                                 seconds   cpu s     MB/s   ours is faster by (wall)');
for (const r of results) {
  if (r.missing) {
    console.log(`${r.tool.padEnd(36)} (not installed)`);
    continue;
  }
  const ratio = r.s / mine.s;
  console.log(
    `${r.tool.padEnd(36)} ${r.s.toFixed(2).padStart(7)} ${(r.cpu ?? Number.NaN).toFixed(2).padStart(7)} ${(mb / r.s).toFixed(0).padStart(8)}   ${ratio >= 1 ? `${ratio.toFixed(1)}x` : `1/${(1 / ratio).toFixed(1)} (it is ${(1 / ratio).toFixed(1)}x faster)`}${r.rss ? `   peak RSS ${(r.rss / 2 ** 20).toFixed(0)} MiB` : ''}`,
  );
}
const dmOut = results.find((r) => r.tool.startsWith('datamash'))?.out;
if (dmOut) {
  const theirs = new Map(
    dmOut
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => [l.split(',')[0], l.split(',').slice(1).map(Number)]),
  );
  let worst = 0;
  for (const [label, , p50, p95, p99] of mineOut.flows) {
    const t = theirs.get(label);
    if (!t) continue;
    [p50, p95, p99].forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - t[i]) / t[i]);
    });
  }
  console.log(`largest relative difference from datamash percentiles: ${(worst * 100).toFixed(3)}%`);
}
if (!process.env.PERF_BENCH_DIR && !process.env.PERF_BENCH_KEEP) rmSync(dir, { recursive: true });
