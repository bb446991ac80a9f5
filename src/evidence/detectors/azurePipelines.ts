import { ciDetector } from '../lib/ciDetector.js';

export default ciDetector(
  'azure-pipelines',
  'azure-pipelines',
  'Azure Pipelines',
  'azure-pipelines.yml, or YAML with stages/jobs/steps under .azure-pipelines, .pipelines, pipelines, build or deploy',
);
