/**
 * The health model as code: a workload's components, signals and thresholds, evaluated from real
 * metrics and rolled up to healthy, degraded or unhealthy. Core only: no terminal, no database;
 * metrics come through `sources`, notifications through `notify`.
 */
export { type HeaderRef, type HttpAuth, httpAuthSchema, type SecretRef } from './authSchema.js';
export {
  type BackoffPolicy,
  createDeliveryQueue,
  DEFAULT_BACKOFF,
  type DeliveryEvent,
  type DeliveryQueue,
  type DeliveryQueueOptions,
  retryDelay,
} from './delivery.js';
export { type DependencyGraph, dependencyGraph, MAX_DEPENDENCY_DEPTH } from './dependencies.js';
export {
  checkDuration,
  type DurationRange,
  formatDuration,
  INTERVAL_RANGE,
  parseDuration,
  TIMEOUT_RANGE,
} from './duration.js';
export {
  classify,
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  type EvaluateOptions,
  evaluateHealth,
  mapLimit,
  reduceSeries,
  type SignalHold,
} from './evaluate.js';
export { type GateOptions, type GateOutcome, type GateVerdict, gateVerdict } from './gate.js';
export { graphOf, type HealthGraph } from './graph.js';
export { createSignalHold } from './hold.js';
export { renderMermaid } from './mermaid.js';
export { excerpt, quote } from './messages.js';
export {
  DEFAULT_HEALTH_FILE,
  type HealthModel,
  type HealthModelProblem,
  type HealthModelValidation,
  loadHealthModel,
  parseHealthModel,
  readModelText,
  validateHealthModelText,
} from './modelFile.js';
export {
  commandNotifier,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  type DeliveryAttempt,
  type Notifier,
  type NotifyResult,
  type WebhookOptions,
  webhookNotifier,
} from './notify.js';
export { type Delivery, fileOutbox, memoryOutbox, type Outbox, type OutboxChange } from './outbox.js';
export { checkPromql, type PromqlCheck } from './promql.js';
export {
  type Exposition,
  type MetricFamily,
  PromTextError,
  parsePromText,
  type Sample,
  selectSamples,
} from './promText.js';
export { MASK, redactText, redactUrl, urlSecrets } from './redact.js';
export { renderHealthText, sourceFailure, type TextRenderOptions } from './render.js';
export type {
  ComponentResult,
  DecidedBy,
  HealthReport,
  SignalProblem,
  SignalResult,
  ThresholdRef,
} from './report.js';
export { DEFAULT_RULES, type RollUpComponent, type RollUpResult, rank, rollUp } from './rollUp.js';
export {
  type HealthFile,
  type HealthState,
  healthFileSchema,
  isHttpUrl,
  MAX_CONCURRENCY,
  type RollUpRules,
  STATES,
} from './schema.js';
export * from './sources/index.js';
export { renderSvg } from './svg.js';
export { type DryRun, dryRunProblems, type ModelCheckProblem, syntaxProblems } from './validate.js';
export {
  detectChanges,
  type HealthNotification,
  notificationFor,
  type StateChange,
  shouldNotify,
} from './watch.js';
export { type WatchOptions, type WatchSummary, watchHealth } from './watchLoop.js';
