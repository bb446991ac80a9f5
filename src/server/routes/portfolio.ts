import type { FastifyInstance } from 'fastify';
import type { ServerOptions } from '../app.js';
import type { WorkloadSummary } from '../workloadScore.js';

export function portfolioRoutes(opts: ServerOptions) {
  const { store, models } = opts;
  return async (api: FastifyInstance) => {
    api.get(
      '/portfolio',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['portfolio'],
          description:
            "Every workload's level per pillar, how levels are distributed, the practices that block most workloads, and coverage per strategy.",
        },
      },
      async (req) => {
        const workloads = await store.listWorkloads(req.actor.teamId);
        const distribution: Record<string, number[]> = {};
        const blockCount = new Map<string, number>();
        for (const m of models.models) distribution[m.key] = new Array(m.levels.length + 1).fill(0);
        const rows = workloads.map((w) => {
          const s = w.summary as WorkloadSummary;
          const levels: Record<string, number> = {};
          for (const p of s.pillars ?? []) {
            levels[p.key] = p.level;
            const counts = distribution[p.key];
            if (counts) counts[p.level] = (counts[p.level] ?? 0) + 1;
            for (const id of p.blocking) blockCount.set(id, (blockCount.get(id) ?? 0) + 1);
          }
          return {
            id: w.id,
            name: w.name,
            criticality: w.criticality,
            tags: w.tags,
            levels,
            strategies: s.strategies ?? {},
          };
        });
        const topBlocking = [...blockCount]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 10)
          .map(([practiceId, count]) => ({
            practiceId,
            statement: models.practice(practiceId)?.practice.statement ?? practiceId,
            workloads: count,
          }));
        return { workloads: rows, distribution, topBlocking };
      },
    );

    api.get(
      '/models',
      {
        config: { role: 'viewer' },
        schema: { tags: ['models'], description: 'The models in force, with guidance.' },
      },
      async () => ({ models: models.models }),
    );

    api.get(
      '/audit',
      {
        config: { role: 'admin' },
        schema: { tags: ['audit'], description: 'The latest changes of your team, newest first.' },
      },
      async (req) => ({ entries: await store.auditLog(req.actor.teamId, 200) }),
    );
  };
}
