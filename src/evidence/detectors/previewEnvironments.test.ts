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
  {
    name: 'an azd post-deploy hook runs a script that populates the new environment',
    files: {
      'azure.yaml':
        'name: chat\nservices:\n  api:\n    project: ./src/api\n    host: containerapp\nhooks:\n  postprovision:\n    run: azd env get-values > .env\n  postdeploy:\n    posix:\n      shell: sh\n      run: infra/hooks/postdeploy.sh\n',
      'infra/hooks/postdeploy.sh': '#!/bin/sh\necho "Populating data ..."\npython data/create_index.py\n',
    },
    claims: [{ practice: 'oe.5.ephemeral-environments.seeded', status: 'met', at: 'azure.yaml:12' }],
  },
  {
    name: 'an azd post-up hook with an inline block that uploads the sample documents',
    files: {
      'azure.yaml':
        'name: rag\nservices:\n  web:\n    project: ./web\n    host: staticwebapp\nhooks:\n  postup:\n    run: |\n      npm ci\n      node scripts/upload-documents.js "$UPLOAD_URL"\n',
    },
    claims: [{ practice: 'oe.5.ephemeral-environments.seeded', status: 'met', at: 'azure.yaml:8' }],
  },
  {
    name: 'azd hooks indented by four spaces, one command line running three scripts, the last seeding',
    files: {
      'azure.yaml':
        'name: rag\nservices:\n    web:\n        project: .\n        host: containerapp\nhooks:\n    postprovision:\n        posix:\n            shell: sh\n            run: ./scripts/setup_db.sh;./scripts/setup_role.sh;./scripts/setup_seeddata.sh\n',
      'scripts/setup_db.sh': '#!/bin/sh\npsql -c "create extension vector"\n',
      'scripts/setup_role.sh': '#!/bin/sh\npsql -c "grant all"\n',
      'scripts/setup_seeddata.sh': '#!/bin/sh\npython setup_postgres_seeddata.py --host "$HOST"\n',
    },
    claims: [{ practice: 'oe.5.ephemeral-environments.seeded', status: 'met', at: 'azure.yaml:10' }],
  },
  {
    name: 'in an azd project, a container that loads its fixtures when it starts',
    files: {
      'azure.yaml': 'name: web\nservices:\n  web:\n    project: src\n    host: containerapp\n',
      'src/entrypoint.sh':
        '#!/bin/bash\npython3 manage.py migrate\npython3 manage.py loaddata seed_data.json\ngunicorn app.wsgi\n',
    },
    claims: [{ practice: 'oe.5.ephemeral-environments.seeded', status: 'met', at: 'src/entrypoint.sh:3' }],
  },
  {
    name: 'azd hooks that only write settings, and a start script that only migrates',
    trap: true,
    files: {
      'azure.yaml':
        'name: todo\nservices:\n  api:\n    project: ./api\n    host: appservice\nhooks:\n  postprovision:\n    run: azd env get-values > api/.env\n',
      'api/entrypoint.sh': '#!/bin/sh\npython manage.py migrate\n',
      'README.md': 'Seed the data yourself with `node seed.js`.\n',
    },
    claims: [],
  },
  {
    name: 'a start script that seeds, outside an azd project, says nothing of temporary environments',
    trap: true,
    files: { 'app/entrypoint.sh': '#!/bin/sh\nrails db:seed\nexec rails server\n' },
    claims: [],
  },
  {
    name: 'a /test comment on a pull request runs a reusable workflow that deploys; a scheduled job destroys what is left',
    files: {
      '.github/workflows/pr_bot.yml':
        'on:\n  issue_comment:\n    types: [created]\njobs:\n  run_test:\n    if: ${{ github.event.issue.pull_request }}\n    uses: ./.github/workflows/deploy_env.yml\n    with:\n      envId: pr${{ github.event.issue.number }}\n',
      '.github/workflows/deploy_env.yml':
        'on:\n  workflow_call:\n    inputs:\n      envId: { type: string }\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make deploy-core\n      - run: make smoke-tests\n',
      Makefile: 'deploy-core:\n\tcd core && terraform apply -auto-approve\n',
      '.github/workflows/clean.yml':
        'on:\n  schedule:\n    - cron: "0 * * * *"\njobs:\n  clean:\n    runs-on: ubuntu-latest\n    steps:\n      - run: devops/clean_envs.sh\n',
      'devops/clean_envs.sh':
        'for rg in $(az group list --query "[].name" -o tsv); do\n  az group delete --yes --name "$rg"\ndone\n',
    },
    claims: [
      {
        practice: 'oe.5.ephemeral-environments.per-branch',
        status: 'met',
        at: '.github/workflows/pr_bot.yml:7',
      },
      {
        practice: 'oe.5.ephemeral-environments.auto-teardown',
        status: 'met',
        at: '.github/workflows/clean.yml:8',
      },
      { practice: 'oe.5.ephemeral-environments.seeded', status: 'met' },
    ],
  },
  {
    name: 'comments on issues that are not pull requests, and a scheduled clean-up with no branch environments',
    trap: true,
    files: {
      '.github/workflows/triage.yml':
        'on:\n  issue_comment:\n    types: [created]\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install bot ./chart\n',
      '.github/workflows/clean.yml':
        'on:\n  schedule:\n    - cron: "0 * * * *"\njobs:\n  clean:\n    runs-on: ubuntu-latest\n    steps:\n      - run: az group delete --yes --name old\n',
    },
    claims: [],
  },
]);
