/**
 * The embedded runner, for SQLite: no queue. Jobs run one at a time, each in a worker thread of the
 * server (fetch and scan off the main thread); the main thread stores the result. One attempt per
 * job; a job the server did not finish before it stopped is marked failed at the next start.
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { ModelSet } from '../model/index.js';
import {
  type JobTrigger,
  type Repository,
  RepositoryStore,
  type ScanJob,
  type Store,
} from '../store/index.js';
import { type ScanDispatcher, ScheduleUnsupported } from './dispatcher.js';
import type { JobMetrics } from './metrics.js';
import { completeJob } from './recordScan.js';
import { jobError, type ScanPayload } from './scanSource.js';

// From dist/src/jobs/ and from the bundled CLI (dist/bundle/cli/) alike.
const THREAD = new URL('../../../dist/src/jobs/scanThread.js', import.meta.url);

const Reply = z.union([
  z.object({
    ok: z.literal(true),
    payload: z.custom<ScanPayload>((v) => typeof v === 'object' && v !== null),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export class EmbeddedRunner implements ScanDispatcher {
  readonly kind = 'embedded';
  private readonly repos: RepositoryStore;
  private readonly waiting: string[] = [];
  private running: Promise<void> | undefined;
  private current: Worker | undefined;
  private closed = false;

  private constructor(
    private readonly store: Store,
    private readonly models: ModelSet,
    private readonly cacheDir: string,
    private metrics?: JobMetrics,
  ) {
    this.repos = new RepositoryStore(store.db);
  }

  static async start(
    store: Store,
    models: ModelSet,
    cacheDir: string,
    metrics?: JobMetrics,
  ): Promise<EmbeddedRunner> {
    const runner = new EmbeddedRunner(store, models, cacheDir, metrics);
    await runner.repos.failUnfinished('the server stopped before the job finished; scan again');
    return runner;
  }

  async submit(repo: Repository, trigger: JobTrigger): Promise<ScanJob> {
    const job = await this.repos.createJob(repo, trigger);
    this.waiting.push(job.id);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return job;
  }

  async setSchedule(_workloadId: string, _cron: string | null): Promise<void> {
    throw new ScheduleUnsupported();
  }

  attachMetrics(metrics: JobMetrics): void {
    this.metrics = metrics;
  }

  async depth(): Promise<number> {
    return this.waiting.length;
  }

  /** Resolves when no job is running or waiting. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await this.current?.terminate();
    await this.running;
  }

  private async drain(): Promise<void> {
    for (let id = this.waiting.shift(); id && !this.closed; id = this.waiting.shift()) {
      await this.runOne(id).catch(() => {});
    }
  }

  private async runOne(jobId: string): Promise<void> {
    const repo = await this.repos.ofJob(jobId);
    if (!repo) return;
    await this.repos.markRunning(jobId, 1);
    const t0 = performance.now();
    try {
      const payload = await this.inThread(repo);
      await completeJob(this.store, this.repos, this.models, jobId, repo, payload);
      this.metrics?.observe('done', (performance.now() - t0) / 1000);
    } catch (err) {
      this.metrics?.observe('failed', (performance.now() - t0) / 1000);
      if (!this.closed) await this.repos.markAttemptFailed(jobId, jobError(err), true);
    }
  }

  private inThread(repo: Repository): Promise<ScanPayload> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(THREAD, {
        workerData: { url: repo.url, branch: repo.branch, subPath: repo.subPath, cacheDir: this.cacheDir },
      });
      this.current = worker;
      let settled = false;
      worker.once('message', (msg: unknown) => {
        settled = true;
        const reply = Reply.safeParse(msg);
        if (!reply.success) reject(new Error('the scan thread sent an unreadable reply'));
        else if (reply.data.ok) resolve(reply.data.payload);
        else reject(new Error(reply.data.error));
      });
      worker.once('error', (err) => {
        settled = true;
        reject(err);
      });
      worker.once('exit', (code) => {
        // A thread may outlive its reply (its copy is removed in the background): never forget
        // the next job's thread for this one's exit.
        if (this.current === worker) this.current = undefined;
        if (!settled) reject(new Error(`the scan thread stopped (exit code ${code})`));
      });
    });
  }
}
