import type { JobTrigger, Repository, ScanJob } from '../store/index.js';
import type { JobMetrics } from './metrics.js';

/** Where the server sends scan jobs: pg-boss on PostgreSQL, a worker thread on SQLite. */
export interface ScanDispatcher {
  readonly kind: 'queue' | 'embedded';
  /** Records a queued job for the repository and hands it on. */
  submit(repo: Repository, trigger: JobTrigger): Promise<ScanJob>;
  /** Sets (or, with null, removes) the workload's scan schedule; refused where there is no queue. */
  setSchedule(workloadId: string, cron: string | null): Promise<void>;
  /** Jobs waiting, for /metrics. */
  depth(): Promise<number>;
  /** Where to count the jobs it runs itself (the embedded runner). */
  attachMetrics?(metrics: JobMetrics): void;
  close(): Promise<void>;
}

export class ScheduleUnsupported extends Error {
  constructor() {
    super('scan schedules need the PostgreSQL job queue (start the server with DATABASE_URL)');
  }
}
