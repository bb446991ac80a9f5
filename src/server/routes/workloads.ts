import { closest } from 'fastest-levenshtein';
import { recordScan, unknownPractice } from '../../jobs/index.js';
import type { ModelSet } from '../../model/index.js';
import { toJsonReport } from '../../report/index.js';
import type { StoredAnswer, Workload } from '../../store/index.js';
import {
  AnswerConflict,
  AnswerList,
  AnswerSaved,
  ContextView,
  NoContent,
  ScanStored,
  ScanView,
  ScoreView,
  WorkloadList,
  WorkloadView,
} from '../apiResponses.js';
import {
  AnswerBody,
  AnswerParams,
  ContextBody,
  LatestScanQuery,
  ScanBody,
  ScoreQuery,
  WorkloadBody,
  WorkloadParams,
  WorkloadPatch,
} from '../apiSchemas.js';
import { badRequest, HttpError, notFound } from '../errors.js';
import type { ApiRoutes, ServerOptions } from '../serverContext.js';
import { notInForce, scoreAnswers, summarise, type WorkloadSummary } from '../workloadScore.js';

export function workloadView(w: Workload) {
  return {
    id: w.id,
    name: w.name,
    repository: w.repository,
    criticality: w.criticality,
    tags: w.tags,
    context: w.context,
    summary: w.summary,
    // Ruled out by the context: not applicable, with the reason every report shows.
    notInForce: (w.summary as Partial<WorkloadSummary>).notInForce ?? [],
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
    archivedAt: w.archivedAt,
  };
}

/**
 * Checks a context against the models' questions; null or empty clears a question. Unknown
 * questions and options are refused with the ones that exist.
 */
export function checkContext(models: ModelSet, given: ContextBody['context']): Record<string, string> {
  const questions = new Map(models.contextQuestions().map((q) => [q.id, q]));
  const out: Record<string, string> = {};
  for (const [id, value] of Object.entries(given)) {
    const q = questions.get(id);
    if (!q) {
      throw badRequest(
        `unknown context question "${id}"; the models ask: ${[...questions.keys()].join(', ')}`,
      );
    }
    if (value === null || value.trim() === '') continue;
    const options = q.options.map((o) => o.value);
    if (!options.includes(value)) {
      throw badRequest(`context "${id}": "${value}" is not an option; choose one of: ${options.join(', ')}`);
    }
    out[id] = value;
  }
  return out;
}

export function workloadRoutes(opts: ServerOptions): ApiRoutes {
  const { store, models } = opts;
  const emptySummary = summarise(models, []);

  return async (api) => {
    api.get(
      '/workloads',
      { config: { role: 'viewer' }, schema: { tags: ['workloads'], response: { 200: WorkloadList } } },
      async (req) => ({ workloads: (await store.listWorkloads(req.actor.teamId)).map(workloadView) }),
    );

    api.post(
      '/workloads',
      {
        config: { role: 'editor' },
        schema: { tags: ['workloads'], body: WorkloadBody, response: { 201: WorkloadView } },
      },
      async (req, reply) => {
        const body = req.body;
        if (await store.findWorkloadByName(req.actor.teamId, body.name)) {
          throw new HttpError(409, 'conflict', `a workload named "${body.name}" already exists`);
        }
        const w = await store.createWorkload(req.actor, body, emptySummary);
        return reply.status(201).send(workloadView(w));
      },
    );

    api.get(
      '/workloads/:id',
      {
        config: { role: 'viewer' },
        schema: { tags: ['workloads'], params: WorkloadParams, response: { 200: WorkloadView } },
      },
      async (req) => workloadView(req.workload),
    );

    api.patch(
      '/workloads/:id',
      {
        config: { role: 'editor' },
        schema: {
          tags: ['workloads'],
          params: WorkloadParams,
          body: WorkloadPatch,
          response: { 200: WorkloadView },
        },
      },
      async (req) => {
        const w = req.workload;
        const body = req.body;
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
      {
        config: { role: 'admin' },
        schema: { tags: ['workloads'], params: WorkloadParams, response: { 204: NoContent } },
      },
      async (req, reply) => {
        if (!(await store.deleteWorkload(req.actor, req.workload.id))) throw notFound('workload');
        return reply.status(204).send(null);
      },
    );

    api.get(
      '/workloads/:id/answers',
      {
        config: { role: 'viewer' },
        schema: { tags: ['answers'], params: WorkloadParams, response: { 200: AnswerList } },
      },
      async (req) => {
        const w = req.workload;
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
          params: AnswerParams,
          body: AnswerBody,
          response: { 200: AnswerSaved, 409: AnswerConflict },
        },
      },
      async (req, reply) => {
        const w = req.workload;
        const { practiceId } = req.params;
        const body = req.body;
        const ref = models.practice(practiceId);
        if (!ref) {
          throw badRequest(
            `unknown practice id "${practiceId}"; did you mean "${closest(practiceId, models.practiceIds())}"?`,
          );
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
          (all, context) => summarise(models, all, context),
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
      '/workloads/:id/context',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['workloads'],
          description:
            "The workload's answers to the models' context questions, and the questions with their options.",
          params: WorkloadParams,
          response: { 200: ContextView },
        },
      },
      async (req) => {
        const w = req.workload;
        return {
          context: w.context,
          questions: models.contextQuestions().map((q) => ({
            id: q.id,
            question: q.question,
            options: q.options.map((o) => ({ value: o.value, label: o.label })),
          })),
        };
      },
    );

    api.put(
      '/workloads/:id/context',
      {
        config: { role: 'editor' },
        schema: {
          tags: ['workloads'],
          description:
            'Replaces the context. A question left out, null or empty is unanswered, which leaves every practice in force.',
          params: WorkloadParams,
          body: ContextBody,
          response: { 200: WorkloadView },
        },
      },
      async (req) => {
        const w = req.workload;
        const context = checkContext(models, req.body.context);
        const updated = await store.setContext(req.actor, w.id, context, (all, ctx) =>
          summarise(models, all, ctx),
        );
        if (!updated) throw notFound('workload');
        return workloadView(updated);
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
          params: WorkloadParams,
          querystring: ScoreQuery,
          response: { 200: ScoreView },
        },
      },
      async (req) => {
        const w = req.workload;
        const planLimit = Number(req.query.planLimit ?? 25);
        const answers: StoredAnswer[] = await store.getAnswers(w.id);
        const score = scoreAnswers(models, answers, w.context);
        const report = toJsonReport({
          workload: w.name,
          answersFile: `workload ${w.id}`,
          score,
        });
        // Per-practice detail is what GET /answers is for; the page needs levels, blockers and the plan.
        const pillars = report.pillars.map(({ practices: _, ...rest }) => rest);
        return {
          pillars,
          plan: report.plan.slice(0, planLimit),
          planTotal: report.plan.length,
          context: w.context,
          notInForce: notInForce(score),
        };
      },
    );

    api.post(
      '/workloads/:id/scans',
      {
        config: { role: 'editor' },
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags: ['scans'],
          params: WorkloadParams,
          body: ScanBody,
          response: { 201: ScanStored },
        },
      },
      async (req, reply) => {
        const w = req.workload;
        const body = req.body;
        const unknown = unknownPractice(models, body.suggestions);
        if (unknown) throw badRequest(`unknown practice id "${unknown}" in the scan`);
        const scan = await recordScan(store, req.actor, w.id, body);
        return reply
          .status(201)
          .send({ id: scan.id, createdAt: scan.createdAt, suggestions: body.suggestions.length });
      },
    );

    api.get(
      '/workloads/:id/scans/latest',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['scans'],
          description:
            'The latest scan pushed for the workload: 404 when there is none, or 204 with optional=1.',
          params: WorkloadParams,
          querystring: LatestScanQuery,
          response: { 200: ScanView, 204: NoContent },
        },
      },
      async (req, reply) => {
        const w = req.workload;
        const scan = await store.latestScan(w.id);
        if (!scan) {
          if (req.query.optional) return reply.status(204).send(null);
          throw notFound('scan');
        }
        return scan;
      },
    );
  };
}
