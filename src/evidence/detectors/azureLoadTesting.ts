import { loadTestDetector } from '../lib/loadTest.js';

export default loadTestDetector({
  id: 'azure-load-testing',
  tool: 'Azure Load Testing',
  noun: 'configuration',
  docs: 'Looks for Azure Load Testing configuration YAML (testPlan with testId, testType or engineInstances). failureCriteria count as pass/fail criteria.',
  candidates: (repo) => repo.byExt('.yaml', '.yml'),
  signature: /^testPlan\s*:/m,
  also: /^(testId|testName|testType|engineInstances)\s*:/m,
  acceptance: /^failureCriteria\s*:/m,
});
