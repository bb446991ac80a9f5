import { HistoryView, MilestoneDiffView, MilestoneList, MilestoneView } from '../apiResponses.js';
import { DiffQuery, MilestoneBody, MilestoneParams, WorkloadParams } from '../apiSchemas.js';
import { notFound } from '../errors.js';
import type { ApiRoutes, ServerOptions } from '../serverContext.js';
import { diffSnapshots, type MilestoneSnapshot, snapshot, summarise } from '../workloadScore.js';

export function milestoneRoutes(opts: ServerOptions): ApiRoutes {
  const { store, models } = opts;
  return async (api) => {
    api.post(
      '/workloads/:id/milestones',
      {
        config: { role: 'editor' },
        schema: {
          tags: ['milestones'],
          description:
            'Freezes the answers and scores as they are now; a milestone never changes afterwards.',
          params: WorkloadParams,
          body: MilestoneBody,
          response: { 201: MilestoneView },
        },
      },
      async (req, reply) => {
        const w = req.workload;
        const { name } = req.body;
        const m = await store.createMilestone(
          req.actor,
          w.id,
          name,
          snapshot(models, await store.getAnswers(w.id), w.context),
        );
        return reply.status(201).send(m);
      },
    );

    api.get(
      '/workloads/:id/milestones',
      {
        config: { role: 'viewer' },
        schema: { tags: ['milestones'], params: WorkloadParams, response: { 200: MilestoneList } },
      },
      async (req) => {
        const w = req.workload;
        const list = await store.listMilestones(w.id);
        return {
          milestones: list.map((m) => ({
            id: m.id,
            name: m.name,
            createdAt: m.createdAt,
            createdBy: m.createdBy,
            levels: Object.fromEntries(
              (m.snapshot as MilestoneSnapshot).summary.pillars.map((p) => [p.key, p.level]),
            ),
            modelVersions: Object.fromEntries(
              (m.snapshot as MilestoneSnapshot).summary.pillars.map((p) => [p.key, p.version]),
            ),
          })),
        };
      },
    );

    api.get(
      '/workloads/:id/milestones/diff',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['milestones'],
          params: WorkloadParams,
          querystring: DiffQuery,
          response: { 200: MilestoneDiffView },
        },
      },
      async (req) => {
        const w = req.workload;
        const { from, to } = req.query;
        const [a, b] = await Promise.all([store.getMilestone(w.id, from), store.getMilestone(w.id, to)]);
        if (!a || !b) throw notFound('milestone');
        const diff = diffSnapshots(a.snapshot as MilestoneSnapshot, b.snapshot as MilestoneSnapshot);
        return {
          from: { id: a.id, name: a.name, createdAt: a.createdAt },
          to: { id: b.id, name: b.name, createdAt: b.createdAt },
          levels: diff.levels,
          // What each practice says and where it sits, so the comparison reads without the model.
          moved: diff.moved.map((m) => {
            const ref = models.practice(m.practiceId);
            return {
              ...m,
              statement: ref?.practice.statement ?? null,
              pillar: ref?.model.key ?? null,
              level: ref?.level.level ?? null,
            };
          }),
        };
      },
    );

    api.get(
      '/workloads/:id/milestones/:milestoneId',
      {
        config: { role: 'viewer' },
        schema: { tags: ['milestones'], params: MilestoneParams, response: { 200: MilestoneView } },
      },
      async (req) => {
        const w = req.workload;
        const m = await store.getMilestone(w.id, req.params.milestoneId);
        if (!m) throw notFound('milestone');
        return m;
      },
    );

    api.get(
      '/workloads/:id/history',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['milestones'],
          description: 'Level and coverage per pillar at every milestone, oldest first, then now.',
          params: WorkloadParams,
          response: { 200: HistoryView },
        },
      },
      async (req) => {
        const w = req.workload;
        const list = await store.listMilestones(w.id);
        const point = (name: string, at: string, s: MilestoneSnapshot['summary']) => ({
          name,
          at,
          pillars: s.pillars.map((p) => ({
            key: p.key,
            version: p.version,
            level: p.level,
            coverage: p.levels.map((l) => l.coverage),
          })),
        });
        const points = [
          ...list.map((m) => point(m.name, m.createdAt, (m.snapshot as MilestoneSnapshot).summary)),
          // Now is scored on the models in force, so a model upgrade shows as a change here.
          // Dated now (not the last change), so that it comes after every milestone on a time axis.
          point('now', new Date().toISOString(), summarise(models, await store.getAnswers(w.id), w.context)),
        ];
        // A level that moved because the model changed is not the team's progress: say so.
        return { points: points.map((p, i) => ({ ...p, modelChanged: modelChange(points[i - 1], p) })) };
      },
    );
  };
}

type HistoryPillars = { pillars: { key: string; version: string }[] };

/**
 * Whether any pillar was scored on a different model version than at the previous point:
 * `{ from, to, pillars }` (versions of the changed pillars, joined when they differ), else null.
 */
export function modelChange(
  previous: HistoryPillars | undefined,
  current: HistoryPillars,
): { from: string; to: string; pillars: { key: string; from: string; to: string }[] } | null {
  if (!previous) return null;
  const changed = current.pillars.flatMap((p) => {
    const before = previous.pillars.find((q) => q.key === p.key)?.version;
    return before !== undefined && before !== p.version ? [{ key: p.key, from: before, to: p.version }] : [];
  });
  if (changed.length === 0) return null;
  const distinct = (xs: string[]) => [...new Set(xs)].join(', ');
  return {
    from: distinct(changed.map((c) => c.from)),
    to: distinct(changed.map((c) => c.to)),
    pillars: changed,
  };
}
