import { renderAssessmentHtml } from './assessmentHtml.js';
import { type AssessmentReport, renderJson } from './assessmentReport.js';
import type { AssessmentFormat } from './formats.js';
import { renderMarkdown } from './markdown.js';
import type { Style } from './style.js';
import { renderText } from './text.js';

/** One renderer per assessment format; a format of the map without one here does not compile. */
export const ASSESSMENT_RENDERERS: Record<
  AssessmentFormat,
  (report: AssessmentReport, style: Style, planLimit: number) => string | Promise<string>
> = {
  text: (report, style, planLimit) => renderText(report, style, planLimit),
  md: (report, _style, planLimit) => renderMarkdown(report, planLimit),
  json: (report) => renderJson(report),
  html: (report, _style, planLimit) => renderAssessmentHtml(report, planLimit),
};

/** The assessment report in `format`; `style` colours text only, `planLimit` bounds text, md and html. */
export async function renderAssessment(
  format: AssessmentFormat,
  report: AssessmentReport,
  style: Style,
  planLimit: number,
): Promise<string> {
  return ASSESSMENT_RENDERERS[format](report, style, planLimit);
}
