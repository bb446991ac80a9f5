import { ruleTester } from '../ruleTester.js';
import detector from './selfService.js';

const RELEASE = `on:
  workflow_dispatch:
    inputs:
      version:
        description: release version
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: ./release.sh "\${{ inputs.version }}"
`;

const OIDC = `on:
  workflow_dispatch:
permissions:
  id-token: write
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: azd deploy
`;

ruleTester(detector, [
  {
    name: 'a dispatch workflow with inputs and declared token permissions',
    files: { '.github/workflows/release.yml': RELEASE },
    claims: [
      {
        practice: 'oe.5.self-service.scripted-actions',
        status: 'met',
        at: '.github/workflows/release.yml:2',
      },
      {
        practice: 'oe.5.self-service.scoped-permissions',
        status: 'partial',
        at: '.github/workflows/release.yml:6',
      },
    ],
  },
  {
    name: 'a dispatch without inputs that federates to a cloud identity: low, scope not visible',
    files: { '.github/workflows/deploy.yml': OIDC },
    claims: [{ practice: 'oe.5.self-service.scripted-actions', status: 'partial' }],
  },
  {
    name: 'make targets the README documents',
    files: {
      Makefile: 'build:\n\tgo build ./...\nrestart:\n\tdocker compose restart $(service)\n',
      'README.md': '# Dev\n\n- `make build` builds\n- `make restart service=web` restarts one service\n',
    },
    claims: [{ practice: 'oe.5.self-service.scripted-actions', status: 'met', at: 'README.md:3' }],
  },
  {
    name: 'a README naming make targets that do not exist, and a cron-only workflow',
    trap: true,
    files: {
      'README.md': 'Run `make deploy` and `make clean` (see the wiki).\n',
      '.github/workflows/links.yml':
        "on:\n  schedule:\n    - cron: '0 0 * * 0'\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: lychee .\n",
    },
    claims: [],
  },
  {
    name: 'four of five workflows declaring their token permissions run under scoped identities (low)',
    files: {
      '.github/workflows/a.yml':
        'on: push\npermissions:\n  contents: read\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
      '.github/workflows/b.yml':
        'on: push\npermissions: {}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
      '.github/workflows/c.yml':
        'on: push\npermissions:\n  contents: read\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
      '.github/workflows/d.yml':
        'on: push\npermissions:\n  packages: write\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
      '.github/workflows/e.yml':
        'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
    },
    claims: [
      {
        practice: 'oe.5.self-service.scoped-permissions',
        status: 'partial',
        confidence: 'low',
        at: '.github/workflows/a.yml:2',
      },
    ],
  },
  {
    name: 'four workflows declaring permissions where one grants write-all are not scoped',
    trap: true,
    files: {
      '.github/workflows/a.yml':
        'on: push\npermissions:\n  contents: read\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
      '.github/workflows/b.yml':
        'on: push\npermissions: write-all\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
      '.github/workflows/c.yml':
        'on: push\npermissions:\n  contents: read\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
      '.github/workflows/d.yml':
        'on: push\npermissions:\n  contents: read\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
    },
    claims: [],
  },
]);
