import type { Status } from '../answers/index.js';
import type { PillarScore, PlanItem } from '../assess/index.js';
import type { AssessmentReport } from './assessmentReport.js';
import type { Style } from './style.js';
import { bar, percent, truncate, WIDTH, wrap } from './textLayout.js';

const MARK: Record<Status, string> = {
  met: '✓',
  'not-applicable': '–',
  partial: '◐',
  'not-met': '✗',
  unknown: '?',
};

/** The terminal report: level per pillar, coverage per level, what blocks the next level. */
export function renderText(report: AssessmentReport, style: Style, planLimit = 5): string {
  const out: string[] = [];
  const title = report.workload ? `${report.workload} — ${report.answersFile}` : report.answersFile;
  out.push(style.bold(truncate(title, WIDTH)), '');
  for (const pillar of report.score.pillars) out.push(...pillarLines(pillar, style), '');
  if (planLimit > 0 && report.score.plan.length > 0) {
    out.push(...planLines(report.score.plan, style, planLimit));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function pillarLines(p: PillarScore, style: Style): string[] {
  const head = `${p.title} (${p.key} ${p.version})`;
  const level =
    p.level > 0 ? `level ${p.level} of ${p.maxLevel} · ${p.levelName}` : `level 0 of ${p.maxLevel}`;
  const lines = [
    style.bold(`${truncate(head, WIDTH - level.length - 2).padEnd(WIDTH - level.length)}${level}`),
  ];
  for (const l of p.levels) {
    const name = truncate(`L${l.level} ${l.name}`, 28).padEnd(28);
    const state = l.held
      ? style.green('held')
      : l.level === p.level + 1
        ? style.yellow(`next: ${p.blocking.length} blocking`)
        : style.dim(`${l.unknown} unknown`);
    lines.push(`  ${name} ${bar(l.coverage)} ${percent(l.coverage)}  ${state}`);
  }
  if (p.blocking.length > 0) {
    lines.push(`  ${style.bold(`Blocking level ${p.level + 1}:`)}`);
    const shown = p.blocking.slice(0, 8);
    for (const b of shown) {
      const mark = b.status === 'not-met' ? style.red(MARK[b.status]) : style.yellow(MARK[b.status]);
      lines.push(`    ${mark} ${truncate(`${b.id} (${b.status})`, WIDTH - 6)}`);
    }
    if (p.blocking.length > shown.length) {
      lines.push(
        style.dim(`    … and ${p.blocking.length - shown.length} more (waymark plan lists them all)`),
      );
    }
  } else if (p.level === p.maxLevel) {
    lines.push(`  ${style.green('Every level is held.')}`);
  }
  lines.push(...notInForceLines(p, style));
  return lines;
}

export function planLines(plan: readonly PlanItem[], style: Style, limit: number): string[] {
  const shown = plan.slice(0, limit);
  const lines = [
    style.bold(`Improvement plan: ${plan.length} practice${plan.length === 1 ? '' : 's'} to address`),
  ];
  if (shown.length < plan.length)
    lines.push(style.dim(`(showing the first ${shown.length}; use --limit to see more)`));
  for (const item of shown) {
    lines.push('');
    const tag = `[${item.pillar} L${item.level} · ${item.risk} risk · ${item.status}]`;
    lines.push(`${String(item.rank).padStart(3)}. ${style.bold(item.practiceId)} ${style.dim(tag)}`);
    lines.push(...wrap(item.statement, '     '));
    lines.push(...wrap(`Why: ${item.why}`, '     ').map((l) => style.dim(l)));
    lines.push(...wrap(`Next: ${item.nextStep}`, '     '));
    lines.push(...wrap(`Source: ${item.source.section}`, '     ').map((l) => style.dim(l)));
  }
  return lines;
}

/** Practices the workload's context rules out, grouped by the reason, so none vanishes silently. */
export function notInForceLines(p: PillarScore, style: Style): string[] {
  const byReason = new Map<string, string[]>();
  for (const pr of p.practices)
    if (pr.notInForce) byReason.set(pr.notInForce, [...(byReason.get(pr.notInForce) ?? []), pr.id]);
  const lines: string[] = [];
  for (const [reason, ids] of byReason) {
    lines.push(...wrap(`${ids.length} not in force: ${reason}`, '  ').map((l) => style.dim(l)));
    lines.push(...wrap(ids.join(', '), '    ').map((l) => style.dim(l)));
  }
  return lines;
}
