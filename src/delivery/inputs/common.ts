/** What every provider's parser shares: the hook's settings, provider times, and the final check. */
import { z } from 'zod';
import { DeliveryEvent } from '../events.js';

/** Settings of one webhook, from its URL: which workload, and what counts as a deployment. */
export interface HookSettings {
  workload: string;
  /** The environment a run deploys to when the payload does not say (default production). */
  environment?: string | undefined;
  /**
   * Workflow or pipeline names that deploy (GitHub workflow_run, Azure DevOps runs). Empty: those
   * whose name or file path mentions deploy or release.
   */
  workflows?: readonly string[] | undefined;
}

/** The events a payload gave, or why it gave none (a ping, a run still going, a CI workflow). */
export interface WebhookResult {
  events: DeliveryEvent[];
  ignored?: string;
}

export const ignored = (why: string): WebhookResult => ({ events: [], ignored: why });

/** A payload that is JSON but not the shape its provider documents for the event. */
export class PayloadError extends Error {}

/** A payload read by its provider's schema; `what` names it in the error ("a GitHub push payload"). */
export function parsePayload<T extends z.ZodType>(schema: T, payload: unknown, what: string): z.output<T> {
  const r = schema.safeParse(payload);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new PayloadError(`not ${what}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return r.data;
}

/** Checks a built event (ids, SHAs, times) and normalises it as the schema does. */
export function checked(event: unknown): DeliveryEvent {
  const r = DeliveryEvent.safeParse(event);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new PayloadError(`${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'not a valid event'}`);
}

/**
 * ISO-8601 as it is, or GitLab's `2021-04-28 21:50:00 +0200` / `2016-08-12 15:23:28 UTC`, as
 * ISO text; undefined for anything else.
 */
export function providerTime(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  if (z.iso.datetime({ offset: true }).safeParse(text).success) return text;
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) (?:UTC|([+-]\d{2}):?(\d{2}))$/.exec(text);
  if (!m) return undefined;
  const iso = `${m[1]}T${m[2]}${m[3] ? `${m[3]}:${m[4]}` : 'Z'}`;
  return Number.isNaN(Date.parse(iso)) ? undefined : new Date(iso).toISOString();
}

/** A run counts as a deployment when its name is listed, or, with no list, when it says so. */
export function deploysByName(settings: HookSettings, ...names: (string | null | undefined)[]): boolean {
  const given = names.filter((n): n is string => !!n);
  if (settings.workflows && settings.workflows.length > 0)
    return given.some((n) => settings.workflows?.some((w) => w.toLowerCase() === n.toLowerCase()));
  return given.some((n) => /deploy|release/i.test(n));
}

export function whichRuns(settings: HookSettings): string {
  return settings.workflows && settings.workflows.length > 0
    ? `not one of the deploying workflows (${settings.workflows.join(', ')})`
    : 'its name and path do not mention deploy or release (name the deploying workflows with ?workflow=)';
}
