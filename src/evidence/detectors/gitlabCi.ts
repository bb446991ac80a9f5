import { ciDetector } from '../lib/ciDetector.js';

export default ciDetector(
  'gitlab-ci',
  'gitlab-ci',
  'GitLab CI',
  '.gitlab-ci.yml at the root and files it includes under .gitlab/ci',
);
