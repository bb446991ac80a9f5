import { ruleTester } from '../ruleTester.js';
import detector from './previewEnvironments.js';

const GITLAB = `deploy_review:
  stage: deploy
  script:
    - helm upgrade --install app-$CI_COMMIT_REF_SLUG ./chart
  environment:
    name: review/$CI_COMMIT_REF_SLUG
    on_stop: stop_review
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
stop_review:
  stage: deploy
  script:
    - helm uninstall app-$CI_COMMIT_REF_SLUG
  environment:
    name: review/$CI_COMMIT_REF_SLUG
    action: stop
  when: manual
`;

const PR_AZD = `on:
  pull_request:
jobs:
  env:
    runs-on: ubuntu-latest
    steps:
      - run: azd up --no-prompt
      - run: ./scripts/seed-database.sh
      - run: azd down --force --purge
`;

ruleTester(detector, [
  {
    name: 'GitLab review apps with on_stop',
    files: { '.gitlab-ci.yml': GITLAB },
    claims: [
      {
        practice: 'oe.5.ephemeral-environments.per-branch',
        status: 'met',
        confidence: 'high',
        at: '.gitlab-ci.yml:6',
      },
      { practice: 'oe.5.ephemeral-environments.auto-teardown', status: 'met' },
    ],
  },
  {
    name: 'a pull-request workflow that provisions, seeds and tears down',
    files: { '.github/workflows/pr-env.yml': PR_AZD },
    claims: [
      {
        practice: 'oe.5.ephemeral-environments.per-branch',
        status: 'met',
        at: '.github/workflows/pr-env.yml:7',
      },
      {
        practice: 'oe.5.ephemeral-environments.auto-teardown',
        status: 'met',
        at: '.github/workflows/pr-env.yml:9',
      },
      { practice: 'oe.5.ephemeral-environments.seeded', status: 'met', at: '.github/workflows/pr-env.yml:8' },
    ],
  },
  {
    name: 'a Cloud Build pull-request config that deploys to a namespace per PR, tests and deletes it',
    files: {
      '.github/cloudbuild/ci-pr.yaml':
        'steps:\n  - name: gcr.io/k8s-skaffold/skaffold\n    id: deploy\n    script: |\n      kubectl create namespace pr$_PR_NUMBER\n      skaffold deploy --namespace=pr$_PR_NUMBER\n  - name: gcr.io/k8s-skaffold/skaffold\n    id: e2e\n    script: |\n      skaffold verify -m frontend\n  - name: gcr.io/k8s-skaffold/skaffold\n    id: delete\n    script: |\n      skaffold delete --namespace=pr$_PR_NUMBER\n',
    },
    claims: [
      {
        practice: 'oe.5.ephemeral-environments.per-branch',
        status: 'met',
        confidence: 'medium',
        at: '.github/cloudbuild/ci-pr.yaml:6',
      },
      {
        practice: 'oe.5.ephemeral-environments.auto-teardown',
        status: 'met',
        at: '.github/cloudbuild/ci-pr.yaml:14',
      },
      { practice: 'oe.5.ephemeral-environments.seeded', status: 'met', confidence: 'medium' },
    ],
  },
  {
    name: 'a Cloud Build config for pushes to main deploys no preview',
    trap: true,
    files: {
      'src/api/cloudbuild.yaml':
        'steps:\n  - name: gcr.io/k8s-skaffold/skaffold\n    script: |\n      skaffold run --default-repo=$_REPO\n',
    },
    claims: [],
  },
  {
    name: 'a pull-request workflow deploying to kind on the runner is not a preview environment',
    trap: true,
    files: {
      '.github/workflows/e2e.yml':
        'on: [pull_request]\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: helm/kind-action@v1\n      - run: helm upgrade --install app ./chart\n      - run: helm uninstall app\n',
      'docs/preview.md': 'Each PR could get environment: review/$CI_COMMIT_REF_SLUG.\n',
    },
    claims: [],
  },
]);
