import { loadTestDetector } from '../lib/loadTest.js';

export default loadTestDetector({
  id: 'jmeter',
  tool: 'JMeter',
  docs: 'Looks for .jmx files that are JMeter test plans (a jmeterTestPlan root). Response or duration assertions count as pass/fail criteria. Profiles count as stress, spike or soak tests only where a script or its path names them so: a ramp is part of every load test.',
  candidates: (repo) => repo.byExt('.jmx'),
  signature: /<jmeterTestPlan\b/,
  acceptance: /<(ResponseAssertion|DurationAssertion|JSR223Assertion|JSONPathAssertion)\b/,
  types:
    /<(kg\.apc\.jmeter\.threads\.UltimateThreadGroup|com\.blazemeter\.jmeter\.threads\.concurrency\.ConcurrencyThreadGroup)\b/,
});
