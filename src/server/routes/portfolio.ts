import { AuditView, HeatmapView, MeView, ModelsView, PortfolioView } from '../apiResponses.js';
import { JsonAnswer } from '../jsonAnswer.js';
import type { ApiRoutes, ServerOptions } from '../serverContext.js';
import { SharedAnswers } from '../sharedAnswers.js';
import type { MilestoneSnapshot, WorkloadSummary } from '../workloadScore.js';

/** Coverage of the level after the one held (null when the top level is held). */
function nextLevel(p: WorkloadSummary['pillars'][number]): { level: number; coverage: number } | null {
  const next = p.levels.find((l) => l.level === p.level + 1);
  return next ? { level: next.level, coverage: next.coverage } : null;
}

export function portfolioRoutes(opts: ServerOptions): ApiRoutes {
  const { store, models } = opts;
  // Serialised portfolio per team, valid while the team's version is unchanged: one indexed
  // read per request instead of reading and summing every workload.
  const cache = new SharedAnswers();
  // The models are fixed while the server runs: serialised and compressed once (started now, so
  // that the first page load finds it done), tagged so that a browser holding them gets a 304.
  const modelsAnswer = new JsonAnswer({ models: models.models }, 11);
  void modelsAnswer.compressed('br').catch(() => {});
  return async (api) => {
    api.get(
      '/portfolio',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['portfolio'],
          description:
            "Every workload's level per pillar with its progress to the next level, when it was last answered and how it compares with its latest milestone; how levels are distributed; the practices that block most workloads.",
          response: { 200: PortfolioView },
        },
      },
      async (req, reply) => {
        const version = await store.teamVersion(req.actor.teamId);
        const answer = await cache.get(req.actor.teamId, version, () => buildPortfolio(req.actor.teamId));
        return answer.send(req, reply);
      },
    );

    async function buildPortfolio(teamId: string): Promise<JsonAnswer> {
      const all = await store.listWorkloads(teamId);
      // Archived workloads are kept but left out of every figure; the page lists them apart.
      const workloads = all.filter((w) => w.archivedAt === null);
      const archived = all
        .filter((w) => w.archivedAt !== null)
        .map((w) => ({ id: w.id, name: w.name, archivedAt: w.archivedAt }));
      const milestones = new Map((await store.latestMilestones(teamId)).map((m) => [m.workloadId, m]));
      const distribution: Record<string, number[]> = {};
      // Practice id → the workloads (of this team) whose next level it blocks.
      const blockCount = new Map<string, { id: string; name: string }[]>();
      for (const m of models.models) distribution[m.key] = new Array(m.levels.length + 1).fill(0);
      const rows = workloads.map((w) => {
        const s = w.summary as WorkloadSummary;
        const levels: Record<string, number> = {};
        const next: Record<string, { level: number; coverage: number } | null> = {};
        const milestone = milestones.get(w.id);
        const then = (milestone?.snapshot as MilestoneSnapshot | undefined)?.summary.pillars ?? [];
        const sinceLevels: Record<string, number> = {};
        const sinceCoverage: Record<string, number> = {};
        for (const p of s.pillars ?? []) {
          levels[p.key] = p.level;
          next[p.key] = nextLevel(p);
          const old = then.find((q) => q.key === p.key);
          if (old) {
            sinceLevels[p.key] = old.level;
            // The same level's coverage then, so that the two figures compare.
            const n = nextLevel(p);
            sinceCoverage[p.key] = n ? (old.levels.find((l) => l.level === n.level)?.coverage ?? 0) : 1;
          }
          const counts = distribution[p.key];
          if (counts) counts[p.level] = (counts[p.level] ?? 0) + 1;
          for (const id of p.blocking) {
            const list = blockCount.get(id) ?? [];
            list.push({ id: w.id, name: w.name });
            blockCount.set(id, list);
          }
        }
        return {
          id: w.id,
          name: w.name,
          criticality: w.criticality,
          tags: w.tags,
          levels,
          next,
          answered: s.answered ?? 0,
          lastAnsweredAt: s.lastAnsweredAt ?? null,
          // The latest milestone, to show the trend since: levels then, and the coverage then of
          // each pillar's level that is next now.
          milestone: milestone
            ? {
                name: milestone.name,
                createdAt: milestone.createdAt,
                levels: sinceLevels,
                nextCoverage: sinceCoverage,
              }
            : null,
        };
      });
      const topBlocking = [...blockCount]
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .slice(0, 10)
        .map(([practiceId, blocked]) => {
          const found = models.practice(practiceId);
          return {
            practiceId,
            statement: found?.practice.statement ?? practiceId,
            pillar: found?.model.key ?? null,
            level: found?.level.level ?? null,
            workloads: blocked.length,
            // A few of them by name, for links to where the practice is answered.
            blocked: blocked.slice(0, 5),
          };
        });
      return new JsonAnswer({ workloads: rows, distribution, topBlocking, archived });
    }

    const heatCache = new SharedAnswers();
    api.get(
      '/portfolio/heatmap',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['portfolio'],
          description:
            'Coverage of every strategy (columns) for every workload (rows), as a compact matrix; null where no practice of the strategy applies; unanswered lists the columns where no practice has an answer yet (never assessed, not 0%).',
          response: { 200: HeatmapView },
        },
      },
      async (req, reply) => {
        const version = await store.teamVersion(req.actor.teamId);
        const answer = await heatCache.get(req.actor.teamId, version, () => buildHeatmap(req.actor.teamId));
        return answer.send(req, reply);
      },
    );

    async function buildHeatmap(teamId: string): Promise<JsonAnswer> {
      const strategies = models.models.flatMap((m) => m.levels.flatMap((l) => l.strategies.map((s) => s.id)));
      const listed = (await store.listWorkloads(teamId)).filter((w) => w.archivedAt === null);
      const rows = listed.map((w) => {
        const summary = w.summary as Partial<WorkloadSummary>;
        const coverage = summary.strategies ?? {};
        const unanswered = new Set(summary.unanswered ?? []);
        return {
          id: w.id,
          name: w.name,
          values: strategies.map((id) => coverage[id] ?? null),
          unanswered: strategies.flatMap((id, i) => (unanswered.has(id) ? [i] : [])),
        };
      });
      return new JsonAnswer({ strategies, rows });
    }

    api.get(
      '/me',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['auth'],
          description: 'Who the token belongs to: team, name and role.',
          response: { 200: MeView },
        },
      },
      async (req) => ({ team: req.actor.teamId, name: req.actor.name, role: req.actor.role }),
    );

    api.get(
      '/models',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['models'],
          description: 'The models in force, with guidance.',
          response: { 200: ModelsView },
        },
      },
      async (req, reply) => modelsAnswer.send(req, reply),
    );

    api.get(
      '/audit',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['audit'],
          description: 'The latest changes of your team, newest first.',
          response: { 200: AuditView },
        },
      },
      async (req) => ({ entries: await store.auditLog(req.actor.teamId, 200) }),
    );
  };
}
