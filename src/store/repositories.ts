/**
 * Repositories a workload registers and the scan jobs run over them (issue 13). A repository row
 * names a URL, a branch and a sub-path, never a credential: those come from the worker's
 * environment. Job rows are what people see (state, attempts, the last error); on PostgreSQL the
 * queue itself is pg-boss's.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Actor } from './store.js';

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const JOB_TRIGGERS = ['manual', 'schedule', 'push'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

export interface Repository {
  id: string;
  workloadId: string;
  url: string;
  branch: string;
  subPath: string | null;
  createdAt: string;
}

export interface RepositoryInput {
  url: string;
  branch: string;
  subPath?: string | null | undefined;
}

export interface ScanJob {
  id: string;
  workloadId: string;
  repositoryId: string;
  trigger: JobTrigger;
  state: JobState;
  attempts: number;
  error: string | null;
  scanId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A repository with the team that owns its workload: what a job or a webhook needs. */
export interface OwnedRepository extends Repository {
  teamId: string;
}

const now = () => new Date().toISOString();

export class RepositoryStore {
  constructor(private readonly db: Kysely<Database>) {}

  async add(actor: Actor, workloadId: string, input: RepositoryInput): Promise<Repository> {
    const row = {
      id: randomUUID(),
      workload_id: workloadId,
      url: input.url,
      branch: input.branch,
      sub_path: input.subPath ?? null,
      created_at: now(),
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('repositories').values(row).execute();
      await trx
        .insertInto('audit_log')
        .values({
          at: row.created_at,
          team_id: actor.teamId,
          actor: actor.name,
          action: 'repository.add',
          entity: 'repository',
          entity_id: row.id,
          detail: JSON.stringify({ workloadId, url: row.url, branch: row.branch }),
        })
        .execute();
    });
    return toRepository(row);
  }

  async list(workloadId: string): Promise<Repository[]> {
    const rows = await this.db
      .selectFrom('repositories')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .orderBy('created_at')
      .execute();
    return rows.map(toRepository);
  }

  async get(workloadId: string, id: string): Promise<Repository | undefined> {
    const row = await this.db
      .selectFrom('repositories')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRepository(row) : undefined;
  }

  async remove(actor: Actor, workloadId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('scan_jobs').where('repository_id', '=', id).execute();
      const r = await trx
        .deleteFrom('repositories')
        .where('workload_id', '=', workloadId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) return false;
      await trx
        .insertInto('audit_log')
        .values({
          at: now(),
          team_id: actor.teamId,
          actor: actor.name,
          action: 'repository.remove',
          entity: 'repository',
          entity_id: id,
          detail: JSON.stringify({ workloadId }),
        })
        .execute();
      return true;
    });
  }

  /** Repositories of any team registered under one of `urls` on `branch` (for push webhooks). */
  async findByUrl(urls: readonly string[], branch: string): Promise<OwnedRepository[]> {
    if (urls.length === 0) return [];
    const rows = await this.db
      .selectFrom('repositories')
      .innerJoin('workloads', 'workloads.id', 'repositories.workload_id')
      .selectAll('repositories')
      .select('workloads.team_id')
      .where('repositories.url', 'in', [...urls])
      .where('repositories.branch', '=', branch)
      .execute();
    return rows.map((r) => ({ ...toRepository(r), teamId: r.team_id }));
  }

  /** The repository a job scans, with its team; undefined when it was removed since. */
  async ofJob(jobId: string): Promise<OwnedRepository | undefined> {
    const r = await this.db
      .selectFrom('scan_jobs')
      .innerJoin('repositories', 'repositories.id', 'scan_jobs.repository_id')
      .innerJoin('workloads', 'workloads.id', 'repositories.workload_id')
      .selectAll('repositories')
      .select('workloads.team_id')
      .where('scan_jobs.id', '=', jobId)
      .executeTakeFirst();
    return r ? { ...toRepository(r), teamId: r.team_id } : undefined;
  }

  // ── jobs ──────────────────────────────────────────────────────────────────────────────

  async createJob(repo: Repository, trigger: JobTrigger): Promise<ScanJob> {
    const row = {
      id: randomUUID(),
      workload_id: repo.workloadId,
      repository_id: repo.id,
      trigger,
      state: 'queued',
      attempts: 0,
      error: null,
      scan_id: null,
      created_at: now(),
      started_at: null,
      finished_at: null,
    };
    await this.db.insertInto('scan_jobs').values(row).execute();
    return toJob(row);
  }

  async getJob(id: string): Promise<ScanJob | undefined> {
    const row = await this.db.selectFrom('scan_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toJob(row) : undefined;
  }

  /** The workload's newest jobs, newest first. */
  async listJobs(workloadId: string, limit = 50): Promise<ScanJob[]> {
    const rows = await this.db
      .selectFrom('scan_jobs')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toJob);
  }

  async markRunning(id: string, attempt: number): Promise<void> {
    await this.db
      .updateTable('scan_jobs')
      .set({ state: 'running', attempts: attempt, started_at: now() })
      .where('id', '=', id)
      .where('state', '!=', 'done')
      .execute();
  }

  /** An attempt failed; `final` when no retry follows. The error must be redacted already. */
  async markAttemptFailed(id: string, error: string, final: boolean): Promise<void> {
    await this.db
      .updateTable('scan_jobs')
      .set({ state: final ? 'failed' : 'queued', error, finished_at: final ? now() : null })
      .where('id', '=', id)
      .where('state', '!=', 'done')
      .execute();
  }

  async markDone(id: string, scanId: string): Promise<void> {
    await this.db
      .updateTable('scan_jobs')
      .set({ state: 'done', scan_id: scanId, error: null, finished_at: now() })
      .where('id', '=', id)
      .execute();
  }

  /** Jobs left queued or running by a process that stopped (the embedded runner has no queue). */
  async failUnfinished(error: string): Promise<number> {
    const r = await this.db
      .updateTable('scan_jobs')
      .set({ state: 'failed', error, finished_at: now() })
      .where('state', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** How many jobs are in each state, over all teams (for /metrics). */
  async countByState(): Promise<Record<JobState, number>> {
    const rows = await this.db
      .selectFrom('scan_jobs')
      .select(['state', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('state')
      .execute();
    const out: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of rows) if (isState(r.state)) out[r.state] = Number(r.n);
    return out;
  }

  // ── schedules ─────────────────────────────────────────────────────────────────────────

  async schedule(workloadId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('scan_schedules')
      .select('cron')
      .where('workload_id', '=', workloadId)
      .executeTakeFirst();
    return row?.cron ?? null;
  }

  async setSchedule(workloadId: string, cron: string | null): Promise<void> {
    await this.db.deleteFrom('scan_schedules').where('workload_id', '=', workloadId).execute();
    if (cron) {
      await this.db
        .insertInto('scan_schedules')
        .values({ workload_id: workloadId, cron, updated_at: now() })
        .execute();
    }
  }
}

function isState(s: string): s is JobState {
  return (JOB_STATES as readonly string[]).includes(s);
}

function isTrigger(s: string): s is JobTrigger {
  return (JOB_TRIGGERS as readonly string[]).includes(s);
}

function toRepository(r: Database['repositories']): Repository {
  return {
    id: r.id,
    workloadId: r.workload_id,
    url: r.url,
    branch: r.branch,
    subPath: r.sub_path,
    createdAt: r.created_at,
  };
}

function toJob(r: Database['scan_jobs']): ScanJob {
  return {
    id: r.id,
    workloadId: r.workload_id,
    repositoryId: r.repository_id,
    trigger: isTrigger(r.trigger) ? r.trigger : 'manual',
    state: isState(r.state) ? r.state : 'failed',
    attempts: Number(r.attempts),
    error: r.error,
    scanId: r.scan_id,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}
