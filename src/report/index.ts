export { renderAssessmentHtml, renderPlanHtml } from './assessmentHtml.js';
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
  blockingPractices,
  type CheckReport,
  checkPassed,
  type Gate,
  gatesOf,
  STATUS_WORDS,
} from './checkGate.js';
export { renderCheckMarkdown } from './checkMarkdown.js';
export { CHECK_RENDERERS, checkAlerts, renderCheck } from './checkReport.js';
export {
  type AssessmentFormat,
  type CheckFormat,
  formatChoices,
  isReportFormat,
  type PlanFormat,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportKind,
  type ScanFormat,
} from './formats.js';
export { JsonReportSchema, jsonReportJsonSchema } from './jsonReportSchema.js';
export { renderJunit, xmlAttr, xmlText } from './junit.js';
export { planMarkdown, renderMarkdown } from './markdown.js';
export {
  encodePath,
  practiceFingerprints,
  renderSarif,
  SARIF_MAX_RESULTS,
  SARIF_MAX_RULES,
  SARIF_SCHEMA_URI,
  type SarifAlert,
  type SarifLog,
  type SarifPlace,
  sarifLog,
} from './sarif.js';
export { SARIF_MAX_TAGS, SARIF_TEXT_LIMITS, sarifRules } from './sarifRules.js';
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
export { renderScanSarif, type ScanSarifInput, scanAlertPractices, scanAlerts } from './scanSarif.js';
export { colourWanted, createStyle, type Style } from './style.js';
export { planLines, renderText } from './text.js';
export { bar, percent, truncate, WIDTH, wrap } from './textLayout.js';
