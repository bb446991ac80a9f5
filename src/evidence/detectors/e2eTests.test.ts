import { ruleTester } from '../ruleTester.js';
import detector from './e2eTests.js';

const SPEC =
  "import { test, expect } from '@playwright/test';\ntest('checkout', async ({ page }) => {\n  await page.goto('/');\n});\n";

ruleTester(detector, [
  {
    name: 'a Playwright config and an e2e spec are application tests; no pipeline runs them',
    files: { 'playwright.config.ts': 'export default {};\n', 'e2e/checkout.spec.ts': SPEC },
    claims: [{ practice: 'oe.3.testing.application-tests', status: 'met', confidence: 'high' }],
  },
  {
    name: 'a workflow running the e2e suite',
    files: {
      'e2e/checkout.spec.ts': SPEC,
      'package.json': JSON.stringify({ name: 'x', devDependencies: { '@playwright/test': '^1.40.0' } }),
      '.github/workflows/ci.yml':
        'on: [push, pull_request]\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: npm run ci:e2e:run\n',
    },
    claims: [
      { practice: 'oe.3.testing.application-tests', status: 'met' },
      {
        practice: 'oe.4.safe-deployment.end-to-end-suite',
        status: 'met',
        confidence: 'medium',
        at: '.github/workflows/ci.yml:7',
      },
    ],
  },
  {
    name: 'a smoke-test step after a deploy, k6 browser journeys and skaffold verify run suites',
    files: {
      '.github/workflows/deploy-pr.yml':
        'on: [pull_request]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: skaffold run --namespace=pr-${{ github.event.number }}\n      - name: Smoke Test\n        run: ./check-loadgenerator-errors.sh\n',
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./k6/run-tests.sh -t k6/browser/*.js -u http://localhost:3333\n',
      'cloudbuild/ci-pr.yaml':
        'steps:\n  - name: gcr.io/k8s-skaffold/skaffold\n    script: |\n      skaffold verify -m frontend\n',
    },
    claims: [
      {
        practice: 'oe.4.safe-deployment.end-to-end-suite',
        status: 'met',
        at: ['.github/workflows/deploy-pr.yml:7', '.github/workflows/ci.yml:6', 'cloudbuild/ci-pr.yaml:4'],
      },
    ],
  },
  {
    name: 'a step named for unit tests, and k6 load tests, are not end-to-end suites',
    trap: true,
    files: {
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Unit tests\n        run: npm test\n      - run: k6 run load/api.js\n',
    },
    claims: [],
  },
  {
    name: 'a README in an e2e folder and a page about Playwright are not tests',
    trap: true,
    files: {
      'e2e/README.md': '# e2e\n\nTests will go here.\n',
      'docs/e2e.md': 'Run `npx playwright test` once we have tests.\n',
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    },
    claims: [],
  },
]);
