import type { PlanItem } from '../assess/index.js';

/** The label every work item Waymark opens carries, so a listing can ask for Waymark's items only. */
export const BACKLOG_LABEL = 'waymark';

/** The label naming the practice a work item is for: `waymark:oe.1.iac.declarative`. */
export function practiceLabel(practiceId: string): string {
  return `${BACKLOG_LABEL}:${practiceId}`;
}

/** A line hidden in the rendered body; it names the practice even when someone removed the label. */
export function practiceMarker(practiceId: string): string {
  return `<!-- waymark:practice=${practiceId} -->`;
}

const MARKER = /<!-- waymark:practice=([a-z0-9][a-z0-9._-]*) -->/i;
const LABEL = /^waymark:([a-z0-9][a-z0-9._-]*)$/i;

/** The practice a work item is for, from its labels or, failing those, the marker in its body. */
export function practiceOf(labels: readonly string[], body: string | null | undefined): string | undefined {
  for (const label of labels) {
    const m = LABEL.exec(label);
    if (m?.[1]) return m[1];
  }
  return MARKER.exec(body ?? '')?.[1];
}

/** What a work item should say for one plan item. */
export interface DesiredItem {
  readonly practiceId: string;
  readonly title: string;
  /** Markdown, ending with the practice marker. */
  readonly body: string;
  readonly labels: readonly string[];
}

/** A work item found on the service, reduced to what the reconciler compares. */
export interface WorkItem {
  /** The service's own id: an issue number, a work item id, an issue key. */
  readonly id: string;
  readonly practiceId: string;
  readonly title: string;
  readonly body: string;
  readonly open: boolean;
  /** Where a person opens it. */
  readonly url?: string;
}

/** The title, body and labels of the work item for one plan item. */
export function desiredItem(item: PlanItem, workload?: string): DesiredItem {
  const where = workload ? ` for ${workload}` : '';
  const lines = [
    `Waymark's improvement plan${where} lists this practice as **${item.status}** ` +
      `(${item.pillar.toUpperCase()} level ${item.level}, ${item.levelName}; risk ${item.risk}).`,
    '',
    `**Practice:** ${item.statement}`,
    '',
    `**Why:** ${item.why}`,
    '',
    `**Next step:** ${item.nextStep}`,
    '',
    item.source.url
      ? `**Source:** [${item.source.section}](${item.source.url})`
      : `**Source:** ${item.source.section}`,
    '',
    `Practice id \`${item.practiceId}\`. Waymark updates this item on each push and closes it once ` +
      'the practice is met; answer it in `waymark.assessment.yaml`.',
    '',
    practiceMarker(item.practiceId),
  ];
  return {
    practiceId: item.practiceId,
    title: `[${item.pillar.toUpperCase()} L${item.level}] ${item.statement}`,
    body: lines.join('\n'),
    labels: [BACKLOG_LABEL, practiceLabel(item.practiceId)],
  };
}
