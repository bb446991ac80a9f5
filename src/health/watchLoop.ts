import type { Notifier, NotifyResult } from './notify.js';
import type { HealthReport } from './report.js';
import { detectChanges, notificationFor, type StateChange, shouldNotify } from './watch.js';

export interface WatchOptions {
  readonly evaluate: () => Promise<HealthReport>;
  readonly intervalMs: number;
  /** Stop after this many evaluations; run until aborted when absent. */
  readonly count?: number;
  readonly notifiers?: readonly Notifier[];
  readonly signal?: AbortSignal;
  readonly onEvaluation?: (report: HealthReport, changes: readonly StateChange[]) => void;
  readonly onNotified?: (results: readonly NotifyResult[]) => void;
}

export interface WatchSummary {
  readonly evaluations: number;
  readonly changes: readonly StateChange[];
  readonly last?: HealthReport;
}

/** Evaluates on a fixed cadence (from the start, so slow evaluations do not drift it) and notifies on changes. */
export async function watchHealth(options: WatchOptions): Promise<WatchSummary> {
  const start = Date.now();
  const all: StateChange[] = [];
  let previous: HealthReport | undefined;
  let n = 0;
  while (!options.signal?.aborted && (options.count === undefined || n < options.count)) {
    const report = await options.evaluate();
    n++;
    const changes = detectChanges(previous, report);
    all.push(...changes);
    options.onEvaluation?.(report, changes);
    if (shouldNotify(changes) && options.notifiers?.length) {
      const note = notificationFor(previous, report, changes);
      // Awaited apart: `onNotified?.(await …)` would skip sending when no callback is given.
      const results = await Promise.all(options.notifiers.map((x) => x.send(note)));
      options.onNotified?.(results);
    }
    previous = report;
    if (options.count !== undefined && n >= options.count) break;
    const due = start + n * options.intervalMs;
    await sleepUntil(Math.max(due, Date.now()), options.signal);
  }
  return { evaluations: n, changes: all, ...(previous ? { last: previous } : {}) };
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
