import { ruleTester } from '../ruleTester.js';
import detector from './deployStages.js';

const PROMOTE = `name: release
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t app .
      - uses: actions/upload-artifact@v4
        with: { name: app, path: dist }
  staging:
    needs: build
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - uses: actions/download-artifact@v4
      - run: helm upgrade --install app ./chart -f values-staging.yaml
  production:
    needs: staging
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/download-artifact@v4
      - run: helm upgrade --install app ./chart -f values-prod.yaml
`;

const AZD = `on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: azd provision --no-prompt
      - run: azd deploy --no-prompt
`;

const INFRA = `on:
  push:
    paths: ['infra/**']
jobs:
  infra:
    runs-on: ubuntu-latest
    steps:
      - run: terraform apply -auto-approve
`;
const APP = `on:
  push:
    paths: ['src/**']
jobs:
  app:
    runs-on: ubuntu-latest
    steps:
      - run: gcloud run deploy api --image gcr.io/p/api
`;

const KIND = `on:
  pull_request:
  push:
    branches: [main]
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - uses: helm/kind-action@v1
      - run: helm upgrade --install app ./chart
      - run: helm test app
`;

ruleTester(detector, [
  {
    name: 'staging then production from one build: environments, promotion, build once',
    files: { '.github/workflows/release.yml': PROMOTE },
    claims: [
      {
        practice: 'oe.3.automated-deployments.pipeline-only',
        status: 'met',
        at: '.github/workflows/release.yml:18',
      },
      { practice: 'oe.3.environments.distinct', status: 'met', confidence: 'high' },
      {
        practice: 'oe.3.environments.ordered-promotion',
        status: 'met',
        at: '.github/workflows/release.yml:15',
      },
      { practice: 'oe.3.environments.build-once', status: 'met', at: '.github/workflows/release.yml' },
    ],
  },
  {
    name: 'azd provision and deploy in one job: pipeline deploys, layers not separate',
    files: { '.github/workflows/azure-dev.yml': AZD },
    claims: [
      {
        practice: 'oe.3.automated-deployments.pipeline-only',
        status: 'met',
        at: '.github/workflows/azure-dev.yml:8',
      },
    ],
  },
  {
    name: 'infrastructure and application in separate workflows are layered',
    files: { '.github/workflows/infra.yml': INFRA, '.github/workflows/app.yml': APP },
    claims: [
      { practice: 'oe.3.automated-deployments.pipeline-only', status: 'met' },
      {
        practice: 'oe.3.automated-deployments.layered-pipelines',
        status: 'met',
        at: ['.github/workflows/infra.yml:8', '.github/workflows/app.yml:8'],
      },
    ],
  },
  {
    name: 'Terraform handed the image tag deploys the application too: pipeline-only, not infrastructure alone',
    trap: true,
    files: {
      '.github/workflows/deploy.yml':
        'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform -chdir=terraform/aks apply -auto-approve\n        env:\n          IMAGE_TAG: ${{ github.sha }}\n',
    },
    claims: [
      {
        practice: 'oe.3.automated-deployments.pipeline-only',
        status: 'met',
        at: '.github/workflows/deploy.yml:8',
      },
    ],
  },
  {
    name: 'a README telling people to run a deploy script the repository holds is a manual route',
    files: {
      '.github/workflows/app.yml': APP,
      'scripts/README.md': '# Scripts\n\n```bash\n./scripts/infra/deploy.sh\n```\n',
      'scripts/infra/deploy.sh': '#!/bin/sh\nhelm upgrade --install app ./chart\n',
    },
    claims: [],
  },
  {
    name: 'a README naming a deploy script that is not in the repository leaves the pipeline the only route',
    trap: true,
    files: {
      '.github/workflows/app.yml': APP,
      'scripts/README.md': '# Scripts\n\n```bash\n./scripts/infra/deploy.sh\n```\n',
    },
    claims: [{ practice: 'oe.3.automated-deployments.pipeline-only', status: 'met' }],
  },
  {
    name: "jobs calling the organisation's shared deploy workflow, staging then production, deploy by pipeline (low)",
    files: {
      '.github/workflows/cd.yml':
        'on:\n  push:\n    branches: [main]\njobs:\n  staging:\n    uses: org/shared-workflows/.github/workflows/deploy_env.yml@v2\n    with:\n      environment: staging\n  production:\n    needs: [staging]\n    uses: org/shared-workflows/.github/workflows/deploy_env.yml@v2\n    with:\n      environment: production\n',
    },
    claims: [
      {
        practice: 'oe.3.automated-deployments.pipeline-only',
        status: 'partial',
        confidence: 'low',
        at: '.github/workflows/cd.yml:6',
      },
      { practice: 'oe.3.environments.distinct', status: 'met' },
      { practice: 'oe.3.environments.ordered-promotion', status: 'met' },
    ],
  },
  {
    name: 'shared steps named for deploying docs or pages, or public deploy actions at the root of a repository, are not shared deployments',
    trap: true,
    files: {
      '.github/workflows/docs.yml':
        'on:\n  push:\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: org/actions/deploy-docs@v1\n      - uses: someone/deployer@v1\n',
    },
    claims: [],
  },
  {
    name: "a CircleCI workflow running its organisation's orb deploy job for dev, then production after it",
    files: {
      '.circleci/config.yml':
        'version: 2.1\norbs:\n  org: org/shared@1\nworkflows:\n  build-test-and-deploy:\n    jobs:\n      - org/build_docker:\n          name: build\n      - org/deploy_env:\n          name: deploy_dev\n          env: "dev"\n          requires: [build]\n      - org/deploy_env:\n          name: deploy_prod\n          env: "prod"\n          requires: [deploy_dev]\n',
    },
    claims: [
      {
        practice: 'oe.3.automated-deployments.pipeline-only',
        status: 'partial',
        confidence: 'low',
        at: '.circleci/config.yml:9',
      },
      { practice: 'oe.3.environments.distinct', status: 'met', at: '.circleci/config.yml:11' },
      { practice: 'oe.3.environments.ordered-promotion', status: 'met' },
    ],
  },
  {
    name: 'an orb job that only builds, and a GitHub step list entry with a slash, deploy nothing',
    trap: true,
    files: {
      '.circleci/config.yml':
        'version: 2.1\nworkflows:\n  build:\n    jobs:\n      - org/build_docker:\n          env: "dev"\n      - node/test\n',
    },
    claims: [],
  },
  {
    name: 'a Jenkinsfile calling a shared terraform step deploys infrastructure',
    files: { Jenkinsfile_k8s: "terraform(\n  cronTriggerExpression: '@daily',\n)\n" },
    claims: [
      { practice: 'oe.3.automated-deployments.pipeline-only', status: 'met', at: 'Jenkinsfile_k8s:1' },
      { practice: 'oe.3.automated-deployments.layered-pipelines', status: 'partial' },
    ],
  },
  {
    name: 'a release guide with kubectl apply is a manual route: no pipeline-only claim',
    files: {
      '.github/workflows/app.yml': APP,
      'docs/releasing/README.md': '# Releasing\n\n```sh\nkubectl apply -f release/manifests.yaml\n```\n',
    },
    claims: [],
  },
  {
    name: 'product manuals and a workshop page with azd deploy are not a manual release route',
    files: {
      '.github/workflows/app.yml': APP,
      'data/manuals/product_info_1.md': '# Tent\n\n    kubectl apply -f tent.yaml\n',
      'docs/workshop/05-Deploy/07.md': '# Redeploy\n\n    azd deploy\n',
    },
    claims: [
      {
        practice: 'oe.3.automated-deployments.pipeline-only',
        status: 'met',
        at: '.github/workflows/app.yml:8',
      },
    ],
  },
  {
    name: 'the helmfile action applying releases deploys',
    files: {
      '.github/workflows/deploy.yml':
        'on: workflow_dispatch\njobs:\n  helmfile-deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: helmfile/helmfile-action@v2\n        with:\n          helmfile-args: apply -l environment=prod\n',
    },
    claims: [
      {
        practice: 'oe.3.automated-deployments.pipeline-only',
        status: 'met',
        at: '.github/workflows/deploy.yml:8',
      },
    ],
  },
  {
    name: 'a deploy workflow whose input offers staging or production targets two environments',
    files: {
      '.github/workflows/deploy.yml':
        'on:\n  workflow_dispatch:\n    inputs:\n      ENVIRONMENT:\n        type: choice\n        options:\n          - staging\n          - production\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install app ./chart -f values-${{ inputs.ENVIRONMENT }}.yaml\n',
    },
    claims: [
      {
        practice: 'oe.3.automated-deployments.pipeline-only',
        status: 'met',
        at: '.github/workflows/deploy.yml:13',
      },
      {
        practice: 'oe.3.environments.distinct',
        status: 'met',
        at: ['.github/workflows/deploy.yml:7', '.github/workflows/deploy.yml:8'],
      },
    ],
  },
  {
    name: 'a workflow handing the new image tag to a manifests repository deploys through it',
    files: {
      '.github/workflows/docker.yaml':
        'on:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker push $IMAGE\n      - run: |\n          curl -X POST https://api.github.com/repos/acme/shop-manifests/dispatches -d \'{"event_type":"update-image"}\'\n',
    },
    claims: [
      {
        practice: 'oe.3.automated-deployments.pipeline-only',
        status: 'met',
        at: '.github/workflows/docker.yaml:10',
      },
    ],
  },
  {
    name: 'a dispatch to a documentation repository deploys nothing',
    trap: true,
    files: {
      '.github/workflows/docs.yaml':
        'on: [push]\njobs:\n  notify:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -X POST https://api.github.com/repos/acme/website/dispatches\n',
    },
    claims: [],
  },
  {
    name: 'a deploy to a throwaway kind cluster is a test, not a deployment',
    trap: true,
    files: { '.github/workflows/e2e.yml': KIND },
    claims: [],
  },
  {
    name: 'a README telling readers to kubectl apply, and a build-only workflow, deploy nothing',
    trap: true,
    files: {
      'README.md': '# App\n\n    kubectl apply -f k8s/\n    terraform apply\n',
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci && npm test\n      - run: terraform plan\n',
    },
    claims: [],
  },
  {
    name: 'Cloud Build: one config builds and pushes by tag, another deploys that tag and builds nothing',
    files: {
      'builders/build.yaml':
        "steps:\n- id: dockerize\n  name: 'gcr.io/cloud-builders/docker'\n  args:\n  - 'build'\n  - '--tag=gcr.io/$PROJECT_ID/app:${_TAG}'\n  - '.'\n- id: push\n  name: 'gcr.io/cloud-builders/docker'\n  args:\n  - 'push'\n  - 'gcr.io/$PROJECT_ID/app:${_TAG}'\n",
      'builders/deploy.yaml':
        "steps:\n- id: deploy\n  name: 'gcr.io/google.com/cloudsdktool/cloud-sdk'\n  args:\n  - 'bash'\n  - '-c'\n  - |-\n    gcloud run deploy app \\\n      --image \"gcr.io/${PROJECT_ID}/app:${_TAG}\" \\\n      --region us-central1\n",
    },
    claims: [
      { practice: 'oe.3.automated-deployments.pipeline-only', status: 'met' },
      { practice: 'oe.3.environments.build-once', status: 'met', at: 'builders/deploy.yaml:9' },
    ],
  },
  {
    name: 'a build tags its image with the commit and dispatches that tag to the deploy repository',
    files: {
      '.github/workflows/docker.yaml':
        'on:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker build -t $SLUG:${GITHUB_SHA::7} .\n          docker push $SLUG:${GITHUB_SHA::7}\n      - run: |\n          curl -X POST https://api.github.com/repos/acme/manifests/dispatches -d \'{"event_type":"update-image","client_payload":{"tag":"${{ github.sha }}"}}\'\n',
    },
    claims: [
      { practice: 'oe.3.automated-deployments.pipeline-only', status: 'met' },
      { practice: 'oe.3.environments.build-once', status: 'met', at: '.github/workflows/docker.yaml:9' },
    ],
  },
  {
    name: 'a commit-tagged image that is only pushed, and a pipeline that rebuilds before it deploys',
    trap: true,
    files: {
      '.github/workflows/image.yml':
        'on: [push]\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t app:${{ github.sha }} . && docker push app:${{ github.sha }}\n',
      '.github/workflows/deploy.yml':
        'on: [workflow_dispatch]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t app:$TAG . && docker push app:$TAG\n      - run: gcloud run deploy app --image app:$TAG\n',
    },
    claims: [{ practice: 'oe.3.automated-deployments.pipeline-only', status: 'met' }],
  },
  {
    name: 'a workflow running a Makefile target that calls a script with terraform apply deploys',
    files: {
      '.github/workflows/deploy.yml':
        'on:\n  push:\n    branches: [main]\njobs:\n  core:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make deploy-core\n',
      Makefile:
        'deploy-core: start\n\t@echo deploying\n\tcd $(MAKEFILE_DIR)/core/terraform && ./deploy.sh\n\nstart:\n\t./scripts/start.sh\n',
      'core/terraform/deploy.sh':
        '#!/bin/bash\n# terraform apply is run below\nterraform init\nterraform apply -auto-approve\n',
      'scripts/start.sh': 'echo start\n',
    },
    claims: [
      {
        practice: 'oe.3.automated-deployments.pipeline-only',
        status: 'met',
        at: '.github/workflows/deploy.yml:8',
      },
      { practice: 'oe.3.automated-deployments.layered-pipelines', status: 'partial' },
    ],
  },
  {
    name: 'a Makefile deploy target that no pipeline runs, and an npm script named for tests, deploy nothing',
    trap: true,
    files: {
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make build\n      - run: npm run test:e2e\n',
      Makefile: 'build:\n\tgo build ./...\n\ndeploy:\n\tterraform apply -auto-approve\n',
      'package.json': '{"scripts":{"test:e2e":"helm upgrade --install e2e ./chart && playwright test"}}\n',
    },
    claims: [],
  },
]);
