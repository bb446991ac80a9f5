export { buildServer } from './app.js';
export { databaseHttpError, HttpError } from './errors.js';
export {
  CSRF_HEADER,
  discoverIssuer,
  type OidcConfig,
  type OidcSettings,
  type OidcSignIn,
  parseOidcConfig,
  SESSION_COOKIE,
} from './oidc/index.js';
export { loadSampleWorkloads } from './samples.js';
export { LOCAL_ACTOR, type ServerOptions } from './serverContext.js';
export { upgradeAnswers } from './upgrade.js';
export { summarise, type WorkloadSummary } from './workloadScore.js';
