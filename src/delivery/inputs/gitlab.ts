/**
 * GitLab webhooks: deployment events (`Deployment Hook`) and pipeline events (`Pipeline Hook`),
 * in GitLab's published shapes. A pipeline deploys to each environment one of its jobs starts;
 * with no such job, to the hook's environment when the pipeline's name says it deploys.
 */
import { z } from 'zod';
import {
  checked,
  deploysByName,
  type HookSettings,
  ignored,
  PayloadError,
  parsePayload,
  providerTime,
  type WebhookResult,
  whichRuns,
} from './common.js';

const DeploymentPayload = z.looseObject({
  object_kind: z.literal('deployment'),
  status: z.string(),
  status_changed_at: z.string(),
  deployment_id: z.number(),
  environment: z.string(),
  short_sha: z.string().optional(),
  commit_url: z.string().optional(),
  ref: z.string().optional(),
});

const PipelinePayload = z.looseObject({
  object_kind: z.literal('pipeline'),
  object_attributes: z.looseObject({
    id: z.number(),
    name: z.string().nullish(),
    ref: z.string().nullish(),
    sha: z.string(),
    status: z.string(),
    created_at: z.string().nullish(),
    finished_at: z.string().nullish(),
  }),
  commit: z.looseObject({ id: z.string(), timestamp: z.string().nullish() }).nullish(),
  builds: z
    .array(
      z.looseObject({
        environment: z.looseObject({ name: z.string(), action: z.string().nullish() }).nullish(),
      }),
    )
    .nullish(),
});

const STATUSES: Record<string, 'success' | 'failure'> = { success: 'success', failed: 'failure' };

const parse = <T extends z.ZodType>(schema: T, payload: unknown, what: string): z.output<T> =>
  parsePayload(schema, payload, `a GitLab ${what} event`);

function time(text: string | null | undefined, field: string): string {
  const t = providerTime(text);
  if (!t) throw new PayloadError(`${field}: "${text}" is not a time GitLab writes`);
  return t;
}

/** `event` is the X-Gitlab-Event header; `deliveryId` the X-Gitlab-Event-UUID one. */
export function gitlabEvents(
  event: string | undefined,
  payload: unknown,
  settings: HookSettings,
  deliveryId?: string,
): WebhookResult {
  if (event === 'Deployment Hook') {
    const p = parse(DeploymentPayload, payload, 'deployment');
    const status = STATUSES[p.status];
    if (!status) return ignored(`deployment status "${p.status}" is not final`);
    // The commit URL ends in the full SHA; the short one is the fallback.
    const sha = /\/commit\/([0-9a-f]{7,64})\/?$/i.exec(p.commit_url ?? '')?.[1] ?? p.short_sha;
    return {
      events: [
        checked({
          type: 'deployment',
          id: String(p.deployment_id),
          workload: settings.workload,
          environment: p.environment,
          status,
          time: time(p.status_changed_at, 'status_changed_at'),
          commits: sha ? [{ sha }] : [],
          ref: p.ref,
          source: 'gitlab',
          deliveryId,
        }),
      ],
    };
  }
  if (event === 'Pipeline Hook') {
    const p = parse(PipelinePayload, payload, 'pipeline');
    const a = p.object_attributes;
    const status = STATUSES[a.status];
    if (!status) return ignored(`pipeline status "${a.status}" is not final`);
    const started = (p.builds ?? [])
      .map((b) => b.environment)
      .filter((e) => e && (e.action ?? 'start') === 'start')
      .map((e) => e?.name as string);
    let environments = [...new Set(started)];
    if (environments.length === 0) {
      if (!deploysByName(settings, a.name))
        return ignored(
          `pipeline "${a.name ?? a.id}": no job deploys to an environment, and ${whichRuns(settings)}`,
        );
      environments = [settings.environment ?? 'production'];
    }
    const commitTime = p.commit?.id === a.sha ? providerTime(p.commit?.timestamp) : undefined;
    const at = time(a.finished_at ?? a.created_at, 'object_attributes.finished_at');
    return {
      events: environments.map((environment) =>
        checked({
          type: 'deployment',
          id: `pipeline-${a.id}`,
          workload: settings.workload,
          environment,
          status,
          time: at,
          commits: [{ sha: a.sha, ...(commitTime ? { time: commitTime } : {}) }],
          ref: a.ref ?? undefined,
          source: 'gitlab',
          deliveryId,
        }),
      ),
    };
  }
  return ignored(`GitLab event "${event ?? '(none)'}" carries no deployment`);
}
