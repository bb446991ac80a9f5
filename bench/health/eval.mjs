// Evaluating a health model of 1,000 signals against a real Prometheus, compared with the same
// number of bare HTTP queries to that Prometheus in the same run (the floor: no parsing, no roll-up).
//   npx tsc -p tsconfig.json && node bench/health/eval.mjs
// Env: HEALTH_BENCH_SIGNALS (default 1000), HEALTH_BENCH_CONCURRENCY (default 16), HEALTH_BENCH_ROUNDS (default 7).
// Needs the `prometheus` binary (apt-get install -y prometheus). Writes bench/health/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (p) => new URL(`../../dist/src/health/${p}`, import.meta.url).href;
const { evaluateHealth, mapLimit, parseHealthModel, prometheusApiSource } = await import(dist('index.js'));
const { serve } = await import(dist('testSupport/http.js'));
const { startPrometheus, waitFor, prometheusBinary } = await import(dist('testSupport/prometheus.js'));

const N = Number(process.env.HEALTH_BENCH_SIGNALS ?? 1000);
const CONCURRENCY = Number(process.env.HEALTH_BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.HEALTH_BENCH_ROUNDS ?? 7);

const page = Array.from({ length: N }, (_, i) => `bench_value{i="${i}"} ${(i % 100) / 100}`).join('\n');
const app = await serve((_req, res) => {
  res.setHeader('content-type', 'text/plain; version=0.0.4');
  res.end(`# TYPE bench_value gauge\n${page}\n`);
});
const prom = await startPrometheus([`127.0.0.1:${app.port}`]);
try {
  const countQuery = async () => {
    const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent('count(bench_value)')}`);
    const body = await res.json();
    return Number(body.data?.result?.[0]?.value?.[1] ?? 0) === N;
  };
  await waitFor(`${N} series scraped`, 20_000, countQuery);

  const components = 10;
  const per = Math.ceil(N / components);
  let yaml = `version: 1\nworkload: bench\ncomponents:\n`;
  for (let c = 0; c < components; c++) {
    yaml += `  - id: c${c}\n    critical: ${c === 0}\n${c > 0 ? `    dependsOn: [c${c - 1}]\n` : ''}    signals:\n`;
    for (let s = c * per; s < Math.min(N, (c + 1) * per); s++)
      yaml += `      - { id: s${s}, metric: bench_value, labels: { i: "${s}" }, unit: ratio, thresholds: { degraded: 0.9, unhealthy: 0.95, reason: bench } }\n`;
  }
  const model = parseHealthModel(yaml, 'bench.health.yaml', root);
  const source = prometheusApiSource(prom.url);

  // The floor: the same queries, same method, concurrency and transport (node:http on its default
  // keep-alive agent, as the source uses), body read and JSON-parsed, nothing else. Until stop 13
  // the floor went through fetch, which is about 5x slower here than node:http, so the ratio said
  // less than it seemed to.
  const post = (body) =>
    new Promise((resolve, reject) => {
      const req = request(
        `${prom.url}/api/v1/query`,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, timeout: 5000 },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => {
            text += d;
          });
          res.on('end', () => resolve(JSON.parse(text)));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const bare = async () => {
    const ids = Array.from({ length: N }, (_, i) => i);
    await mapLimit(ids, CONCURRENCY, (i) =>
      post(new URLSearchParams({ query: `bench_value{i="${i}"}`, timeout: '5s' }).toString()),
    );
  };
  const ours = async () => {
    const r = await evaluateHealth(model, { source, concurrency: CONCURRENCY });
    const unknown = r.components.flatMap((c) => c.signals).filter((s) => s.state === 'unknown');
    if (unknown.length) throw new Error(`${unknown.length} unknown signals, e.g. ${unknown[0].reason}`);
  };
  const time = async (fn) => {
    const t = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  await bare();
  await ours();
  const bareMs = [];
  const oursMs = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate the order so neither side always runs on a warmer Prometheus.
    if (i % 2 === 0) {
      bareMs.push(await time(bare));
      oursMs.push(await time(ours));
    } else {
      oursMs.push(await time(ours));
      bareMs.push(await time(bare));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const b = median(bareMs);
  const o = median(oursMs);
  const ratio = o / b;
  const version = spawnSync(prometheusBinary(), ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const rows = [
    `| bare HTTP queries (floor) | ${b.toFixed(0)} ms | ${((N / b) * 1000).toFixed(0)} queries/s |`,
    `| \`evaluateHealth\` | ${o.toFixed(0)} ms | ${((N / o) * 1000).toFixed(0)} signals/s |`,
  ];
  const md = `# Health evaluation benchmark

Evaluating a health model of ${N} signals (10 components, one Prometheus instant query per signal)
against a real Prometheus, compared with ${N} bare HTTP queries to the same Prometheus in the same
run: same queries, POST through node:http as the source sends them, concurrency ${CONCURRENCY}, JSON body parsed. Median of ${ROUNDS} rounds
each, after one warm-up of each, alternating which side goes first. Goal: within 1.5×.

- machine: ${cpu}, ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}
- date: ${new Date().toISOString().slice(0, 10)}
- Node ${process.version}; ${version}
- command: \`npx tsc -p tsconfig.json && node bench/health/eval.mjs\`

| what | median | rate |
| --- | ---: | ---: |
${rows.join('\n')}

**Ratio: ${ratio.toFixed(2)}×** the bare queries (goal ≤ 1.5×). Rounds (ms): bare ${bareMs.map((x) => x.toFixed(0)).join(', ')}; evaluate ${oursMs.map((x) => x.toFixed(0)).join(', ')}.
`;
  writeFileSync(new URL('./RESULTS.md', import.meta.url), md);
  process.stdout.write(md);
} finally {
  await prom.stop();
  await app.close();
}
