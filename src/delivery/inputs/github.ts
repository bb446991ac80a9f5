/**
 * GitHub webhooks: `deployment_status` (a deployment reached a final state) and `workflow_run`
 * (a run of a deploying workflow completed). The shapes are GitHub's published payloads; only
 * the fields read here are checked.
 */
import { z } from 'zod';
import {
  checked,
  deploysByName,
  type HookSettings,
  ignored,
  parsePayload,
  type WebhookResult,
  whichRuns,
} from './common.js';

const DeploymentStatusPayload = z.looseObject({
  deployment_status: z.looseObject({
    id: z.number(),
    state: z.string(),
    environment: z.string().optional(),
    created_at: z.string(),
    updated_at: z.string().optional(),
  }),
  deployment: z.looseObject({
    id: z.number(),
    sha: z.string(),
    ref: z.string().nullish(),
    environment: z.string(),
  }),
});

const WorkflowRunPayload = z.looseObject({
  action: z.string(),
  workflow_run: z.looseObject({
    id: z.number(),
    name: z.string().nullish(),
    path: z.string().nullish(),
    head_branch: z.string().nullish(),
    head_sha: z.string(),
    status: z.string().nullish(),
    conclusion: z.string().nullish(),
    updated_at: z.string(),
    head_commit: z.looseObject({ id: z.string(), timestamp: z.string().nullish() }).nullish(),
  }),
});

/** Final states only; `error` is GitHub's word for a deployment that could not run. */
const DEPLOYMENT_STATES: Record<string, 'success' | 'failure'> = {
  success: 'success',
  failure: 'failure',
  error: 'failure',
};
/** Run conclusions that are a deployment's outcome; cancelled and skipped runs deployed nothing. */
const RUN_CONCLUSIONS: Record<string, 'success' | 'failure'> = {
  success: 'success',
  failure: 'failure',
  timed_out: 'failure',
  startup_failure: 'failure',
};

const parse = <T extends z.ZodType>(schema: T, payload: unknown, event: string): z.output<T> =>
  parsePayload(schema, payload, `a GitHub ${event} payload`);

/** `event` is the X-GitHub-Event header; `deliveryId` the X-GitHub-Delivery one. */
export function githubEvents(
  event: string | undefined,
  payload: unknown,
  settings: HookSettings,
  deliveryId?: string,
): WebhookResult {
  if (event === 'ping') return ignored('ping');
  if (event === 'deployment_status') {
    const p = parse(DeploymentStatusPayload, payload, event);
    const status = DEPLOYMENT_STATES[p.deployment_status.state];
    if (!status) return ignored(`deployment state "${p.deployment_status.state}" is not final`);
    return {
      events: [
        checked({
          type: 'deployment',
          id: String(p.deployment.id),
          workload: settings.workload,
          environment: p.deployment_status.environment || p.deployment.environment,
          status,
          time: p.deployment_status.updated_at ?? p.deployment_status.created_at,
          commits: [{ sha: p.deployment.sha }],
          ref: p.deployment.ref ?? undefined,
          source: 'github',
          deliveryId,
        }),
      ],
    };
  }
  if (event === 'workflow_run') {
    const p = parse(WorkflowRunPayload, payload, event);
    const run = p.workflow_run;
    if (p.action !== 'completed') return ignored(`workflow run ${p.action}, not completed`);
    if (!deploysByName(settings, run.name, run.path))
      return ignored(`workflow "${run.name}": ${whichRuns(settings)}`);
    const status = RUN_CONCLUSIONS[run.conclusion ?? ''];
    if (!status) return ignored(`run concluded "${run.conclusion}", which deploys nothing`);
    const headTime = run.head_commit?.id === run.head_sha ? run.head_commit?.timestamp : undefined;
    return {
      events: [
        checked({
          type: 'deployment',
          id: String(run.id),
          workload: settings.workload,
          environment: settings.environment ?? 'production',
          status,
          time: run.updated_at,
          commits: [{ sha: run.head_sha, ...(headTime ? { time: headTime } : {}) }],
          ref: run.head_branch ?? undefined,
          source: 'github',
          deliveryId,
        }),
      ],
    };
  }
  return ignored(`GitHub event "${event ?? '(none)'}" carries no deployment`);
}
