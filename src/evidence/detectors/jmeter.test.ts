import { ruleTester } from '../ruleTester.js';
import detector from './jmeter.js';

const PLAN = `<?xml version="1.0" encoding="UTF-8"?>
<jmeterTestPlan version="1.2" properties="5.0">
  <hashTree>
    <ResponseAssertion guiclass="AssertionGui" testname="200"/>
  </hashTree>
</jmeterTestPlan>
`;

ruleTester(detector, [
  {
    name: 'a test plan with a response assertion',
    files: { 'perf/plan.jmx': PLAN },
    claims: [
      { practice: 'pe.3.baseline-tests.load-tests', status: 'met', at: 'perf/plan.jmx:2' },
      { practice: 'pe.3.baseline-tests.acceptance', status: 'met', at: 'perf/plan.jmx:4' },
    ],
  },
  {
    name: 'a page about JMeter and a .jmx that is not a test plan',
    trap: true,
    files: {
      'perf/jmeter.md': '# JMeter\n\nAdd a <ResponseAssertion> to the <jmeterTestPlan>.\n',
      'perf/notes.jmx': 'notes about the plan we will write\n',
    },
    claims: [],
  },
]);
