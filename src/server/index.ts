export { buildServer, LOCAL_ACTOR, type ServerOptions } from './app.js';
export { databaseHttpError, HttpError } from './errors.js';
export { loadSampleWorkloads } from './samples.js';
export { upgradeAnswers } from './upgrade.js';
export { summarise, type WorkloadSummary } from './workloadScore.js';
