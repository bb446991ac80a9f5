import { ruleTester } from '../ruleTester.js';
import detector from './devcontainer.js';

const P = 'oe.5.friction-automation.dev-environment-definition';

ruleTester(detector, [
  {
    name: 'a dev container definition',
    files: { '.devcontainer/devcontainer.json': '{ "image": "mcr.microsoft.com/devcontainers/base" }\n' },
    claims: [{ practice: P, status: 'met', confidence: 'high', at: '.devcontainer/devcontainer.json' }],
  },
  {
    name: 'a WinGet configuration under .config',
    files: { '.config/configuration.vsCode.winget': 'properties:\n  configurationVersion: 0.2.0\n' },
    claims: [{ practice: P, status: 'met', confidence: 'high', at: '.config/configuration.vsCode.winget' }],
  },
  {
    name: 'a compose file named for local development',
    files: { 'docker-compose.dev.yml': 'services:\n  api:\n    build: .\n' },
    claims: [{ practice: P, status: 'met', confidence: 'medium', at: 'docker-compose.dev.yml' }],
  },
  {
    name: 'a contributing guide whose setup starts the versioned stack',
    files: {
      'CONTRIBUTING.md':
        '# Contributing\n\n## Development environment\n\nRun `docker compose up --build` to start every service.\n',
      'compose.yaml': 'services:\n  web:\n    build: .\n',
    },
    claims: [{ practice: P, status: 'partial', at: 'CONTRIBUTING.md:5' }],
  },
  {
    name: 'a pinned toolchain alone is partial',
    files: { '.tool-versions': 'nodejs 20.11.0\n' },
    claims: [{ practice: P, status: 'partial', at: '.tool-versions' }],
  },
  {
    name: 'a page about dev containers, and a compose file for running a published demo, define nothing (trap)',
    trap: true,
    files: {
      'docs/devcontainer.json.md': 'We might add a devcontainer.json one day.\n',
      'docker-compose.yml': 'services:\n  app:\n    image: example/app:1.0\n',
      'README.md': 'Try it: docker compose up\n',
    },
    claims: [],
  },
]);
