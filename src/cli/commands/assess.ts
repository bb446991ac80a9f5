import { scoreAssessment } from '../../assess/index.js';
import { type AssessmentReport, renderJson, renderMarkdown, renderText } from '../../report/index.js';
import { displayPath, type InputOptions, readAssessment, resolveInputs, selectModels } from '../inputs.js';
import { emit, styleFor } from '../output.js';

export interface AssessOptions extends InputOptions {
  pillar?: string;
  format: 'text' | 'md' | 'json';
  output?: string;
  limit: number;
}

export function buildReport(opts: InputOptions & { pillar?: string }): AssessmentReport {
  const inputs = resolveInputs(opts);
  const assessment = readAssessment(inputs);
  const score = scoreAssessment(inputs.models, assessment, selectModels(inputs.models, opts.pillar));
  return { workload: assessment.workload, answersFile: displayPath(inputs.answersFile), score };
}

export function runAssess(opts: AssessOptions): void {
  const report = buildReport(opts);
  const text =
    opts.format === 'json'
      ? renderJson(report)
      : opts.format === 'md'
        ? renderMarkdown(report, opts.limit)
        : renderText(report, styleFor(opts.output), opts.limit);
  emit(text, opts.output);
}
