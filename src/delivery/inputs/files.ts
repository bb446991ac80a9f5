/**
 * Event files for teams without webhooks: the generic JSON format, what `gh run list --json
 * databaseId,conclusion,createdAt,updatedAt,headSha,event,workflowName` prints, and what
 * `gh api repos/OWNER/REPO/deployments` prints. Every problem names the file, the line and what
 * was expected.
 */
import { z } from 'zod';
import { InputError, isInputError } from '../../diagnostics/index.js';
import { readYaml, validateYaml, type YamlPath } from '../../yamlDoc/index.js';
import { CommitRef, DEPLOYMENT_STATUSES, type DeliveryEvent } from '../events.js';
import { checked, deploysByName, type HookSettings, PayloadError } from './common.js';
import { readIncidentsCsv } from './incidentsCsv.js';

const isoTime = z.iso.datetime({ offset: true });
const name = z.string().trim().min(1).max(200);

/** The generic format: what any tool can write. The workload comes from where it is sent. */
export const GenericDeployment = z.strictObject({
  type: z.literal('deployment'),
  id: name,
  environment: name,
  status: z.enum(DEPLOYMENT_STATUSES),
  time: isoTime,
  /** The deployed head first; a SHA alone or with its commit time. */
  commits: z
    .array(z.union([CommitRef.shape.sha, CommitRef]))
    .max(1000)
    .optional(),
  ref: z.string().max(400).optional(),
});
export const GenericIncident = z.strictObject({
  type: z.literal('incident'),
  id: name,
  environment: name.optional(),
  openedAt: isoTime,
  resolvedAt: isoTime.optional(),
  /** The id of the deployment that caused it, when known. */
  deployment: name.optional(),
});
export const GenericEvent = z.discriminatedUnion('type', [GenericDeployment, GenericIncident]);
export type GenericEvent = z.infer<typeof GenericEvent>;
export const GenericDocument = z.strictObject({ events: z.array(GenericEvent).max(100_000) });

/** A generic event as a stored event of `workload`. */
export function fromGeneric(e: GenericEvent, workload: string, deliveryId?: string): DeliveryEvent {
  if (e.type === 'incident') return checked({ ...e, workload, source: 'generic', deliveryId });
  const commits = (e.commits ?? []).map((c) => (typeof c === 'string' ? { sha: c } : c));
  return checked({ ...e, commits, workload, source: 'generic', deliveryId });
}

const GhRun = z.looseObject({
  databaseId: z.number(),
  conclusion: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  headSha: z.string(),
  event: z.string().optional(),
  workflowName: z.string(),
  headBranch: z.string().optional(),
});
const GhDeployment = z.looseObject({
  id: z.number(),
  sha: z.string(),
  ref: z.string().nullish(),
  environment: z.string(),
  created_at: isoTime,
  updated_at: isoTime.optional(),
  /** Not printed by `gh api …/deployments`; accepted when a script adds the statuses. */
  statuses: z.array(z.looseObject({ state: z.string(), created_at: isoTime })).optional(),
  state: z.string().optional(),
});

export interface FileEvents {
  events: DeliveryEvent[];
  /** What was read on an assumption, or skipped, said once per kind. */
  notes: string[];
}

const CONCLUSIONS: Record<string, 'success' | 'failure'> = {
  success: 'success',
  failure: 'failure',
  timed_out: 'failure',
  startup_failure: 'failure',
};
const STATES: Record<string, 'success' | 'failure'> = {
  success: 'success',
  failure: 'failure',
  error: 'failure',
};

/** Reads one JSON event file of any of the three kinds, telling them apart by their fields. */
export function readEventJson(text: string, file: string, settings: HookSettings): FileEvents {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const position = Number(/position (\d+)/.exec((err as Error).message)?.[1] ?? Number.NaN);
    const line = Number.isNaN(position) ? undefined : text.slice(0, position).split('\n').length;
    throw new InputError(`not JSON: ${(err as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, {
      file,
      ...(line ? { line } : {}),
    });
  }
  const at = (path: YamlPath, message: string) => {
    try {
      return readYaml(text, file).errorAt(path, message);
    } catch {
      return new InputError(message, { file, path: path.join('.') });
    }
  };
  // The quick check first; only a file that fails it is read again for the lines of its problems.
  const validate = <T extends z.ZodType>(schema: T, value: unknown): z.output<T> => {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    try {
      return validateYaml(readYaml(text, file), schema);
    } catch (err) {
      if (isInputError(err)) throw err;
      throw new InputError(r.error.issues[0]?.message ?? 'not valid', { file });
    }
  };
  const settle = (build: () => DeliveryEvent, path: YamlPath) => {
    try {
      return build();
    } catch (err) {
      if (err instanceof PayloadError) throw at(path, err.message);
      throw err;
    }
  };

  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const doc = validate(GenericDocument, data);
    return {
      events: doc.events.map((e, i) => settle(() => fromGeneric(e, settings.workload), ['events', i])),
      notes: [],
    };
  }
  if (!Array.isArray(data))
    throw new InputError(
      'expected {"events": [...]}, or the list that gh run list or gh api …/deployments prints',
      {
        file,
        line: 1,
      },
    );
  const first: unknown = data[0];
  const has = (k: string) => !!first && typeof first === 'object' && k in first;
  const notes: string[] = [];
  if (data.length === 0) return { events: [], notes: ['the file lists nothing'] };
  if (has('databaseId')) {
    const runs = validate(z.array(GhRun), data);
    const events: DeliveryEvent[] = [];
    let skipped = 0;
    let unfinished = 0;
    runs.forEach((r, i) => {
      if (!deploysByName(settings, r.workflowName)) {
        skipped++;
        return;
      }
      const status = CONCLUSIONS[r.conclusion];
      if (!status) {
        unfinished++;
        return;
      }
      events.push(
        settle(
          () =>
            checked({
              type: 'deployment',
              id: String(r.databaseId),
              workload: settings.workload,
              environment: settings.environment ?? 'production',
              status,
              time: r.updatedAt,
              commits: [{ sha: r.headSha }],
              ref: r.headBranch,
              source: 'github',
            }),
          [i],
        ),
      );
    });
    if (skipped) notes.push(`${skipped} runs of workflows that do not deploy were left out`);
    if (unfinished) notes.push(`${unfinished} runs without a success or failure conclusion were left out`);
    return { events, notes };
  }
  if (has('sha') && has('environment')) {
    const list = validate(z.array(GhDeployment), data);
    let assumed = 0;
    const events = list.flatMap((d, i) => {
      // GitHub lists a deployment's statuses newest first.
      const latest = d.statuses?.[0];
      const word = latest?.state ?? d.state;
      const status = word === undefined ? 'success' : STATES[word];
      if (!status) return [];
      if (word === undefined) assumed++;
      return [
        settle(
          () =>
            checked({
              type: 'deployment',
              id: String(d.id),
              workload: settings.workload,
              environment: d.environment,
              status,
              time: latest?.created_at ?? d.updated_at ?? d.created_at,
              commits: [{ sha: d.sha }],
              ref: d.ref ?? undefined,
              source: 'github',
            }),
          [i],
        ),
      ];
    });
    if (assumed)
      notes.push(
        `${assumed} deployments carry no status (GitHub's deployment list has none) and were counted as successful; add each one's "statuses" (gh api repos/OWNER/REPO/deployments/ID/statuses) to count failures`,
      );
    return { events, notes };
  }
  throw at(
    [0],
    'expected the objects gh run list --json databaseId,conclusion,createdAt,updatedAt,headSha,event,workflowName prints (with databaseId), or those gh api repos/OWNER/REPO/deployments prints (with sha and environment)',
  );
}

/** A file of events by its kind: `.csv` is incidents, anything else one of the JSON kinds. */
export function readEventFile(text: string, file: string, settings: HookSettings): FileEvents {
  if (/\.csv$/i.test(file)) return { events: readIncidentsCsv(text, file, settings.workload), notes: [] };
  return readEventJson(text, file, settings);
}
