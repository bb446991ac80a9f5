import { defineDetector } from '../defineDetector.js';
import { at, cloudResources, iacFiles, isLocalCompose, lineIn } from '../lib/cloudResources.js';
import { grepFiles, isDockerfile, loc, plural, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  declarative: 'oe.1.iac.declarative',
  mainstream: 'oe.1.iac.mainstream-tooling',
  selfHealing: 'oe.5.friction-automation.self-healing',
  native: 'oe.2.automation.platform-native',
};

const RESTART = /^\s+restart\s*:\s*["']?(always|unless-stopped|on-failure)|^\s+restart_policy\s*:/m;
const HEALTHCHECK =
  /^\s+healthcheck\s*:\s*\n(?:[ \t]+(?!test\s*:)[^\n]*\n){0,12}?[ \t]+test\s*:|condition\s*:\s*service_healthy/m;
/** A Dockerfile that tells Docker how to check the image's health. */
const IMAGE_HEALTHCHECK = /^\s*HEALTHCHECK\s+(?!NONE\b)/im;

/** Anchored blocks of a Compose file (`x-restart-policy: &restart_policy` and the lines under it). */
function anchors(code: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const lines = code.split('\n');
  lines.forEach((l, i) => {
    const m = /^([ \t]*)[^\s#][^\n]*?:\s*&([\w-]+)\s*$/.exec(l);
    if (!m) return;
    const indent = (m[1] as string).length;
    const block: string[] = [];
    for (let k = i + 1; k < lines.length; k++) {
      const x = lines[k] as string;
      if (x.trim() && x.length - x.trimStart().length <= indent) break;
      block.push(x.slice(Math.min(indent + 2, x.length - x.trimStart().length)));
    }
    out.set(m[2] as string, block);
  });
  return out;
}

/** A service's text with its merge keys (`<<: *restart_policy`, `<<: [*a, *b]`) written out in place. */
function merged(body: string, blocks: Map<string, string[]>): string {
  return body.replace(/^([ \t]*)<<\s*:\s*\[?([^\n\]]*)\]?[ \t]*$/gm, (line, indent: string, refs: string) => {
    const names = [...refs.matchAll(/\*([\w-]+)/g)].map((r) => r[1] as string);
    const text = names.flatMap((n) => (blocks.get(n) ?? []).map((x) => `${indent}${x}`));
    return text.length ? text.join('\n') : line;
  });
}

export default defineDetector({
  meta: {
    id: 'docker-compose',
    title: 'Docker Compose',
    practices: Object.values(P),
    group: 'iac',
    docs: "Looks for Compose files (compose.yaml, docker-compose*.yml, with a services section) that declare services from an image or a build; files named for a developer's machine, tests or CI (docker-compose.dev.yml, compose.test.yaml) are left out. Compose is a real declarative definition of how the workload runs, in a mainstream text format, but not of the cloud resources it runs on, hence low for declarative infrastructure. Restart policies with health checks (or dependants that wait for a healthy service, or an image built from a Dockerfile with a HEALTHCHECK; settings merged in from YAML anchors count) let Docker restart failing containers by itself (medium for self-healing, low for the platform's automation, as there is no autoscaling or failover).",
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
    // Settings shared through YAML anchors count for the services that merge them in.
    const code = new Map(
      (await iacFiles(repo)).filter((f) => f.lang === 'compose').map((f) => [f.path, f.code]),
    );
    const blocks = new Map([...code].map(([f, c]) => [f, anchors(c)]));
    const text = (r: (typeof services)[number]) => merged(r.body, blocks.get(r.file) ?? new Map());
    // A service built from a Dockerfile that declares a HEALTHCHECK is checked by Docker too.
    const imageChecks = (
      await grepFiles(repo, repo.files.filter(isDockerfile), IMAGE_HEALTHCHECK, 200, undefined, { max: 5 })
    ).map(loc);
    const restarting = services.filter((r) => RESTART.test(text(r)));
    const checked = services.filter(
      (r) => HEALTHCHECK.test(text(r)) || (imageChecks.length > 0 && /^\s+build\s*:/m.test(r.body)),
    );
    if (restarting.length && checked.length) {
      // Where the setting is written: the service's own line, or the line that merges it in.
      const where = (r: (typeof services)[number], re: RegExp) =>
        lineIn(r, re) === undefined ? at(r, /^\s*<<\s*:/m) : at(r, re);
      const locs = [
        ...restarting.slice(0, 3).map((r) => where(r, RESTART)),
        ...checked
          .filter((r) => HEALTHCHECK.test(text(r)))
          .slice(0, 3)
          .map((r) => where(r, HEALTHCHECK)),
        ...(checked.some((r) => !HEALTHCHECK.test(text(r))) ? imageChecks : []),
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
