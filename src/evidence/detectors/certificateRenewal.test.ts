import { ruleTester } from '../ruleTester.js';
import detector from './certificateRenewal.js';

const P = 'oe.4.maintenance-automation.secret-rotation';

ruleTester(detector, [
  {
    name: 'a cert-manager Certificate',
    files: {
      'deploy/cert.yaml':
        'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\nspec:\n  secretName: web-tls\n  issuerRef:\n    name: letsencrypt\n',
    },
    claims: [{ practice: P, status: 'met', confidence: 'medium', at: 'deploy/cert.yaml:2' }],
  },
  {
    name: 'an ingress asking ACME for its certificate',
    files: {
      'k8s/ingress.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  annotations:\n    kubernetes.io/tls-acme: "true"\n',
    },
    claims: [{ practice: P, status: 'met', at: 'k8s/ingress.yaml:5' }],
  },
  {
    name: 'a Key Vault key with a rotation policy in Terraform',
    files: {
      'infra/kv.tf':
        'resource "azurerm_key_vault_key" "k" {\n  name = "k"\n  rotation_policy {\n    expire_after = "P90D"\n  }\n}\n',
    },
    claims: [{ practice: P, status: 'met', at: 'infra/kv.tf:3' }],
  },
  {
    name: 'keys switched off for managed identities is partial',
    files: {
      'infra/db.bicep':
        "resource db 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {\n  name: 'db'\n  properties: {\n    disableLocalAuth: true\n  }\n}\n",
    },
    claims: [{ practice: P, status: 'partial', at: 'infra/db.bicep:4' }],
  },
  {
    name: 'a certificate checked into the repository and a note about cert-manager are not renewal (trap)',
    trap: true,
    files: {
      'deploy/tls-secret.yaml':
        'apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: AAAA\n',
      'docs/tls.md': 'Consider cert-manager.io/cluster-issuer annotations for renewal.\n',
      'infra/kv.tf': 'resource "azurerm_key_vault_secret" "s" {\n  name = "s"\n}\n',
    },
    claims: [],
  },
]);
