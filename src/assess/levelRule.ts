import type { Status } from '../answers/index.js';

/** Statuses that let a level hold. Everything else (partial, not-met, unknown) blocks. */
export function holds(status: Status): boolean {
  return status === 'met' || status === 'not-applicable';
}

/**
 * The staged rule: level N is reached when every practice of levels 1..N holds.
 * `statusesByLevel[i]` are the statuses of level i+1's practices. Returns 0..levels.
 */
export function levelReached(statusesByLevel: readonly (readonly Status[])[]): number {
  let reached = 0;
  for (const statuses of statusesByLevel) {
    if (!statuses.every(holds)) break;
    reached += 1;
  }
  return reached;
}
