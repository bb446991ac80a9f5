import { isInputError } from '../../diagnostics/index.js';
import { parseBaseline } from '../../perf/index.js';
import { PerfBaselineStored, PerfBaselineView } from '../apiResponses.js';
import { PerfBaselineBody, WorkloadParams } from '../apiSchemas.js';
import { badRequest, notFound } from '../errors.js';
import type { ApiRoutes, ServerOptions } from '../serverContext.js';

/** A workload's load-test baseline kept on the server (`waymark perf baseline set --server URL`). */
export function perfBaselineRoutes(opts: ServerOptions): ApiRoutes {
  const { store } = opts;
  return async (api) => {
    api.put(
      '/workloads/:id/perf-baseline',
      {
        config: { role: 'editor' },
        bodyLimit: 2 * 1024 * 1024,
        schema: {
          tags: ['perf'],
          description:
            'Replaces the baseline: the text of a waymark.perf.baseline.yaml, validated like the file.',
          params: WorkloadParams,
          body: PerfBaselineBody,
          response: { 200: PerfBaselineStored },
        },
      },
      async (req) => {
        const w = req.workload;
        const { baseline } = req.body;
        try {
          parseBaseline(baseline, 'baseline');
        } catch (err) {
          if (isInputError(err)) throw badRequest(`not a valid baseline: ${err.message}`);
          throw err;
        }
        return store.setPerfBaseline(req.actor, w.id, baseline);
      },
    );

    api.get(
      '/workloads/:id/perf-baseline',
      {
        config: { role: 'viewer' },
        schema: { tags: ['perf'], params: WorkloadParams, response: { 200: PerfBaselineView } },
      },
      async (req) => {
        const w = req.workload;
        const found = await store.perfBaseline(w.id);
        if (!found) throw notFound('baseline');
        return found;
      },
    );
  };
}
