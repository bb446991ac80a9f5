/**
 * A workload's repositories and their scan jobs: register, list, remove, "scan now", the
 * schedule, and the job states with their (redacted) errors.
 */
import { isAbsolute } from 'node:path';
import { ScheduleUnsupported } from '../../jobs/index.js';
import { type Repository, RepositoryStore, type ScanJob } from '../../store/index.js';
import { NoContent } from '../apiResponses.js';
import { WorkloadParams } from '../apiSchemas.js';
import { badRequest, HttpError, notFound } from '../errors.js';
import {
  JobList,
  RepositoryBody,
  RepositoryList,
  RepositoryParams,
  RepositoryView,
  ScanJobBody,
  ScheduleBody,
  ScheduleView,
} from '../repositorySchemas.js';
import type { ApiRoutes, ServerOptions } from '../serverContext.js';

/** Checks a repository URL: a remote git URL without credentials, or (when allowed) a local one. */
export function checkRepositoryUrl(url: string, allowLocal: boolean): string {
  const local = url.startsWith('file://') || isAbsolute(url);
  if (local) {
    if (!allowLocal)
      throw badRequest(
        'local repositories (file:// or a path) are not allowed on this server; use a git URL',
      );
    return url;
  }
  // scp-like SSH: git@github.com:org/repo.git
  if (/^[\w.-]+@[\w.-]+:[^\s]+$/.test(url) && !url.includes('://')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest(`"${url.slice(0, 200)}" is not a git URL (https://, ssh://, git:// or git@host:path)`);
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol))
    throw badRequest(`${parsed.protocol} URLs are not supported; use https://, ssh:// or git://`);
  if (parsed.password || (parsed.username && parsed.protocol !== 'ssh:')) {
    throw badRequest(
      'the URL holds a credential; register it without one and give the worker WAYMARK_GIT_TOKEN or WAYMARK_GIT_TOKEN_FILE',
    );
  }
  return url;
}

export function jobView(j: ScanJob) {
  return {
    id: j.id,
    repositoryId: j.repositoryId,
    trigger: j.trigger,
    state: j.state,
    attempts: j.attempts,
    error: j.error,
    scanId: j.scanId,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  };
}

function repositoryView(r: Repository, jobs: readonly ScanJob[]) {
  const own = jobs.filter((j) => j.repositoryId === r.id);
  const lastScan = own.find((j) => j.state === 'done');
  return {
    id: r.id,
    url: r.url,
    branch: r.branch,
    subPath: r.subPath,
    createdAt: r.createdAt,
    latestJob: own[0] ? jobView(own[0]) : null,
    lastScan: lastScan ? { scanId: lastScan.scanId, at: lastScan.finishedAt } : null,
  };
}

export function repositoryRoutes(opts: ServerOptions): ApiRoutes {
  const repos = new RepositoryStore(opts.store.db);
  const allowLocal = opts.localRepositories ?? opts.auth === 'single-user';
  const dispatcher = () => {
    if (!opts.scans) throw new HttpError(503, 'unavailable', 'this server runs no scan jobs');
    return opts.scans;
  };

  return async (api) => {
    api.get(
      '/workloads/:id/repositories',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['repositories'],
          description: "The workload's repositories, each with its latest job and last stored scan.",
          params: WorkloadParams,
          response: { 200: RepositoryList },
        },
      },
      async (req) => {
        const w = req.workload;
        const jobs = await repos.listJobs(w.id, 200);
        return {
          repositories: (await repos.list(w.id)).map((r) => repositoryView(r, jobs)),
          schedule: await repos.schedule(w.id),
          runner: opts.scans?.kind ?? null,
        };
      },
    );

    api.post(
      '/workloads/:id/repositories',
      {
        config: { role: 'editor' },
        schema: {
          tags: ['repositories'],
          description: 'Registers a git repository (URL, branch, optional sub-path) for scan jobs.',
          params: WorkloadParams,
          body: RepositoryBody,
          response: { 201: RepositoryView },
        },
      },
      async (req, reply) => {
        const w = req.workload;
        const body = req.body;
        const url = checkRepositoryUrl(body.url, allowLocal);
        const subPath = body.subPath?.replace(/^\/+|\/+$/g, '') || null;
        if (subPath?.split('/').includes('..')) throw badRequest('the sub-path may not contain ".."');
        const branch = body.branch ?? 'main';
        if (
          (await repos.list(w.id)).some((r) => r.url === url && r.branch === branch && r.subPath === subPath)
        )
          throw new HttpError(409, 'conflict', 'this repository, branch and sub-path are registered already');
        const repo = await repos.add(req.actor, w.id, { url, branch, subPath });
        return reply.status(201).send(repositoryView(repo, []));
      },
    );

    api.delete(
      '/workloads/:id/repositories/:repositoryId',
      {
        config: { role: 'editor' },
        schema: { tags: ['repositories'], params: RepositoryParams, response: { 204: NoContent } },
      },
      async (req, reply) => {
        const w = req.workload;
        if (!(await repos.remove(req.actor, w.id, req.params.repositoryId))) throw notFound('repository');
        return reply.status(204).send(null);
      },
    );

    api.get(
      '/workloads/:id/scan-jobs',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['repositories'],
          description: "The workload's newest scan jobs: queued, running, done or failed (with the error).",
          params: WorkloadParams,
          response: { 200: JobList },
        },
      },
      async (req) => {
        const w = req.workload;
        return { jobs: (await repos.listJobs(w.id)).map(jobView) };
      },
    );

    api.post(
      '/workloads/:id/scan-jobs',
      {
        config: { role: 'editor' },
        schema: {
          tags: ['repositories'],
          description: "Scan now: a job for one repository, or for each of the workload's.",
          params: WorkloadParams,
          body: ScanJobBody,
          response: { 202: JobList },
        },
      },
      async (req, reply) => {
        const w = req.workload;
        const { repositoryId } = req.body;
        const all = await repos.list(w.id);
        const chosen = repositoryId ? all.filter((r) => r.id === repositoryId) : all;
        if (repositoryId && chosen.length === 0) throw notFound('repository');
        if (chosen.length === 0)
          throw new HttpError(409, 'conflict', 'the workload has no repositories; register one first');
        const scans = dispatcher();
        const jobs: ScanJob[] = [];
        for (const r of chosen) jobs.push(await scans.submit(r, 'manual'));
        return reply.status(202).send({ jobs: jobs.map(jobView) });
      },
    );

    api.put(
      '/workloads/:id/scan-schedule',
      {
        config: { role: 'editor' },
        schema: {
          tags: ['repositories'],
          description:
            'Scans every repository of the workload on a cron schedule (UTC); null removes it. PostgreSQL only.',
          params: WorkloadParams,
          body: ScheduleBody,
          response: { 200: ScheduleView },
        },
      },
      async (req) => {
        const w = req.workload;
        const { cron } = req.body;
        try {
          await dispatcher().setSchedule(w.id, cron);
        } catch (err) {
          if (err instanceof ScheduleUnsupported) throw new HttpError(409, 'conflict', err.message);
          if (err instanceof Error && /cron|invalid|expression/i.test(err.message))
            throw badRequest(`the schedule "${cron}" is not a cron expression pg-boss accepts`);
          throw err;
        }
        return { cron };
      },
    );
  };
}
