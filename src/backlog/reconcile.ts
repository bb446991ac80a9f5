import type { DesiredItem, WorkItem } from './workItem.js';

/** One change to a backlog, or the note that an item is already as it should be. */
export type BacklogAction =
  | { readonly kind: 'create'; readonly desired: DesiredItem }
  | {
      readonly kind: 'update';
      readonly item: WorkItem;
      readonly desired: DesiredItem;
      readonly reopen: boolean;
    }
  | { readonly kind: 'close'; readonly item: WorkItem }
  | { readonly kind: 'unchanged'; readonly item: WorkItem };

/**
 * What to do so the backlog matches the plan: a plan item with no work item gets one, a work item
 * whose text differs (or that was closed while its practice is still in the plan) is updated, and an
 * open work item whose practice is now done (met or not applicable) is closed. Work items for
 * practices neither planned nor done (another pillar, a retired id) are left alone. When several
 * items carry the same practice, the first open one is kept and the others count as duplicates
 * to close, so one push repairs a backlog that was pushed to twice by hand.
 */
export function reconcile(
  desired: readonly DesiredItem[],
  existing: readonly WorkItem[],
  done: ReadonlySet<string>,
): BacklogAction[] {
  const byPractice = new Map<string, WorkItem[]>();
  for (const item of existing) {
    const list = byPractice.get(item.practiceId) ?? [];
    list.push(item);
    byPractice.set(item.practiceId, list);
  }
  const actions: BacklogAction[] = [];
  for (const want of desired) {
    const items = byPractice.get(want.practiceId) ?? [];
    byPractice.delete(want.practiceId);
    const keep = items.find((i) => i.open) ?? items[0];
    if (!keep) {
      actions.push({ kind: 'create', desired: want });
      continue;
    }
    const same = keep.open && keep.title === want.title && normalise(keep.body) === normalise(want.body);
    actions.push(
      same
        ? { kind: 'unchanged', item: keep }
        : { kind: 'update', item: keep, desired: want, reopen: !keep.open },
    );
    for (const extra of items) if (extra !== keep && extra.open) actions.push({ kind: 'close', item: extra });
  }
  for (const [practiceId, items] of byPractice) {
    if (!done.has(practiceId)) continue;
    for (const item of items) if (item.open) actions.push({ kind: 'close', item });
  }
  return actions;
}

/** Services change line endings and trailing space; neither is a change worth a write. */
function normalise(text: string): string {
  return text.replace(/\r\n/g, '\n').trim();
}

/** One line per change, for the dry run and the progress log. */
export function describeAction(action: BacklogAction): string {
  switch (action.kind) {
    case 'create':
      return `create  ${action.desired.practiceId}  ${action.desired.title}`;
    case 'update':
      return `${action.reopen ? 'reopen' : 'update'}  ${action.item.practiceId}  #${action.item.id} ${action.desired.title}`;
    case 'close':
      return `close   ${action.item.practiceId}  #${action.item.id} ${action.item.title}`;
    case 'unchanged':
      return `same    ${action.item.practiceId}  #${action.item.id}`;
  }
}
