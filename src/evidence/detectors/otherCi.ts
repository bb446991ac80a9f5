import { ciDetector } from '../lib/ciDetector.js';

export default ciDetector(
  'other-ci',
  'other',
  'CI configuration',
  '.circleci/config.yml, bitbucket-pipelines.yml, .travis.yml, cloudbuild.yaml, buildspec.yml at the root',
);
