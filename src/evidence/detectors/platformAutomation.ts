import { defineDetector } from '../defineDetector.js';
import { at, type CloudResource, cloudResources, lineIn } from '../lib/cloudResources.js';
import { grepFiles, isDockerfile, loc, present } from '../lib/helpers.js';
import type { Claim, EvidenceLocation, RepoView } from '../types.js';

const P = {
  patching: 'oe.4.maintenance-automation.patching',
  native: 'oe.2.automation.platform-native',
  selfHealing: 'oe.5.friction-automation.self-healing',
};

/** Upgrade channels, maintenance windows and automatic OS or engine patching. */
const PATCHING =
  /^\s*(automatic_upgrade_channel\s*=\s*"(?!none")|automatic_channel_upgrade\s*=\s*"(?!none")|node_os_upgrade_channel\s*=\s*"(?!None"|Unmanaged")|node_os_channel_upgrade\s*=\s*"(?!None"|Unmanaged")|upgradeChannel\s*:\s*'(?!none')|"upgradeChannel"\s*:\s*"(?!none")|nodeOSUpgradeChannel\s*:\s*'(?!None'|Unmanaged')|"nodeOSUpgradeChannel"\s*:\s*"(?!None"|Unmanaged")|autoUpgradeProfileUpgradeChannel\s*:|patchMode\s*:\s*'AutomaticByPlatform'|"patchMode"\s*:\s*"AutomaticByPlatform"|patch_mode\s*=\s*"AutomaticByPlatform"|enableAutomaticUpdates\s*:\s*true|enableAutomaticOSUpgrade\s*:\s*true|"enableAutomaticOSUpgrade"\s*:\s*true|automatic_os_upgrade_policy\s*\{|enable_automatic_os_upgrade\s*=\s*true|auto_minor_version_upgrade\s*=\s*true|AutoMinorVersionUpgrade\s*:\s*['"]?true|release_channel\s*\{|auto_upgrade\s*=\s*true|enable_autopilot\s*=\s*true|maintenance_window\s*\{|maintenance_window_auto_upgrade\s*\{|maintenance_window_node_os\s*\{|maintenanceWindow\s*:)/m;
const PATCHING_TYPES =
  /^(Microsoft\.Maintenance\/maintenanceConfigurations|azurerm_maintenance_configuration|azurerm_kubernetes_cluster_maintenance_configuration|Microsoft\.ContainerService\/managedClusters\/maintenanceConfigurations|aws_ssm_patch_baseline|aws_ssm_maintenance_window|AWS::SSM::(PatchBaseline|MaintenanceWindow)|google_os_config_patch_deployment)$/i;

/** Zone redundancy, managed failover and self-managing platforms. */
const NATIVE =
  /^\s*(zoneRedundant\s*:\s*(?!false\b)\S|"zoneRedundant"\s*:\s*(true|"\[)|isZoneRedundant\s*:\s*(?!false\b)\S|zone_redundant\s*=\s*true|zone_balancing_enabled\s*=\s*true|zone_balance\s*=\s*true|zones\s*=\s*\[\s*"?\d"?\s*,\s*"?\d|zones\s*:\s*\[\s*'?\d'?\s*,?\s*\n?\s*'?\d|account_replication_type\s*=\s*"(ZRS|GZRS|RAGZRS)"|name\s*:\s*'\w+_(ZRS|GZRS|RAGZRS)'|multi_az\s*=\s*true|MultiAZ\s*:\s*['"]?true|automatic_failover_enabled\s*=\s*true|enable_autopilot\s*=\s*true|high_availability\s*\{\s*\n\s*mode\s*=\s*"ZoneRedundant"|highAvailability\s*:\s*\{\s*\n\s*mode\s*:\s*'ZoneRedundant')/m;

/** Health probes that take a failing instance out of rotation, auto-heal rules. */
const HEALING =
  /^\s*(healthCheckPath\s*:|"healthCheckPath"\s*:|health_check_path\s*=|autoHealEnabled\s*:\s*true|"autoHealEnabled"\s*:\s*true|auto_heal_enabled\s*=\s*true|healthProbeSettings\s*:|"healthProbeSettings"\s*:|health_probe\s*\{|probes\s*:\s*\[|health_check\s*\{|HealthCheckPath\s*:)/m;

/**
 * A health-check path handed in as a Bicep parameter whose default is empty (the azd core
 * modules' `healthCheckPath: healthCheckPath`, `param healthCheckPath string = ''`) sets nothing
 * unless a caller passes one, and that caller's line is found on its own.
 */
async function setHere(repo: RepoView, r: CloudResource, line: number): Promise<boolean> {
  const text = r.body.split('\n')[line - r.bodyLine] ?? '';
  const param = /^\s*healthCheckPath\s*:\s*([A-Za-z_]\w*)\s*$/.exec(text)?.[1];
  if (!param || !r.file.endsWith('.bicep')) return true;
  const file = (await repo.read(r.file)) ?? '';
  const declared = new RegExp(`^\\s*param\\s+${param}\\s+string\\s*(=\\s*'([^']*)')?`, 'm').exec(file);
  return !declared || (declared[2] ?? '') !== '';
}

/** Spring Boot actuator health groups or probes switched on for Kubernetes. */
const SPRING_PROBES =
  /management\.endpoint\.health\.(probes\.enabled\s*[=:]\s*true|group\.(liveness|readiness)\.include)|^\s+probes\s*:\s*\n\s+enabled\s*:\s*true/m;
/** Worker recycling and hung-worker timeouts of application servers (a timeout of 0 switches it off). */
const WORKER_RECYCLING =
  /^\s*(max_requests|timeout|harakiri|max-requests|reload-on-rss)\s*=\s*[1-9]|^\s*worker_timeout\s+[1-9]|\bgunicorn\b[^\n]*--(max-requests|timeout)[= ][1-9]|\buwsgi\b[^\n]*--(harakiri|max-requests)[= ][1-9]/m;

export default defineDetector({
  meta: {
    id: 'platform-automation',
    title: 'Platform automation declared in IaC (upgrade channels, zone redundancy, health probes)',
    practices: Object.values(P),
    docs: "Reads the resources declared in Bicep, ARM, Terraform and CloudFormation. AKS upgrade and node OS channels, maintenance configurations, automatic VM or scale-set OS patching, RDS automatic minor version upgrades, GKE release channels or Autopilot show patching left to the platform; zone redundancy (zoneRedundant, zones across several zones, ZRS storage, Multi-AZ, zone-redundant high availability), automatic cache failover and GKE Autopilot show the platform's own automation is used instead of scripts; App Service health checks and auto-heal, Front Door and load balancer health probes take failing instances out of rotation, and systemd units with Restart= restart failed services; Spring Boot liveness and readiness health groups in a repository with a Helm chart feed its probes (low); application servers that recycle workers or kill hung ones (gunicorn max_requests or timeout, uWSGI harakiri or max-requests, Puma worker_timeout) heal on their own (low); Step Functions states that retry with back-off recover from failed steps (low). Medium: the settings are declared, whether they run in production is not visible.",
  },
  async detect(repo) {
    const all = (await cloudResources(repo)).filter(
      (r) => !r.optional && r.lang !== 'kubernetes' && r.lang !== 'compose',
    );
    const out: Claim[] = [];
    const patch: EvidenceLocation[] = [
      ...all.filter((r) => PATCHING_TYPES.test(r.type)).map((r) => at(r)),
      ...all.filter((r) => lineIn(r, PATCHING)).map((r) => at(r, PATCHING)),
    ];
    if (patch.length)
      out.push(
        present(
          [P.patching],
          'medium',
          patch.slice(0, 5),
          'the platform patches and upgrades on its own (upgrade channels, maintenance windows, automatic OS patching)',
        ),
      );
    const native = all.filter((r) => lineIn(r, NATIVE));
    if (native.length)
      out.push(
        present(
          [P.native],
          'medium',
          native.slice(0, 5).map((r) => at(r, NATIVE)),
          'the platform keeps the workload available on its own (zone redundancy, managed failover, Autopilot)',
        ),
      );
    const healing: typeof all = [];
    for (const r of all) {
      const line = lineIn(r, HEALING);
      if (line !== undefined && (await setHere(repo, r, line))) healing.push(r);
    }
    const units = (
      await grepFiles(
        repo,
        repo.byExt('.service'),
        /^Restart\s*=\s*(always|on-failure|on-abnormal|on-watchdog)\b/m,
      )
    ).filter((h) => /^\[Service\]/m.test(h.text));
    // Application servers that recycle their workers or kill hung ones (gunicorn, uWSGI, Puma).
    const servers = await grepFiles(
      repo,
      repo.files.filter(
        (f) =>
          /^gunicorn[\w.-]*\.(py|conf)$|^puma\.rb$/i.test(f.name) ||
          (f.ext === '.ini' && /uwsgi/i.test(f.path)) ||
          isDockerfile(f) ||
          /^procfile$/i.test(f.name),
      ),
      WORKER_RECYCLING,
      200,
      undefined,
      { max: 5 },
    );
    // A Spring Boot service exposing liveness and readiness groups, deployed by a Helm chart: the
    // chart (often a shared one) points Kubernetes' probes at them.
    const charts = repo.byName('Chart.yaml');
    const probeGroups = charts.length
      ? await grepFiles(
          repo,
          repo.files.filter(
            (f) =>
              /^application([-.][\w-]+)?\.(properties|ya?ml)$/.test(f.name) &&
              !/(^|\/)(src\/)?(test|contractTest|integrationTest)\//.test(f.path),
          ),
          SPRING_PROBES,
          100,
          undefined,
          { max: 3 },
        )
      : [];
    if (probeGroups.length && !healing.length && !units.length)
      out.push(
        present(
          [P.selfHealing],
          'low',
          [...probeGroups.map(loc), { file: charts[0]?.path ?? 'Chart.yaml' }],
          'the service exposes liveness and readiness health groups for the Kubernetes probes its Helm chart sets',
        ),
      );
    if (servers.length && !healing.length && !units.length && !probeGroups.length)
      out.push(
        present(
          [P.selfHealing],
          'low',
          servers.map(loc),
          'the application server recycles its workers or kills hung ones',
        ),
      );
    // Step Functions state machines that retry failed states with back-off recover by themselves.
    const machines = await grepFiles(
      repo,
      repo.files.filter(
        (f) => /\.asl\.(json|ya?ml)$/i.test(f.name) || ['.json', '.yaml', '.yml'].includes(f.ext),
      ),
      /"?Retry"?\s*:\s*\[?\s*\n?\s*\{?[\s\S]{0,300}?"?BackoffRate"?\s*:/,
      2000,
      /statemachine|asl|step|workflow|template/i,
    );
    if (machines.length)
      out.push(
        present(
          [P.selfHealing],
          'low',
          machines.slice(0, 5).map(loc),
          'state machines retry failed steps with back-off',
        ),
      );
    if (healing.length || units.length)
      out.push(
        present(
          [P.selfHealing],
          'medium',
          [...healing.slice(0, 5).map((r) => at(r, HEALING)), ...units.slice(0, 5).map(loc)],
          healing.length
            ? 'health checks or probes take failing instances out of rotation or restart them'
            : 'systemd restarts failed services (Restart= in the unit files)',
        ),
      );
    return out;
  },
});
