/**
 * Scan jobs on pg-boss, over the server's own PostgreSQL (its `pgboss` schema). A pg-boss job
 * carries only the id of a `scan_jobs` row: no URL, no credential. Retries with back-off and the
 * time limit are pg-boss's; a job that runs out of retries goes to a dead-letter queue, whose
 * handler marks the row failed. Each workload's schedule is a pg-boss schedule on a queue of its own.
 */
import PgBoss from 'pg-boss';
import { z } from 'zod';
import type { ModelSet } from '../model/index.js';
import {
  type JobTrigger,
  type Repository,
  RepositoryStore,
  type ScanJob,
  type Store,
} from '../store/index.js';
import type { ScanDispatcher } from './dispatcher.js';
import type { JobMetrics } from './metrics.js';
import { completeJob } from './recordScan.js';
import { jobError, scanSource } from './scanSource.js';

export const SCAN_QUEUE = 'waymark-scan';
export const DEAD_QUEUE = 'waymark-scan-dead';
const CRON_PREFIX = 'waymark-scan-cron-';

export interface QueueSettings {
  /** Retries after the first attempt. */
  retryLimit: number;
  /** Seconds before the first retry; doubled each time (pg-boss's back-off). */
  retryDelaySeconds: number;
  /** Time limit of one attempt, in seconds. */
  timeoutSeconds: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  retryLimit: 3,
  retryDelaySeconds: 30,
  timeoutSeconds: 600,
};

const JobData = z.object({ jobId: z.uuid() });
const CronData = z.object({ workloadId: z.string() });

export interface BossOptions {
  databaseUrl: string;
  /** Run pg-boss's maintenance (expiry of timed-out jobs, retries) and cron here. */
  supervise: boolean;
  maintenanceIntervalSeconds?: number | undefined;
  onError?: ((err: Error) => void) | undefined;
}

export async function openBoss(opts: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: opts.databaseUrl,
    schema: 'pgboss',
    max: 4,
    supervise: opts.supervise,
    schedule: opts.supervise,
    ...(opts.maintenanceIntervalSeconds
      ? { maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds }
      : {}),
  });
  boss.on('error', (err) => opts.onError?.(err));
  await boss.start();
  await ensureQueue(boss, DEAD_QUEUE, {});
  await ensureQueue(boss, SCAN_QUEUE, { deadLetter: DEAD_QUEUE });
  return boss;
}

async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, { name, ...options });
      return;
    } catch (err) {
      // Instances started together create the queues together: PostgreSQL then ends one of two
      // such transactions as a deadlock, or the queue appears in between. Look again, a little later.
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 50));
    }
  }
}

/** The server's side: records jobs and sends them to pg-boss. */
export class PgBossDispatcher implements ScanDispatcher {
  readonly kind = 'queue';
  private readonly repos: RepositoryStore;

  constructor(
    private readonly boss: PgBoss,
    store: Store,
    private readonly settings: QueueSettings = DEFAULT_QUEUE_SETTINGS,
    private readonly ownsBoss = true,
  ) {
    this.repos = new RepositoryStore(store.db);
  }

  async submit(repo: Repository, trigger: JobTrigger): Promise<ScanJob> {
    const job = await this.repos.createJob(repo, trigger);
    try {
      await this.send(job.id);
    } catch (err) {
      // Not queued: say so on the job rather than leave it waiting for ever.
      await this.repos.markAttemptFailed(job.id, `could not queue the job: ${jobError(err)}`, true);
      throw err;
    }
    return job;
  }

  private async send(jobId: string): Promise<void> {
    await this.boss.send(
      SCAN_QUEUE,
      { jobId },
      {
        retryLimit: this.settings.retryLimit,
        retryDelay: this.settings.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: this.settings.timeoutSeconds,
        deadLetter: DEAD_QUEUE,
      },
    );
  }

  async setSchedule(workloadId: string, cron: string | null): Promise<void> {
    const name = `${CRON_PREFIX}${workloadId}`;
    if (cron === null) {
      await this.boss.unschedule(name);
    } else {
      await ensureQueue(this.boss, name, {});
      await this.boss.schedule(name, cron, { workloadId }, { tz: 'UTC' });
    }
    await this.repos.setSchedule(workloadId, cron);
  }

  async depth(): Promise<number> {
    return (await this.repos.countByState()).queued;
  }

  async close(): Promise<void> {
    if (this.ownsBoss) await this.boss.stop({ graceful: false, wait: true });
  }
}

export interface WorkerOptions {
  store: Store;
  models: ModelSet;
  boss: PgBoss;
  cacheDir: string;
  /** Jobs run at once by this worker. */
  concurrency: number;
  settings?: QueueSettings;
  metrics?: JobMetrics | undefined;
  log?: (line: string) => void;
  pollingIntervalSeconds?: number;
}

/** A `waymark worker`'s side: takes scan jobs and scheduled scans from pg-boss. */
export async function startWorker(opts: WorkerOptions): Promise<{ stop(): Promise<void> }> {
  const { boss, store, models } = opts;
  const repos = new RepositoryStore(store.db);
  const dispatcher = new PgBossDispatcher(boss, store, opts.settings, false);
  const log = opts.log ?? (() => {});
  const polling = opts.pollingIntervalSeconds ?? 2;

  const handle = async (job: PgBoss.JobWithMetadata<unknown>) => {
    const { jobId } = JobData.parse(job.data);
    const row = await repos.getJob(jobId);
    const repo = await repos.ofJob(jobId);
    // Removed since, or stored by an attempt that died before it told pg-boss: nothing to do.
    if (!row || !repo || row.state === 'done') return;
    const attempt = job.retryCount + 1;
    await repos.markRunning(jobId, attempt);
    log(`job ${jobId}: attempt ${attempt}`);
    const t0 = performance.now();
    try {
      const timeout = AbortSignal.timeout((opts.settings ?? DEFAULT_QUEUE_SETTINGS).timeoutSeconds * 1000);
      const payload = await scanSource(repo, opts.cacheDir, timeout);
      await completeJob(store, repos, models, jobId, repo, payload);
      opts.metrics?.observe('done', (performance.now() - t0) / 1000);
      log(`job ${jobId}: done`);
    } catch (err) {
      const message = jobError(err);
      opts.metrics?.observe('failed', (performance.now() - t0) / 1000);
      await repos.markAttemptFailed(jobId, message, job.retryCount >= job.retryLimit);
      log(`job ${jobId}: failed: ${message}`);
      // What pg-boss keeps as the job's output: the redacted message only.
      throw new Error(message);
    }
  };

  const ids: string[] = [];
  for (let i = 0; i < Math.max(1, opts.concurrency); i++) {
    let id = '';
    id = await boss.work(
      SCAN_QUEUE,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: polling },
      async ([job]) => {
        if (!job) return;
        try {
          await handle(job);
        } finally {
          // pg-boss waits out the polling interval after every job: woken, this loop fetches the
          // next one at once, so a backlog drains at the speed of the scans, not one per interval.
          boss.notifyWorker(id);
        }
      },
    );
    ids.push(id);
  }
  // Out of retries (an error each time, or timed out, or its workers killed): failed, with the error.
  ids.push(
    await boss.work(DEAD_QUEUE, { batchSize: 1, pollingIntervalSeconds: polling }, async ([job]) => {
      if (!job) return;
      const { jobId } = JobData.parse(job.data);
      const row = await repos.getJob(jobId);
      if (!row || row.state === 'done' || row.state === 'failed') return;
      await repos.markAttemptFailed(
        jobId,
        row.error ?? 'the job ran out of time or its worker stopped',
        true,
      );
    }),
  );

  // Scheduled scans: one queue per workload with a schedule, found as schedules are added.
  const watched = new Set<string>();
  const watchSchedules = async () => {
    for (const q of await boss.getQueues()) {
      if (!q.name.startsWith(CRON_PREFIX) || watched.has(q.name)) continue;
      watched.add(q.name);
      ids.push(
        await boss.work(q.name, { batchSize: 1, pollingIntervalSeconds: polling }, async ([job]) => {
          if (!job) return;
          const { workloadId } = CronData.parse(job.data);
          for (const repo of await repos.list(workloadId)) await dispatcher.submit(repo, 'schedule');
        }),
      );
    }
  };
  await watchSchedules();
  const timer = setInterval(() => {
    watchSchedules().catch((err: unknown) => log(`schedules: ${jobError(err)}`));
  }, 30_000);
  return {
    async stop() {
      clearInterval(timer);
      for (const id of ids) await boss.offWork({ id });
    },
  };
}
