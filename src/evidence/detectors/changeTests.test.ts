import { ruleTester } from '../ruleTester.js';
import detector from './changeTests.js';

const P = 'oe.4.safe-deployment.change-tests';

ruleTester(detector, [
  {
    name: 'Vitest coverage thresholds, a pytest fail-under in CI and coverage.py fail_under',
    files: {
      'ui/vite.config.ts':
        'export default defineConfig({\n  test: {\n    coverage: {\n      provider: "v8",\n      thresholds: { lines: 80 },\n    },\n  },\n});\n',
      '.github/workflows/test.yml':
        'on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m pytest --cov --cov-fail-under=85\n',
      '.coveragerc': '[report]\nfail_under = 90\n',
    },
    claims: [
      {
        practice: P,
        status: 'partial',
        confidence: 'low',
        at: ['ui/vite.config.ts:3', '.github/workflows/test.yml:6', '.coveragerc:2'],
      },
    ],
  },
  {
    name: "a pipeline checking the changed files' coverage",
    files: {
      '.github/workflows/python.yml':
        'on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest --cov=app --cov-report=json:coverage.json\n      - name: Coverage per file\n        run: |\n          export MODIFIED=$(git diff main...HEAD --name-only | grep py)\n',
    },
    claims: [{ practice: P, status: 'partial', at: '.github/workflows/python.yml:6' }],
  },
  {
    name: 'a contribution guide that makes tests part of every feature and fix',
    files: {
      'CONTRIBUTING.md':
        '# Contributing\n\n- All features or bug fixes **must be tested** by one or more specs.\n',
    },
    claims: [{ practice: P, status: 'partial', at: 'CONTRIBUTING.md:3' }],
  },
  {
    name: 'k6 thresholds, a printed coverage report, a lint score bound and a guide that only mentions tests',
    trap: true,
    files: {
      'load/script.js': 'export const options = {\n  thresholds: { http_req_duration: ["p(95)<500"] },\n};\n',
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest --cov --cov-report=xml\n',
      '.pylintrc': '[MAIN]\nfail-under=10.0\n',
      'CONTRIBUTING.md': '# Contributing\n\nRun the tests with `make test` before you open a pull request.\n',
    },
    claims: [],
  },
]);
