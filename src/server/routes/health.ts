import type { FastifyInstance } from 'fastify';
import { detectChanges, type HealthReport } from '../../health/index.js';
import { HealthReportBody, jsonSchema, WorkloadParams } from '../apiSchemas.js';
import type { ServerOptions } from '../serverContext.js';

/** A workload's health: the latest evaluation pushed by `waymark health eval|watch --push`, and its timeline. */
export function healthRoutes(opts: ServerOptions) {
  const { store } = opts;
  return async (api: FastifyInstance) => {
    api.put(
      '/workloads/:id/health',
      {
        config: { role: 'editor' },
        bodyLimit: 2 * 1024 * 1024,
        schema: {
          tags: ['health'],
          description:
            'Stores a health evaluation (`waymark health eval --format json`) and records each change of state.',
          params: jsonSchema(WorkloadParams),
          body: jsonSchema(HealthReportBody),
        },
      },
      async (req) => {
        const w = req.workload;
        const report = req.body as HealthReport;
        const previous = (await store.latestHealth(w.id)) as HealthReport | undefined;
        const changes = detectChanges(previous, report).map((c) => ({
          at: c.at,
          level: c.level,
          target: c.id,
          from: c.from,
          to: c.to,
          reason: c.reason,
        }));
        await store.recordHealth(req.actor, w.id, report, changes);
        return { state: report.state, changes };
      },
    );

    api.get(
      '/workloads/:id/health',
      { config: { role: 'viewer' }, schema: { tags: ['health'], params: jsonSchema(WorkloadParams) } },
      async (req) => {
        const w = req.workload;
        return {
          latest: (await store.latestHealth(w.id)) ?? null,
          timeline: await store.healthTimeline(w.id),
        };
      },
    );
  };
}
