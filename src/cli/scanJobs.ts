/**
 * The scan-job side of `waymark serve` (pg-boss on PostgreSQL, the embedded runner on SQLite) and
 * `waymark worker`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { InputError } from '../diagnostics/index.js';
import {
  EmbeddedRunner,
  jobMetrics,
  openBoss,
  PgBossDispatcher,
  type QueueSettings,
  redact,
  type ScanDispatcher,
  startWorker,
} from '../jobs/index.js';
import type { ModelSet } from '../model/index.js';
import type { Store } from '../store/index.js';

export interface ScanJobOptions {
  scanCache: string;
  scanRetries: string;
  scanRetryDelay: string;
  scanTimeout: string;
}

function count(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InputError(`${flag}: "${value}" is not a whole number ≥ ${min}`);
  return n;
}

/** What to take out of the job queue's messages: the database URL and its password. */
function databaseSecrets(url: string): string[] {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [url, password] : [url];
  } catch {
    return [url];
  }
}

export function queueSettings(opts: ScanJobOptions): QueueSettings {
  return {
    retryLimit: count('--scan-retries', opts.scanRetries, 0),
    retryDelaySeconds: count('--scan-retry-delay', opts.scanRetryDelay, 0),
    timeoutSeconds: count('--scan-timeout', opts.scanTimeout, 1),
  };
}

/** pg-boss over the server's PostgreSQL, or the embedded runner over SQLite. */
export async function scanDispatcher(
  store: Store,
  models: ModelSet,
  opts: ScanJobOptions & { databaseUrl?: string | undefined },
  log: (line: string) => void,
): Promise<ScanDispatcher> {
  const settings = queueSettings(opts);
  if (opts.databaseUrl) {
    const url = opts.databaseUrl;
    const boss = await openBoss({
      databaseUrl: url,
      supervise: true,
      onError: (err) => log(`job queue: ${redact(err.message, databaseSecrets(url))}`),
    });
    return new PgBossDispatcher(boss, store, settings);
  }
  return EmbeddedRunner.start(store, models, opts.scanCache);
}

/** The webhooks' shared secret: from a file, or WAYMARK_WEBHOOK_SECRET. */
export function webhookSecret(file: string | undefined): string | undefined {
  const secret = (file ? readFileSync(file, 'utf8') : (process.env.WAYMARK_WEBHOOK_SECRET ?? '')).trim();
  if (file && !secret) throw new InputError('the webhook secret file is empty', { file });
  return secret || undefined;
}

export async function runWorker(
  store: Store,
  models: ModelSet,
  opts: ScanJobOptions & {
    databaseUrl: string;
    concurrency: string;
    metricsPort?: string;
    metricsHost: string;
    maintenanceInterval: string;
  },
): Promise<void> {
  const url = opts.databaseUrl;
  const secrets = databaseSecrets(url);
  const log = (line: string) =>
    process.stderr.write(`${new Date().toISOString()} ${redact(line, secrets)}\n`);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'waymark_worker_' });
  const boss = await openBoss({
    databaseUrl: url,
    supervise: true,
    maintenanceIntervalSeconds: count('--maintenance-interval', opts.maintenanceInterval, 1),
    onError: (err) => log(`job queue: ${err.message}`),
  });
  const metrics = jobMetrics(registry, async () => boss.getQueueSize('waymark-scan'));
  const worker = await startWorker({
    store,
    models,
    boss,
    cacheDir: opts.scanCache,
    concurrency: count('--concurrency', opts.concurrency, 1),
    settings: queueSettings(opts),
    metrics,
    log,
  });
  const server = opts.metricsPort
    ? createServer((req, res) => {
        if (req.url !== '/metrics') {
          res.writeHead(404).end();
          return;
        }
        registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
          () => res.writeHead(500).end(),
        );
      }).listen(count('--metrics-port', opts.metricsPort, 0), opts.metricsHost)
    : undefined;
  process.stdout.write(`waymark worker is taking scan jobs (${store.description})\n`);
  const stop = async () => {
    await worker.stop();
    await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    server?.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
