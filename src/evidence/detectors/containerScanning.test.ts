import { ruleTester } from '../ruleTester.js';
import detector from './containerScanning.js';

const TRIVY = `on: push
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t app:latest .
      - uses: aquasecurity/trivy-action@0.28.0
        with:
          image-ref: app:latest
`;

ruleTester(detector, [
  {
    name: 'Trivy scanning an image in a workflow',
    files: { '.github/workflows/ci.yml': TRIVY },
    claims: [
      { practice: 'oe.2.automation.vulnerability-scanning', status: 'met', at: '.github/workflows/ci.yml:7' },
      { practice: 'oe.1.security.scanning-evaluated', status: 'met', confidence: 'high' },
    ],
  },
  {
    name: 'a trivy.yaml with no pipeline step shows the scanner was tried, not that it runs',
    files: { 'trivy.yaml': 'severity:\n  - HIGH\n  - CRITICAL\n' },
    claims: [
      { practice: 'oe.1.security.scanning-evaluated', status: 'met', confidence: 'medium', at: 'trivy.yaml' },
    ],
  },
  {
    name: 'a page about Trivy and a deploy workflow are no scanner',
    trap: true,
    files: {
      'docs/trivy.md': '# Scanning\n\nRun `trivy image app:latest` before pushing.\n',
      '.github/workflows/deploy.yml':
        'on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f k8s/\n',
    },
    claims: [],
  },
]);
