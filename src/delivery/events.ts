/**
 * Deployment and incident events as every source is turned into them, and the key that makes a
 * replayed event the same event. Times are ISO-8601 text, as stored and as sent over the API.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const DEPLOYMENT_STATUSES = ['success', 'failure'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** Where an event came from: a provider's webhook, the generic format, or a file import. */
export const EVENT_SOURCES = ['github', 'gitlab', 'azure-devops', 'generic', 'file'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

const isoTime = z.iso.datetime({ offset: true });
const name = z.string().trim().min(1).max(200);

export const CommitRef = z.strictObject({
  sha: z
    .string()
    .regex(/^[0-9a-fA-F]{7,64}$/, 'must be a commit SHA (hexadecimal)')
    .transform((s) => s.toLowerCase()),
  /** When the commit was made, when the event says so (else it comes from git). */
  time: isoTime.optional(),
});
export type CommitRef = z.infer<typeof CommitRef>;

export const DeploymentEvent = z.strictObject({
  type: z.literal('deployment'),
  /** The provider's id of the deployment: later events with the same id update it. */
  id: name,
  workload: name,
  environment: name.transform((s) => s.toLowerCase()),
  status: z.enum(DEPLOYMENT_STATUSES),
  /** When the deployment finished (its final status). */
  time: isoTime,
  /** The commits the deployment carries, the deployed head first; often only the head. */
  commits: z.array(CommitRef).max(1000).default([]),
  ref: z.string().max(400).optional(),
  source: z.enum(EVENT_SOURCES),
  /** The provider's id of the delivery that brought it (X-GitHub-Delivery and the like). */
  deliveryId: z.string().max(200).optional(),
});
export type DeploymentEvent = z.infer<typeof DeploymentEvent>;

export const IncidentEvent = z.strictObject({
  type: z.literal('incident'),
  id: name,
  workload: name,
  /** Absent: the workload's production environment(s). */
  environment: name.transform((s) => s.toLowerCase()).optional(),
  openedAt: isoTime,
  resolvedAt: isoTime.optional(),
  /** The deployment (its id) that caused it, when someone knows. */
  deployment: name.optional(),
  source: z.enum(EVENT_SOURCES),
  deliveryId: z.string().max(200).optional(),
});
export type IncidentEvent = z.infer<typeof IncidentEvent>;

export const DeliveryEvent = z.discriminatedUnion('type', [DeploymentEvent, IncidentEvent]);
export type DeliveryEvent = z.infer<typeof DeliveryEvent>;

/** Environment names read as production; metrics for the practices are taken from these. */
const PRODUCTION = new Set(['production', 'prod', 'prd', 'live']);
export function isProduction(environment: string): boolean {
  return PRODUCTION.has(environment.toLowerCase());
}

const UTC_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A time as UTC ISO text with milliseconds (the form stored); text already in that form is kept. */
export function utcTime(text: string): string {
  return UTC_TEXT.test(text) ? text : new Date(text).toISOString();
}

/**
 * The idempotency key: a digest of what the event says, leaving out the delivery that brought it
 * (a provider's redelivery has a new delivery id but says the same). Times count in UTC, names
 * and SHAs in lower case, so the same event written two ways has one key. A replay has the same
 * key and is stored and counted once; an event that says something new about the same
 * deployment or incident has another key and is merged with it (see `foldEvents`).
 */
export function eventKey(e: DeliveryEvent): string {
  // A fixed field order: JSON of an array needs no sorting to be canonical.
  const said =
    e.type === 'deployment'
      ? [
          'deployment',
          e.source,
          e.workload,
          e.id,
          e.environment.toLowerCase(),
          e.status,
          utcTime(e.time),
          e.ref ?? null,
          e.commits.map((c) => [c.sha.toLowerCase(), c.time ? utcTime(c.time) : null]),
        ]
      : [
          'incident',
          e.source,
          e.workload,
          e.id,
          e.environment?.toLowerCase() ?? null,
          utcTime(e.openedAt),
          e.resolvedAt ? utcTime(e.resolvedAt) : null,
          e.deployment ?? null,
        ];
  return createHash('sha256').update(JSON.stringify(said)).digest('hex').slice(0, 32);
}
