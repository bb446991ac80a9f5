/**
 * Where `watch` keeps what it has still to tell and what it last told, so a restart loses no
 * notification and tells no change twice. Behind an interface: tests and a server swap in their
 * own; the file one rewrites a small JSON file atomically on every change.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomicFile/index.js';
import { InputError } from '../diagnostics/index.js';
import type { HealthReport } from './report.js';
import { readTextFile } from './text.js';
import type { HealthNotification } from './watch.js';

export interface Delivery {
  /** The same on every attempt and after a restart, so receivers can deduplicate. */
  readonly id: string;
  /** The notifier's name, e.g. `webhook https://…` (passwords masked). */
  readonly notifier: string;
  readonly notification: HealthNotification;
  readonly attempts: number;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly nextAttemptAt: number;
  readonly lastError?: string;
}

/** One atomic step: a crash leaves the outbox before or after it, never between. */
export interface OutboxChange {
  readonly baseline?: HealthReport;
  /** Added, or replacing the delivery with the same id. */
  readonly put?: readonly Delivery[];
  readonly remove?: readonly string[];
}

export interface Outbox {
  /** Deliveries not yet acknowledged, oldest first. */
  pending(): readonly Delivery[];
  /** The report the last changes were found against; a restarted watch compares with it. */
  baseline(): HealthReport | undefined;
  commit(change: OutboxChange): void;
}

export function memoryOutbox(): Outbox {
  const deliveries = new Map<string, Delivery>();
  let last: HealthReport | undefined;
  return {
    pending: () => [...deliveries.values()],
    baseline: () => last,
    commit(change) {
      if (change.baseline) last = change.baseline;
      for (const d of change.put ?? []) deliveries.set(d.id, d);
      for (const id of change.remove ?? []) deliveries.delete(id);
    },
  };
}

// The contents were written by this module; the checks are there for a file edited or cut short by hand.
const notificationSchema = z.custom<HealthNotification>(
  (v) => typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'waymark.health.change',
  { message: 'not a health notification' },
);
const reportSchema = z.custom<HealthReport>(
  (v) => typeof v === 'object' && v !== null && 'formatVersion' in v && v.formatVersion === 1,
  { message: 'not a health report' },
);
const deliverySchema = z.object({
  id: z.string().min(1),
  notifier: z.string(),
  notification: notificationSchema,
  attempts: z.number().int().min(0),
  createdAt: z.number(),
  nextAttemptAt: z.number(),
  lastError: z.string().optional(),
});
const fileSchema = z.object({
  kind: z.literal('waymark.health.outbox'),
  formatVersion: z.literal(1),
  baseline: reportSchema.optional(),
  deliveries: z.array(deliverySchema),
});

/** A JSON file, read once at start and rewritten atomically (and flushed) after every change. */
export function fileOutbox(file: string): Outbox {
  const memory = memoryOutbox();
  if (existsSync(file)) {
    let json: unknown;
    try {
      json = JSON.parse(readTextFile(file, 'outbox'));
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError('the outbox is not JSON', { file }, 'move it away to start with an empty outbox');
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success)
      throw new InputError(
        `not a Waymark health outbox: ${parsed.error.issues[0]?.path.join('.') || 'top level'}: ${parsed.error.issues[0]?.message ?? ''}`,
        { file },
        'move it away to start with an empty outbox',
      );
    memory.commit({
      put: parsed.data.deliveries,
      ...(parsed.data.baseline ? { baseline: parsed.data.baseline } : {}),
    });
  } else {
    mkdirSync(dirname(file), { recursive: true });
  }
  return {
    pending: memory.pending,
    baseline: memory.baseline,
    commit(change) {
      memory.commit(change);
      const baseline = memory.baseline();
      const content = {
        kind: 'waymark.health.outbox',
        formatVersion: 1,
        ...(baseline ? { baseline } : {}),
        deliveries: memory.pending(),
      };
      writeFileAtomic(file, `${JSON.stringify(content)}\n`, { durable: true });
    },
  };
}
