import { ruleTester } from '../ruleTester.js';
import detector from './sast.js';

const AUDIT_ON_PR = `on:
  pull_request:
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm audit --audit-level=high
`;

const CODEQL = `on:
  pull_request:
  push:
jobs:
  analyze:
    runs-on: ubuntu-latest
    steps:
      - uses: github/codeql-action/init@v3
      - uses: github/codeql-action/analyze@v3
`;

ruleTester(detector, [
  {
    name: 'npm audit on pull requests scans, is evaluated and gates',
    files: { '.github/workflows/audit.yml': AUDIT_ON_PR },
    claims: [
      {
        practice: 'oe.2.automation.vulnerability-scanning',
        status: 'met',
        at: '.github/workflows/audit.yml:8',
      },
      { practice: 'oe.1.security.scanning-evaluated', status: 'met', confidence: 'high' },
      { practice: 'oe.3.test-automation.security-gate', status: 'met', confidence: 'medium' },
    ],
  },
  {
    name: 'CodeQL uploads results: scanning, but no gate the files show',
    files: { '.github/workflows/codeql.yml': CODEQL },
    claims: [
      { practice: 'oe.2.automation.vulnerability-scanning', status: 'met' },
      { practice: 'oe.1.security.scanning-evaluated', status: 'met' },
    ],
  },
  {
    name: 'a Sonar configuration and build plugin without a pipeline step: evaluated only',
    files: {
      'sonar-project.properties': 'sonar.projectKey=shop\nsonar.sources=src\n',
      'pom.xml':
        '<project><build><plugins><plugin>\n<groupId>org.sonarsource.scanner.maven</groupId>\n<artifactId>sonar-maven-plugin</artifactId>\n</plugin></plugins></build></project>\n',
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: mvn verify\n',
    },
    claims: [
      {
        practice: 'oe.1.security.scanning-evaluated',
        status: 'met',
        confidence: 'medium',
        at: ['sonar-project.properties', 'pom.xml:3'],
      },
    ],
  },
  {
    name: 'a README naming CodeQL and Snyk is no scanner',
    trap: true,
    files: {
      'README.md': '# Security\n\nWe plan to run CodeQL and `snyk test` one day.\n',
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make build\n',
    },
    claims: [],
  },
  {
    name: "the organisation's shared build action handed a Snyk token on pull requests scans inside it (low)",
    files: {
      '.github/workflows/build.yml':
        'on:\n  pull_request:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Build and push docker image\n        uses: org/github-actions/build-docker-image@main\n        with:\n          snyk-token: ${{ secrets.SNYK_TOKEN }}\n',
    },
    claims: [
      {
        practice: 'oe.2.automation.vulnerability-scanning',
        status: 'partial',
        confidence: 'low',
        at: '.github/workflows/build.yml:9',
      },
      { practice: 'oe.3.test-automation.security-gate', status: 'partial', confidence: 'low' },
    ],
  },
  {
    name: 'a public action at the root of its repository and a shared step with no scanner input scan nothing',
    trap: true,
    files: {
      '.github/workflows/build.yml':
        'on:\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: someone/scan-action@v1\n        with:\n          snyk-token: ${{ secrets.SNYK_TOKEN }}\n      - uses: org/github-actions/build-docker-image@main\n        with:\n          github-token: ${{ secrets.GITHUB_TOKEN }}\n',
    },
    claims: [],
  },
]);
