/**
 * Load-test results against performance targets and baselines (the Performance Efficiency
 * pillar's "set targets" and "baseline metrics" levels). Pure core: no terminal, no database.
 */
export {
  type Baseline,
  baselineFromSummary,
  baselineLosses,
  DEFAULT_BASELINE_FILE,
  formatBaseline,
  loadBaseline,
  parseBaseline,
  saveBaseline,
} from './baseline.js';
export * from './charts/index.js';
export {
  type Comparison,
  compareRun,
  type FlowComparison,
  type MetricRow,
  RULES,
  type Verdict,
} from './compare.js';
export type { Coupling, FlowContribution } from './coupling.js';
export { escapedExcerpt } from './excerpt.js';
export {
  MAX_FLOW_WINDOWS,
  MAX_WINDOWS,
  minSamplesFor,
  nearestRank,
  newHistogram,
  RELATIVE_PRECISION,
  RunRecorder,
  valuesAtRanks,
} from './flowHistograms.js';
export { renderComparisonHtml, renderSummaryHtml, svgCharts } from './html.js';
export { type ByteSource, bufferSource, fileSource } from './input.js';
export { readJtlCsv } from './jmeterJtl.js';
export { readJtlXml } from './jmeterXml.js';
export { JMETER_DEFAULT_COLUMNS, type JtlOptions } from './jtlLayout.js';
export { readK6Json, readK6Summary } from './k6.js';
export {
  LATENCY_OUT_OF_RANGE,
  MAX_LATENCY_MS,
  MAX_WINDOW_MS,
  MIN_WINDOW_MS,
  TIMESTAMP_OUT_OF_RANGE,
} from './limits.js';
export { readLocustExceptions, readLocustFailures, readLocustStats } from './locust.js';
export { readLocustHistory } from './locustHistory.js';
export type { WindowFigure, Windowing, WindowPercentile } from './overTime.js';
export {
  detectFormat,
  INPUT_FORMATS,
  type InputFormat,
  type ReadOptions,
  readResults,
} from './readResults.js';
export {
  OUTPUT_FORMATS,
  type OutputFormat,
  renderBaseline,
  renderComparison,
  renderSummary,
} from './render.js';
export { type ErrorType, type FlowFigures, type RunSummary, summarize } from './summary.js';
export {
  DEFAULT_TARGETS_FILE,
  type FlowDefinition,
  loadTargets,
  loadTargetsOption,
  PERCENTILES,
  parseTargets,
  type Targets,
} from './targetsFile.js';
export { durationProblem, parseDuration } from './units.js';
