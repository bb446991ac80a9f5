import { ruleTester } from '../ruleTester.js';
import detector from './selfServiceActions.js';

ruleTester(detector, [
  {
    name: 'a Makefile with described targets',
    files: {
      Makefile:
        'start: ## Start the demo\n\tdocker compose up -d\n\nrestart: ## Restart one service\n\tdocker compose restart $(service)\n',
    },
    claims: [
      {
        practice: 'oe.5.self-service.scripted-actions',
        status: 'met',
        confidence: 'medium',
        at: 'Makefile:1',
      },
    ],
  },
  {
    name: 'a Backstage software template',
    files: {
      'templates/service/template.yaml':
        'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: new-service\nspec:\n  steps: []\n',
    },
    claims: [
      {
        practice: 'oe.5.self-service.scripted-actions',
        status: 'met',
        at: 'templates/service/template.yaml:1',
      },
    ],
  },
  {
    name: 'a deploy script the README tells readers to run is weak',
    files: {
      'deploymentscript.ps1': 'az group create -n $name -l $location\n',
      'README.md': '# Sample\n\n## Deploy\n\n1. Run `./deploymentscript.ps1` from PowerShell.\n',
    },
    claims: [{ practice: 'oe.5.self-service.scripted-actions', status: 'partial', at: 'README.md:5' }],
  },
  {
    name: 'npm scripts for ops tasks named in the README are weak; build and test are not',
    files: {
      'package.json': JSON.stringify({
        name: 'x',
        scripts: { build: 'tsc', test: 'vitest', 'services:up': 'docker compose up' },
      }),
      'README.md': 'Run `npm run build`, `npm run test`, then `npm run services:up`.\n',
    },
    claims: [{ practice: 'oe.5.self-service.scripted-actions', status: 'partial', at: 'README.md:1' }],
  },
  {
    name: 'a README naming scripts that do not exist and a Makefile with only build targets',
    trap: true,
    files: {
      'README.md': 'Run `make build`, `make test` and `./setup.sh` (coming soon).\n',
      Makefile: 'build:\n\tgo build ./...\ntest:\n\tgo test ./...\n',
    },
    claims: [],
  },
]);
