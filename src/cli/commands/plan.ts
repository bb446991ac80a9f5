import { planItemJson, planLines, planMarkdown } from '../../report/index.js';
import type { InputOptions } from '../inputs.js';
import { emit, styleFor } from '../output.js';
import { buildReport } from './assess.js';

export function runPlan(
  opts: InputOptions & { pillar?: string; format: string; output?: string; limit: number },
): void {
  const report = buildReport(opts);
  const plan = report.score.plan;
  const limit = opts.limit === 0 ? plan.length : opts.limit;
  let text: string;
  if (opts.format === 'json') {
    text = `${JSON.stringify({ workload: report.workload ?? null, total: plan.length, items: plan.slice(0, limit).map(planItemJson) }, null, 2)}\n`;
  } else if (opts.format === 'md') {
    text = `# Improvement plan${report.workload ? `: ${report.workload}` : ''}\n\n${planMarkdown(plan.slice(0, limit)).join('\n')}\n`;
  } else if (plan.length === 0) {
    text = 'Nothing to improve: every practice is met or not applicable.\n';
  } else {
    text = `${planLines(plan, styleFor(opts.output), limit).join('\n')}\n`;
  }
  emit(text, opts.output);
}
