import { ruleTester } from '../ruleTester.js';
import detector from './environmentDefinitions.js';

const P = 'oe.3.environments.distinct';

ruleTester(detector, [
  {
    name: 'Kustomize overlays for dev, staging and production',
    files: {
      'deploy/overlays/dev/kustomization.yaml': 'resources: [../../base]\n',
      'deploy/overlays/staging/kustomization.yaml': 'resources: [../../base]\n',
      'deploy/overlays/production/kustomization.yaml': 'resources: [../../base]\n',
    },
    claims: [{ practice: P, status: 'partial', at: 'deploy/overlays/production/kustomization.yaml' }],
  },
  {
    name: 'Terraform variable files for test and prod',
    files: { 'infra/test.tfvars': 'size = "S"\n', 'infra/prod.tfvars': 'size = "L"\n' },
    claims: [{ practice: P, status: 'partial', at: 'infra/prod.tfvars' }],
  },
  {
    name: 'a Bicep environment parameter allowed to be dev or prod',
    files: {
      'infra/main.bicep':
        "@allowed([ 'dev', 'prod' ])\n@description('Sizing.')\nparam environmentType string = 'dev'\n",
    },
    claims: [{ practice: P, status: 'partial', at: 'infra/main.bicep:1' }],
  },
  {
    name: 'one environment only, or environments without production, are not distinct environments (trap)',
    trap: true,
    files: {
      'deploy/overlays/dev/kustomization.yaml': 'resources: [../../base]\n',
      'deploy/overlays/test/kustomization.yaml': 'resources: [../../base]\n',
      'charts/app/values.yaml': 'replicas: 1\n',
      'docs/environments.md': 'We will add staging and production overlays later.\n',
    },
    claims: [],
  },
]);
