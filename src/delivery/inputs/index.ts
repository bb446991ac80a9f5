/** Every way events come in, each turned into `DeliveryEvent`s. */
export { azureDevOpsEvents } from './azureDevOps.js';
export { type HookSettings, PayloadError, providerTime, type WebhookResult } from './common.js';
export {
  type FileEvents,
  fromGeneric,
  GenericDeployment,
  GenericDocument,
  GenericEvent,
  GenericIncident,
  readEventFile,
  readEventJson,
} from './files.js';
export { githubEvents } from './github.js';
export { gitlabEvents } from './gitlab.js';
export { csvRows, readIncidentsCsv } from './incidentsCsv.js';
