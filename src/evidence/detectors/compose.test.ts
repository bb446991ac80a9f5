import { ruleTester } from '../ruleTester.js';
import detector from './compose.js';

ruleTester(detector, [
  {
    name: 'Compose services are a declarative, partial definition of how the workload runs',
    files: { 'compose.yaml': 'services:\n  web:\n    build: ./web\n  db:\n    image: postgres:16\n' },
    claims: [
      { practice: 'oe.1.iac.declarative', status: 'partial', confidence: 'low', at: 'compose.yaml:2' },
      { practice: 'oe.1.iac.mainstream-tooling', status: 'partial', at: 'compose.yaml:2' },
    ],
  },
  {
    name: 'restart policies with health checks restart failing containers',
    files: {
      'docker-compose.yml': `services:
  api:
    image: api:1
    restart: unless-stopped
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/health"]
`,
    },
    claims: [
      { practice: 'oe.1.iac.declarative', status: 'partial' },
      { practice: 'oe.1.iac.mainstream-tooling', status: 'partial' },
      {
        practice: 'oe.5.friction-automation.self-healing',
        status: 'met',
        confidence: 'medium',
        at: 'docker-compose.yml:4',
      },
      {
        practice: 'oe.2.automation.platform-native',
        status: 'partial',
        confidence: 'low',
        at: 'docker-compose.yml:5',
      },
    ],
  },
  {
    name: 'a README showing a compose file, a compose file without services, a YAML that only says services',
    trap: true,
    files: {
      'README.md': '```yaml\nservices:\n  web:\n    image: nginx\n```\n',
      'compose.yaml': 'name: empty\nnetworks:\n  default: {}\n',
      'config/services.yaml': 'services:\n  web:\n    image: nginx\n',
    },
    claims: [],
  },
  {
    name: 'a Compose file for the developer machine only says how the workload runs there',
    trap: true,
    files: { 'docker-compose.dev.yml': 'services:\n  api:\n    build: .\n    restart: always\n' },
    claims: [],
  },
  {
    name: 'restart policies and health checks merged in from YAML anchors, and an image whose Dockerfile checks its health',
    files: {
      'docker-compose.yml':
        'x-restart-policy: &restart_policy\n  restart: unless-stopped\nx-healthcheck: &healthcheck_defaults\n  interval: 30s\n  retries: 3\nservices:\n  web:\n    <<: *restart_policy\n    image: example/web\n    healthcheck:\n      <<: *healthcheck_defaults\n      test: ["CMD", "true"]\n',
      'app/compose.yaml': 'services:\n  app:\n    build: ..\n    restart: always\n',
      Dockerfile: 'FROM python:3.12\nHEALTHCHECK CMD python healthcheck.py || exit 1\n',
    },
    claims: [
      { practice: 'oe.1.iac.declarative', status: 'partial' },
      { practice: 'oe.1.iac.mainstream-tooling', status: 'partial' },
      {
        practice: 'oe.5.friction-automation.self-healing',
        status: 'met',
        at: ['docker-compose.yml:8', 'docker-compose.yml:10', 'Dockerfile:2'],
      },
      { practice: 'oe.2.automation.platform-native', status: 'partial' },
    ],
  },
  {
    name: "a dev container's stack and one a test suite starts are harnesses, not how the workload runs",
    trap: true,
    files: {
      '.devcontainer/docker-compose.yml': 'services:\n  db:\n    image: postgres\n    restart: always\n',
      'tests/e2e/docker-compose.yml': 'services:\n  app:\n    build: ../..\n    restart: always\n',
      Dockerfile: 'FROM python:3.12\nHEALTHCHECK CMD true\n',
    },
    claims: [],
  },
]);
