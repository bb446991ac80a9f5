// Notification delay: from the scrape that brings Prometheus a changed value to the webhook
// receiving the change, through `watchHealth` and the delivery queue. The scrape interval is the
// yardstick (a change cannot be seen sooner than it is scraped), and the watch interval the floor
// of this run: a change waits for the next evaluation, half an interval on average.
//   npx tsc -p tsconfig.json && node bench/health/notify.mjs
// Env: NOTIFY_BENCH_FLIPS (default 12), NOTIFY_BENCH_SCRAPE (default 1s), NOTIFY_BENCH_INTERVAL_MS (default 250).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (p) => new URL(`../../dist/src/health/${p}`, import.meta.url).href;
const { evaluateHealth, parseHealthModel, prometheusApiSource, watchHealth, webhookNotifier } = await import(
  dist('index.js')
);
const { serve } = await import(dist('testSupport/http.js'));
const { startPrometheus, waitFor, prometheusBinary } = await import(dist('testSupport/prometheus.js'));

const FLIPS = Number(process.env.NOTIFY_BENCH_FLIPS ?? 12);
const SCRAPE = process.env.NOTIFY_BENCH_SCRAPE ?? '1s';
const SCRAPE_MS = Number.parseFloat(SCRAPE) * (SCRAPE.endsWith('ms') ? 1 : 1000);
const INTERVAL_MS = Number(process.env.NOTIFY_BENCH_INTERVAL_MS ?? 250);

let value = 0.001;
/** When the target first served the current value to a scrape: the change reaches Prometheus then. */
let servedAt;
let served = value;
const app = await serve((_req, res) => {
  if (served !== value) {
    served = value;
    servedAt = performance.now();
  }
  res.setHeader('content-type', 'text/plain; version=0.0.4');
  res.end(`# TYPE app_error_ratio gauge\napp_error_ratio ${value}\n`);
});
const prom = await startPrometheus([`127.0.0.1:${app.port}`], SCRAPE);
const delays = [];
const received = [];
const hook = await serve((_req, res, body) => {
  const at = performance.now();
  const note = JSON.parse(body);
  received.push({ at, state: note.state });
  res.end();
});
try {
  const model = parseHealthModel(
    `version: 1
workload: bench
components:
  - id: api
    critical: true
    signals:
      - { id: errors, query: max(app_error_ratio), unit: ratio, thresholds: { unhealthy: 0.05, reason: bench } }
`,
    'bench.health.yaml',
    root,
  );
  const source = prometheusApiSource(prom.url);
  await waitFor(
    'the first scrape',
    20_000,
    async () => (await evaluateHealth(model, { source })).state === 'healthy',
  );
  const stop = new AbortController();
  let flips = 0;
  let waitingFor;
  const flip = () => {
    flips++;
    value = value < 0.05 ? 0.4 : 0.001;
    waitingFor = value < 0.05 ? 'healthy' : 'unhealthy';
  };
  const done = watchHealth({
    evaluate: () => evaluateHealth(model, { source }),
    intervalMs: INTERVAL_MS,
    signal: stop.signal,
    notifiers: [webhookNotifier(hook.url)],
    onDelivery(e) {
      if (e.kind !== 'delivered' || e.delivery.notification.state !== waitingFor) return;
      const got = received.findLast((r) => r.state === waitingFor);
      if (got && servedAt !== undefined) delays.push(got.at - servedAt);
      waitingFor = undefined;
      // A new change at a random point of the scrape cycle, so the phases average out.
      if (flips < FLIPS) setTimeout(flip, 300 + Math.random() * SCRAPE_MS);
      else stop.abort();
    },
  });
  setTimeout(flip, 500);
  await done;
  const sorted = [...delays].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const p90 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))];
  const version = spawnSync(prometheusBinary(), ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const md = `## Health: notification delay (stop 12)

From the scrape that brings Prometheus a changed value (the target serving it) to the webhook
receiving the notification, through \`watchHealth\` and the delivery queue, on loopback.
${delays.length} changes (healthy ↔ unhealthy), each at a random point of the scrape cycle.

- machine: ${cpu}, ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}
- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
- Node ${process.version}; ${version}; scrape interval ${SCRAPE}; watch interval ${INTERVAL_MS} ms
- command: \`npx tsc -p tsconfig.json && node bench/health/notify.mjs\`

| what | median | p90 |
| --- | ---: | ---: |
| scrape → webhook received | ${median.toFixed(0)} ms | ${p90.toFixed(0)} ms |
| as a share of the scrape interval | ${(median / SCRAPE_MS).toFixed(2)}× | ${(p90 / SCRAPE_MS).toFixed(2)}× |
| as a share of the watch interval (the floor: a change waits ½ of it on average) | ${(median / INTERVAL_MS).toFixed(2)}× | ${(p90 / INTERVAL_MS).toFixed(2)}× |

Delays (ms): ${delays.map((d) => d.toFixed(0)).join(', ')}.
`;
  writeFileSync(new URL('./NOTIFY.md', import.meta.url), md);
  process.stdout.write(md);
} finally {
  await prom.stop();
  await app.close();
  await hook.close();
}
