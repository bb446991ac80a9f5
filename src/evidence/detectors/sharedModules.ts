/**
 * What a shared Terraform module is asked to do. An organisation's modules live in another
 * repository (`git::https://github.com/org/terraform-modules//aks/postgres`, or a folder the
 * pipeline clones in before `terraform init`), so their resources cannot be read here; the inputs the
 * workload hands them can. An input named for a health probe, a patch window or a monitoring switch,
 * and given a value, says the module is asked for that, at low confidence: what the module does with
 * it is in the other repository.
 */
import { defineDetector } from '../defineDetector.js';
import { type CloudResource, cloudResources } from '../lib/cloudResources.js';
import { present } from '../lib/helpers.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  selfHealing: 'oe.5.friction-automation.self-healing',
  patching: 'oe.4.maintenance-automation.patching',
  native: 'oe.2.automation.platform-native',
  storageMonitoring: 'pe.4.data.storage-monitoring',
  storageSettings: 'pe.3.data.storage-settings',
  synthetic: 'pe.4.testing.synthetic',
};

/** Modules of data stores, by the name of their source or their own name. */
const DATA_STORE =
  /postgres|mysql|mariadb|sql|redis|cache|cosmos|mongo|database|(^|[/_-])db([/_-]|$)|storage/i;
/** Modules that probe a service from outside (uptime checks). */
const PROBER = /statuscake|uptime|pingdom|synthetic|availability[-_]?test|web[-_]?test|blackbox/i;

/** What an input's name asks for, and on which modules it counts. */
const INPUTS: { practice: string; name: RegExp; store?: boolean; what: string }[] = [
  {
    practice: P.selfHealing,
    name: /(^|_)(probe|liveness|readiness|health_?check)(_|$)/i,
    what: 'health probes, so failing instances are restarted or taken out of rotation',
  },
  {
    practice: P.patching,
    name: /(^|_)(patch_schedule|maintenance_window|auto_upgrade|upgrade_channel|auto_minor_version_upgrade)(_|$)/i,
    what: 'patch or maintenance windows, so the platform patches on a timetable',
  },
  {
    practice: P.native,
    name: /(^|_)(high_availability|zone_redundan(t|cy)|multi_az|geo_redundant(_backup)?)(_|$)/i,
    what: 'high availability or zone redundancy from the platform',
  },
  {
    practice: P.storageMonitoring,
    name: /(^|_)(enable_)?(monitoring|alerts?|alerting)(_|$)/i,
    store: true,
    what: 'monitoring of the data stores',
  },
  {
    practice: P.storageSettings,
    name: /(^|_)(maxmemory_policy|max_connections|connection_limit|eviction_policy|work_mem|shared_buffers)(_|$)/i,
    store: true,
    what: 'data store settings (eviction, connection limits)',
  },
];

/** An input line of a module block: `name = value` at the block's first level. */
const INPUT = /^[ \t]{2}([A-Za-z_][\w-]*)[ \t]*=[ \t]*(.+?)[ \t]*$/gm;
/** Values that switch nothing on. */
const OFF = /^(false|null|""|''|\[\s*\]|\{\s*\}|0)$/;

const isShared = (r: CloudResource) => r.lang === 'terraform' && r.type.startsWith('shared:');

export default defineDetector({
  meta: {
    id: 'shared-modules',
    title: 'What shared Terraform modules are asked to do',
    practices: Object.values(P),
    docs: "Reads the inputs a workload gives Terraform modules kept in another repository (a git source, or a local folder the repository does not hold because the pipeline clones it in). Inputs named for health probes (probe_path, health_check_path) show self-healing; patch schedules and maintenance windows show patching left to the platform; high availability or zone redundancy switches show the platform's own automation; monitoring or alert switches and settings such as a Redis maxmemory policy on a database or cache module show storage monitored and tuned; a module named for uptime checks (StatusCake, Pingdom) handed URLs shows synthetic probes. An input set to false, null or an empty value does not count. Low: the module's code, and what it does with each input, is in the other repository.",
  },
  async detect(repo) {
    const shared = (await cloudResources(repo)).filter(isShared);
    if (!shared.length) return [];
    const found = new Map<string, EvidenceLocation[]>();
    const add = (practice: string, at: EvidenceLocation) => {
      const list = found.get(practice) ?? [];
      if (list.length < 5) list.push(at);
      found.set(practice, list);
    };
    for (const r of shared) {
      const store = DATA_STORE.test(`${r.type} ${r.name}`);
      let urls = false;
      for (const m of r.body.matchAll(INPUT)) {
        const [, name, value] = m as unknown as [string, string, string];
        if (name === 'source' || name === 'version' || OFF.test(value)) continue;
        const at = { file: r.file, line: r.bodyLine + r.body.slice(0, m.index).split('\n').length - 1 };
        for (const rule of INPUTS) if (rule.name.test(name) && (!rule.store || store)) add(rule.practice, at);
        if (/url/i.test(name)) urls = true;
      }
      if (urls && PROBER.test(r.type)) add(P.synthetic, { file: r.file, line: r.line });
    }
    const out: Claim[] = [];
    for (const rule of INPUTS) {
      const at = found.get(rule.practice);
      if (at) out.push(present([rule.practice], 'low', at, `shared modules are asked for ${rule.what}`));
    }
    const probes = found.get(P.synthetic);
    if (probes)
      out.push(
        present(
          [P.synthetic],
          'low',
          probes,
          'a shared uptime-check module is handed the URLs to probe; which journeys it covers is not visible',
        ),
      );
    return out;
  },
});
