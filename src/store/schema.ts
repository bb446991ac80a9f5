import type { Generated } from 'kysely';
import type { AnswerSource, Confidence, Status } from '../answers/index.js';

/**
 * Tables as Kysely sees them. Times are ISO-8601 text and JSON is text, so SQLite and
 * PostgreSQL hold byte-identical values and an export from one imports into the other.
 */
export interface Database {
  teams: TeamTable;
  tokens: TokenTable;
  workloads: WorkloadTable;
  answers: AnswerTable;
  scans: ScanTable;
  milestones: MilestoneTable;
  audit_log: AuditTable;
  team_versions: TeamVersionTable;
  health_latest: HealthLatestTable;
  health_changes: HealthChangeTable;
  perf_baselines: PerfBaselineTable;
  perf_runs: PerfRunTable;
  retired_answers: RetiredAnswerTable;
  sessions: SessionTable;
  repositories: RepositoryTable;
  scan_jobs: ScanJobTable;
  scan_schedules: ScanScheduleTable;
  delivery_events: DeliveryEventTable;
  perf_comparisons: PerfComparisonTable;
}

/** The latest load-test comparison against a baseline pushed for a workload. */
export interface PerfComparisonTable {
  workload_id: string;
  compared_at: string;
  compared_by: string;
  /** When the baseline compared against was made; null when there was none (targets only). */
  baseline_created: string | null;
  flows: number;
  regressed: number;
  targets_missed: number;
}

/** A deployment or incident event of a workload (issue 16), stored once per idempotency key. */
export interface DeliveryEventTable {
  workload_id: string;
  /** The event's idempotency key (a digest of what it says). */
  event_key: string;
  /** deployment or incident. */
  kind: string;
  /** github, gitlab, azure-devops, generic or file. */
  source: string;
  /** The provider's id of the deployment or incident. */
  event_id: string;
  /** Deployments: the environment; incidents: the one they name, if any. */
  environment: string | null;
  /** Deployments: success or failure. */
  status: string | null;
  /** Deployment time or incident opening, ISO-8601 UTC. */
  at: string;
  resolved_at: string | null;
  /** Space-separated `sha` or `sha@time`, the deployed head first; '' for none. */
  commits: string;
  ref: string | null;
  /** Incidents: the deployment id they name as their cause. */
  deployment_ref: string | null;
  delivery_id: string | null;
  received_at: string;
}

/** A signed-in browser session; only the SHA-256 of its id is kept (see sessions.ts). */
export interface SessionTable {
  id_hash: string;
  /** The identity provider's subject (`sub`). */
  subject: string;
  name: string;
  email: string | null;
  team_id: string;
  role: string;
  created_at: string;
  expires_at: string;
}

/** A git repository a workload registers for scan jobs; never holds a credential. */
export interface RepositoryTable {
  id: string;
  workload_id: string;
  url: string;
  branch: string;
  sub_path: string | null;
  created_at: string;
}

export interface ScanJobTable {
  id: string;
  workload_id: string;
  repository_id: string;
  /** manual, schedule or push. */
  trigger: string;
  /** queued, running, done or failed. */
  state: string;
  attempts: number;
  /** The last error, redacted. */
  error: string | null;
  /** The scan it stored; the scan's id is the job's id, so a retried job stores it once. */
  scan_id: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ScanScheduleTable {
  workload_id: string;
  cron: string;
  updated_at: string;
}

/**
 * Answers under a retired practice id that could not move to a successor (it was dropped, or the
 * successor had an answer already): kept for the record, never scored, never deleted by Waymark.
 */
export interface RetiredAnswerTable extends AnswerTable {
  /** `dropped` or `superseded`. */
  kind: string;
  /** The practice it would have moved to, when there is one. */
  replaced_by: string | null;
  retired_at: string;
}

export interface PerfBaselineTable {
  workload_id: string;
  updated_at: string;
  updated_by: string;
  /** The baseline file's text, as `waymark perf baseline set` writes it. */
  baseline: string;
}

/** A load-test run pushed by `waymark perf summary|compare --push` (or made the baseline). */
export interface PerfRunTable {
  id: string;
  workload_id: string;
  pushed_at: string;
  pushed_by: string;
  /** The run's first sample (ISO-8601), when the results have timestamps. */
  started_at: string | null;
  /** A name the pusher gave it (a build, a commit). */
  name: string | null;
  /** `run`, or `baseline` for a run made the baseline when it was pushed. */
  kind: string;
  /** `created` of the baseline it was compared against (or became). */
  baseline_created: string | null;
  /** JSON: per flow, the few figures the trend reads. */
  figures: string;
  /** JSON: the comparison's outcome, when it had a baseline or targets. */
  verdict: string | null;
  /** JSON: the run summary as `perf summary --format json` prints it. */
  summary: string;
  /** The baseline file's text it was compared against. */
  baseline: string | null;
  /** The targets file's text it was read with. */
  targets: string | null;
}

export interface HealthLatestTable {
  workload_id: string;
  evaluated_at: string;
  state: string;
  /** JSON: the health report as `waymark health eval --format json` prints it. */
  report: string;
}

export interface HealthChangeTable {
  id: string;
  workload_id: string;
  at: string;
  /** workload, component or signal. */
  level: string;
  target: string;
  from_state: string | null;
  to_state: string;
  reason: string;
}

export interface TeamTable {
  id: string;
  name: string;
  created_at: string;
}

export interface TokenTable {
  id: string;
  team_id: string;
  name: string;
  role: string;
  /** sha256 of the secret part; the secret itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface WorkloadTable {
  id: string;
  team_id: string;
  name: string;
  repository: string | null;
  criticality: string;
  /** JSON array of strings. */
  tags: string;
  /** JSON object: context question id → chosen option (`{"teams":"several"}`). */
  context: string;
  /** JSON: the workload's latest scores (see WorkloadSummary). */
  summary: string;
  created_at: string;
  updated_at: string;
  /** When it was archived; null while in use. */
  archived_at: string | null;
}

export interface AnswerTable {
  workload_id: string;
  practice_id: string;
  /** Text columns; every write goes through the store's typed methods or a validated backup. */
  status: Status;
  reason: string | null;
  note: string | null;
  /** JSON array of strings. */
  evidence: string;
  author: string | null;
  source: AnswerSource;
  confidence: Confidence | null;
  model_version: string;
  /** Starts at 1, +1 on every change: the token for optimistic concurrency. */
  revision: number;
  updated_at: string;
}

export interface ScanTable {
  id: string;
  workload_id: string;
  created_at: string;
  created_by: string;
  /** JSON: the pushed scan result (suggestions per practice). */
  result: string;
}

export interface MilestoneTable {
  id: string;
  workload_id: string;
  name: string;
  created_at: string;
  created_by: string;
  /** JSON: answers and scores frozen at creation; never updated. */
  snapshot: string;
}

/** Written only by the trigger on audit_log (migration 0009); see Store.teamVersion. */
export interface TeamVersionTable {
  team_id: string;
  /** bigint on PostgreSQL, which the driver returns as a string. */
  version: number | string;
}

export interface AuditTable {
  seq: Generated<number>;
  at: string;
  team_id: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  /** JSON. */
  detail: string;
}
