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
