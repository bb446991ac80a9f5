/**
 * Reading a backup (`waymark db backup`) before anything is written: the file must be JSON, a
 * Waymark export of the version this build writes, every row shaped as its table, and every
 * reference and key consistent — so a restore fails on the file, never half-way through the
 * database. Messages quote at most a short, escaped piece of the file.
 */
import { z } from 'zod';
import { ANSWER_SOURCES, Confidence, STATUSES } from '../answers/index.js';
import { InputError } from '../diagnostics/index.js';
import { MAX_JSON_DEPTH, scanJson } from './jsonText.js';
import { PERF_RUN_KINDS } from './perfRuns.js';
import { CRITICALITIES, ROLES } from './store.js';

export const EXPORT_FORMAT = 'waymark.export';
export const EXPORT_FORMAT_VERSION = 1;

/** Tables in an order that satisfies foreign keys on import. */
export const TABLES = [
  'teams',
  'tokens',
  'workloads',
  'repositories',
  'answers',
  'scans',
  'milestones',
  'health_latest',
  'health_changes',
  'perf_baselines',
  'perf_runs',
  'retired_answers',
  'delivery_events',
  'perf_comparisons',
  'audit_log',
] as const;
export type TableName = (typeof TABLES)[number];

// PostgreSQL text cannot hold U+0000; refusing it here keeps a restore from failing mid-way.
const noNul = (s: string) => !s.includes('\0');
const text = (max = 100_000) => z.string().max(max).refine(noNul, 'holds a NUL character');
const key = () => text(200).min(1);
/** Times the server itself wrote. */
const time = () => z.iso.datetime({ offset: true });
/** A column holding JSON text; `shape` checks what readers of the column rely on. */
const json = (shape: z.ZodType, what: string) =>
  text(50 * 1024 * 1024).refine((s) => {
    const scan = scanJson(s);
    if (scan.depth > MAX_JSON_DEPTH) return false;
    try {
      return shape.safeParse(JSON.parse(s)).success;
    } catch {
      return false;
    }
  }, `is not JSON text of ${what}`);
const jsonObject = () => json(z.record(z.string(), z.unknown()), 'an object');
const jsonStrings = () => json(z.array(z.string()), 'a list of strings');
const int = (min: number, max: number) => z.number().int().min(min).max(max);

function answerRow() {
  return z.strictObject({
    workload_id: key(),
    practice_id: key(),
    status: z.enum(STATUSES),
    reason: text().nullable(),
    note: text().nullable(),
    evidence: jsonStrings(),
    author: text().nullable(),
    source: z.enum(ANSWER_SOURCES),
    confidence: Confidence.nullable(),
    model_version: text(100),
    // PostgreSQL's integer column.
    revision: int(1, 2 ** 31 - 1),
    updated_at: time(),
  });
}

const ROW = {
  teams: z.strictObject({ id: key(), name: text(), created_at: time() }),
  tokens: z.strictObject({
    id: key(),
    team_id: key(),
    name: text(),
    role: z.enum(ROLES),
    token_hash: z.string().regex(/^[0-9a-f]{64}$/, 'is not a sha256 in hex'),
    created_at: time(),
    last_used_at: time().nullable(),
  }),
  workloads: z.strictObject({
    id: key(),
    team_id: key(),
    name: text(),
    repository: text().nullable(),
    criticality: z.enum(CRITICALITIES),
    tags: jsonStrings(),
    // Backups written before context existed have none: the workload answered no question.
    context: json(z.record(z.string(), z.string()), 'an object of strings').default('{}'),
    summary: jsonObject(),
    created_at: time(),
    updated_at: time(),
    // Backups written before archiving existed have none: the workload is in use.
    archived_at: time().nullable().default(null),
  }),
  // Repositories of scan jobs (issue 13): URL, branch, sub-path; never a credential.
  repositories: z.strictObject({
    id: key(),
    workload_id: key(),
    url: text(2000),
    branch: text(250),
    sub_path: text(500).nullable(),
    created_at: time(),
  }),
  answers: answerRow(),
  retired_answers: answerRow().extend({
    kind: z.enum(['dropped', 'superseded']),
    replaced_by: key().nullable(),
    retired_at: time(),
  }),
  scans: z.strictObject({
    id: key(),
    workload_id: key(),
    created_at: time(),
    created_by: text(),
    result: jsonObject(),
  }),
  milestones: z.strictObject({
    id: key(),
    workload_id: key(),
    name: text(),
    created_at: time(),
    created_by: text(),
    snapshot: jsonObject(),
  }),
  // Health times are as clients sent them: servers before 0.2 did not check them.
  health_latest: z.strictObject({
    workload_id: key(),
    evaluated_at: text(100),
    state: text(100),
    report: jsonObject(),
  }),
  health_changes: z.strictObject({
    id: text(1000).min(1),
    workload_id: key(),
    at: text(100),
    level: text(100),
    target: text(),
    from_state: text(100).nullable(),
    to_state: text(100),
    reason: text(),
  }),
  perf_baselines: z.strictObject({
    workload_id: key(),
    updated_at: time(),
    updated_by: text(),
    baseline: text(50 * 1024 * 1024),
  }),
  // Deployment and incident events (issue 16), as received.
  delivery_events: z.strictObject({
    workload_id: key(),
    event_key: z.string().regex(/^[0-9a-f]{32}$/, 'is not an event key'),
    kind: z.enum(['deployment', 'incident']),
    source: text(50),
    event_id: text(200).min(1),
    environment: text(200).nullable(),
    status: z.enum(['success', 'failure']).nullable(),
    at: time(),
    resolved_at: time().nullable(),
    commits: text(100_000),
    ref: text(400).nullable(),
    deployment_ref: text(200).nullable(),
    delivery_id: text(200).nullable(),
    received_at: time(),
  }),
  perf_comparisons: z.strictObject({
    workload_id: key(),
    compared_at: time(),
    compared_by: text(),
    baseline_created: text(100).nullable(),
    flows: int(0, 2 ** 31 - 1),
    regressed: int(0, 2 ** 31 - 1),
    targets_missed: int(0, 2 ** 31 - 1),
  }),
  // Load-test runs (issue 17); the server checks the summary's shape when it is pushed.
  perf_runs: z.strictObject({
    id: key(),
    workload_id: key(),
    pushed_at: time(),
    pushed_by: text(),
    started_at: time().nullable(),
    name: text(200).nullable(),
    kind: z.enum(PERF_RUN_KINDS),
    baseline_created: text(100).nullable(),
    figures: jsonObject(),
    verdict: jsonObject().nullable(),
    summary: jsonObject(),
    baseline: text(50 * 1024 * 1024).nullable(),
    targets: text(50 * 1024 * 1024).nullable(),
  }),
  audit_log: z.strictObject({
    seq: int(1, Number.MAX_SAFE_INTEGER),
    at: time(),
    team_id: key(),
    actor: text(),
    action: text(200),
    entity: text(200),
    entity_id: text(1000),
    detail: jsonObject(),
  }),
} satisfies Record<TableName, z.ZodType>;

const BackupDocument = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.literal(EXPORT_FORMAT_VERSION),
  exportedAt: time(),
  teams: z.array(ROW.teams),
  tokens: z.array(ROW.tokens),
  workloads: z.array(ROW.workloads),
  // Absent from backups written before repositories existed.
  repositories: z.array(ROW.repositories).default([]),
  answers: z.array(ROW.answers),
  scans: z.array(ROW.scans),
  milestones: z.array(ROW.milestones),
  health_latest: z.array(ROW.health_latest),
  health_changes: z.array(ROW.health_changes),
  perf_baselines: z.array(ROW.perf_baselines),
  // Absent from backups written before runs were kept.
  perf_runs: z.array(ROW.perf_runs).default([]),
  // Absent from backups written before retired answers were kept.
  retired_answers: z.array(ROW.retired_answers).default([]),
  // Absent from backups written before delivery events existed.
  delivery_events: z.array(ROW.delivery_events).default([]),
  perf_comparisons: z.array(ROW.perf_comparisons).default([]),
  audit_log: z.array(ROW.audit_log),
});
export type ExportDocument = z.infer<typeof BackupDocument>;

/** Which rows must be unique by which columns (primary keys and unique constraints). */
const UNIQUE: { [T in TableName]?: (keyof z.infer<(typeof ROW)[T]> & string)[][] } = {
  teams: [['id']],
  tokens: [['id'], ['token_hash']],
  workloads: [['id'], ['team_id', 'name']],
  repositories: [['id'], ['workload_id', 'url', 'branch', 'sub_path']],
  answers: [['workload_id', 'practice_id']],
  scans: [['id']],
  milestones: [['id']],
  health_latest: [['workload_id']],
  health_changes: [['id']],
  perf_baselines: [['workload_id']],
  perf_runs: [['id']],
  retired_answers: [['workload_id', 'practice_id']],
  delivery_events: [['workload_id', 'event_key']],
  perf_comparisons: [['workload_id']],
  audit_log: [['seq']],
};
/** Foreign keys: a column of a table and the table whose `id` it names. */
const REFERENCES: [TableName, string, 'teams' | 'workloads'][] = [
  ['tokens', 'team_id', 'teams'],
  ['workloads', 'team_id', 'teams'],
  ['repositories', 'workload_id', 'workloads'],
  ['answers', 'workload_id', 'workloads'],
  ['scans', 'workload_id', 'workloads'],
  ['milestones', 'workload_id', 'workloads'],
  ['health_latest', 'workload_id', 'workloads'],
  ['health_changes', 'workload_id', 'workloads'],
  ['perf_baselines', 'workload_id', 'workloads'],
  ['perf_runs', 'workload_id', 'workloads'],
  ['retired_answers', 'workload_id', 'workloads'],
  ['delivery_events', 'workload_id', 'workloads'],
  ['perf_comparisons', 'workload_id', 'workloads'],
];

/** Parses and checks the text of a backup file; every problem is an InputError naming `file`. */
export function parseBackup(raw: string, file: string): ExportDocument {
  const source = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  const value = parseJson(source, file);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError('not a Waymark backup: expected a JSON object', { file });
  const head = z
    .looseObject({ format: z.unknown().optional(), formatVersion: z.unknown().optional() })
    .parse(value);
  if (head.format !== EXPORT_FORMAT)
    throw new InputError(`not a Waymark backup: "format" is not "${EXPORT_FORMAT}"`, { file });
  if (head.formatVersion !== EXPORT_FORMAT_VERSION) {
    throw new InputError(
      `backup format version ${shownValue(head.formatVersion)}; this Waymark restores version ${EXPORT_FORMAT_VERSION}`,
      { file },
      'restore it with the Waymark version that wrote it',
    );
  }
  const parsed = BackupDocument.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`not a valid backup: ${issue ? describe(issue) : 'wrong shape'}`, {
      file,
      path: issue ? pathText(issue.path) : undefined,
    });
  }
  checkConsistency(parsed.data, file);
  return parsed.data;
}

function parseJson(source: string, file: string): unknown {
  try {
    return JSON.parse(source);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    // V8 quotes the text around the error; keep its words, say where instead.
    const at = /at position (\d+)/.exec(err.message);
    const position = at ? Number(at[1]) : /end of JSON input/.test(err.message) ? source.length : undefined;
    const words = err.message
      .replace(/,? (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/ \(line \d+ column \d+\)$/, '');
    throw new InputError(`not valid JSON: ${escaped(words, 120)}`, {
      file,
      ...lineAndColumn(source, position),
    });
  }
}

function lineAndColumn(source: string, position: number | undefined): { line?: number; column?: number } {
  if (position === undefined) return {};
  const before = source.slice(0, position);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: position - lineStart + 1 };
}

function checkConsistency(doc: ExportDocument, file: string): void {
  for (const table of TABLES) {
    const rows: readonly Record<string, unknown>[] = doc[table];
    for (const columns of UNIQUE[table] ?? []) {
      const seen = new Set<string>();
      for (const [i, row] of rows.entries()) {
        const k = JSON.stringify(columns.map((c) => row[c]));
        if (seen.has(k)) {
          throw new InputError(`${columns.join(', ')} ${shownValue(row[columns[0] ?? ''])} appears twice`, {
            file,
            path: `${table}[${i}]`,
          });
        }
        seen.add(k);
      }
    }
  }
  const ids = {
    teams: new Set(doc.teams.map((t) => t.id)),
    workloads: new Set(doc.workloads.map((w) => w.id)),
  };
  for (const [table, column, target] of REFERENCES) {
    const rows: readonly Record<string, unknown>[] = doc[table];
    for (const [i, row] of rows.entries()) {
      const ref = row[column];
      if (typeof ref !== 'string' || !ids[target].has(ref)) {
        throw new InputError(`${column} ${shownValue(ref)} names no row of "${target}"`, {
          file,
          path: `${table}[${i}].${column}`,
        });
      }
    }
  }
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field ${issue.keys.slice(0, 3).map(shownValue).join(', ')}`;
  return escaped(issue.message, 200);
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${escaped(String(p), 40)}`))
    .join('');
}

/** A value from the file as it may be shown in a message: quoted if text, escaped, short. */
function shownValue(value: unknown): string {
  if (typeof value === 'string') return `"${escaped(value, 60)}"`;
  return escaped(JSON.stringify(value) ?? String(value), 60);
}

function escaped(s: string, max: number): string {
  const e = JSON.stringify(s).slice(1, -1);
  return e.length <= max ? e : `${e.slice(0, max)}…`;
}
