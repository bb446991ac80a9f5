/** Repositories' scan jobs: fetch, scan, store; on pg-boss (PostgreSQL) or in a thread (SQLite). */
export { type ScanDispatcher, ScheduleUnsupported } from './dispatcher.js';
export { EmbeddedRunner } from './embedded.js';
export { type JobMetrics, jobMetrics } from './metrics.js';
export {
  type BossOptions,
  DEFAULT_QUEUE_SETTINGS,
  openBoss,
  PgBossDispatcher,
  type QueueSettings,
  startWorker,
  type WorkerOptions,
} from './pgQueue.js';
export { recordScan, unknownPractice } from './recordScan.js';
export { redact } from './redact.js';
export { jobError, ScanPayload, scanSource } from './scanSource.js';
export { type PushEvent, pushEvent, verifyWebhook, type WebhookProvider } from './webhooks.js';
