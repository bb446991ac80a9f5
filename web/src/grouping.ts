/** Grouping of the portfolio's workloads (by criticality or by tag), shared by its table and heat map. */
import { compareText } from './hooks';
import { CRITICALITIES, type Criticality } from './types';

export const GROUPINGS = ['none', 'criticality', 'tag'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const GROUPING_LABEL: Record<Grouping, string> = {
  none: 'No grouping',
  criticality: 'Criticality',
  tag: 'Tag',
};

export function isGrouping(v: string): v is Grouping {
  return (GROUPINGS as readonly string[]).includes(v);
}

export interface Group<T> {
  key: string;
  label: string;
  items: T[];
}

/**
 * Splits `items` (in their order) into groups: by criticality from critical down, or by tag in
 * alphabetical order with untagged ones last. A workload with two tags is in both tag groups.
 */
export function groupBy<T extends { criticality: Criticality; tags: string[] }>(
  items: readonly T[],
  grouping: Grouping,
): Group<T>[] {
  if (grouping === 'none') return [{ key: 'all', label: 'All workloads', items: [...items] }];
  if (grouping === 'criticality') {
    return [...CRITICALITIES]
      .reverse()
      .map((c) => ({ key: c, label: `${c} criticality`, items: items.filter((i) => i.criticality === c) }))
      .filter((g) => g.items.length > 0);
  }
  const tags = [...new Set(items.flatMap((i) => i.tags))].sort(compareText);
  const groups = tags.map((t) => ({
    key: `tag:${t}`,
    label: t,
    items: items.filter((i) => i.tags.includes(t)),
  }));
  const untagged = items.filter((i) => i.tags.length === 0);
  if (untagged.length > 0) groups.push({ key: 'untagged', label: 'no tag', items: untagged });
  return groups;
}
