import { defineDetector } from '../defineDetector.js';
import {
  at,
  type CloudResource,
  cloudResources,
  iacFiles,
  isLocalCompose,
  keyOf,
  lineIn,
  serviceOf,
  serviceTitles,
} from '../lib/cloudResources.js';
import { grepFiles, lineOf, loc, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import type { Claim, EvidenceLocation, RepoView } from '../types.js';

const P = {
  naming: 'oe.2.standard-processes.naming-convention',
  governance: 'oe.2.automation.governance-checks',
  toolset: 'oe.2.iac-config.standard-toolset',
  secrets: 'oe.1.security.no-committed-secrets',
  rotation: 'oe.4.maintenance-automation.secret-rotation',
};

/** Names built from the CAF abbreviations or a naming module. */
const NAMING_USE =
  /loadJsonContent\(\s*'[^']*abbreviations\.json'\s*\)|json\(\s*loadTextContent\(\s*'[^']*abbreviations\.json'|^\s*module\s+\w+\s+'[^']*naming[^']*\.bicep'|^\s*source\s*=\s*"(Azure\/naming\/azurerm|cloudposse\/label\/null|[^"]*\/naming[^"]*)"|^\s*resource\s+"azurecaf_name"|^\s*data\s+"azurecaf_name"/m;

/** Settings that turn off key-based access, so the workload authenticates with its identity. */
const KEYLESS =
  /^\s*(disableLocalAuth\s*:\s*true|"disableLocalAuth"\s*:\s*true|allowSharedKeyAccess\s*:\s*false|"allowSharedKeyAccess"\s*:\s*false|local_authentication_disabled\s*=\s*true|local_authentication_enabled\s*=\s*false|shared_access_key_enabled\s*=\s*false|local_auth_enabled\s*=\s*false|disableLocalAuthentication\s*:\s*true|aadAuthEnabled\s*:\s*true|'aad-enabled'\s*:\s*'true')/m;
/**
 * The workload reaching its stores and registries with its own identity: data-plane roles granted
 * to it (by built-in role id or name), registries pulled by identity, Kubernetes service accounts
 * bound to cloud roles (IRSA, GKE Workload Identity), SAM functions given policy templates.
 * Key Vault roles are left out: reading a stored secret still leaves a secret to rotate.
 */
const IDENTITY_ACCESS =
  /7f951dda-4ed3-4680-a7ca-43fe172d538d|ba92f5b4-2d11-453d-a403-e96b0029c9fe|2a2b9908-6ea1-4ae2-8e65-a410df84e7d1|b7e6dc6d-f1e8-4753-8033-0f276bb0955b|974c5e8b-45b9-4653-ba55-5f855dd0fb88|5e0bd9bd-7b93-4f28-af87-19fc36ad61bd|a001fd3d-188f-4b5d-821b-7da978bf7442|a97b65f3-24c7-4388-baec-2e87135dc908|1407120a-92aa-4202-b7e9-c0e197c71c8f|8ebe5a00-799e-43f5-93ac-243d3dce84a7|090c5cfd-751d-490a-894a-3ce6f1109419|69a216fc-b8fb-44d8-bc22-1f3c2cd27a39|4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0|00000000-0000-0000-0000-000000000002|['"](AcrPull|Storage (Blob|Queue|Table) Data (Owner|Contributor|Reader)|Cognitive Services (OpenAI )?(User|Contributor)|Search Index Data (Reader|Contributor)|Azure Service Bus Data (Owner|Sender|Receiver))['"]|^\s*registries\s*:[\s\S]{0,300}?\bidentity\s*:|eks\.amazonaws\.com\/role-arn|iam\.gke\.io\/gcp-service-account|roles\/iam\.workloadIdentityUser|^\s*-\s*(DynamoDB\w*|SQS\w*|S3\w*|SNS\w*|SSMParameterRead|EventBridgePutEvents|StepFunctionsExecution|LambdaInvoke|Kinesis\w*)Policy\s*:/m;
const IDENTITY_TYPES =
  /^(Microsoft\.DocumentDB\/databaseAccounts\/sqlRoleAssignments|azurerm_cosmosdb_sql_role_assignment|aws_eks_pod_identity_association)$/i;
/** Secrets referenced from a store rather than written in. */
const SECRET_REF =
  /@Microsoft\.KeyVault\(|\.getSecret\(\s*'|"keyVault"\s*:\s*\{\s*"id"|key_vault_secret_id\s*=|keyVaultUrl\s*:|\{\{resolve:(secretsmanager|ssm-secure):|^\s*resource\s+"random_password"/m;

/** Credentials the platform issues and renews: federated workload identities, managed certificates. */
const RENEWED_TYPES =
  /^(Microsoft\.ManagedIdentity\/userAssignedIdentities\/federatedIdentityCredentials|azurerm_federated_identity_credential|Microsoft\.Web\/certificates|azurerm_app_service_managed_certificate|azurerm_app_service_certificate_order|aws_acm_certificate|AWS::CertificateManager::Certificate|google_compute_managed_ssl_certificate|google_certificate_manager_certificate|k8s:ManagedCertificate)$/i;

const POLICY_KINDS = new Set(['ClusterPolicy', 'Policy', 'ConstraintTemplate', 'ValidatingAdmissionPolicy']);

/** The IaC tools a repository uses, each with a few files that show it. */
async function toolsInUse(
  repo: RepoView,
  all: readonly CloudResource[],
): Promise<Map<string, EvidenceLocation[]>> {
  const tools = new Map<string, EvidenceLocation[]>();
  const add = (tool: string, l: EvidenceLocation) => {
    const list = tools.get(tool) ?? [];
    if (list.length < 3 && !list.some((x) => x.file === l.file)) list.push(l);
    tools.set(tool, list);
  };
  const langs: Record<string, string> = {
    bicep: 'Bicep',
    arm: 'ARM templates',
    terraform: 'Terraform',
    cloudformation: 'CloudFormation',
  };
  for (const r of all) {
    const tool = langs[r.lang];
    if (tool) add(tool, { file: r.file, line: r.line });
  }
  for (const h of await grepFiles(
    repo,
    [...repo.byName('Pulumi.yaml'), ...repo.byName('Pulumi.yml')],
    /^runtime\s*:/m,
  ))
    add('Pulumi', loc(h));
  for (const f of repo.byName('cdk.json')) add('AWS CDK', { file: f.path });
  const charts = (await grepFiles(repo, repo.byName('Chart.yaml'), /^name\s*:/m)).map((h) => h.file.dir);
  for (const d of charts) add('Helm', { file: d ? `${d}/Chart.yaml` : 'Chart.yaml' });
  const kustomized = new Set<string>();
  for (const f of [...repo.byName('kustomization.yaml'), ...repo.byName('kustomization.yml')]) {
    kustomized.add(f.dir);
    add('Kustomize', { file: f.path });
  }
  const inChart = (file: string) => charts.some((d) => d === '' || file.startsWith(`${d}/`));
  const dirOf = (file: string) => file.slice(0, Math.max(0, file.lastIndexOf('/')));
  for (const d of await kubeDocs(repo)) {
    if (!/^(Deployment|StatefulSet|DaemonSet|Service|Ingress|CronJob|Job)$/.test(d.kind)) continue;
    if (inChart(d.file) || kustomized.has(dirOf(d.file))) continue;
    add('Kubernetes manifests', { file: d.file, line: d.line });
  }
  // Compose describes how containers run; it counts as the toolset only when nothing else is there.
  if (tools.size === 0)
    for (const r of all)
      if (r.lang === 'compose' && !isLocalCompose(r.file))
        add('Docker Compose', { file: r.file, line: r.line });
  return tools;
}

export default defineDetector({
  meta: {
    id: 'iac-governance',
    title: 'Conventions declared in IaC (naming, policies, secrets, one toolset)',
    practices: Object.values(P),
    docs: "Reads the infrastructure code. Resource names built from the Cloud Adoption Framework abbreviations (abbreviations.json loaded by Bicep), a naming module (naming.bicep, Azure/naming/azurerm, azurecaf, cloudposse/label) show a naming convention every template follows (medium); Helm name helpers (a fullname template in _helpers.tpl) show one for Kubernetes objects (low). Azure Policy assignments, AWS Config rules, Google organisation policies and Kyverno or Gatekeeper policies check governance rules by tool. A Key Vault, Secrets Manager or Secret Manager used by the IaC, secret references (Key Vault references, getSecret, resolve:secretsmanager; not Kubernetes secretKeyRef, whose Secret may well be committed), generated passwords and key-based access turned off (disableLocalAuth, allowSharedKeyAccess false) keep secrets out of files by design (medium; secret scanners are the secret-scanning detector). Key-based access turned off, federated workload identities and certificates the platform renews (App Service managed certificates, ACM, Google-managed or GKE ManagedCertificate) leave no secret to rotate by hand (medium). Without those, data-plane roles granted to the workload's identity (AcrPull, Storage, Cognitive Services, AI Search, Service Bus and Cosmos DB data roles), registries pulled by identity, service accounts bound to cloud roles (IRSA, EKS Pod Identity, GKE Workload Identity) and SAM policy templates show stores reached without keys (low; Key Vault roles do not count, a stored secret still needs rotating). A repository whose infrastructure is written with one IaC tool suggests a single toolset (low: whether the team agreed on it and is trained is not visible).",
  },
  async detect(repo) {
    const all = (await cloudResources(repo)).filter((r) => !r.optional);
    const files = await iacFiles(repo);
    const out: Claim[] = [];

    // Naming convention.
    const naming: EvidenceLocation[] = [];
    for (const f of files) {
      const l = lineOf(f.code, NAMING_USE);
      if (l !== undefined) naming.push({ file: f.path, line: l });
    }
    for (const f of repo.byName('abbreviations.json'))
      if (naming.some((n) => n.file.startsWith(f.dir))) naming.push({ file: f.path });
    if (naming.length)
      out.push(
        present(
          [P.naming],
          'medium',
          naming,
          'resource names come from a naming module or the CAF abbreviations',
        ),
      );
    else {
      const helpers = await grepFiles(
        repo,
        repo.byName('_helpers.tpl').filter((f) => f.dir.endsWith('templates')),
        /define\s+"[\w.-]+\.fullname"/,
      );
      if (helpers.length)
        out.push(
          present(
            [P.naming],
            'low',
            helpers.map(loc),
            'Helm name helpers name every object of the chart the same way; no written convention for cloud resources',
          ),
        );
    }

    // Governance rules checked by tools.
    const policies = all.filter((r) => serviceOf(r)?.role === 'policy');
    const admission = (await kubeDocs(repo)).filter(
      (d) =>
        POLICY_KINDS.has(d.kind) &&
        /kyverno\.io|gatekeeper\.sh|admissionregistration\.k8s\.io/.test(d.apiVersion),
    );
    const gov = [
      ...policies.slice(0, 5).map((r) => at(r)),
      ...admission.slice(0, 5).map((d) => ({ file: d.file, line: d.line })),
    ];
    if (gov.length)
      out.push(
        present(
          [P.governance],
          'medium',
          gov,
          `governance rules are enforced by ${[...(policies.length ? [serviceTitles(policies)] : []), ...(admission.length ? ['admission policies'] : [])].join(', ')}`,
        ),
      );

    // Secrets kept out of files by design.
    const stores = all.filter((r) => serviceOf(r)?.role === 'secrets');
    const keyless = all.filter((r) => lineIn(r, KEYLESS));
    const refs = files.flatMap((f) => {
      const l = lineOf(f.code, SECRET_REF);
      return l === undefined ? [] : [{ file: f.path, line: l }];
    });
    const sec = [
      ...stores.slice(0, 3).map((r) => at(r)),
      ...keyless.slice(0, 3).map((r) => at(r, KEYLESS)),
      ...refs.slice(0, 3),
    ];
    if (stores.length || keyless.length)
      out.push(
        present(
          [P.secrets],
          'medium',
          sec,
          `the infrastructure keeps secrets out of files: ${[...(stores.length ? [serviceTitles(stores)] : []), ...(keyless.length ? ['key-based access turned off'] : []), ...(refs.length ? ['secret references'] : [])].join(', ')}`,
        ),
      );
    else if (refs.length)
      out.push(
        present(
          [P.secrets],
          'medium',
          refs.slice(0, 5),
          'secrets are referenced from a store or generated, not written in',
        ),
      );

    // Keys that need no rotation: identities instead of keys, certificates the platform renews.
    const renewed = all.filter((r) => RENEWED_TYPES.test(keyOf(r)));
    const granted = all.filter(
      (r) => IDENTITY_TYPES.test(keyOf(r)) || lineIn(r, IDENTITY_ACCESS) !== undefined,
    );
    if (keyless.length || renewed.length)
      out.push(
        present(
          [P.rotation],
          'medium',
          [...keyless.slice(0, 3).map((r) => at(r, KEYLESS)), ...renewed.slice(0, 3).map((r) => at(r))],
          `${[...(keyless.length ? ['identities replace keys (key-based access turned off)'] : []), ...(renewed.length ? ['the platform issues and renews credentials (federated identities, managed certificates)'] : [])].join('; ')}`,
        ),
      );
    // Roles granted to the workload's identity show it needs no key there; other keys may remain.
    else if (granted.length)
      out.push(
        present(
          [P.rotation],
          'low',
          granted.slice(0, 5).map((r) => at(r, IDENTITY_ACCESS)),
          'the workload reaches stores or registries with its own identity (roles granted to it), so those need no key to rotate; other secrets may still be static',
        ),
      );

    // One IaC toolset.
    const tools = await toolsInUse(repo, all);
    if (tools.size === 1) {
      const [tool, where] = [...tools][0] as [string, EvidenceLocation[]];
      out.push(
        present(
          [P.toolset],
          'low',
          where,
          `the infrastructure is written with one tool (${tool}); whether the team agreed on its toolset is not visible`,
        ),
      );
    }
    return out;
  },
});
