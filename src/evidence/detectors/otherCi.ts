import { ciDetector } from '../lib/ciDetector.js';

export default ciDetector(
  'other-ci',
  'other',
  'CI configuration',
  '.circleci/config.yml, bitbucket-pipelines.yml, .travis.yml and buildspec.yml at the root; Cloud Build files (cloudbuild*.yaml anywhere, or any YAML in a cloudbuild/ folder)',
);
