/**
 * Delivery metrics (issue 16): deployment and incident events in, per workload; the metrics with
 * their explanations and trends out. Provider webhooks live outside /api (their signature is the
 * authentication) at /hooks/delivery/WORKLOAD/PROVIDER, signed with a secret of that workload
 * alone, derived from the server's webhook secret: one team's secret opens no other workload.
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  azureDevOpsEvents,
  deliveryTrend,
  foldKeyed,
  fromGeneric,
  GenericDocument,
  githubEvents,
  gitlabEvents,
  type HookSettings,
  type MeasuredPractice,
  measuredSuggestions,
  PayloadError,
  type WebhookResult,
  workloadMetrics,
} from '../../delivery/index.js';
import { verifyWebhook } from '../../jobs/index.js';
import { type Actor, DeliveryEventStore, PerfComparisonStore } from '../../store/index.js';
import { WorkloadParams } from '../apiSchemas.js';
import { badRequest, HttpError, notFound } from '../errors.js';
import type { ApiRoutes, ServerOptions } from '../serverContext.js';

const PROVIDERS = ['github', 'gitlab', 'azure-devops'] as const;
const DAY = 86_400_000;

/** The secret a workload's delivery webhooks are signed with. */
export function deliveryHookSecret(serverSecret: string, workloadId: string): string {
  return createHmac('sha256', serverSecret).update(`waymark delivery hook ${workloadId}`).digest('hex');
}

const digits = (max: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/)
    .refine((s) => Number(s) >= 1 && Number(s) <= max, `must be between 1 and ${max}`)
    .optional();
export const MetricsQuery = z.strictObject({
  /** The window: this many days up to `to`. */
  days: digits(730),
  to: z.iso.datetime({ offset: true }).optional(),
  environment: z.string().min(1).max(200).optional(),
  horizonHours: digits(720),
  /** Points of the weekly trend. */
  weeks: digits(104),
});
type MetricsQuery = z.infer<typeof MetricsQuery>;

const HookParams = z.strictObject({ workload: z.string().uuid(), provider: z.enum(PROVIDERS) });
const HookQuery = z.looseObject({
  environment: z.string().min(1).max(200).optional(),
  workflow: z.union([z.string().max(200), z.array(z.string().max(200)).max(20)]).optional(),
});

const PushedHealth = z.looseObject({ evaluatedAt: z.string(), state: z.string() });
const count = z.number().int().min(0).max(100_000);
/** What `waymark perf compare --server` sends after comparing a run. */
export const PerfComparisonBody = z.strictObject({
  /** When the baseline compared against was made; null for a comparison with targets only. */
  baselineCreated: z.string().min(1).max(100).nullable(),
  flows: count,
  regressed: count,
  targetsMissed: count,
});

// What the routes answer. The figures and their explanations are described at the top level; each
// item is what the delivery module builds (typed there, see src/delivery), passed through as it is.
const item = z.unknown();
const Added = z.strictObject({ stored: count, replayed: count });
const HookAnswer = z.strictObject({ stored: count, replayed: count, ignored: z.unknown().optional() });
const PerfComparisonView = z.strictObject({
  comparedAt: z.string(),
  comparedBy: z.string(),
  baselineCreated: z.string().nullable(),
  flows: count,
  regressed: count,
  targetsMissed: count,
});
const SuggestionsView = z.strictObject({ asOf: z.string(), suggestions: z.array(item) });
const MetricsView = z.strictObject({
  window: z.strictObject({ from: z.string(), to: z.string() }),
  linkHorizonHours: z.number(),
  environments: z.array(z.looseObject({ environment: z.string(), trend: z.array(item) })),
});
const HooksView = z.strictObject({
  secret: z.string(),
  hooks: z.record(z.string(), z.string()),
  settings: z.string(),
});

/** The API routes (under /api/v1, with roles). */
export function deliveryRoutes(opts: ServerOptions): ApiRoutes {
  const events = new DeliveryEventStore(opts.store.db);
  const comparisons = new PerfComparisonStore(opts.store.db);
  // The practices whose model declares measures, with the thresholds as the model gives them.
  const measured: MeasuredPractice[] = [...opts.models.practices()].flatMap(({ practice }) =>
    practice.measures ? [{ id: practice.id, measures: practice.measures }] : [],
  );
  return async (api) => {
    api.get(
      '/workloads/:id/delivery/suggestions',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['delivery'],
          description:
            "Suggested answers from measured figures (delivery metrics, a recent health evaluation), shaped like a scan's; they never change an answer.",
          params: WorkloadParams,
          response: { 200: SuggestionsView },
        },
      },
      async (req) => {
        const w = req.workload;
        const now = new Date().toISOString();
        const history = foldKeyed(await events.keyed(w.id, now));
        const health = PushedHealth.safeParse(await opts.store.latestHealth(w.id));
        const perf = await comparisons.latest(w.id);
        return {
          asOf: now,
          suggestions: measuredSuggestions(
            measured,
            history,
            { health: health.success ? health.data : undefined, perf },
            { now },
          ),
        };
      },
    );

    api.put(
      '/workloads/:id/perf-comparison',
      {
        config: { role: 'editor' },
        schema: {
          tags: ['perf'],
          description:
            'Keeps the outcome of the latest load-test comparison (`waymark perf compare --server`); a recent passing comparison against a baseline is evidence.',
          params: WorkloadParams,
          body: PerfComparisonBody,
          response: { 200: PerfComparisonView },
        },
      },
      async (req) => {
        const w = req.workload;
        return comparisons.set(req.actor, w.id, req.body);
      },
    );

    api.get(
      '/workloads/:id/perf-comparison',
      {
        config: { role: 'viewer' },
        schema: { tags: ['perf'], params: WorkloadParams, response: { 200: PerfComparisonView } },
      },
      async (req) => {
        const w = req.workload;
        const found = await comparisons.latest(w.id);
        if (!found) throw notFound('comparison');
        return found;
      },
    );

    api.post(
      '/workloads/:id/delivery/events',
      {
        config: { role: 'editor' },
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags: ['delivery'],
          description:
            'Stores deployment and incident events in the generic format; an event stored already (a replay) is counted, not stored again.',
          params: WorkloadParams,
          body: GenericDocument,
          response: { 200: Added, 201: Added },
        },
      },
      async (req, reply) => {
        const w = req.workload;
        const list = req.body.events.map((e, i) => {
          try {
            return fromGeneric(e, w.id);
          } catch (err) {
            if (err instanceof PayloadError) throw badRequest(`events[${i}]: ${err.message}`);
            throw err;
          }
        });
        const added = await events.add(req.actor, w.id, list);
        return reply.status(added.stored > 0 ? 201 : 200).send(added);
      },
    );

    api.get(
      '/workloads/:id/delivery/metrics',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['delivery'],
          description:
            'Deployment frequency, change lead time, change failure rate, failed deployment recovery time and rework rate per environment, each with the deployments, commits and incidents it used and its rule, and a weekly trend.',
          params: WorkloadParams,
          querystring: MetricsQuery,
          response: { 200: MetricsView },
        },
      },
      async (req) => {
        const w = req.workload;
        const q: MetricsQuery = req.query;
        const to = q.to ? new Date(q.to) : new Date();
        const days = Number(q.days ?? 90);
        const window = { from: new Date(to.getTime() - days * DAY).toISOString(), to: to.toISOString() };
        const linkHorizonHours = Number(q.horizonHours ?? 24);
        const history = foldKeyed(await events.keyed(w.id, window.to));
        const metrics = workloadMetrics(w.id, history.deployments, history.incidents, {
          window,
          linkHorizonHours,
        }).filter((m) => !q.environment || m.environment === q.environment.toLowerCase());
        const weeks = Number(q.weeks ?? 12);
        return {
          window,
          linkHorizonHours,
          environments: metrics.map((m) => ({
            ...m,
            trend: deliveryTrend(history.deployments, history.incidents, m.environment, {
              to: window.to,
              buckets: weeks,
              linkHorizonHours,
            }),
          })),
        };
      },
    );

    api.get(
      '/workloads/:id/delivery/webhooks',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['delivery'],
          description:
            "The workload's delivery webhook paths and the secret to configure them with (GitHub: the webhook secret; GitLab: the secret token; Azure DevOps: the basic-authentication password).",
          params: WorkloadParams,
          response: { 200: HooksView },
        },
      },
      async (req) => {
        const w = req.workload;
        if (!opts.webhookSecret) throw notFound('webhook configuration (the server has no webhook secret)');
        return {
          secret: deliveryHookSecret(opts.webhookSecret, w.id),
          hooks: Object.fromEntries(PROVIDERS.map((p) => [p, `/hooks/delivery/${w.id}/${p}`])),
          settings:
            'add ?environment=NAME for runs that do not name one (default production), and ?workflow=NAME (repeatable) for the workflows or pipelines that deploy',
        };
      },
    );
  };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The provider webhooks (outside /api): verified first, over the bytes as sent. */
export function deliveryHookRoutes(opts: ServerOptions) {
  const events = new DeliveryEventStore(opts.store.db);
  return async (hooks: FastifyInstance) => {
    hooks.removeContentTypeParser('application/json');
    hooks.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );

    hooks.post('/hooks/delivery/:workload/:provider', { schema: { hide: true } }, async (req) => {
      const params = HookParams.safeParse(req.params);
      if (!params.success) throw notFound('webhook');
      const { workload, provider } = params.data;
      if (!opts.webhookSecret)
        throw new HttpError(404, 'not_found', 'webhooks are not configured on this server');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const secret = deliveryHookSecret(opts.webhookSecret, workload);
      if (!verifyWebhook(provider, secret, body, req.headers))
        throw new HttpError(
          401,
          'unauthorized',
          "the webhook signature does not match the workload's secret",
        );
      const teamId = await events.teamOf(workload);
      if (!teamId) throw notFound('workload');
      const query = HookQuery.safeParse(req.query);
      if (!query.success) throw badRequest('the hook URL takes ?environment= and ?workflow=');
      const workflow = query.data.workflow;
      const settings: HookSettings = {
        workload,
        environment: query.data.environment,
        workflows: (Array.isArray(workflow) ? workflow : workflow ? [workflow] : [])
          .flatMap((w) => w.split(','))
          .map((w) => w.trim())
          .filter(Boolean),
      };
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        throw badRequest('the webhook body is not JSON');
      }
      let result: WebhookResult;
      try {
        result =
          provider === 'github'
            ? githubEvents(header(req, 'x-github-event'), payload, settings, header(req, 'x-github-delivery'))
            : provider === 'gitlab'
              ? gitlabEvents(
                  header(req, 'x-gitlab-event'),
                  payload,
                  settings,
                  header(req, 'x-gitlab-event-uuid'),
                )
              : azureDevOpsEvents(payload, settings);
      } catch (err) {
        if (err instanceof PayloadError) throw badRequest(err.message);
        throw err;
      }
      if (result.events.length === 0) return { stored: 0, replayed: 0, ignored: result.ignored };
      const actor: Actor = { teamId, name: `${provider}-webhook`, role: 'editor' };
      return events.add(actor, workload, result.events);
    });
  };
}
