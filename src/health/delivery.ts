/**
 * The delivery queue beside the watch loop: a change is written to the outbox and the loop moves
 * on; one worker per notifier sends its deliveries in order, one attempt at a time, and retries
 * what failed with exponential back-off over minutes. A slow or failing receiver delays only its
 * own deliveries, never an evaluation.
 */
import { randomUUID } from 'node:crypto';
import type { Notifier, NotifyResult } from './notify.js';
import { type Delivery, memoryOutbox, type Outbox } from './outbox.js';
import type { HealthReport } from './report.js';
import type { HealthNotification } from './watch.js';

export interface BackoffPolicy {
  /** Wait after the first failed attempt; doubles after each further one. */
  readonly initialMs: number;
  readonly maxMs: number;
  /** A delivery still failing this long after it was queued is dropped (and said so). */
  readonly giveUpAfterMs: number;
}

/** 2 s, 4 s, 8 s … up to 5 min between attempts, for a day: a receiver down over lunch still gets it. */
export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 2000,
  maxMs: 5 * 60_000,
  giveUpAfterMs: 24 * 3_600_000,
};

/** The wait after `failures` failed attempts (1 or more). */
export function retryDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, failures - 1));
}

export type DeliveryEvent =
  | { readonly kind: 'delivered'; readonly delivery: Delivery; readonly result: NotifyResult }
  | {
      readonly kind: 'retrying';
      readonly delivery: Delivery;
      readonly result: NotifyResult;
      readonly nextAttemptAt: number;
    }
  | { readonly kind: 'dropped'; readonly delivery: Delivery; readonly result: NotifyResult }
  /** Left in the outbox from an earlier run for a notifier this run does not have. */
  | { readonly kind: 'kept'; readonly delivery: Delivery };

export interface DeliveryQueueOptions {
  readonly notifiers: readonly Notifier[];
  readonly outbox?: Outbox;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly clock?: () => number;
  readonly newId?: () => string;
  readonly onEvent?: (event: DeliveryEvent) => void;
}

export interface DeliveryQueue {
  /** The report changes are found against: the outbox's, from an earlier run, when it has one. */
  baseline(): HealthReport | undefined;
  /** Keeps `report` as the new baseline and queues `notification` for every notifier, in one step. */
  record(report: HealthReport, notification?: HealthNotification): readonly Delivery[];
  /**
   * Stops the workers. `drain`: first send what is due now (never-tried deliveries included) and
   * wait for it; otherwise attempts in flight are cancelled. Anything unsent stays in the outbox.
   */
  close(options?: { readonly drain?: boolean }): Promise<void>;
}

export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const outbox = options.outbox ?? memoryOutbox();
  const policy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const clock = options.clock ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const emit = options.onEvent ?? (() => undefined);
  const cancel = new AbortController();
  let closing = false;
  let kick: () => void = () => undefined;
  let kicked = new Promise<void>((r) => {
    kick = r;
  });
  const wake = () => {
    kick();
    kicked = new Promise<void>((r) => {
      kick = r;
    });
  };
  const names = new Set(options.notifiers.map((n) => n.name));
  // Left by an earlier run: due at once, whatever back-off it was in, since the restart may be the fix.
  const carried = new Set(outbox.pending().map((d) => d.id));
  for (const d of outbox.pending()) if (!names.has(d.notifier)) emit({ kind: 'kept', delivery: d });

  async function worker(notifier: Notifier): Promise<void> {
    for (;;) {
      if (cancel.signal.aborted) return;
      const head = outbox.pending().find((d) => d.notifier === notifier.name);
      const now = clock();
      if (!head || (head.nextAttemptAt > now && !carried.has(head.id))) {
        // Retries wait for the next run once closing; a new run resends them with the same id.
        if (closing) return;
        await (head ? sleepOrWake(head.nextAttemptAt - now, kicked, cancel.signal) : kicked);
        continue;
      }
      carried.delete(head.id);
      const attempt = head.attempts + 1;
      // Counted before it is made: after a crash mid-attempt the receiver sees attempt 2 under the same id.
      outbox.commit({ put: [{ ...head, attempts: attempt }] });
      const result = await notifier.send(head.notification, {
        id: head.id,
        attempt,
        signal: cancel.signal,
      });
      // Cancelled mid-attempt: the receiver may have it, so it stays queued under the same id.
      if (cancel.signal.aborted) return;
      const tried = { ...head, attempts: attempt };
      if (result.ok) {
        outbox.commit({ remove: [head.id] });
        emit({ kind: 'delivered', delivery: tried, result });
      } else if (!result.retry || clock() - head.createdAt >= policy.giveUpAfterMs) {
        outbox.commit({ remove: [head.id] });
        emit({ kind: 'dropped', delivery: { ...tried, lastError: result.detail }, result });
      } else {
        const nextAttemptAt = clock() + retryDelay(attempt, policy);
        const delivery = { ...tried, nextAttemptAt, lastError: result.detail };
        outbox.commit({ put: [delivery] });
        emit({ kind: 'retrying', delivery, result, nextAttemptAt });
      }
    }
  }
  const workers = options.notifiers.map(worker);

  return {
    baseline: () => outbox.baseline(),
    record(report, notification) {
      const now = clock();
      const put: Delivery[] = notification
        ? options.notifiers.map((n) => ({
            id: newId(),
            notifier: n.name,
            notification,
            attempts: 0,
            createdAt: now,
            nextAttemptAt: now,
          }))
        : [];
      outbox.commit({ baseline: report, put });
      if (put.length) wake();
      return put;
    },
    async close(closeOptions = {}) {
      closing = true;
      if (!closeOptions.drain) cancel.abort();
      wake();
      await Promise.all(workers);
    },
  };
}

function sleepOrWake(ms: number, woken: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    void woken.then(done);
  });
}
