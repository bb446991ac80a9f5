import { ruleTester } from '../ruleTester.js';
import detector from './scheduledMaintenance.js';

const NIGHTLY = `on:
  schedule:
    - cron: '0 3 * * *'
jobs:
  nightly:
    runs-on: ubuntu-latest
    steps:
      - run: terraform plan -detailed-exitcode
      - run: az keyvault secret set --vault-name kv --name api-key --value "$NEW"
`;

ruleTester(detector, [
  {
    name: 'a nightly workflow checks drift and rotates a secret',
    files: { '.github/workflows/nightly.yml': NIGHTLY },
    claims: [
      {
        practice: 'oe.4.production-feedback.drift-baseline',
        status: 'met',
        at: '.github/workflows/nightly.yml:8',
      },
      {
        practice: 'oe.4.maintenance-automation.secret-rotation',
        status: 'met',
        at: '.github/workflows/nightly.yml:9',
      },
    ],
  },
  {
    name: 'a Jenkins shared terraform step on a daily timer plans against the code (low)',
    files: {
      Jenkinsfile_k8s: "terraform(\n  cronTriggerExpression: env.BRANCH_IS_PRIMARY ? '@daily' : '',\n)\n",
    },
    claims: [
      { practice: 'oe.4.production-feedback.drift-baseline', status: 'partial', at: 'Jenkinsfile_k8s:1' },
    ],
  },
  {
    name: 'workflow_dispatch is not patching; an unscheduled plan is not a drift check',
    trap: true,
    files: {
      '.github/workflows/ci.yml':
        'on:\n  workflow_dispatch:\n  push:\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform plan -detailed-exitcode\n',
      'docs/patching.md': 'We rotate secrets and patch hosts by hand every month.\n',
    },
    claims: [],
  },
  {
    name: "a daily run of the organisation's shared validate-infra action plans against the code (low)",
    files: {
      '.github/workflows/validate.yml':
        'on:\n  schedule:\n    - cron: "0 7 * * *"\njobs:\n  validate:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Validate\n        uses: org/github-actions/validate-infra@v1\n        with:\n          terraform-base: terraform/aks\n',
    },
    claims: [
      {
        practice: 'oe.4.production-feedback.drift-baseline',
        status: 'partial',
        at: '.github/workflows/validate.yml:9',
      },
    ],
  },
  {
    name: 'a shared action named for planning that runs on pushes only is no drift check',
    trap: true,
    files: {
      '.github/workflows/pr.yml':
        'on:\n  push:\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: org/github-actions/terraform-plan@v1\n',
    },
    claims: [],
  },
]);
