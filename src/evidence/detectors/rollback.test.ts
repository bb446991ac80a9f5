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
