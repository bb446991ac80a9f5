import { ruleTester } from '../ruleTester.js';
import detector from './secretHandling.js';

const P = 'oe.1.security.no-committed-secrets';
/** A GitHub Actions expression, written so that it is not mistaken for a template literal. */
const secret = (name: string) => `$\{{ secrets.${name} }}`;

ruleTester(detector, [
  {
    name: 'a committed private key is a meaningful absence',
    files: {
      '.dev-secrets/private.pem': '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n',
      '.github/workflows/ci.yml': `on: [push]\njobs:\n  a:\n    steps:\n      - run: deploy --token ${secret('DEPLOY_TOKEN')}\n`,
    },
    claims: [{ practice: P, status: 'not-met', confidence: 'medium', at: '.dev-secrets/private.pem:1' }],
  },
  {
    name: 'a Kubernetes Secret with a literal password',
    files: {
      'k8s/db.yml':
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  username: "user"\n  password: "pass"\n',
    },
    claims: [{ practice: P, status: 'not-met', at: 'k8s/db.yml:2' }],
  },
  {
    name: 'pipelines and manifests that take credentials from a secret store',
    files: {
      '.github/workflows/deploy.yml':
        'on: [push]\njobs:\n  a:\n    steps:\n      - run: echo\n        env:\n          TOKEN: ' +
        secret('REGISTRY_TOKEN') +
        '\n',
      'deploy/app.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: db\n',
    },
    claims: [
      {
        practice: P,
        status: 'met',
        confidence: 'medium',
        at: ['.github/workflows/deploy.yml:7', 'deploy/app.yaml:10'],
      },
    ],
  },
  {
    name: 'a templated Secret, GITHUB_TOKEN alone and a doc about Key Vault say nothing (trap)',
    trap: true,
    files: {
      'chart/templates/secret.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  password: {{ .Values.password | quote }}\n',
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  a:\n    steps:\n      - run: gh release list\n        env:\n          GH_TOKEN: ' +
        secret('GITHUB_TOKEN') +
        '\n',
      'docs/secrets.md':
        'Use @Microsoft.KeyVault(SecretUri=...) references and secretKeyRef: in production.\n',
    },
    claims: [],
  },
]);
