/**
 * Whether secrets stay out of the files: committed private keys, key stores and Kubernetes Secrets
 * with literal values are a meaningful absence; otherwise, credentials taken from a secret store
 * (CI secrets, Jenkins credentials, Key Vault and Secrets Manager references, ExternalSecrets,
 * secretKeyRef) show the deployment was built to keep them out.
 */
import { defineDetector } from '../defineDetector.js';
import { absent, byPath, grepFiles, loc, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import { pipelines } from '../lib/pipelines.js';
import type { EvidenceLocation } from '../types.js';

const P = { noSecrets: 'oe.1.security.no-committed-secrets' };

const PRIVATE_KEY =
  /-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----|"kty"\s*:\s*"(RSA|EC)"[\s\S]{0,400}"d"\s*:\s*"[\w-]{20,}"/;
const KEY_STORE = /\.(p12|pfx|jks|keystore)$/i;
/** A value that is a placeholder or a template, not a secret. */
const TEMPLATED = /\{\{|\$\{|\$\(|<[^>]+>|^\s*["']?\s*["']?\s*$|REPLACE|CHANGE_?ME|example/i;

const PIPELINE_SECRET =
  /\$\{\{\s*secrets\.(?!GITHUB_TOKEN\b)\w+|\bwithCredentials\s*\(|\bcredentials\s*\(\s*['"]|AzureKeyVault@\d|\bvariables\s*:\s*\n\s*-\s*group\s*:|azure\/get-keyvault-secrets|aws-actions\/aws-secretsmanager-get-secrets/;
const STORE_REFERENCE =
  /secretKeyRef\s*:|^kind:\s*(ExternalSecret|SealedSecret|SecretProviderClass)\b|@Microsoft\.KeyVault\(|\.getSecret\(|data\s+"(azurerm_key_vault_secret|aws_secretsmanager_secret_version|google_secret_manager_secret_version)"|keyVaultReference|secretRef\s*:/m;

/** The values under a Secret's top-level `data:` or `stringData:` block. */
function secretValues(text: string): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of text.split('\n')) {
    if (/^(data|stringData)\s*:\s*$/.test(line)) inside = true;
    else if (/^\S/.test(line)) inside = false;
    else if (inside) {
      const m = /^\s+[\w.-]+\s*:\s*(.*)$/.exec(line);
      if (m) out.push(m[1] as string);
    }
  }
  return out;
}

export default defineDetector({
  meta: {
    id: 'secret-handling',
    title: 'Secrets kept out of the files',
    practices: Object.values(P),
    docs: 'Looks for secrets committed to the repository: private keys (PEM blocks, private JSON web keys), key store files (.p12, .pfx, .jks) and Kubernetes Secret manifests whose data holds literal values; any of these is a meaningful absence (medium). Without them, credentials that pipelines and deployments take from a secret store (CI secrets, Jenkins credentials, variable groups, Key Vault and Secrets Manager references, ExternalSecret, SealedSecret, secretKeyRef) show that secrets are kept out (medium). Literal defaults inside application code are not searched for.',
  },
  async detect(repo) {
    const committed: EvidenceLocation[] = [];
    for (const f of repo.files) if (KEY_STORE.test(f.name)) committed.push({ file: f.path });
    const keyFiles = byPath(
      repo.files.filter((f) => /\.(pem|key|jwk|json)$/i.test(f.name) && f.name !== 'package.json'),
    );
    committed.push(...(await grepFiles(repo, keyFiles, PRIVATE_KEY, 2000)).map(loc));
    for (const d of await kubeDocs(repo)) {
      if (d.kind !== 'Secret') continue;
      if (secretValues(d.text).some((v) => !TEMPLATED.test(v)))
        committed.push({ file: d.file, line: d.line });
    }
    if (committed.length)
      return [
        absent(
          [P.noSecrets],
          'medium',
          'secrets are committed: private keys, key stores or Secret manifests with literal values',
          committed,
        ),
      ];

    const refs: EvidenceLocation[] = [];
    for (const p of await pipelines(repo)) {
      const m = PIPELINE_SECRET.exec(p.text);
      if (m) refs.push({ file: p.file, line: p.text.slice(0, m.index).split('\n').length });
    }
    const manifests = byPath(repo.byExt('.yaml', '.yml', '.tf', '.bicep', '.json')).filter(
      (f) => !f.path.startsWith('.github/') && f.name !== 'package.json' && f.name !== 'package-lock.json',
    );
    refs.push(...(await grepFiles(repo, manifests, STORE_REFERENCE, 3000)).map(loc));
    if (!refs.length) return [];
    return [
      present([P.noSecrets], 'medium', refs, 'credentials come from a secret store, not from the files'),
    ];
  },
});
