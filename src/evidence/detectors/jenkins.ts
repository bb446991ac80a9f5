import { ciDetector } from '../lib/ciDetector.js';

export default ciDetector(
  'jenkins',
  'jenkins',
  'Jenkins pipeline',
  'Jenkinsfile with a pipeline or node block',
);
