import { ciDetector } from '../lib/ciDetector.js';

export default ciDetector(
  'github-actions',
  'github-actions',
  'GitHub Actions workflow',
  '.github/workflows/*.yml',
);
