/**
 * Azure DevOps service hooks: "Release deployment completed"
 * (`ms.vss-release.deployment-completed-event`, classic release pipelines) and "Run state changed"
 * (`ms.vss-pipelines.run-state-changed-event`, YAML pipelines), in their published shapes.
 */
import { z } from 'zod';
import {
  checked,
  deploysByName,
  type HookSettings,
  ignored,
  PayloadError,
  parsePayload,
  type WebhookResult,
  whichRuns,
} from './common.js';

const Artifact = z.looseObject({
  definitionReference: z
    .looseObject({ sourceVersion: z.looseObject({ id: z.string().nullish() }).nullish() })
    .nullish(),
});
const Release = z.looseObject({
  id: z.number(),
  name: z.string().nullish(),
  artifacts: z.array(Artifact).nullish(),
});

const Envelope = z.looseObject({
  eventType: z.string(),
  /** The notification's own id: the delivery. */
  id: z.string().optional(),
  createdDate: z.string().optional(),
});

const DeploymentCompleted = z.looseObject({
  resource: z.looseObject({
    environment: z.looseObject({
      id: z.number(),
      name: z.string(),
      status: z.string(),
      modifiedOn: z.string().nullish(),
      release: Release.nullish(),
    }),
    deployment: z
      .looseObject({
        id: z.number(),
        deploymentStatus: z.string().nullish(),
        completedOn: z.string().nullish(),
        release: Release.nullish(),
      })
      .nullish(),
  }),
});

const RunStateChanged = z.looseObject({
  resource: z.looseObject({
    run: z.looseObject({
      id: z.number(),
      name: z.string().nullish(),
      state: z.string(),
      result: z.string().nullish(),
      createdDate: z.string().nullish(),
      finishedDate: z.string().nullish(),
      resources: z
        .looseObject({
          repositories: z
            .looseObject({
              self: z.looseObject({ refName: z.string().nullish(), version: z.string().nullish() }).nullish(),
            })
            .nullish(),
        })
        .nullish(),
    }),
    pipeline: z.looseObject({ name: z.string().nullish() }).nullish(),
  }),
});

/** Only outcomes; a cancelled deployment deployed nothing. Partly succeeded left something undone. */
const OUTCOMES: Record<string, 'success' | 'failure'> = {
  succeeded: 'success',
  failed: 'failure',
  partiallysucceeded: 'failure',
  rejected: 'failure',
};

const parse = <T extends z.ZodType>(schema: T, payload: unknown, what: string): z.output<T> =>
  parsePayload(schema, payload, `an Azure DevOps ${what} event`);

const hex = (s: string | null | undefined) => (s && /^[0-9a-f]{7,64}$/i.test(s) ? s : undefined);

export function azureDevOpsEvents(payload: unknown, settings: HookSettings): WebhookResult {
  const envelope = parse(Envelope, payload, 'service hook');
  const deliveryId = envelope.id;
  if (envelope.eventType === 'ms.vss-release.deployment-completed-event') {
    const { environment: env, deployment } = parse(
      DeploymentCompleted,
      payload,
      'deployment completed',
    ).resource;
    const word = (deployment?.deploymentStatus ?? env.status).toLowerCase();
    const status = OUTCOMES[word];
    if (!status) return ignored(`deployment ended "${word}", which deploys nothing`);
    const release = deployment?.release ?? env.release;
    const shas = (release?.artifacts ?? [])
      .map((a) => hex(a.definitionReference?.sourceVersion?.id))
      .filter((s): s is string => s !== undefined);
    const time = deployment?.completedOn ?? env.modifiedOn ?? envelope.createdDate;
    if (!time) throw new PayloadError('the event gives no time (resource.deployment.completedOn)');
    return {
      events: [
        checked({
          type: 'deployment',
          id: deployment ? String(deployment.id) : `release-${release?.id ?? 0}-environment-${env.id}`,
          workload: settings.workload,
          environment: env.name,
          status,
          time,
          commits: [...new Set(shas)].map((sha) => ({ sha })),
          source: 'azure-devops',
          deliveryId,
        }),
      ],
    };
  }
  if (envelope.eventType === 'ms.vss-pipelines.run-state-changed-event') {
    const { run, pipeline } = parse(RunStateChanged, payload, 'run state changed').resource;
    if (run.state.toLowerCase() !== 'completed') return ignored(`run ${run.state}, not completed`);
    const name = pipeline?.name ?? run.name;
    if (!deploysByName(settings, name)) return ignored(`pipeline "${name}": ${whichRuns(settings)}`);
    const status = OUTCOMES[(run.result ?? '').toLowerCase()];
    if (!status) return ignored(`run ended "${run.result}", which deploys nothing`);
    const self = run.resources?.repositories?.self;
    const sha = hex(self?.version);
    const time = run.finishedDate ?? run.createdDate ?? envelope.createdDate;
    if (!time) throw new PayloadError('the event gives no time (resource.run.finishedDate)');
    return {
      events: [
        checked({
          type: 'deployment',
          id: `run-${run.id}`,
          workload: settings.workload,
          environment: settings.environment ?? 'production',
          status,
          time,
          commits: sha ? [{ sha }] : [],
          ref: self?.refName ?? undefined,
          source: 'azure-devops',
          deliveryId,
        }),
      ],
    };
  }
  return ignored(`Azure DevOps event "${envelope.eventType}" carries no deployment`);
}
