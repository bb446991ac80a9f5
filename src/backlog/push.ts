import type { BacklogClient } from './client.js';
import { type BacklogAction, describeAction, reconcile } from './reconcile.js';
import type { DesiredItem } from './workItem.js';

export interface PushSummary {
  readonly actions: readonly BacklogAction[];
  readonly created: number;
  readonly updated: number;
  readonly closed: number;
  readonly unchanged: number;
}

/**
 * Lists the service's Waymark items, works out the changes, and (unless a dry run) makes them, one
 * line per change on `log`. A dry run only reads.
 */
export async function pushBacklog(
  client: BacklogClient,
  desired: readonly DesiredItem[],
  done: ReadonlySet<string>,
  opts: { dryRun?: boolean; log?: (line: string) => void } = {},
): Promise<PushSummary> {
  const log = opts.log ?? (() => {});
  const existing = await client.list();
  log(`${client.service}: ${existing.length} Waymark item(s) found, ${desired.length} plan item(s)`);
  const actions = reconcile(desired, existing, done);
  for (const action of actions) {
    if (action.kind === 'unchanged') continue;
    log(`${opts.dryRun ? 'would ' : ''}${describeAction(action)}`);
    if (opts.dryRun) continue;
    if (action.kind === 'create') await client.create(action.desired);
    else if (action.kind === 'update') await client.update(action.item, action.desired);
    else await client.close(action.item);
  }
  const count = (kind: BacklogAction['kind']) => actions.filter((a) => a.kind === kind).length;
  return {
    actions,
    created: count('create'),
    updated: count('update'),
    closed: count('close'),
    unchanged: count('unchanged'),
  };
}
