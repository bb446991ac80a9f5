import { closest } from 'fastest-levenshtein';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { toJsonReport } from '../../report/index.js';
import type { StoredAnswer, Workload } from '../../store/index.js';
import {
  AnswerBody,
  AnswerParams,
  jsonSchema,
  ScanBody,
  ScoreQuery,
  WorkloadBody,
  WorkloadParams,
  WorkloadPatch,
} from '../apiSchemas.js';
import type { ServerOptions } from '../app.js';
import { badRequest, HttpError, notFound } from '../errors.js';
import { scoreAnswers, summarise } from '../workloadScore.js';

/** Loads a workload of the caller's team or answers 404, whoever else it may belong to. */
export async function ownWorkload(opts: ServerOptions, req: FastifyRequest): Promise<Workload> {
  const { id } = req.params as { id: string };
  const workload = await opts.store.getWorkload(req.actor.teamId, id);
  if (!workload) throw notFound('workload');
  return workload;
}

export function workloadView(w: Workload) {
  return {
    id: w.id,
    name: w.name,
    repository: w.repository,
    criticality: w.criticality,
    tags: w.tags,
    summary: w.summary,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  };
}

export function workloadRoutes(opts: ServerOptions) {
  const { store, models } = opts;
  const emptySummary = summarise(models, []);

  return async (api: FastifyInstance) => {
    api.get('/workloads', { config: { role: 'viewer' }, schema: { tags: ['workloads'] } }, async (req) => ({
      workloads: (await store.listWorkloads(req.actor.teamId)).map(workloadView),
    }));

    api.post(
      '/workloads',
      { config: { role: 'editor' }, schema: { tags: ['workloads'], body: jsonSchema(WorkloadBody) } },
      async (req, reply) => {
        const body = req.body as WorkloadBody;
        if (await store.findWorkloadByName(req.actor.teamId, body.name)) {
          throw new HttpError(409, 'conflict', `a workload named "${body.name}" already exists`);
        }
        const w = await store.createWorkload(req.actor, body, emptySummary);
        return reply.status(201).send(workloadView(w));
      },
    );

    api.get(
      '/workloads/:id',
      { config: { role: 'viewer' }, schema: { tags: ['workloads'], params: jsonSchema(WorkloadParams) } },
      async (req) => workloadView(await ownWorkload(opts, req)),
    );

    api.patch(
      '/workloads/:id',
      {
        config: { role: 'editor' },
        schema: { tags: ['workloads'], params: jsonSchema(WorkloadParams), body: jsonSchema(WorkloadPatch) },
      },
      async (req) => {
        const w = await ownWorkload(opts, req);
        const body = req.body as Partial<WorkloadBody>;
        const namesake =
          body.name === undefined ? undefined : await store.findWorkloadByName(w.teamId, body.name);
        if (namesake && namesake.id !== w.id) {
          throw new HttpError(409, 'conflict', `a workload named "${body.name}" already exists`);
        }
        const updated = await store.updateWorkload(req.actor, w.id, body);
        if (!updated) throw notFound('workload');
        return workloadView(updated);
      },
    );

    api.delete(
      '/workloads/:id',
      { config: { role: 'admin' }, schema: { tags: ['workloads'], params: jsonSchema(WorkloadParams) } },
      async (req, reply) => {
        if (!(await store.deleteWorkload(req.actor, (req.params as { id: string }).id)))
          throw notFound('workload');
        return reply.status(204).send();
      },
    );

    api.get(
      '/workloads/:id/answers',
      { config: { role: 'viewer' }, schema: { tags: ['answers'], params: jsonSchema(WorkloadParams) } },
      async (req) => {
        const w = await ownWorkload(opts, req);
        return { answers: await store.getAnswers(w.id) };
      },
    );

    api.put(
      '/workloads/:id/answers/:practiceId',
      {
        config: { role: 'editor' },
        schema: {
          tags: ['answers'],
          description:
            'Sets one answer. Send the revision you last saw (0 if never answered); a stale one gets 409 with the current answer.',
          params: jsonSchema(AnswerParams),
          body: jsonSchema(AnswerBody),
        },
      },
      async (req, reply) => {
        const w = await ownWorkload(opts, req);
        const { practiceId } = req.params as { practiceId: string };
        const body = req.body as AnswerBody;
        const ref = models.practice(practiceId);
        if (!ref) {
          throw badRequest(
            `unknown practice id "${practiceId}"; did you mean "${closest(practiceId, models.practiceIds())}"?`,
          );
        }
        if (body.status === 'not-applicable' && !body.reason?.trim()) {
          throw badRequest('a "not-applicable" answer needs a reason');
        }
        const result = await store.setAnswer(
          req.actor,
          w.id,
          practiceId,
          {
            status: body.status,
            reason: body.reason?.trim() || null,
            note: body.note?.trim() || null,
            evidence: body.evidence ?? [],
            author: req.actor.name,
            source: body.source ?? 'person',
            confidence: body.confidence ?? null,
            modelVersion: ref.model.version,
          },
          body.revision,
          (all) => summarise(models, all),
        );
        if (result.kind === 'conflict') {
          return reply.status(409).send({
            error: 'conflict',
            message: `someone changed this answer since revision ${body.revision}; reload it and try again`,
            current: result.current,
          });
        }
        return { answer: result.answer };
      },
    );

    api.get(
      '/workloads/:id/score',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['answers'],
          description:
            'Level and coverage per pillar, the practices blocking the next level, and the top of the plan.',
          params: jsonSchema(WorkloadParams),
          querystring: jsonSchema(ScoreQuery),
        },
      },
      async (req) => {
        const w = await ownWorkload(opts, req);
        const planLimit = Number((req.query as { planLimit?: string }).planLimit ?? 25);
        const answers: StoredAnswer[] = await store.getAnswers(w.id);
        const report = toJsonReport({
          workload: w.name,
          answersFile: `workload ${w.id}`,
          score: scoreAnswers(models, answers),
        });
        // Per-practice detail is what GET /answers is for; the page needs levels, blockers and the plan.
        const pillars = report.pillars.map(({ practices: _, ...rest }) => rest);
        return { pillars, plan: report.plan.slice(0, planLimit), planTotal: report.plan.length };
      },
    );

    api.post(
      '/workloads/:id/scans',
      {
        config: { role: 'editor' },
        bodyLimit: 5 * 1024 * 1024,
        schema: { tags: ['scans'], params: jsonSchema(WorkloadParams), body: jsonSchema(ScanBody) },
      },
      async (req, reply) => {
        const w = await ownWorkload(opts, req);
        const body = req.body as ScanBody;
        const unknown = body.suggestions.find((s) => !models.practice(s.practiceId));
        if (unknown) throw badRequest(`unknown practice id "${unknown.practiceId}" in the scan`);
        const scan = await store.addScan(req.actor, w.id, body);
        return reply
          .status(201)
          .send({ id: scan.id, createdAt: scan.createdAt, suggestions: body.suggestions.length });
      },
    );

    api.get(
      '/workloads/:id/scans/latest',
      { config: { role: 'viewer' }, schema: { tags: ['scans'], params: jsonSchema(WorkloadParams) } },
      async (req) => {
        const w = await ownWorkload(opts, req);
        const scan = await store.latestScan(w.id);
        if (!scan) throw notFound('scan');
        return scan;
      },
    );
  };
}
