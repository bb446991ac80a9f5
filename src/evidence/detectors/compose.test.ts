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
]);
