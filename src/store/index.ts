export {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type ExportDocument,
  parseBackup,
  TABLES,
} from './backupFile.js';
export { type Connection, type ConnectOptions, connect, DEFAULT_SQLITE_FILE, migrate } from './connection.js';
export { type AddedEvents, DeliveryEventStore } from './deliveryEvents.js';
export { exportAll, ImportRefused, importAll } from './exportImport.js';
export { type JsonScan, MAX_JSON_DEPTH, scanJson } from './jsonText.js';
export { type PerfComparison, PerfComparisonStore } from './perfComparisons.js';
export {
  PERF_RUN_KINDS,
  type PerfRun,
  type PerfRunDetail,
  type PerfRunInput,
  type PerfRunKind,
  PerfRunStore,
} from './perfRuns.js';
export {
  JOB_STATES,
  JOB_TRIGGERS,
  type JobState,
  type JobTrigger,
  type OwnedRepository,
  type Repository,
  type RepositoryInput,
  RepositoryStore,
  type ScanJob,
} from './repositories.js';
export { hashSessionId, type SessionActor, type SessionInput, Sessions } from './sessions.js';
export {
  type Actor,
  type AnswerInput,
  type AuditEntry,
  CRITICALITIES,
  type Criticality,
  type HealthChange,
  type Milestone,
  type RetiredMove,
  ROLES,
  type Role,
  type Scan,
  type SetAnswerResult,
  Store,
  type StoredAnswer,
  type Summarise,
  type Team,
  UPGRADE_ACTOR,
  type Workload,
  type WorkloadInput,
} from './store.js';

import { type ConnectOptions, connect, migrate } from './connection.js';
import { Store } from './store.js';

/** Connects, runs any pending migrations, and returns the store. */
export async function openStore(opts: ConnectOptions): Promise<Store> {
  const conn = connect(opts);
  await migrate(conn);
  return new Store(conn);
}
