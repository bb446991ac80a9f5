/**
 * What the infrastructure code declares: every resource declared in Bicep (resources and Azure
 * Verified Modules), ARM JSON, Terraform (resources and registry modules), CloudFormation/SAM,
 * Kubernetes manifests, Docker Compose services and azd `azure.yaml` services, with the file and line
 * of each declaration and the text of its body. Built once per scan (`repo.memo`).
 *
 * Only declarations count: a resource type named in a README, a comment or a string is not one, an
 * `existing` Bicep resource or a Terraform `data` source refers to something declared elsewhere, and
 * a local module is indexed through the resources of its own file. Comments are blanked out of the
 * bodies, so a property that is commented out is not seen either.
 */
import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
import type { EvidenceLocation, RepoFile, RepoView } from '../types.js';
import { type KubeDoc, kubeDocs } from './k8s.js';

export type IacLanguage = 'bicep' | 'arm' | 'terraform' | 'cloudformation' | 'kubernetes' | 'compose' | 'azd';

export interface CloudResource {
  lang: IacLanguage;
  /**
   * The declared type, as written: `Microsoft.Web/sites` (Bicep and ARM, without the API version),
   * `avm/res/web/site` (an Azure Verified Module), `azurerm_linux_web_app` (Terraform),
   * `terraform-aws-modules/eks/aws` (a Terraform registry module), `AWS::Lambda::Function`, the
   * Kubernetes kind (`Ingress`), `service` (a Compose service), the azd `host:` (`appservice`).
   */
  type: string;
  /** `resource`, or `module` for a Bicep registry module or a Terraform registry module. */
  form: 'resource' | 'module';
  /** Symbolic name, logical id, metadata.name or service name; `''` when there is none. */
  name: string;
  file: string;
  /** Line of the declaration (the `resource` keyword, the `"type"` key, the `kind:` line). */
  line: number;
  /** Line where `body` starts. */
  bodyLine: number;
  /** Text of the declaration with comments blanked out, starting at the start of line `bodyLine`. */
  body: string;
  /**
   * Deployed only when a switch that is off by default is turned on (Bicep `if (useX)` with
   * `param useX bool = false`).
   */
  optional?: boolean;
}

/** An infrastructure file, with its comments blanked out (offsets and lines kept). */
export interface IacFile {
  path: string;
  lang: IacLanguage;
  code: string;
}

interface CloudIndex {
  resources: CloudResource[];
  files: IacFile[];
}

/** Every declared resource, in path order, then in order of declaration. */
export async function cloudResources(repo: RepoView): Promise<CloudResource[]> {
  return (await cloudIndex(repo)).resources;
}

/** Every file that declares infrastructure (the files `cloudResources` reads), in path order. */
export async function iacFiles(repo: RepoView): Promise<IacFile[]> {
  return (await cloudIndex(repo)).files;
}

const LIMIT = 2000;

function cloudIndex(repo: RepoView): Promise<CloudIndex> {
  return repo.memo('cloud-resources', async () => {
    const out: CloudResource[] = [];
    const files: IacFile[] = [];
    // At most LIMIT files of each kind, as `grepFiles` does: the bound on a very large repository.
    const bicep = repo.byExt('.bicep').slice(0, LIMIT);
    const bicepPaths = new Set(bicep.map((f) => f.path));
    const texts = async (list: readonly RepoFile[]) => {
      const all = await Promise.all(list.map((f) => repo.read(f.path)));
      return list.flatMap((f, i) => (all[i] === undefined ? [] : [{ file: f, text: all[i] as string }]));
    };
    for (const { file, text } of await texts(bicep)) {
      const code = scan(text, 'bicep');
      files.push({ path: file.path, lang: 'bicep', code: code.code });
      out.push(...parseBicep(file.path, text, code));
    }
    for (const { file, text } of await texts(repo.byExt('.tf').slice(0, LIMIT))) {
      const code = scan(text, 'hcl');
      const found = parseTerraform(file.path, text, code);
      if (found.length || /^\s*(variable|locals|output|data|provider|terraform)\b/m.test(code.code))
        files.push({ path: file.path, lang: 'terraform', code: code.code });
      out.push(...found);
    }
    const json = repo
      .byExt('.json', '.template')
      .filter((f) => f.name !== 'package.json' && !f.name.endsWith('lock.json'))
      .slice(0, LIMIT);
    const heads = await Promise.all(json.map((f) => repo.head(f.path)));
    const armOrCfn = json.filter((_, i) =>
      /"\$schema"\s*:\s*"[^"]*DeploymentTemplate\.json#|"AWSTemplateFormatVersion"|"Type"\s*:\s*"AWS::/i.test(
        heads[i] ?? '',
      ),
    );
    for (const { file, text } of await texts(armOrCfn)) {
      if (/"\$schema"\s*:\s*"[^"]*DeploymentTemplate\.json#/i.test(text)) {
        // A template compiled from a Bicep file kept next to it says nothing the Bicep file does not.
        const compiled = /"_generator"\s*:\s*\{\s*"name"\s*:\s*"bicep"/.test(text);
        if (compiled && bicepPaths.has(file.path.replace(/\.json$/i, '.bicep'))) continue;
        const lang = compiled ? 'bicep' : 'arm';
        const code = scan(text, 'json');
        files.push({ path: file.path, lang, code: code.code });
        out.push(...parseJsonResources(file.path, text, lang, code));
      } else if (/"Resources"\s*:/.test(text)) {
        const code = scan(text, 'json');
        files.push({ path: file.path, lang: 'cloudformation', code: code.code });
        out.push(...parseJsonResources(file.path, text, 'cloudformation', code));
      }
    }
    const kube = await kubeDocs(repo);
    const kubeFiles = new Set(kube.map((d) => d.file));
    const yamls = repo
      .byExtInOrder('.yaml', '.yml', '.template')
      .filter((f) => !f.path.startsWith('.github/'));
    for (const { file, text } of await texts(yamls)) {
      let lang: IacLanguage | undefined;
      if (
        /^AWSTemplateFormatVersion\s*:|^Transform\s*:\s*['"]?AWS::Serverless/m.test(text) ||
        (/^Resources\s*:/m.test(text) && /^\s+Type\s*:\s*['"]?AWS::/m.test(text))
      ) {
        const found = parseCloudFormationYaml(file.path, text);
        if (found.length) lang = 'cloudformation';
        out.push(...found);
      }
      if (isComposeFile(file.name) || looksLikeCompose(file.path, text)) {
        const found = parseCompose(file.path, text);
        if (found.length) lang = 'compose';
        out.push(...found);
      } else if (/^azure\.ya?ml$/i.test(file.name)) {
        const found = parseAzd(file.path, text);
        if (found.length) lang = 'azd';
        out.push(...found);
      }
      if (!lang && kubeFiles.has(file.path)) lang = 'kubernetes';
      if (lang) files.push({ path: file.path, lang, code: blankYamlComments(text) });
    }
    out.push(...kube.map(fromKube));
    const order = (a: { path?: string; file?: string }, b: { path?: string; file?: string }) => {
      const x = (a.path ?? a.file) as string;
      const y = (b.path ?? b.file) as string;
      return x < y ? -1 : x > y ? 1 : 0;
    };
    out.sort((a, b) => order(a, b) || a.line - b.line);
    files.sort(order);
    return { resources: out, files };
  });
}

/**
 * A Compose file named for a developer's machine, tests or CI (`docker-compose.dev.yml`,
 * `compose.test.yaml`, `docker-compose.local.yml`): it runs the workload there, not where it is deployed.
 */
export function isLocalCompose(path: string): boolean {
  const name = path.split('/').pop() ?? '';
  return /^(docker-)?compose[.-].*\b(dev|develop|development|local|test|tests|testing|ci|debug|e2e)\b.*\.ya?ml$/i.test(
    name,
  );
}

/**
 * A Compose file under another name (`src/main/docker/app.yml`): top-level services built or pulled
 * as images, in a docker folder or with a Compose `version:`.
 */
function looksLikeCompose(path: string, text: string): boolean {
  return (
    !/^azure\.ya?ml$/i.test(path.split('/').pop() ?? '') &&
    /^services\s*:\s*$/m.test(text) &&
    /^\s{2,}(image|build)\s*:/m.test(text) &&
    (/(^|\/)\.?docker(-compose)?\//i.test(path) || /^version\s*:\s*['"]?[23]/m.test(text))
  );
}

/** `compose.yaml`, `docker-compose.yml`, `docker-compose.prod.yaml`, `compose.override.yml`. */
export function isComposeFile(name: string): boolean {
  return /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i.test(name);
}

/** Absolute line of the first match of `re` in a resource's body, or `undefined`. */
export function lineIn(r: CloudResource, re: RegExp): number | undefined {
  const m = (re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re).exec(r.body);
  if (!m) return undefined;
  const at = m.index + (m[0].length - m[0].trimStart().length);
  let line = r.bodyLine;
  for (let i = 0; i < at; i++) if (r.body.charCodeAt(i) === 10) line++;
  return line;
}

/** Where a resource is declared, or where `re` matches in its body when given and found. */
export function at(r: CloudResource, re?: RegExp): EvidenceLocation {
  return { file: r.file, line: (re && lineIn(r, re)) ?? r.line };
}

// ── What kind of service a declared type is ──────────────────────────────────────────────────

export type ServiceRole =
  | 'compute'
  | 'data'
  | 'load-balancer'
  | 'private-link'
  | 'network'
  | 'secrets'
  | 'monitoring'
  | 'messaging'
  | 'policy';

export interface ServiceKind {
  /** Short name for summaries: `App Service plan`, `Cosmos DB`. */
  title: string;
  role: ServiceRole;
  /** Compute that can add instances without code changes. */
  scalable?: boolean;
  /** Matches the resource's key (see `keyOf`). */
  re: RegExp;
}

/**
 * The key a type is matched on: Bicep and ARM types as declared (`Microsoft.Web/serverFarms`), AVM
 * modules as `avm/res/...`, Terraform resources by type (`azurerm_service_plan`), Terraform registry
 * modules as `tfmod:namespace/name/provider`, CloudFormation types, `k8s:Kind`, `compose:service`,
 * `azd:host`.
 */
export function keyOf(r: CloudResource): string {
  if (r.lang === 'kubernetes') return `k8s:${r.type}`;
  if (r.lang === 'compose') return 'compose:service';
  if (r.lang === 'azd') return `azd:${r.type}`;
  if (r.lang === 'terraform' && r.form === 'module') return `tfmod:${r.type}`;
  return r.type;
}

export const SERVICES: readonly ServiceKind[] = [
  // Compute
  {
    title: 'App Service plan',
    role: 'compute',
    scalable: true,
    re: /^(Microsoft\.Web\/serverfarms|azurerm_(service_plan|app_service_plan)|avm\/res\/web\/serverfarm|tfmod:Azure\/avm-res-web-serverfarm\/azurerm)$/i,
  },
  {
    title: 'App Service or Functions app',
    role: 'compute',
    scalable: true,
    re: /^(Microsoft\.Web\/sites|azurerm_(linux_|windows_)?(web|function)_app|azurerm_app_service|azurerm_function_app_flex_consumption|avm\/res\/web\/site|tfmod:Azure\/avm-res-web-site\/azurerm|azd:(appservice|function))$/i,
  },
  {
    title: 'Container Apps',
    role: 'compute',
    scalable: true,
    re: /^(Microsoft\.App\/containerApps|azurerm_container_app|avm\/res\/app\/container-app|azd:containerapp)$/i,
  },
  {
    title: 'AKS',
    role: 'compute',
    scalable: true,
    re: /^(Microsoft\.ContainerService\/managedClusters(\/agentPools)?|azurerm_kubernetes_cluster(_node_pool)?|avm\/res\/container-service\/managed-cluster|tfmod:Azure\/aks\/azurerm|tfmod:Azure\/avm-res-containerservice-managedcluster\/azurerm|azd:aks)$/i,
  },
  {
    title: 'VM scale set',
    role: 'compute',
    scalable: true,
    re: /^(Microsoft\.Compute\/virtualMachineScaleSets|azurerm_(linux_|windows_|orchestrated_)?virtual_machine_scale_set|avm\/res\/compute\/virtual-machine-scale-set)$/i,
  },
  {
    title: 'Azure Spring Apps',
    role: 'compute',
    scalable: true,
    re: /^(Microsoft\.AppPlatform\/Spring(\/apps)?|azurerm_spring_cloud_(service|app)|azd:springapp)$/i,
  },
  {
    title: 'virtual machine',
    role: 'compute',
    re: /^(Microsoft\.Compute\/virtualMachines|azurerm_(linux_|windows_)?virtual_machine|avm\/res\/compute\/virtual-machine|aws_instance|AWS::EC2::Instance|google_compute_instance)$/i,
  },
  {
    title: 'Container Instances',
    role: 'compute',
    re: /^(Microsoft\.ContainerInstance\/containerGroups|azurerm_container_group)$/i,
  },
  {
    title: 'ECS',
    role: 'compute',
    scalable: true,
    re: /^(aws_ecs_service|AWS::ECS::Service|tfmod:terraform-aws-modules\/ecs\/aws)$/i,
  },
  {
    title: 'EKS',
    role: 'compute',
    scalable: true,
    re: /^(aws_eks_cluster|aws_eks_node_group|AWS::EKS::(Cluster|Nodegroup)|tfmod:terraform-aws-modules\/eks\/aws)$/i,
  },
  {
    title: 'Lambda',
    role: 'compute',
    scalable: true,
    re: /^(aws_lambda_function|AWS::Lambda::Function|AWS::Serverless::Function|tfmod:terraform-aws-modules\/lambda\/aws)$/i,
  },
  {
    title: 'EC2 Auto Scaling group',
    role: 'compute',
    scalable: true,
    re: /^(aws_autoscaling_group|AWS::AutoScaling::AutoScalingGroup|tfmod:terraform-aws-modules\/autoscaling\/aws)$/i,
  },
  {
    title: 'Elastic Beanstalk or App Runner',
    role: 'compute',
    scalable: true,
    re: /^(aws_elastic_beanstalk_environment|aws_apprunner_service|AWS::ElasticBeanstalk::Environment|AWS::AppRunner::Service)$/i,
  },
  {
    title: 'GKE',
    role: 'compute',
    scalable: true,
    re: /^(google_container_cluster|google_container_node_pool|tfmod:terraform-google-modules\/kubernetes-engine\/google(\/\/.*)?)$/i,
  },
  {
    title: 'Cloud Run or Cloud Functions',
    role: 'compute',
    scalable: true,
    re: /^(google_cloud_run_(v2_)?service|google_cloudfunctions2?_function|tfmod:GoogleCloudPlatform\/cloud-run\/google)$/i,
  },
  {
    title: 'managed instance group',
    role: 'compute',
    scalable: true,
    re: /^(google_compute_(region_)?instance_group_manager|google_app_engine_(standard|flexible)_app_version)$/i,
  },
  {
    title: 'Kubernetes workload',
    role: 'compute',
    scalable: true,
    re: /^k8s:(Deployment|StatefulSet|ReplicaSet|Rollout)$/,
  },
  // Data stores
  {
    title: 'Azure SQL',
    role: 'data',
    re: /^(Microsoft\.Sql\/servers(\/databases)?|azurerm_(mssql|sql)_(server|database)|avm\/res\/sql\/server)$/i,
  },
  {
    title: 'Cosmos DB',
    role: 'data',
    re: /^(Microsoft\.DocumentDB\/databaseAccounts|azurerm_cosmosdb_account|avm\/res\/document-db\/database-account)$/i,
  },
  {
    title: 'PostgreSQL or MySQL',
    role: 'data',
    re: /^(Microsoft\.DBfor(PostgreSQL|MySQL|MariaDB)\/(flexibleServers|servers)|azurerm_(postgresql|mysql|mariadb)_(flexible_)?server|avm\/res\/db-for-(postgre|my)-sql\/flexible-server)$/i,
  },
  {
    title: 'Redis',
    role: 'data',
    re: /^(Microsoft\.Cache\/(redis|redisEnterprise)|azurerm_(redis_cache|redis_enterprise_cluster|managed_redis)|avm\/res\/cache\/redis(-enterprise)?|aws_elasticache_(cluster|replication_group|serverless_cache)|AWS::ElastiCache::\w+|aws_memorydb_cluster|google_redis_(instance|cluster)|tfmod:terraform-aws-modules\/elasticache\/aws)$/i,
  },
  {
    title: 'storage account',
    role: 'data',
    re: /^(Microsoft\.Storage\/storageAccounts|azurerm_storage_account|avm\/res\/storage\/storage-account)$/i,
  },
  {
    title: 'managed disk or file share',
    role: 'data',
    re: /^(Microsoft\.Compute\/disks|azurerm_managed_disk|azurerm_storage_share|aws_ebs_volume|aws_efs_file_system|google_compute_disk|google_filestore_instance)$/i,
  },
  {
    title: 'RDS or Aurora',
    role: 'data',
    re: /^(aws_db_instance|aws_rds_cluster|AWS::RDS::DB(Instance|Cluster)|tfmod:terraform-aws-modules\/rds(-aurora)?\/aws)$/i,
  },
  {
    title: 'DynamoDB',
    role: 'data',
    re: /^(aws_dynamodb_table|AWS::DynamoDB::(Global)?Table|AWS::Serverless::SimpleTable|tfmod:terraform-aws-modules\/dynamodb-table\/aws)$/i,
  },
  {
    title: 'S3',
    role: 'data',
    re: /^(aws_s3_bucket|AWS::S3::Bucket|tfmod:terraform-aws-modules\/s3-bucket\/aws)$/i,
  },
  {
    title: 'DocumentDB or OpenSearch',
    role: 'data',
    re: /^(aws_docdb_cluster|aws_opensearch_domain|aws_elasticsearch_domain|AWS::(DocDB::DBCluster|OpenSearchService::Domain))$/i,
  },
  {
    title: 'Cloud SQL or AlloyDB',
    role: 'data',
    re: /^(google_sql_database_instance|google_alloydb_cluster|tfmod:GoogleCloudPlatform\/sql-db\/google(\/\/.*)?)$/i,
  },
  {
    title: 'Spanner, Firestore or Bigtable',
    role: 'data',
    re: /^(google_spanner_instance|google_firestore_database|google_bigtable_instance)$/i,
  },
  {
    title: 'Cloud Storage',
    role: 'data',
    re: /^(google_storage_bucket|tfmod:terraform-google-modules\/cloud-storage\/google)$/i,
  },
  // Messaging
  {
    title: 'Event Hubs or Service Bus',
    role: 'messaging',
    re: /^(Microsoft\.(EventHub|ServiceBus)\/namespaces(\/eventhubs|\/queues|\/topics)?|azurerm_(eventhub|eventhub_namespace|servicebus_namespace|servicebus_queue|servicebus_topic)|avm\/res\/(event-hub|service-bus)\/namespace)$/i,
  },
  {
    title: 'Kinesis, SQS or SNS',
    role: 'messaging',
    re: /^(aws_kinesis_stream|aws_sqs_queue|aws_sns_topic|AWS::(Kinesis::Stream|SQS::Queue|SNS::Topic))$/i,
  },
  { title: 'Pub/Sub', role: 'messaging', re: /^google_pubsub_(topic|subscription)$/i },
  // Load balancing and entry points
  {
    title: 'Front Door or CDN',
    role: 'load-balancer',
    re: /^(Microsoft\.Cdn\/profiles|Microsoft\.Network\/frontDoors|azurerm_cdn_frontdoor_profile|azurerm_frontdoor|azurerm_cdn_profile|avm\/res\/cdn\/profile|avm\/res\/network\/front-door)$/i,
  },
  {
    title: 'Application Gateway',
    role: 'load-balancer',
    re: /^(Microsoft\.Network\/applicationGateways|azurerm_application_gateway|avm\/res\/network\/application-gateway)$/i,
  },
  {
    title: 'Azure Load Balancer',
    role: 'load-balancer',
    re: /^(Microsoft\.Network\/loadBalancers|azurerm_lb|avm\/res\/network\/load-balancer)$/i,
  },
  {
    title: 'Traffic Manager',
    role: 'load-balancer',
    re: /^(Microsoft\.Network\/trafficManagerProfiles|azurerm_traffic_manager_profile|avm\/res\/network\/trafficmanagerprofile)$/i,
  },
  {
    title: 'API Management',
    role: 'load-balancer',
    re: /^(Microsoft\.ApiManagement\/service|azurerm_api_management|avm\/res\/api-management\/service)$/i,
  },
  {
    title: 'Elastic Load Balancing',
    role: 'load-balancer',
    re: /^(aws_lb|aws_alb|aws_elb|AWS::ElasticLoadBalancing(V2)?::LoadBalancer|tfmod:terraform-aws-modules\/alb\/aws)$/i,
  },
  {
    title: 'CloudFront',
    role: 'load-balancer',
    re: /^(aws_cloudfront_distribution|AWS::CloudFront::Distribution|tfmod:terraform-aws-modules\/cloudfront\/aws)$/i,
  },
  {
    title: 'API Gateway',
    role: 'load-balancer',
    re: /^(aws_api_gateway_rest_api|aws_apigatewayv2_api|AWS::ApiGateway(V2)?::(RestApi|Api)|AWS::Serverless::(Http)?Api|google_api_gateway_gateway)$/i,
  },
  {
    title: 'Google Cloud load balancer',
    role: 'load-balancer',
    re: /^(google_compute_(global_)?forwarding_rule|google_compute_(region_)?url_map|google_compute_(region_)?backend_service|tfmod:GoogleCloudPlatform\/lb-http\/google(\/\/.*)?)$/i,
  },
  {
    title: 'Kubernetes ingress or gateway',
    role: 'load-balancer',
    re: /^k8s:(Ingress|Gateway|HTTPRoute|GRPCRoute|TLSRoute|IngressRoute|HTTPProxy|VirtualService)$/,
  },
  // Private connectivity
  {
    title: 'private endpoint',
    role: 'private-link',
    re: /^(Microsoft\.Network\/privateEndpoints|azurerm_private_endpoint|avm\/res\/network\/private-endpoint|aws_vpc_endpoint|AWS::EC2::VPCEndpoint|google_service_networking_connection|google_compute_global_address_private)$/i,
  },
  {
    title: 'private DNS zone',
    role: 'private-link',
    re: /^(Microsoft\.Network\/privateDnsZones|azurerm_private_dns_zone|avm\/res\/network\/private-dns-zone)$/i,
  },
  {
    title: 'VNet integration',
    role: 'private-link',
    re: /^(Microsoft\.Web\/sites\/networkConfig|azurerm_app_service_virtual_network_swift_connection)$/i,
  },
  {
    title: 'NetworkPolicy',
    role: 'private-link',
    re: /^k8s:(NetworkPolicy|CiliumNetworkPolicy|AuthorizationPolicy|PeerAuthentication)$/,
  },
  // Network layout
  {
    title: 'virtual network',
    role: 'network',
    re: /^(Microsoft\.Network\/virtualNetworks(\/subnets|\/virtualNetworkPeerings)?|azurerm_(virtual_network|subnet|virtual_network_peering)|avm\/res\/network\/virtual-network|aws_vpc|aws_subnet|aws_vpc_peering_connection|AWS::EC2::(VPC|Subnet|VPCPeeringConnection)|tfmod:terraform-aws-modules\/vpc\/aws|google_compute_(network|subnetwork|network_peering)|tfmod:terraform-google-modules\/network\/google)$/i,
  },
  // Secrets
  {
    title: 'Key Vault',
    role: 'secrets',
    re: /^(Microsoft\.KeyVault\/vaults|azurerm_key_vault|avm\/res\/key-vault\/vault)$/i,
  },
  {
    title: 'Secrets Manager',
    role: 'secrets',
    re: /^(aws_secretsmanager_secret|AWS::SecretsManager::Secret|aws_ssm_parameter|tfmod:terraform-aws-modules\/secrets-manager\/aws)$/i,
  },
  { title: 'Secret Manager', role: 'secrets', re: /^google_secret_manager_secret$/i },
  {
    title: 'external secret store',
    role: 'secrets',
    re: /^k8s:(ExternalSecret|SecretProviderClass|SealedSecret|SecretStore|ClusterSecretStore)$/,
  },
  // Monitoring
  {
    title: 'Log Analytics workspace',
    role: 'monitoring',
    re: /^(Microsoft\.OperationalInsights\/workspaces|azurerm_log_analytics_workspace|avm\/res\/operational-insights\/workspace|avm\/ptn\/azd\/monitoring)$/i,
  },
  {
    title: 'Application Insights',
    role: 'monitoring',
    re: /^(Microsoft\.Insights\/components|azurerm_application_insights|avm\/res\/insights\/component)$/i,
  },
  {
    title: 'CloudWatch log group',
    role: 'monitoring',
    re: /^(aws_cloudwatch_log_group|AWS::Logs::LogGroup)$/i,
  },
  { title: 'Cloud Logging bucket', role: 'monitoring', re: /^google_logging_project_bucket_config$/i },
  // Governance
  {
    title: 'Azure Policy assignment',
    role: 'policy',
    re: /^(Microsoft\.Authorization\/policyAssignments|azurerm_(resource_group_|subscription_|management_group_|resource_)?policy_assignment|avm\/ptn\/authorization\/policy-assignment|avm\/res\/authorization\/policy-assignment)$/i,
  },
  {
    title: 'AWS Config rule',
    role: 'policy',
    re: /^(aws_config_config_rule|AWS::Config::ConfigRule|aws_organizations_policy)$/i,
  },
  {
    title: 'organization policy',
    role: 'policy',
    re: /^google_(org|project|folder)_organization_policy|google_org_policy_policy$/i,
  },
];

/** Services by key: many resources share a type, and the catalogue is a list of patterns. */
const byKey = new Map<string, ServiceKind | null>();
const LOAD_BALANCER_SERVICE: ServiceKind = {
  title: 'Service of type LoadBalancer',
  role: 'load-balancer',
  re: /^$/,
};

/** The service a declared resource is, or `undefined` for types outside the catalogue. */
export function serviceOf(r: CloudResource): ServiceKind | undefined {
  const key = keyOf(r);
  let s = byKey.get(key);
  if (s === undefined) {
    s = SERVICES.find((k) => k.re.test(key)) ?? null;
    if (byKey.size < 10_000) byKey.set(key, s);
  }
  if (!s && key === 'k8s:Service' && /^\s*type\s*:\s*["']?LoadBalancer/m.test(r.body))
    return LOAD_BALANCER_SERVICE;
  return s ?? undefined;
}

// ── Scanners ────────────────────────────────────────────────────────────────────────────────

type Syntax = 'bicep' | 'hcl' | 'json';

/**
 * The text with comments replaced by spaces (line breaks kept, so offsets and lines still match)
 * and, in `strings`, a mark for every character inside a string literal.
 */
function scan(text: string, syntax: Syntax): { code: string; inString: Uint8Array } {
  const n = text.length;
  const chars = text.split('');
  const inString = new Uint8Array(n);
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (chars[k] !== '\n') chars[k] = ' ';
  };
  let i = 0;
  while (i < n) {
    const c = text[i];
    const d = text[i + 1];
    if (c === '/' && d === '/' && syntax !== 'json') {
      const e = text.indexOf('\n', i);
      const end = e < 0 ? n : e;
      blank(i, end);
      i = end;
    } else if (c === '#' && syntax === 'hcl') {
      const e = text.indexOf('\n', i);
      const end = e < 0 ? n : e;
      blank(i, end);
      i = end;
    } else if (c === '/' && d === '*') {
      const e = text.indexOf('*/', i + 2);
      const end = e < 0 ? n : e + 2;
      blank(i, end);
      i = end;
    } else if (syntax === 'bicep' && c === "'" && text.startsWith("'''", i)) {
      const e = text.indexOf("'''", i + 3);
      const end = e < 0 ? n : e + 3;
      inString.fill(1, i, end);
      i = end;
    } else if ((syntax === 'bicep' && c === "'") || (syntax !== 'bicep' && c === '"')) {
      let k = i + 1;
      while (k < n && text[k] !== c && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
      inString.fill(1, i, Math.min(n, k + 1));
      i = k + 1;
    } else if (syntax === 'hcl' && c === '<' && d === '<') {
      const m = /^<<-?\s*["']?([A-Za-z_]\w*)["']?[ \t]*\r?\n/.exec(text.slice(i, i + 100));
      if (!m) {
        i += 2;
        continue;
      }
      const marker = new RegExp(`^[ \\t]*${m[1]}[ \\t]*\\r?$`, 'm');
      const rest = text.slice(i + m[0].length);
      const e = marker.exec(rest);
      const end = e ? i + m[0].length + e.index + e[0].length : n;
      inString.fill(1, i, end);
      i = end;
    } else i++;
  }
  return { code: chars.join(''), inString };
}

/** Index of the brace closing the one at `open` (outside strings), or the end of the text. */
function closing(code: string, inString: Uint8Array, open: number, pair = '{}'): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (inString[i]) continue;
    const c = code[i];
    if (c === pair[0]) depth++;
    else if (c === pair[1]) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return code.length - 1;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offset of the start of the line holding `index`. */
function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** A counter that turns offsets into lines, for offsets visited in increasing order. */
function lineCounter(text: string): (index: number) => number {
  let pos = 0;
  let line = 1;
  return (index) => {
    if (index < pos) {
      pos = 0;
      line = 1;
    }
    for (; pos < index; pos++) if (text.charCodeAt(pos) === 10) line++;
    return line;
  };
}

// ── Bicep ───────────────────────────────────────────────────────────────────────────────────

const AVM = /^br(?:\/public:|:mcr\.microsoft\.com\/bicep\/)(avm\/(?:res|ptn|utl)\/[\w./-]+?):[\w.-]+$/i;

export function parseBicep(file: string, text: string, scanned = scan(text, 'bicep')): CloudResource[] {
  const { code, inString } = scanned;
  const falseParams = new Set(
    [...code.matchAll(/^\s*param\s+(\w+)\s+bool\s*=\s*false\b/gm)].map((m) => m[1] as string),
  );
  const decl = /^[ \t]*(resource|module)\s+(\w+)\s+'([^']+)'\s*(existing\s*)?=\s*/gm;
  const found: (CloudResource & { start: number; end: number; existing?: boolean })[] = [];
  const line = lineCounter(text);
  for (let m = decl.exec(code); m; m = decl.exec(code)) {
    if (inString[m.index + m[0].length - 1]) continue;
    const [, keyword, name, ref] = m as unknown as [string, string, string, string];
    let type: string;
    let form: CloudResource['form'] = 'resource';
    if (keyword === 'module') {
      const avm = AVM.exec(ref);
      if (avm) type = (avm[1] as string).toLowerCase();
      else if (/^br[:/]/.test(ref)) type = ref.replace(/:[\w.-]+$/, '');
      else continue; // a local module: its own file is indexed
      form = 'module';
    } else type = ref.replace(/@[\w.-]+$/, '');
    const after = m.index + m[0].length;
    const open = code.indexOf('{', after);
    if (open < 0) continue;
    const head = code.slice(after, open);
    const cond = /\bif\s*\(\s*(\w+)\s*\)/.exec(head);
    const close = closing(code, inString, open);
    const start = lineStart(code, m.index);
    const declLine = line(m.index + (m[0].length - m[0].trimStart().length));
    found.push({
      lang: 'bicep',
      type,
      form,
      name,
      file,
      line: declLine,
      bodyLine: declLine,
      body: code.slice(start, close + 1),
      ...(cond && falseParams.has(cond[1] as string) ? { optional: true } : {}),
      ...(m[4] ? { existing: true } : {}),
      start,
      end: close,
    });
  }
  // A nested child resource (`resource subnet 'subnets' = {...}` inside a VNet) gets its parent's type.
  for (const r of found) {
    if (r.form !== 'resource' || r.type.includes('/')) continue;
    const parent = found
      .filter((p) => p !== r && p.start < r.start && p.end > r.end && p.type.includes('/'))
      .sort((a, b) => b.start - a.start)[0];
    if (parent) r.type = `${parent.type}/${r.type}`;
  }
  // An `existing` resource refers to one declared elsewhere; it only lends its type to its children.
  return found.filter((r) => !r.existing).map(({ start: _s, end: _e, existing: _x, ...r }) => r);
}

// ── Terraform ───────────────────────────────────────────────────────────────────────────────

/** `namespace/name/provider` of a registry source, with an optional `//submodule`. */
const REGISTRY =
  /^(?:(?:registry\.terraform\.io|app\.terraform\.io|[\w.-]+\.[a-z]{2,})\/)?([\w-]+\/[\w-]+\/[\w-]+)(\/\/[\w./-]+)?$/;

export function parseTerraform(file: string, text: string, scanned = scan(text, 'hcl')): CloudResource[] {
  const { code, inString } = scanned;
  const decl = /^[ \t]*(resource|module)\s+"([^"]+)"(?:\s+"([^"]+)")?\s*\{/gm;
  const out: CloudResource[] = [];
  const line = lineCounter(text);
  for (let m = decl.exec(code); m; m = decl.exec(code)) {
    const [, keyword, first, second] = m as unknown as [string, string, string, string | undefined];
    const open = m.index + m[0].length - 1;
    const close = closing(code, inString, open);
    const start = lineStart(code, m.index);
    const body = code.slice(start, close + 1);
    const declLine = line(m.index + (m[0].length - m[0].trimStart().length));
    if (keyword === 'resource') {
      if (second === undefined) continue;
      out.push({
        lang: 'terraform',
        type: first,
        form: 'resource',
        name: second,
        file,
        line: declLine,
        bodyLine: declLine,
        body,
      });
      continue;
    }
    const src = /^\s*source\s*=\s*"([^"]+)"/m.exec(body);
    const reg = src ? REGISTRY.exec(src[1] as string) : null;
    if (!src || !reg || (src[1] as string).startsWith('.')) continue;
    out.push({
      lang: 'terraform',
      type: `${reg[1]}${reg[2] ?? ''}`,
      form: 'module',
      name: first,
      file,
      line: declLine,
      bodyLine: declLine,
      body,
    });
  }
  return out;
}

// ── ARM and CloudFormation JSON ─────────────────────────────────────────────────────────────

export function parseJsonResources(
  file: string,
  text: string,
  lang: 'arm' | 'bicep' | 'cloudformation',
  scanned = scan(text, 'json'),
): CloudResource[] {
  const { code, inString } = scanned;
  const key =
    lang === 'cloudformation'
      ? /"Type"\s*:\s*"(AWS::[\w:]+|Custom::[\w]+)"/y
      : /"type"\s*:\s*"([A-Za-z]+\.[A-Za-z.]+\/[^"[\]]+)"/iy;
  const nameKey = lang === 'cloudformation' ? null : /"name"\s*:\s*"([^"]*)"/g;
  const stack: { open: number; type?: string; typeAt?: number; key?: string }[] = [];
  const out: CloudResource[] = [];
  let lastKey: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"' && !(i > 0 && inString[i - 1])) {
      key.lastIndex = i;
      const m = key.exec(code);
      const top = stack[stack.length - 1];
      if (m && top && top.type === undefined) {
        top.type = (m[1] as string).replace(/@[\w.-]+$/, '');
        top.typeAt = i;
      }
      const s = /"((?:[^"\\]|\\.)*)"\s*:/y;
      s.lastIndex = i;
      const k = s.exec(code);
      if (k) lastKey = k[1];
      continue;
    }
    if (inString[i]) continue;
    if (c === '{') stack.push({ open: i, ...(lastKey !== undefined ? { key: lastKey } : {}) });
    else if (c === '}') {
      const o = stack.pop();
      if (o?.type && o.typeAt !== undefined) {
        const start = lineStart(code, o.open);
        const body = code.slice(start, i + 1);
        let name = lang === 'cloudformation' ? (o.key ?? '') : '';
        if (nameKey) {
          nameKey.lastIndex = 0;
          name = nameKey.exec(body)?.[1] ?? '';
        }
        out.push({
          lang,
          type: o.type,
          form: 'resource',
          name,
          file,
          line: lineAt(text, o.typeAt),
          bodyLine: lineAt(text, start),
          body,
        });
      }
    } else if (c === ',' || c === '[') lastKey = undefined;
  }
  return out.sort((a, b) => a.line - b.line);
}

// ── CloudFormation and SAM YAML ─────────────────────────────────────────────────────────────

/** Blanks YAML comments (a `#` at the start of a line or after a space), keeping offsets. */
export function blankYamlComments(text: string): string {
  return text.replace(/(^|[ \t])#[^\n]*/gm, (m, pre: string) => pre + ' '.repeat(m.length - pre.length));
}

export function parseCloudFormationYaml(file: string, text: string): CloudResource[] {
  const lines = blankYamlComments(text).split('\n');
  const out: CloudResource[] = [];
  const indent = (l: string) => l.length - l.trimStart().length;
  let inResources = false;
  let resIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (/^Resources\s*:\s*$/.test(l)) {
      inResources = true;
      resIndent = -1;
      continue;
    }
    if (/^\S/.test(l)) {
      inResources = false;
      continue;
    }
    if (!inResources || !l.trim()) continue;
    const id = /^(\s+)([\w-]+)\s*:\s*$/.exec(l);
    if (!id) continue;
    const ind = (id[1] as string).length;
    if (resIndent < 0) resIndent = ind;
    if (ind !== resIndent) continue;
    let end = i + 1;
    while (end < lines.length && (!(lines[end] as string).trim() || indent(lines[end] as string) > ind))
      end++;
    const block = lines.slice(i, end);
    const t = block.findIndex((b) => /^\s+Type\s*:\s*['"]?(AWS::[\w:]+|Custom::\w+)/.test(b));
    if (t < 0) continue;
    const type = /Type\s*:\s*['"]?([\w:]+)/.exec(block[t] as string)?.[1] as string;
    out.push({
      lang: 'cloudformation',
      type,
      form: 'resource',
      name: id[2] as string,
      file,
      line: i + 1,
      bodyLine: i + 1,
      body: block.join('\n'),
    });
  }
  return out;
}

// ── Docker Compose and azd ──────────────────────────────────────────────────────────────────

interface YamlEntry {
  name: string;
  line: number;
  body: string;
  /** The entry's value when it is a mapping, else `undefined`. */
  map?: YAMLMap;
}

/** The entries of a top-level mapping (`services:`), with their lines and text; none when the YAML does not parse. */
function yamlEntries(text: string, section: string): YamlEntry[] {
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length) return [];
    const root = doc.contents;
    if (!isMap(root)) return [];
    const sec = root.items.find((p) => isScalar(p.key) && p.key.value === section);
    if (!sec || !isMap(sec.value)) return [];
    const code = blankYamlComments(text);
    const line = lineCounter(text);
    const out: YamlEntry[] = [];
    for (const item of sec.value.items) {
      if (!isScalar(item.key) || !item.key.range) continue;
      const from = lineStart(text, item.key.range[0]);
      const value = item.value as { range?: [number, number, number] } | null;
      const end = value?.range?.[1] ?? item.key.range[1];
      out.push({
        name: String(item.key.value),
        line: line(item.key.range[0]),
        body: code.slice(from, end),
        ...(isMap(item.value) ? { map: item.value } : {}),
      });
    }
    return out;
  } catch {
    return [];
  }
}

export function parseCompose(file: string, text: string): CloudResource[] {
  if (!/^services\s*:/m.test(text)) return [];
  return yamlEntries(text, 'services')
    .filter((e) => e.map)
    .map((e) => ({
      lang: 'compose' as const,
      type: 'service',
      form: 'resource' as const,
      name: e.name,
      file,
      line: e.line,
      bodyLine: e.line,
      body: e.body,
    }));
}

export function parseAzd(file: string, text: string): CloudResource[] {
  if (!/^services\s*:/m.test(text) || !/^\s+host\s*:/m.test(text)) return [];
  return yamlEntries(text, 'services').flatMap((e) => {
    const host = e.map?.get('host');
    if (typeof host !== 'string') return [];
    const at = /^\s+host\s*:/m.exec(e.body);
    const line = at ? e.line + (e.body.slice(0, at.index + at[0].length).split('\n').length - 1) : e.line;
    return [
      {
        lang: 'azd' as const,
        type: host.toLowerCase(),
        form: 'resource' as const,
        name: e.name,
        file,
        line,
        bodyLine: e.line,
        body: e.body,
      },
    ];
  });
}

// ── Kubernetes ──────────────────────────────────────────────────────────────────────────────

function fromKube(d: KubeDoc): CloudResource {
  const name =
    /^metadata\s*:\s*\n(?:[ \t]+[^ \t\n].*\n)*?[ \t]+name\s*:\s*["']?([^\s"'#]+)/m.exec(d.text)?.[1] ?? '';
  return {
    lang: 'kubernetes',
    type: d.kind,
    form: 'resource',
    name,
    file: d.file,
    line: d.line,
    bodyLine: d.start,
    body: blankYamlComments(d.text),
  };
}
