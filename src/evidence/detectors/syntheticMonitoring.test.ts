import { ruleTester } from '../ruleTester.js';
import detector from './syntheticMonitoring.js';

ruleTester(detector, [
  {
    name: 'an Application Insights standard availability test in Bicep',
    files: {
      'infra/monitor.bicep':
        "resource ping 'Microsoft.Insights/webtests@2022-06-15' = {\n  name: 'home-ping'\n  location: location\n}\n",
    },
    claims: [
      {
        practice: 'pe.4.testing.synthetic',
        status: 'met',
        confidence: 'medium',
        at: 'infra/monitor.bicep:1',
      },
    ],
  },
  {
    name: 'the collector httpcheck receiver probing the front end',
    files: {
      'otel/otelcol-config.yml':
        'receivers:\n  httpcheck/frontend:\n    targets:\n      - endpoint: http://frontend:8080\n    collection_interval: 10s\n',
    },
    claims: [{ practice: 'pe.4.testing.synthetic', status: 'met', at: 'otel/otelcol-config.yml:2' }],
  },
  {
    name: 'a CronJob that curls the service every five minutes is a home-made probe',
    files: {
      'deploy/cronjob-check.yaml':
        'apiVersion: batch/v1\nkind: CronJob\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: check\n              command: ["sh", "-c", "curl -sf http://frontend:9898/api/info"]\n',
    },
    claims: [{ practice: 'pe.4.testing.synthetic', status: 'partial', at: 'deploy/cronjob-check.yaml:2' }],
  },
  {
    name: 'a README about availability tests and a health endpoint are not synthetic monitoring',
    trap: true,
    files: {
      'README.md': 'Set up Microsoft.Insights/webtests in the portal to ping /health.\n',
      'k8s/deploy.yaml':
        'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          livenessProbe:\n            httpGet:\n              path: /health\n',
      'deploy/backup.yaml':
        'kind: CronJob\nspec:\n  schedule: "0 0 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: backup\n              command: ["pg_dump", "shop"]\n',
    },
    claims: [],
  },
  {
    name: 'Checkly API checks in TypeScript, with Checkly declared',
    files: {
      'package.json': '{ "devDependencies": { "checkly": "^4.0.0" } }\n',
      '__checks__/home.check.ts':
        "import { ApiCheck } from 'checkly/constructs'\n\nnew ApiCheck('home', {\n  request: { method: 'GET', url: 'https://shop.example.com/' },\n})\n",
    },
    claims: [{ practice: 'pe.4.testing.synthetic', status: 'met', at: '__checks__/home.check.ts:3' }],
  },
  {
    name: 'a class of the application that happens to be called ApiCheck is no probe',
    trap: true,
    files: {
      'package.json': '{ "dependencies": { "express": "^4.0.0" } }\n',
      'src/health.ts': 'export class ApiCheck {}\nconst c = new ApiCheck();\n',
    },
    claims: [],
  },
]);
