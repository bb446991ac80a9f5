/**
 * What kind of service a declared resource type is (compute, data, load balancer, private link...):
 * one catalogue that the IaC detectors share, so a type is classified in one place.
 */
import type { CloudResource } from './cloudResourceTypes.js';

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

/** The services a list of declarations names, for a summary line (at most four). */
export function serviceTitles(list: readonly CloudResource[]): string {
  return [...new Set(list.map((r) => serviceOf(r)?.title ?? r.type))].slice(0, 4).join(', ');
}

/** At most `max` declarations of each service, so one kind does not crowd out the others. */
export function firstPerService(list: readonly CloudResource[], max = 3): CloudResource[] {
  const seen = new Map<string, number>();
  return list.filter((r) => {
    const key = serviceOf(r)?.title ?? r.type;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n < max;
  });
}
