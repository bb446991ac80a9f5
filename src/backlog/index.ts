/** Pushing the improvement plan to a tracker as work items, and keeping them in step. */
export { AZURE_DEVOPS, type AzureBoardsOptions, azureBoardsClient } from './azureBoards.js';
export type { BacklogClient } from './client.js';
export { GITHUB_API, type GitHubOptions, githubClient, nextLink } from './github.js';
export { type HttpOptions, rateLimitWait } from './http.js';
export { type JiraOptions, jiraClient } from './jira.js';
export { jiraCsv } from './jiraCsv.js';
export { type PushSummary, pushBacklog } from './push.js';
export { type BacklogAction, describeAction, reconcile } from './reconcile.js';
export {
  BACKLOG_LABEL,
  type DesiredItem,
  desiredItem,
  practiceLabel,
  practiceMarker,
  practiceOf,
  type WorkItem,
} from './workItem.js';
