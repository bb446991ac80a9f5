/**
 * Load-test runs pushed to the server (issue 17): every run is kept, not only the baseline, so a
 * flow's figures can be followed from run to run. The store keeps JSON as text and hands it back
 * parsed but unchecked; the server checks it against its schema on the way in and out.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, PerfRunTable } from './schema.js';
import type { Actor } from './store.js';

export const PERF_RUN_KINDS = ['run', 'baseline'] as const;
export type PerfRunKind = (typeof PERF_RUN_KINDS)[number];

export interface PerfRunInput {
  name: string | null;
  kind: PerfRunKind;
  startedAt: string | null;
  baselineCreated: string | null;
  /** Small: read for every run of a trend. */
  figures: unknown;
  verdict: unknown;
  summary: unknown;
  baseline: string | null;
  targets: string | null;
}

/** A run as lists and trends show it: everything but the summary and the files' text. */
export interface PerfRun {
  id: string;
  workloadId: string;
  pushedAt: string;
  pushedBy: string;
  startedAt: string | null;
  name: string | null;
  kind: PerfRunKind;
  baselineCreated: string | null;
  figures: unknown;
  verdict: unknown;
}

export interface PerfRunDetail extends PerfRun {
  summary: unknown;
  baseline: string | null;
  targets: string | null;
}

const LIST_COLUMNS = [
  'id',
  'workload_id',
  'pushed_at',
  'pushed_by',
  'started_at',
  'name',
  'kind',
  'baseline_created',
  'figures',
  'verdict',
] as const;

export class PerfRunStore {
  constructor(private readonly db: Kysely<Database>) {}

  async add(actor: Actor, workloadId: string, input: PerfRunInput): Promise<PerfRun> {
    return this.db.transaction().execute(async (trx) => {
      const row: PerfRunTable = {
        id: randomUUID(),
        workload_id: workloadId,
        pushed_at: await laterThanLast(trx, workloadId),
        pushed_by: actor.name,
        started_at: input.startedAt,
        name: input.name,
        kind: input.kind,
        baseline_created: input.baselineCreated,
        figures: JSON.stringify(input.figures),
        verdict: input.verdict === null || input.verdict === undefined ? null : JSON.stringify(input.verdict),
        summary: JSON.stringify(input.summary),
        baseline: input.baseline,
        targets: input.targets,
      };
      await trx.insertInto('perf_runs').values(row).execute();
      await trx
        .insertInto('audit_log')
        .values({
          at: row.pushed_at,
          team_id: actor.teamId,
          actor: actor.name,
          action: 'perf.run.push',
          entity: 'workload',
          entity_id: workloadId,
          detail: JSON.stringify({ runId: row.id, kind: row.kind, bytes: row.summary.length }),
        })
        .execute();
      return toRun(row);
    });
  }

  /** The workload's newest runs, newest first. */
  async list(workloadId: string, limit: number): Promise<PerfRun[]> {
    const rows = await this.db
      .selectFrom('perf_runs')
      .select(LIST_COLUMNS)
      .where('workload_id', '=', workloadId)
      .orderBy('pushed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRun);
  }

  async get(workloadId: string, id: string): Promise<PerfRunDetail | undefined> {
    const row = await this.db
      .selectFrom('perf_runs')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return { ...toRun(row), summary: JSON.parse(row.summary), baseline: row.baseline, targets: row.targets };
  }
}

function toRun(r: Omit<PerfRunTable, 'summary' | 'baseline' | 'targets'>): PerfRun {
  return {
    id: r.id,
    workloadId: r.workload_id,
    pushedAt: r.pushed_at,
    pushedBy: r.pushed_by,
    startedAt: r.started_at,
    name: r.name,
    kind: r.kind === 'baseline' ? 'baseline' : 'run',
    baselineCreated: r.baseline_created,
    figures: JSON.parse(r.figures),
    verdict: r.verdict === null ? null : JSON.parse(r.verdict),
  };
}

/** Now, or 1 ms after the workload's newest run: push times order the runs, so no two are equal. */
async function laterThanLast(trx: Transaction<Database>, workloadId: string): Promise<string> {
  const last = await trx
    .selectFrom('perf_runs')
    .select((eb) => eb.fn.max('pushed_at').as('at'))
    .where('workload_id', '=', workloadId)
    .executeTakeFirst();
  const at = Date.now();
  const newest = last?.at ? Date.parse(String(last.at)) : Number.NEGATIVE_INFINITY;
  return new Date(at > newest ? at : newest + 1).toISOString();
}
