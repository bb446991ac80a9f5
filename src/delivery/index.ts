/**
 * Delivery metrics (DORA) from deployment and incident events: deployment frequency, change lead
 * time, change failure rate, failed deployment recovery time and deployment rework rate, per
 * workload and environment, each with what it was computed from. Pure core: no server, no
 * database, no terminal; commits come through `CommitSource`.
 */
export {
  type Commit,
  type CommitSource,
  commitGraph,
  type GraphCommit,
  MAX_CHANGE_COMMITS,
  parseGitGraph,
} from './commits.js';
export {
  type CommitRef,
  DEPLOYMENT_STATUSES,
  DeliveryEvent,
  DeploymentEvent,
  type DeploymentStatus,
  EVENT_SOURCES,
  type EventSource,
  eventKey,
  IncidentEvent,
  isProduction,
  utcTime,
} from './events.js';
export {
  type Deployment,
  foldEvents,
  foldKeyed,
  type History,
  type Incident,
  type KeyedEvent,
} from './history.js';
export {
  azureDevOpsEvents,
  csvRows,
  type FileEvents,
  fromGeneric,
  GenericDeployment,
  GenericDocument,
  GenericEvent,
  GenericIncident,
  githubEvents,
  gitlabEvents,
  type HookSettings,
  PayloadError,
  providerTime,
  readEventFile,
  readEventJson,
  readIncidentsCsv,
  type WebhookResult,
} from './inputs/index.js';
export { DEFAULT_LINK_HORIZON_HOURS, type IncidentLink, type LinkRule, linkIncidents } from './links.js';
export {
  deliveryMetrics,
  type MetricsOptions,
  median,
  metricsOfHistory,
  workloadMetrics,
} from './metrics.js';
export {
  type DeliveryFigures,
  type DeliveryMetrics,
  type DeploymentView,
  figuresOf,
  type IncidentView,
  type LeadTimeChange,
  RULES,
} from './report.js';
export {
  type MeasuredPractice,
  measuredSuggestions,
  type RunResults,
  type SuggestionOptions,
} from './suggestions.js';
export { deliveryTrend, type TrendPoint, windowEnding } from './trend.js';
