import type { PlanItem } from '../assess/index.js';
import type { AssessmentReport } from './assessmentReport.js';

/** Markdown for a pull-request comment, a wiki page or a report handed on. */
export function renderMarkdown(report: AssessmentReport, planLimit = 20): string {
  const out: string[] = [
    `# Waymark assessment${report.workload ? `: ${escapeCell(report.workload)}` : ''}`,
    '',
  ];
  out.push(`Answers: \`${report.answersFile}\``, '');
  out.push('| Pillar | Level reached | Next level blocked by |', '| --- | --- | --- |');
  for (const p of report.score.pillars) {
    const level = p.level > 0 ? `${p.level} · ${p.levelName}` : '0';
    const next = p.level === p.maxLevel ? '—' : `${p.blocking.length} practice(s)`;
    out.push(`| ${escapeCell(p.title)} | ${level} | ${next} |`);
  }
  for (const p of report.score.pillars) {
    out.push('', `## ${escapeCell(p.title)} (${p.key} ${p.version})`, '');
    out.push('| Level | Coverage | Met | Partial | Not met | N/A | Unknown | Held |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |');
    for (const l of p.levels) {
      out.push(
        `| ${l.level} ${escapeCell(l.name)} | ${Math.round(l.coverage * 100)}% | ${l.met} | ${l.partial} | ${l.notMet} | ${l.notApplicable} | ${l.unknown} | ${l.held ? '✓' : ''} |`,
      );
    }
    if (p.blocking.length > 0) {
      out.push('', `**Blocking level ${p.level + 1}:**`, '');
      for (const b of p.blocking) out.push(`- \`${b.id}\` (${b.status}): ${escapeCell(b.statement)}`);
    }
    const ruledOut = p.practices.filter((pr) => pr.notInForce);
    if (ruledOut.length > 0) {
      out.push('', '**Not in force for this workload:**', '');
      for (const pr of ruledOut) out.push(`- \`${pr.id}\`: ${escapeCell(pr.notInForce ?? '')}`);
    }
  }
  const plan = report.score.plan;
  if (plan.length > 0 && planLimit > 0) {
    out.push('', '## Improvement plan', '');
    out.push(...planMarkdown(plan.slice(0, planLimit)));
    if (plan.length > planLimit) out.push('', `_${plan.length - planLimit} more in \`waymark plan\`._`);
  }
  return `${out.join('\n')}\n`;
}

export function planMarkdown(items: readonly PlanItem[]): string[] {
  const out = [
    '| # | Practice | Level | Risk | Status | Next step |',
    '| ---: | --- | ---: | --- | --- | --- |',
  ];
  for (const i of items) {
    out.push(
      `| ${i.rank} | \`${i.practiceId}\` ${escapeCell(i.statement)}${i.source.url ? ` ([source](${i.source.url}))` : ''} | ${i.pillar} ${i.level} | ${i.risk} | ${i.status} | ${escapeCell(i.nextStep)} |`,
    );
  }
  return out;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
