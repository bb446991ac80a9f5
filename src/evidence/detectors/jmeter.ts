import { loadTestDetector } from '../lib/loadTest.js';

export default loadTestDetector({
  id: 'jmeter',
  tool: 'JMeter',
  docs: 'Looks for .jmx files that are JMeter test plans (a jmeterTestPlan root). Response or duration assertions count as pass/fail criteria.',
  candidates: (repo) => repo.byExt('.jmx'),
  signature: /<jmeterTestPlan\b/,
  acceptance: /<(ResponseAssertion|DurationAssertion|JSR223Assertion|JSONPathAssertion)\b/,
  types:
    /<(kg\.apc\.jmeter\.threads\.UltimateThreadGroup|com\.blazemeter\.jmeter\.threads\.concurrency\.ConcurrencyThreadGroup)\b/,
});
