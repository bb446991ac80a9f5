/**
 * The one map of report formats: which formats each report offers, with a line on what each
 * gives. The CLI takes its `--format` choices from here and each report keys its renderers by
 * these names, so a format without a renderer does not compile. No imports: `waymark --version`
 * loads this module.
 */
export const REPORT_FORMATS = {
  assessment: {
    text: 'level per pillar, coverage per level and the blocking practices, for a terminal',
    md: 'the same report as Markdown, for a pull request or a wiki page',
    json: 'the waymark.assessment-report document (schemas/assessment-report.schema.json)',
    html: 'one self-contained, printable page with SVG charts, for the people a team reports to',
  },
  plan: {
    text: 'the improvement plan, item by item, for a terminal',
    md: 'the improvement plan as Markdown',
    json: 'the plan items as JSON',
    html: 'the improvement plan as one self-contained, printable page with SVG charts',
  },
  scan: {
    text: 'evidence grouped by pillar, level and practice, for a terminal',
    md: 'the evidence as Markdown tables, one per level',
    json: 'the whole scan result, each suggestion with its pillar and level',
    sarif: 'SARIF 2.1.0 for code scanning: an alert per practice the scan found not met or partial',
  },
  check: {
    text: 'one line per gated pillar and one per blocking practice, for a terminal or a CI log',
    json: 'pass or fail per gated pillar with its blocking practices',
    md: 'a short pull-request comment: the gate per pillar and what blocks it',
    sarif: 'SARIF 2.1.0 for code scanning: one rule per practice, an alert per blocking practice',
    junit: 'JUnit XML for CI test reports: a test case per practice of the gated levels',
  },
} as const satisfies Record<string, Record<string, string>>;

export type ReportKind = keyof typeof REPORT_FORMATS;
export type ReportFormat<K extends ReportKind> = keyof (typeof REPORT_FORMATS)[K] & string;
export type AssessmentFormat = ReportFormat<'assessment'>;
export type PlanFormat = ReportFormat<'plan'>;
export type ScanFormat = ReportFormat<'scan'>;
export type CheckFormat = ReportFormat<'check'>;

/** The format names of one report, in the order they are offered. */
export function formatChoices<K extends ReportKind>(kind: K): ReportFormat<K>[] {
  return Object.keys(REPORT_FORMATS[kind]) as ReportFormat<K>[];
}

export function isReportFormat<K extends ReportKind>(kind: K, value: string): value is ReportFormat<K> {
  return Object.hasOwn(REPORT_FORMATS[kind], value);
}

/** The `--help` lines on one report's formats: each name with what it gives, wrapped to 80 columns. */
export function formatHelp(kind: ReportKind, notes: readonly string[] = []): string {
  const entries = Object.entries(REPORT_FORMATS[kind]);
  const pad = Math.max(...entries.map(([name]) => name.length)) + 4;
  const lines = ['', 'Formats:'];
  for (const [name, what] of entries) {
    const words = what.split(' ');
    let line = `  ${name.padEnd(pad - 2)}`;
    for (const w of words) {
      if (line.length + w.length + 1 > 80 && line.trim() !== name) {
        lines.push(line.trimEnd());
        line = ' '.repeat(pad);
      }
      line += `${w} `;
    }
    lines.push(line.trimEnd());
  }
  if (notes.length > 0) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}
