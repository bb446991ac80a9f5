import { ruleTester } from '../ruleTester.js';
import detector from './k6.js';

const SCRIPT = `import http from 'k6/http';
import { sleep } from 'k6';
export const options = {
  stages: [{ duration: '1m', target: 50 }],
  thresholds: { http_req_duration: ['p(95)<300'] },
};
export default function () {
  http.get('https://test.example/');
  sleep(1);
}
`;

ruleTester(detector, [
  {
    name: 'a script with stages and thresholds is a load test with criteria; one ramp is not another test type',
    files: { 'load/checkout.js': SCRIPT },
    claims: [
      {
        practice: 'pe.3.baseline-tests.load-tests',
        status: 'met',
        confidence: 'high',
        at: 'load/checkout.js:1',
      },
      { practice: 'pe.3.baseline-tests.acceptance', status: 'met', at: 'load/checkout.js:5' },
    ],
  },
  {
    name: 'a spike scenario beside the normal one is another test type',
    files: {
      'load/spike.js':
        "import http from 'k6/http';\nexport const options = {\n  scenarios: {\n    spike: { executor: 'ramping-vus', stages: [{ duration: '10s', target: 500 }] },\n  },\n};\nexport default () => http.get('https://test.example/');\n",
    },
    claims: [
      { practice: 'pe.3.baseline-tests.load-tests', status: 'met', at: 'load/spike.js:1' },
      { practice: 'pe.3.baseline-tests.test-types', status: 'partial', at: 'load/spike.js:3' },
    ],
  },
  {
    name: 'a script without thresholds has no pass/fail criteria',
    files: { 'perf/smoke.ts': "import http from 'k6/http';\nexport default () => http.get('http://x/');\n" },
    claims: [{ practice: 'pe.3.baseline-tests.load-tests', status: 'met', at: 'perf/smoke.ts:1' }],
  },
  {
    name: 'a page documenting k6 and code that only says k6 are not load tests',
    trap: true,
    files: {
      'docs/k6.md':
        "# Load testing\n\nWe could use k6: `import http from 'k6/http'` and set thresholds: p95.\n",
      'src/client.js': "// see k6 docs\nconst thresholds = { k6: true };\nexport const tool = 'k6';\n",
    },
    claims: [],
  },
]);
