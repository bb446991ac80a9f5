import { type Suggestion, withSuggestions } from '../../answers/index.js';
import { scoreAssessment } from '../../assess/index.js';
import { type AssessmentFormat, type AssessmentReport, renderAssessment } from '../../report/index.js';
import {
  displayPath,
  type InputOptions,
  type Inputs,
  readAssessment,
  resolveInputs,
  selectModels,
} from '../inputs.js';
import { emit, styleFor } from '../output.js';

export interface AssessOptions extends InputOptions {
  pillar?: string;
  format: AssessmentFormat;
  output?: string;
  limit: number;
  scan?: boolean | string;
}

export function buildReport(
  opts: InputOptions & { pillar?: string },
  suggestions: readonly Suggestion[] = [],
  inputs: Inputs = resolveInputs(opts),
): AssessmentReport {
  const assessment = withSuggestions(readAssessment(inputs), suggestions, new Date().toISOString());
  const score = scoreAssessment(inputs.models, assessment, selectModels(inputs.models, opts.pillar));
  return {
    workload: assessment.workload,
    answersFile: displayPath(inputs.answersFile),
    context: assessment.context,
    score,
  };
}

export async function runAssess(opts: AssessOptions): Promise<void> {
  let suggestions: readonly Suggestion[] = [];
  if (opts.scan) {
    const { scanWithProgress } = await import('./scan.js');
    suggestions = (await scanWithProgress(opts.scan === true ? '.' : opts.scan)).suggestions;
  }
  const report = buildReport(opts, suggestions);
  emit(await renderAssessment(opts.format, report, styleFor(opts.output), opts.limit), opts.output);
}
