/**
 * Loads the workload a route is about before its handler runs, so that no route can forget the
 * team check: a workload of another team answers 404, exactly as one that does not exist.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store, Workload } from '../store/index.js';
import { notFound } from './errors.js';

/** The path parameter that names a workload, if the route has one: `/workloads/:id…` or `:workloadId`. */
export function workloadParam(url: string): 'id' | 'workloadId' | undefined {
  if (/(^|\/):workloadId(\/|$)/.test(url)) return 'workloadId';
  if (/\/workloads\/:id(\/|$)/.test(url)) return 'id';
  return undefined;
}

function paramOf(req: FastifyRequest, name: string): string | undefined {
  const params = req.params;
  if (typeof params !== 'object' || params === null || !(name in params)) return undefined;
  const value: unknown = Reflect.get(params, name);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Adds the lookup as the first pre-handler of every route registered after it in `api` whose path
 * names a workload. Pre-handlers run after validation, so the id is already known to be well formed.
 */
export function workloadLookup(api: FastifyInstance, store: Store): void {
  const found = new WeakMap<FastifyRequest, Workload>();
  api.decorateRequest('workload', {
    getter(this: FastifyRequest): Workload {
      const w = found.get(this);
      if (!w) throw new Error(`${this.routeOptions.url ?? this.url} has no workload in its path`);
      return w;
    },
  });
  api.addHook('onRoute', (route) => {
    const param = workloadParam(route.url);
    if (!param) return;
    const lookup = async (req: FastifyRequest) => {
      const id = paramOf(req, param);
      const workload = id === undefined ? undefined : await store.getWorkload(req.actor.teamId, id);
      if (!workload) throw notFound('workload');
      found.set(req, workload);
    };
    const own = route.preHandler;
    route.preHandler = own === undefined ? [lookup] : [lookup, ...(Array.isArray(own) ? own : [own])];
  });
}
