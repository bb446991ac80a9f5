import { defineDetector } from '../defineDetector.js';
import { at, type CloudResource, cloudResources, iacFiles, serviceOf } from '../lib/cloudResources.js';
import { grepFiles, lineOf, loc, present } from '../lib/helpers.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  retention: 'pe.2.monitoring.retention',
  access: 'oe.2.monitoring.access-restricted',
};

/** Retention periods of log workspaces, log groups, diagnostic and web server logs. */
const CLOUD_RETENTION =
  /\bretentionInDays\s*:|"retentionInDays"\s*:|\bretention_in_days\s*=|\bRetentionInDays\s*:|"RetentionInDays"\s*:|\bretentionPolicy\s*:\s*\{\s*(days|enabled)|\bretention_policy\s*\{|\btotalRetentionInDays\s*:/;
/** Retention or rotation set for self-hosted telemetry stores and container logs. */
const SELF_HOSTED_RETENTION =
  /--storage\.tsdb\.retention\.(time|size)|\bretention_period\s*:|\bblock_retention\s*:|--memory\.max-traces|\bMEMORY_MAX_TRACES\b|^\s*max-size\s*:|^\s*max-file\s*:/m;

/**
 * Application logs kept for a bounded time or size by their own configuration: Python logging's
 * rotating handlers with a backup count, logback's `maxHistory`, log4j2's rollover `max`.
 */
const LOG_ROTATION =
  /"backupCount"\s*:\s*\d+|\bbackupCount\s*[:=]\s*\d+|<maxHistory>\s*\d+|<DefaultRolloverStrategy\b[^>]*\bmax\s*=/;
/** A retention period given to the workload in its environment file (`EVENT_RETENTION_DAYS=90`). */
const ENV_RETENTION = /^\s*[A-Z][A-Z0-9_]*RETENTION_(DAYS|HOURS|PERIOD)\s*=\s*\d+/m;

/** Roles that read telemetry, by name or built-in role id. */
const READER_ROLES =
  /Log Analytics (Reader|Contributor)|Monitoring (Reader|Contributor)|Application Insights Component Contributor|73c42c96-874c-492b-b04d-ab87d138a893|43d0d8ad-25c7-4714-9337-8ba259a9fe05|92aaf0da-9dab-42b6-94a3-d43ce8d16293|749f88d5-cbae-40b8-bcfc-e573ddc772fa/;

const ROLE_ASSIGNMENT = /^(Microsoft\.Authorization\/roleAssignments|azurerm_role_assignment)$/i;

/** A role assignment on a monitoring workspace: its scope names the workspace, or the role reads telemetry. */
function onMonitoring(r: CloudResource, workspaces: readonly CloudResource[]): boolean {
  if (!ROLE_ASSIGNMENT.test(r.type)) return false;
  if (READER_ROLES.test(r.body)) return true;
  return workspaces.some((w) =>
    r.lang === 'terraform'
      ? new RegExp(`^\\s*scope\\s*=\\s*${w.type}\\.${w.name}\\.id`, 'm').test(r.body)
      : w.file === r.file && new RegExp(`^\\s*scope\\s*:\\s*${w.name}\\s*$`, 'm').test(r.body),
  );
}

export default defineDetector({
  meta: {
    id: 'telemetry-retention',
    title: 'Telemetry retention and access declared in IaC',
    practices: Object.values(P),
    docs: 'Reads the infrastructure code for retention periods of telemetry stores: retentionInDays on Log Analytics workspaces, tables, App Service logs and diagnostic settings, retention_in_days in Terraform, CloudWatch log group RetentionInDays, Prometheus --storage.tsdb.retention, Loki or Tempo retention, container log rotation (max-size, max-file) in Compose or Kubernetes files, application log rotation with a bound (Python rotating handlers with backupCount, logback maxHistory, log4j2 rollover max) and a retention period in the root environment file (EVENT_RETENTION_DAYS=90). Role assignments scoped to a Log Analytics workspace or Application Insights, or granting a monitoring reader role, show access to telemetry limited to the roles that need it. Medium: the settings are declared, whether every store has one is not checked.',
  },
  async detect(repo) {
    const files = await iacFiles(repo);
    const out: Claim[] = [];
    const ret: EvidenceLocation[] = [];
    for (const f of files) {
      const re = f.lang === 'compose' || f.lang === 'kubernetes' ? SELF_HOSTED_RETENTION : CLOUD_RETENTION;
      const l = lineOf(f.code, re);
      if (l !== undefined) ret.push({ file: f.path, line: l });
    }
    const logConfigs = repo.files.filter(
      (f) =>
        /^(logback(-spring)?\.xml|log4j2(-[\w-]+)?\.xml)$/i.test(f.name) ||
        (/log/i.test(f.name) && ['.json', '.yaml', '.yml', '.py', '.ini', '.conf'].includes(f.ext)),
    );
    ret.push(...(await grepFiles(repo, logConfigs, LOG_ROTATION, 300, undefined, { max: 5 })).map(loc));
    const envFiles = repo.files.filter((f) => /^\.env(\.[\w.-]+)?$/.test(f.name) && f.dir === '');
    ret.push(...(await grepFiles(repo, envFiles, ENV_RETENTION, 20, undefined, { max: 3 })).map(loc));
    if (ret.length)
      out.push(
        present([P.retention], 'medium', ret, 'telemetry stores and logs have retention periods set in code'),
      );

    const all = (await cloudResources(repo)).filter((r) => !r.optional);
    const workspaces = all.filter((r) => serviceOf(r)?.role === 'monitoring');
    const grants = all.filter((r) => onMonitoring(r, workspaces));
    if (grants.length)
      out.push(
        present(
          [P.access],
          'medium',
          grants.slice(0, 5).map((r) => at(r)),
          'access to the monitoring workspaces is granted by role assignments in code',
        ),
      );
    return out;
  },
});
