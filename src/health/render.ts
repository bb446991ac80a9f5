import { formatNumber } from './evaluate.js';
import type { HealthReport } from './report.js';
import type { HealthState } from './schema.js';

export interface TextRenderOptions {
  /** Decorates a state word (the CLI colours it on a terminal); the core stays terminal-free. */
  readonly paint?: (state: HealthState, text: string) => string;
}

/** The tree of states, each with the value and threshold that decided it. */
export function renderHealthText(report: HealthReport, options: TextRenderOptions = {}): string {
  const paint = options.paint ?? ((_s: HealthState, t: string) => t);
  const lines = [
    `${report.workload}: ${paint(report.state, report.state.toUpperCase())} — ${report.reason}`,
    `  ${report.source}, ${report.evaluatedAt}, ${report.durationMs} ms`,
  ];
  report.components.forEach((c, i) => {
    const lastC = i === report.components.length - 1;
    const tags = [
      c.critical ? 'critical' : '',
      c.dependsOn.length ? `depends on ${c.dependsOn.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const name = c.name !== c.id ? `${c.id} (${c.name})` : c.id;
    lines.push(
      `${lastC ? '└─' : '├─'} ${name}: ${paint(c.state, c.state)} — ${c.reason}${tags ? `  [${tags}]` : ''}`,
    );
    const width = c.signals.reduce((w, s) => Math.max(w, s.id.length), 0);
    c.signals.forEach((s, j) => {
      const lastS = j === c.signals.length - 1;
      const pad = ' '.repeat(Math.max(0, 9 - s.state.length));
      lines.push(
        `${lastC ? '   ' : '│  '}${lastS ? '└─' : '├─'} ${s.id.padEnd(width)}  ${paint(s.state, s.state)}${pad} ${s.reason}`,
      );
    });
  });
  return `${lines.join('\n')}\n`;
}

export { formatNumber };
