import { ruleTester } from '../ruleTester.js';
import detector from './rollback.js';

const R = 'oe.2.deployment-strategy.rollback';
const FAST = 'pe.5.releases.fast-recovery';

ruleTester(detector, [
  {
    name: 'a rollback step in the deployment pipeline',
    files: {
      '.github/workflows/deploy.yml':
        'on: [push]\njobs:\n  prod:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform apply -auto-approve\n      - name: roll back on failure\n        if: failure()\n        run: helm rollback web 0\n',
    },
    claims: [
      { practice: R, status: 'met', confidence: 'high', at: '.github/workflows/deploy.yml:7' },
      { practice: FAST, status: 'partial' },
    ],
  },
  {
    name: 'a rollback runbook',
    files: { 'docs/runbooks/rollback.md': '# Rolling back\n\n1. Find the last good tag\n2. Redeploy it\n' },
    claims: [
      { practice: R, status: 'met', confidence: 'medium', at: 'docs/runbooks/rollback.md:1' },
      { practice: FAST, status: 'partial' },
    ],
  },
  {
    name: 'a tag-triggered release that pushes versioned images is a partial way back',
    files: {
      '.github/workflows/release.yml':
        "on:\n  push:\n    tags: ['v*']\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n",
    },
    claims: [{ practice: R, status: 'partial', at: '.github/workflows/release.yml:8' }],
  },
  {
    name: 'a published release that runs a reusable workflow pushing images through Depot is a partial way back',
    files: {
      '.github/workflows/release.yml':
        'on:\n  release:\n    types: [published]\njobs:\n  build:\n    uses: ./.github/workflows/builder.yml\n',
      '.github/workflows/builder.yml':
        'on:\n  workflow_call: {}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: depot/build-push-action@v1\n        with:\n          push: true\n',
    },
    claims: [{ practice: R, status: 'partial', at: '.github/workflows/release.yml:6' }],
  },
  {
    name: 'a deployment run by hand that takes the commit to deploy can redeploy an earlier one',
    files: {
      '.github/workflows/deploy.yml':
        'on:\n  workflow_dispatch:\n    inputs:\n      environment:\n        type: choice\n        options: [qa, production]\n      sha:\n        required: true\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install app ./chart --set image.tag=${{ inputs.sha }}\n',
    },
    claims: [{ practice: R, status: 'partial', confidence: 'low', at: '.github/workflows/deploy.yml:13' }],
  },
  {
    name: 'images pushed with a tag per commit stay available to redeploy',
    files: {
      '.github/workflows/build.yml':
        'on: [push]\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t $SLUG:${GITHUB_SHA::7} .\n      - run: docker push $SLUG:${GITHUB_SHA::7}\n',
    },
    claims: [{ practice: R, status: 'partial', at: '.github/workflows/build.yml:6' }],
  },
  {
    name: 'an image tagged by commit but never pushed, and a manual run choosing only the environment, keep nothing to go back to',
    trap: true,
    files: {
      '.github/workflows/validate.yml':
        'on: [pull_request]\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: false\n          tags: app-test:${{ github.sha }}\n',
      '.github/workflows/deploy.yml':
        'on:\n  workflow_dispatch:\n    inputs:\n      environment:\n        required: true\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install app ./chart\n',
    },
    claims: [],
  },
  {
    name: 'pushing a latest image on every commit, and a README saying "we can roll back", are no way back (trap)',
    trap: true,
    files: {
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t app:latest . && docker push app:latest\n',
      'README.md': 'If something breaks we can always roll back by hand.\n',
    },
    claims: [],
  },
]);
