import type { DesiredItem } from './workItem.js';

/**
 * The plan as a CSV file for Jira's CSV importer, for sites Waymark cannot reach through the API:
 * a header row with Summary (the one column Jira requires), Issue Type, Description, and one Labels
 * column per label (the importer maps repeated columns to one multi-value field). Every value is
 * quoted, so commas and new lines inside a description survive.
 */
export function jiraCsv(items: readonly DesiredItem[], issueType = 'Task'): string {
  const labels = Math.max(0, ...items.map((i) => i.labels.length));
  const header = ['Summary', 'Issue Type', 'Description', ...Array.from({ length: labels }, () => 'Labels')];
  const rows = items.map((i) => [
    i.title,
    issueType,
    i.body,
    ...Array.from({ length: labels }, (_, n) => i.labels[n] ?? ''),
  ]);
  return `${[header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
