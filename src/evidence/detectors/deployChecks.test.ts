import { ruleTester } from '../ruleTester.js';
import detector from './deployChecks.js';

const STAGING = `on:
  push:
    branches: [main]
jobs:
  staging:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - run: helm upgrade --install app ./chart
      - run: kubectl rollout status deployment/app
      - run: npx playwright test
`;

const KIND = `on: [pull_request]
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - uses: helm/kind-action@v1
      - run: kubectl apply -f k8s/
      - run: kubectl wait --for=condition=ready pod -l app=web
`;

const CYPRESS = `on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: npm ci
      - run: npm run e2e:headless
`;

ruleTester(detector, [
  {
    name: 'a staging deployment checked by rollout status and Playwright',
    files: { '.github/workflows/deploy.yml': STAGING },
    claims: [
      {
        practice: 'oe.3.test-automation.stage-checks',
        status: 'met',
        at: ['.github/workflows/deploy.yml:9', '.github/workflows/deploy.yml:10'],
      },
      { practice: 'oe.3.testing.dedicated-test-environments', status: 'met' },
      {
        practice: 'oe.4.safe-deployment.end-to-end-suite',
        status: 'met',
        at: '.github/workflows/deploy.yml:11',
      },
      { practice: 'oe.4.build-optimization.automated-validation', status: 'met' },
    ],
  },
  {
    name: 'a kind cluster on the runner is a test harness: no stage checks, no test environment',
    files: { '.github/workflows/kind.yml': KIND },
    claims: [],
  },
  {
    name: 'an e2e npm script run by CI is an end-to-end suite, not release validation',
    files: { '.github/workflows/ci.yml': CYPRESS },
    claims: [
      { practice: 'oe.4.safe-deployment.end-to-end-suite', status: 'met', at: '.github/workflows/ci.yml:7' },
    ],
  },
  {
    name: 'a Cloud Build PR config deploys to a namespace of its own on the dev cluster, then verifies it',
    files: {
      '.github/cloudbuild/ci-pr.yaml':
        'steps:\n  - name: gcr.io/k8s-skaffold/skaffold\n    id: deploy\n    script: |\n      skaffold deploy --namespace=pr$_PR_NUMBER\n  - name: gcr.io/k8s-skaffold/skaffold\n    id: e2e\n    script: |\n      skaffold verify -m frontend\n',
    },
    claims: [
      {
        practice: 'oe.3.test-automation.stage-checks',
        status: 'met',
        at: ['.github/cloudbuild/ci-pr.yaml:5', '.github/cloudbuild/ci-pr.yaml:7'],
      },
      { practice: 'oe.3.testing.dedicated-test-environments', status: 'met' },
      { practice: 'oe.4.build-optimization.automated-validation', status: 'met' },
    ],
  },
  {
    name: 'a matrix of qa and staging deployed through a composite action that runs smoke tests after it applies',
    files: {
      '.github/workflows/build.yml':
        'on:\n  push:\n    branches: [main]\njobs:\n  before-production:\n    runs-on: ubuntu-latest\n    environment:\n      name: ${{ matrix.environment }}\n    strategy:\n      matrix:\n        environment: [qa, staging]\n    steps:\n      - uses: ./.github/actions/deploy\n',
      '.github/actions/deploy/action.yml':
        'runs:\n  using: composite\n  steps:\n    - run: terraform -chdir=terraform apply -auto-approve\n      shell: bash\n    - name: Smoke tests\n      run: bundle exec rspec spec/smoke\n      shell: bash\n',
    },
    claims: [
      {
        practice: 'oe.3.test-automation.stage-checks',
        status: 'met',
        at: '.github/workflows/build.yml:13',
      },
      { practice: 'oe.3.testing.dedicated-test-environments', status: 'met' },
      { practice: 'oe.4.build-optimization.automated-validation', status: 'met' },
    ],
  },
  {
    name: 'a composite action that runs its tests before it deploys checks nothing that was deployed',
    trap: true,
    files: {
      '.github/workflows/build.yml':
        'on:\n  push:\n    branches: [main]\njobs:\n  staging:\n    runs-on: ubuntu-latest\n    environment: staging\n    steps:\n      - uses: ./.github/actions/release\n',
      '.github/actions/release/action.yml':
        'runs:\n  using: composite\n  steps:\n    - run: bundle exec rspec spec/smoke\n      shell: bash\n    - run: terraform apply -auto-approve\n      shell: bash\n',
    },
    claims: [],
  },
  {
    name: 'Cypress installed and documented but no pipeline runs it; a manual production deploy',
    trap: true,
    files: {
      'package.json': '{"devDependencies":{"cypress":"13.0.0"},"scripts":{"e2e":"cypress run"}}',
      'README.md': 'Run `npx cypress run` and then `helm test app`.\n',
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    },
    claims: [],
  },
]);
