import { detectChanges } from '../../health/index.js';
import { HealthStored, HealthView } from '../apiResponses.js';
import { HealthReportBody, WorkloadParams } from '../apiSchemas.js';
import type { ApiRoutes, ServerOptions } from '../serverContext.js';

/** A workload's health: the latest evaluation pushed by `waymark health eval|watch --push`, and its timeline. */
export function healthRoutes(opts: ServerOptions): ApiRoutes {
  const { store } = opts;
  return async (api) => {
    api.put(
      '/workloads/:id/health',
      {
        config: { role: 'editor' },
        bodyLimit: 2 * 1024 * 1024,
        schema: {
          tags: ['health'],
          description:
            'Stores a health evaluation (`waymark health eval --format json`) and records each change of state.',
          params: WorkloadParams,
          body: HealthReportBody,
          response: { 200: HealthStored },
        },
      },
      async (req) => {
        const w = req.workload;
        const report = req.body;
        // Stored reports passed the same schema on their way in.
        const previous = HealthReportBody.safeParse((await store.latestHealth(w.id)) ?? null);
        const changes = detectChanges(previous.success ? previous.data : undefined, report).map((c) => ({
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
      {
        config: { role: 'viewer' },
        schema: { tags: ['health'], params: WorkloadParams, response: { 200: HealthView } },
      },
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
