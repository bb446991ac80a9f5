import {
  type AssessmentReport,
  type PlanFormat,
  planItemJson,
  planLines,
  planMarkdown,
  renderPlanHtml,
  type Style,
} from '../../report/index.js';
import type { InputOptions } from '../inputs.js';
import { emit, styleFor } from '../output.js';
import { buildReport } from './assess.js';
import type { PushOptions } from './planPush.js';

/** One renderer per plan format (the formats come from src/report/formats.ts). */
const PLAN_RENDERERS: Record<
  PlanFormat,
  (report: AssessmentReport, limit: number, style: Style) => string | Promise<string>
> = {
  json: (report, limit) => {
    const plan = report.score.plan;
    return `${JSON.stringify({ workload: report.workload ?? null, total: plan.length, items: plan.slice(0, limit).map(planItemJson) }, null, 2)}\n`;
  },
  md: (report, limit) =>
    `# Improvement plan${report.workload ? `: ${report.workload}` : ''}\n\n${planMarkdown(report.score.plan.slice(0, limit)).join('\n')}\n`,
  text: (report, limit, style) =>
    report.score.plan.length === 0
      ? 'Nothing to improve: every practice is met or not applicable.\n'
      : `${planLines(report.score.plan, style, limit).join('\n')}\n`,
  html: (report, limit) => renderPlanHtml(report, limit),
};

export async function runPlan(
  opts: InputOptions & PushOptions & { pillar?: string; format: PlanFormat; output?: string; limit: number },
): Promise<void> {
  const report = buildReport(opts);
  if (opts.push || opts.jiraCsv) return (await import('./planPush.js')).runPlanPush(report, opts);
  const limit = opts.limit === 0 ? report.score.plan.length : opts.limit;
  emit(await PLAN_RENDERERS[opts.format](report, limit, styleFor(opts.output)), opts.output);
}
