import { defineDetector } from '../defineDetector.js';
import { at, cloudResources, isLocalCompose, lineIn } from '../lib/cloudResources.js';
import { plural, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  declarative: 'oe.1.iac.declarative',
  mainstream: 'oe.1.iac.mainstream-tooling',
  selfHealing: 'oe.5.friction-automation.self-healing',
  native: 'oe.2.automation.platform-native',
};

const RESTART = /^\s+restart\s*:\s*["']?(always|unless-stopped|on-failure)|^\s+restart_policy\s*:/m;
const HEALTHCHECK = /^\s+healthcheck\s*:\s*\n\s+test\s*:|condition\s*:\s*service_healthy/m;

export default defineDetector({
  meta: {
    id: 'docker-compose',
    title: 'Docker Compose',
    practices: Object.values(P),
    group: 'iac',
    docs: "Looks for Compose files (compose.yaml, docker-compose*.yml, with a services section) that declare services from an image or a build; files named for a developer's machine, tests or CI (docker-compose.dev.yml, compose.test.yaml) are left out. Compose is a real declarative definition of how the workload runs, in a mainstream text format, but not of the cloud resources it runs on, hence low for declarative infrastructure. Restart policies with health checks (or dependants that wait for a healthy service) let Docker restart failing containers by itself (medium for self-healing, low for the platform's automation, as there is no autoscaling or failover).",
  },
  async detect(repo) {
    const services = (await cloudResources(repo)).filter(
      (r) => r.lang === 'compose' && !isLocalCompose(r.file) && /^\s+(image|build)\s*:/m.test(r.body),
    );
    if (!services.length) return [];
    // The main file (compose.yaml, docker-compose.yml) first, then the overrides and extras.
    const main = (f: string) => (/(^|\/)(docker-)?compose\.ya?ml$/i.test(f) ? 0 : 1);
    const files = [...new Set(services.map((r) => r.file))].sort((a, b) => main(a) - main(b));
    const out: Claim[] = [
      present(
        [P.declarative, P.mainstream],
        'low',
        files.slice(0, 10).map((file) => ({ file, line: services.find((r) => r.file === file)?.line ?? 1 })),
        `${plural(services.length, 'service')} declared in ${plural(files.length, 'Compose file')}; the cloud resources they run on are not declared`,
      ),
    ];
    const restarting = services.filter((r) => lineIn(r, RESTART));
    const checked = services.filter((r) => lineIn(r, HEALTHCHECK));
    if (restarting.length && checked.length) {
      const locs = [
        ...restarting.slice(0, 3).map((r) => at(r, RESTART)),
        ...checked.slice(0, 3).map((r) => at(r, HEALTHCHECK)),
      ];
      out.push(
        present(
          [P.selfHealing],
          'medium',
          locs,
          'Compose restarts failing containers (restart policies) and checks their health',
        ),
        present(
          [P.native],
          'low',
          locs,
          "Docker's restart policies and health checks are used instead of scripts; no autoscaling or failover",
        ),
      );
    }
    return out;
  },
});
