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
  // A source that is down fails every signal the same way: said once, not on every line.
  const common = sourceFailure(report);
  if (common) lines.push(`  source failed for every signal: ${common}`);
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
        `${lastC ? '   ' : '│  '}${lastS ? '└─' : '├─'} ${s.id.padEnd(width)}  ${paint(s.state, s.state)}${pad} ${common ? 'the source failed (above)' : s.reason}`,
      );
    });
  });
  return `${lines.join('\n')}\n`;
}

/** The one reason every signal failed for, when the source itself failed (down, timed out, refused). */
export function sourceFailure(report: HealthReport): string | undefined {
  const signals = report.components.flatMap((c) => c.signals);
  const first = signals[0];
  if (signals.length < 2 || !first || first.state !== 'unknown') return undefined;
  const whole = first.problem === 'down' || first.problem === 'timeout' || first.problem === 'rejected';
  return whole && signals.every((s) => s.state === 'unknown' && s.reason === first.reason)
    ? first.reason
    : undefined;
}

export { formatNumber };
