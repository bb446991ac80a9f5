import { defineDetector } from '../defineDetector.js';
import {
  at,
  type CloudResource,
  cloudResources,
  iacFiles,
  lineIn,
  serviceOf,
  serviceTitles,
} from '../lib/cloudResources.js';
import { lineOf, present } from '../lib/helpers.js';
import type { Claim, EvidenceLocation, RepoView } from '../types.js';

const P = {
  fit: 'pe.1.data.fit',
  settings: 'pe.3.data.storage-settings',
  partitioning: 'pe.3.data.partitioning',
  lifecycle: 'pe.4.data.lifecycle',
  replicas: 'pe.4.data.replicas',
  failover: 'oe.4.maintenance-automation.regional-failover',
  backups: 'oe.2.automation.scheduled-backups',
  compression: 'pe.4.data.compression',
};

/** Partition or shard keys, partition counts. */
const PARTITION =
  /^\s*(partitionKey\s*:|"partitionKey"\s*:|partition_key_paths?\s*=|partition_key_path\s*=|shardKey\s*:|"shardKey"\s*:|shard_key\s*=|partitionCount\s*:|"partitionCount"\s*:|partition_count\s*=|hash_key\s*=|KeyType\s*:\s*['"]?HASH|"KeyType"\s*:\s*"HASH"|shard_count\s*=|ShardCount\s*:)/m;
/** AVM Cosmos containers: `paths: [ '/id' ]`. */
const AVM_PATHS = /\bpaths\s*:\s*\[\s*'\//;

const LIFECYCLE_TYPES =
  /^(Microsoft\.Storage\/storageAccounts\/managementPolicies|azurerm_storage_management_policy|aws_s3_bucket_lifecycle_configuration|AWS::S3::Bucket)$/i;
const LIFECYCLE =
  /^\s*(managementPolicyRules\s*:|lifecycle_rule\s*\{|LifecycleConfiguration\s*:|"LifecycleConfiguration"\s*:|defaultTtl\s*:\s*-?[1-9]|"defaultTtl"\s*:\s*-?[1-9]|default_ttl\s*=\s*-?[1-9]|analytical_storage_ttl\s*=|ttl\s*\{\s*\n?\s*(attribute_name|enabled)|TimeToLiveSpecification\s*:|"TimeToLiveSpecification"\s*:)/m;

/** Replicas and geo-replication. */
const REPLICA_TYPES =
  /^(Microsoft\.Sql\/servers\/failoverGroups|azurerm_(mssql|sql)_failover_group|Microsoft\.Cache\/redis\/linkedServers|azurerm_redis_linked_server|aws_rds_global_cluster|AWS::RDS::GlobalCluster|AWS::DynamoDB::GlobalTable|aws_dynamodb_table_replica|aws_elasticache_global_replication_group|azurerm_cosmosdb_sql_database_account_region)$/i;
const REPLICA =
  /^\s*(createMode\s*:\s*'(Secondary|Replica|GeoRestore)'|"createMode"\s*:\s*"(Secondary|Replica)"|create_mode\s*=\s*"(Secondary|Replica|OnlineSecondary)"|replicate_source_db\s*=|SourceDBInstanceIdentifier\s*:|replica\s*\{|Replicas\s*:|read_replica\w*\s*=|replica_count\s*=\s*[1-9]|enableMultipleWriteLocations\s*:\s*true|"enableMultipleWriteLocations"\s*:\s*true|multiple_write_locations_enabled\s*=\s*true)/m;
/** Automatic failover between regions. */
const FAILOVER_TYPES =
  /^(Microsoft\.Sql\/servers\/failoverGroups|azurerm_(mssql|sql)_failover_group|aws_route53_health_check|AWS::DynamoDB::GlobalTable)$/i;
const FAILOVER_SETTINGS =
  /^\s*(failoverPolicy\s*:\s*'Automatic'|"failoverPolicy"\s*:\s*"Automatic"|failover_routing_policy\s*\{|Failover\s*:\s*['"]?(PRIMARY|SECONDARY)|trafficRoutingMethod\s*:\s*'Priority'|"trafficRoutingMethod"\s*:\s*"Priority"|traffic_routing_method\s*=\s*"Priority")/m;

/** Backups the platform takes on a schedule set in code. */
const BACKUP_TYPES =
  /^(Microsoft\.Sql\/servers\/databases\/backup(Short|Long)TermRetentionPolicies|Microsoft\.DBforPostgreSQL\/flexibleServers\/backups|aws_db_snapshot|google_sql_backup_run|azurerm_data_protection_backup_(policy|instance)_\w+|Microsoft\.DataProtection\/backupVaults(\/backupPolicies)?|azurerm_data_protection_backup_vault)$/i;
const BACKUP =
  /^\s*(backup_retention_days\s*=|backupRetentionDays\s*:|"backupRetentionDays"\s*:|backup_retention_period\s*=\s*[1-9]|BackupRetentionPeriod\s*:\s*['"]?[1-9]|backupPolicy\s*:|"backupPolicy"\s*:|backup\s*\{|backup_configuration\s*\{|point_in_time_recovery(_enabled)?\s*[={]|PointInTimeRecoverySpecification\s*:|short_term_retention_policy\s*\{|long_term_retention_policy\s*\{|geo_redundant_backup_enabled\s*=\s*true|geoRedundantBackup\s*:\s*'Enabled'|backup_window\s*=|PreferredBackupWindow\s*:|snapshot_retention_limit\s*=\s*[1-9])/m;
/** Only the redundancy of the automatic backups is set: they are relied on, their schedule is the platform's. */
const BACKUP_REDUNDANCY =
  /^\s*(requestedBackupStorageRedundancy\s*:|"requestedBackupStorageRedundancy"\s*:|storage_account_type\s*=\s*"(Geo|Zone|Local)")/m;

/** Compression at the edge (Front Door, CDN, CloudFront); the web server's is `response-compression`'s. */
const EDGE_COMPRESSION =
  /^\s*(isCompressionEnabled\s*:\s*true|"isCompressionEnabled"\s*:\s*true|compression_enabled\s*=\s*true|is_compression_enabled\s*=\s*true|compress\s*=\s*true|Compress\s*:\s*['"]?true|contentTypesToCompress\s*:|content_types_to_compress\s*=)/m;

/** A comment giving the reason a data store is set up the way it is. */
const RATIONALE =
  /\b(because|enough for|recommended for|suits?|fits?|chosen|we (use|chose|picked)|in order to|to ensure|so that|is sized for|sized to)\b/i;

/** Comment lines inside a declaration (the raw text where the body has blanks), with their lines. */
async function comments(repo: RepoView, r: CloudResource): Promise<{ text: string; line: number }[]> {
  const raw = await repo.read(r.file);
  if (raw === undefined) return [];
  const lines = raw.split('\n');
  const body = r.body.split('\n');
  const out: { text: string; line: number }[] = [];
  body.forEach((b, i) => {
    const original = lines[r.bodyLine - 1 + i] ?? '';
    if (original !== b && original.trim())
      out.push({ text: original.slice(b.trimEnd().length), line: r.bodyLine + i });
  });
  return out;
}

export default defineDetector({
  meta: {
    id: 'data-services',
    title: 'Data stores declared in IaC (partitioning, lifecycle, replicas, backups)',
    practices: Object.values(P),
    docs: 'Reads the data stores declared in Bicep (Azure Verified Modules included), ARM, Terraform and CloudFormation: Azure SQL, Cosmos DB, PostgreSQL and MySQL, Redis, storage accounts, RDS, DynamoDB, ElastiCache, S3, Cloud SQL, Spanner, Firestore, Cloud Storage. Reports partition keys, shard keys and partition counts; lifecycle management policies and TTLs; read replicas, geo-replication and multi-region writes; failover groups, automatic failover and priority routing; backup retention, point-in-time restore and backup policies (low when only the redundancy of automatic backups is set); compression on Front Door, CDN or CloudFront. A data store alone does not show it was chosen for its access pattern: the fit, and settings tuned for the access pattern, are reported (low) only where a comment in its declaration gives the reason.',
  },
  async detect(repo) {
    const all = (await cloudResources(repo)).filter((r) => !r.optional);
    const stores = all.filter((r) => serviceOf(r)?.role === 'data');
    const out: Claim[] = [];

    // Why a store was chosen, in a comment next to it.
    const reasons: EvidenceLocation[] = [];
    for (const r of stores) {
      if (reasons.length >= 5) break;
      const why = (await comments(repo, r)).find(
        (c) => RATIONALE.test(c.text) && !/tfsec|checkov|lint/i.test(c.text),
      );
      if (why) reasons.push({ file: r.file, line: why.line });
    }
    if (reasons.length)
      out.push(
        present(
          [P.fit, P.settings],
          'low',
          reasons,
          'comments in the data store declarations give the reason for their kind and settings; no record per store',
        ),
      );

    // Partitioning.
    const parts: EvidenceLocation[] = [
      ...all
        .filter((r) => r.lang !== 'kubernetes' && r.lang !== 'compose' && lineIn(r, PARTITION))
        .slice(0, 5)
        .map((r) => at(r, PARTITION)),
    ];
    const cosmosFiles = new Set(stores.filter((r) => serviceOf(r)?.title === 'Cosmos DB').map((r) => r.file));
    for (const f of (await iacFiles(repo)).filter((f) => cosmosFiles.has(f.path))) {
      const l = lineOf(f.code, AVM_PATHS);
      if (l !== undefined && !parts.some((p) => p.file === f.path)) parts.push({ file: f.path, line: l });
    }
    if (parts.length)
      out.push(
        present(
          [P.partitioning],
          'medium',
          parts,
          'partition keys or partition counts are declared for data stores',
        ),
      );

    // Lifecycle.
    const life = [
      ...all.filter(
        (r) => LIFECYCLE_TYPES.test(r.type) && (r.type !== 'AWS::S3::Bucket' || lineIn(r, LIFECYCLE)),
      ),
      ...all.filter((r) => !LIFECYCLE_TYPES.test(r.type) && r.lang !== 'kubernetes' && lineIn(r, LIFECYCLE)),
    ];
    if (life.length)
      out.push(
        present(
          [P.lifecycle],
          'medium',
          life.slice(0, 5).map((r) => at(r, LIFECYCLE)),
          'data is expired or tiered by a lifecycle policy or TTL declared in IaC',
        ),
      );

    // Replicas close to users, and automatic regional failover.
    const cosmosMulti = stores.filter(
      (r) =>
        serviceOf(r)?.title === 'Cosmos DB' &&
        ((r.body.match(/\blocationName\s*[:=]|"locationName"\s*:|^\s*geo_location\s*\{/gm) ?? []).length >=
          2 ||
          /^\s*dynamic\s+"geo_location"/m.test(r.body)),
    );
    const replicas = [
      ...all.filter((r) => REPLICA_TYPES.test(r.type)).map((r) => at(r)),
      ...all
        .filter((r) => r.lang !== 'kubernetes' && r.lang !== 'compose' && lineIn(r, REPLICA))
        .map((r) => at(r, REPLICA)),
      ...cosmosMulti.map((r) => at(r, /locationName|geo_location/)),
    ];
    if (replicas.length)
      out.push(
        present(
          [P.replicas],
          'medium',
          replicas.slice(0, 5),
          'data is replicated to other regions or read replicas (geo-replication, failover groups, multi-region accounts)',
        ),
      );
    const autoFailover = [
      ...all.filter((r) => FAILOVER_TYPES.test(r.type)).map((r) => at(r)),
      ...all.filter((r) => lineIn(r, FAILOVER_SETTINGS)).map((r) => at(r, FAILOVER_SETTINGS)),
      ...cosmosMulti
        .filter((r) =>
          /enableAutomaticFailover\s*:\s*true|"enableAutomaticFailover"\s*:\s*true|automatic_failover_enabled\s*=\s*true|enable_automatic_failover\s*=\s*true/.test(
            r.body,
          ),
        )
        .map((r) => at(r, /[Aa]utomatic_?[Ff]ailover/)),
    ];
    if (autoFailover.length)
      out.push(
        present(
          [P.failover],
          'medium',
          autoFailover.slice(0, 5),
          'failover to another region is automatic (failover groups, automatic failover, priority routing with health checks)',
        ),
      );

    // Backups.
    const backups = [
      ...all.filter((r) => BACKUP_TYPES.test(r.type)).map((r) => at(r)),
      ...all
        .filter((r) => r.lang !== 'kubernetes' && r.lang !== 'compose' && lineIn(r, BACKUP))
        .map((r) => at(r, BACKUP)),
    ];
    const relied = stores.filter((r) => lineIn(r, BACKUP_REDUNDANCY));
    if (backups.length)
      out.push(
        present(
          [P.backups],
          'medium',
          backups.slice(0, 5),
          'backup retention or point-in-time restore is declared for data stores',
        ),
      );
    else if (relied.length)
      out.push(
        present(
          [P.backups],
          'low',
          relied.slice(0, 5).map((r) => at(r, BACKUP_REDUNDANCY)),
          `automatic backups of ${serviceTitles(relied)} are relied on; only their storage redundancy is set in code`,
        ),
      );

    // Compression.
    const edge = all.filter((r) => lineIn(r, EDGE_COMPRESSION));
    const comp = edge.slice(0, 5).map((r) => at(r, EDGE_COMPRESSION));
    if (comp.length)
      out.push(
        present(
          [P.compression],
          'medium',
          comp,
          'responses are compressed at the edge (Front Door, CDN or CloudFront)',
        ),
      );
    return out;
  },
});
