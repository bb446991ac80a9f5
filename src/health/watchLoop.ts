import { type BackoffPolicy, createDeliveryQueue, type DeliveryEvent } from './delivery.js';
import type { Notifier } from './notify.js';
import type { Outbox } from './outbox.js';
import type { HealthReport } from './report.js';
import { detectChanges, notificationFor, type StateChange, shouldNotify } from './watch.js';

export interface WatchOptions {
  readonly evaluate: () => Promise<HealthReport>;
  readonly intervalMs: number;
  /** Stop after this many evaluations; run until aborted when absent. */
  readonly count?: number;
  readonly notifiers?: readonly Notifier[];
  /** What is still to be sent and the last baseline; in memory when absent. */
  readonly outbox?: Outbox;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly signal?: AbortSignal;
  readonly onEvaluation?: (report: HealthReport, changes: readonly StateChange[]) => void;
  readonly onDelivery?: (event: DeliveryEvent) => void;
}

export interface WatchSummary {
  readonly evaluations: number;
  readonly changes: readonly StateChange[];
  readonly last?: HealthReport;
}

/**
 * Evaluates on a fixed cadence (from the start, so slow evaluations do not drift it) and hands
 * each evaluation's changes to the delivery queue, which sends them beside the loop. At the end of
 * a counted run what is due is sent before returning; an abort leaves it in the outbox.
 */
export async function watchHealth(options: WatchOptions): Promise<WatchSummary> {
  const queue = createDeliveryQueue({
    notifiers: options.notifiers ?? [],
    ...(options.outbox ? { outbox: options.outbox } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.onDelivery ? { onEvent: options.onDelivery } : {}),
  });
  const start = Date.now();
  const all: StateChange[] = [];
  let previous = queue.baseline();
  let last: HealthReport | undefined;
  let n = 0;
  try {
    while (!options.signal?.aborted && (options.count === undefined || n < options.count)) {
      const report = await options.evaluate();
      n++;
      last = report;
      const changes = detectChanges(previous, report);
      all.push(...changes);
      if (changes.length)
        queue.record(
          report,
          shouldNotify(changes) && options.notifiers?.length
            ? notificationFor(previous, report, changes)
            : undefined,
        );
      options.onEvaluation?.(report, changes);
      // Kept in the outbox only when something changed: the states are the same otherwise.
      previous = report;
      if (options.count !== undefined && n >= options.count) break;
      const due = start + n * options.intervalMs;
      await sleepUntil(Math.max(due, Date.now()), options.signal);
    }
  } finally {
    await queue.close({ drain: !options.signal?.aborted });
  }
  return { evaluations: n, changes: all, ...(last ? { last } : {}) };
}

function sleepUntil(when: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, when - Date.now());
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
