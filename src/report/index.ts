export { ASSESSMENT_RENDERERS, renderAssessment } from './assessmentRenderers.js';
export {
  type AssessmentReport,
  JSON_FORMAT_ID,
  JSON_FORMAT_VERSION,
  planItemJson,
  renderJson,
  toJsonReport,
} from './assessmentReport.js';
export {
  type AssessmentFormat,
  formatChoices,
  isReportFormat,
  type PlanFormat,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportKind,
  type ScanFormat,
} from './formats.js';
export { JsonReportSchema, jsonReportJsonSchema } from './jsonReportSchema.js';
export { planMarkdown, renderMarkdown } from './markdown.js';
export {
  codeSpan,
  printableScanResult,
  renderScan,
  renderScanJson,
  renderScanMarkdown,
  renderScanText,
  SCAN_RENDERERS,
  type ScanPractice,
  type ScanReport,
  scanPractices,
} from './scanReport.js';
export { colourWanted, createStyle, type Style } from './style.js';
export { planLines, renderText } from './text.js';
export { bar, percent, truncate, WIDTH, wrap } from './textLayout.js';
