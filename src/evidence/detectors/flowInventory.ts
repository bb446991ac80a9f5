/**
 * A list of the workload's flows, as files keep one: load tests that name their user journeys (Locust
 * tasks, k6 groups), or a
 * document section that lists user flows. Either is a partial inventory: it names what was written
 * down for testing or explaining, not necessarily every flow including background processes.
 */
import { defineDetector } from '../defineDetector.js';
import { byPath, grepFiles, lineOf, present } from '../lib/helpers.js';
import type { EvidenceLocation, RepoFile } from '../types.js';

const P = { inventory: 'pe.2.critical-flows.inventory' };

interface Namer {
  files: (all: readonly RepoFile[]) => RepoFile[];
  signature: RegExp;
  /** Each match's first group is one flow's name (or the function that runs it). */
  names: RegExp;
}

const NAMERS: Namer[] = [
  {
    files: (all) => all.filter((f) => f.ext === '.py'),
    signature: /^\s*from\s+locust\s+import|^\s*import\s+locust/m,
    // `@task` methods, or the functions of a `tasks = {browse: 10, ...}` table.
    names: /@task(?:\(\d+\))?\s*\n\s*def\s+(\w+)|(?:^\s*tasks\s*=\s*\{|,)\s*\n?\s*(\w+)\s*:\s*\d+/gm,
  },
  {
    files: (all) => all.filter((f) => /\.(m?js|ts)$/.test(f.name)),
    signature: /from\s+['"]k6(\/[\w/-]+)?['"]/,
    names: /\bgroup\(\s*['"`]([^'"`]+)['"`]|\bexec\s*:\s*['"](\w+)['"]/g,
  },
];

// Endpoint-level names (JMeter samplers, Gatling requests) are not journeys; Locust tasks and k6
// groups are named for what a user does by convention. `Workflows` alone is too often CI.
/** A heading, or a list item's bold lead-in, that introduces the flows listed under it. */
const FLOW_HEADING =
  /^(#{1,4}[ \t]+|[ \t]*(?:[-*+]|\d+\.)[ \t]+\*\*[^*\n]*)\b(user (flows?|journeys?)|critical (flows?|paths?|user journeys?)|key (user )?(flows|journeys)|business (flows|processes)|traffic mix)\b.*$/im;
/** A Markdown table row that is not a separator (`| --- |`). */
const TABLE_ROW = /^\s*\|(?!\s*:?-{3,})[^\n]*\|\s*$/;

export default defineDetector({
  meta: {
    id: 'flow-inventory',
    title: 'An inventory of user flows',
    practices: Object.values(P),
    docs: "Looks for lists of the workload's flows: load tests that name three or more journeys (Locust @task functions, k6 group() names and scenario exec functions), or a document section headed user flows, user journeys, critical flows, business processes or traffic mix (or a list item introducing them in bold) with at least three list items or table rows. Endpoint-level names (JMeter samplers, Gatling requests) are not journeys. Both are partial: they list what was tested or described, not every flow with its background processes.",
  },
  async detect(repo) {
    const locs: EvidenceLocation[] = [];
    const flows = new Set<string>();
    for (const n of NAMERS) {
      // The signature is an import at the top: read beginnings, then the whole of the few that match.
      for (const signed of await grepFiles(repo, byPath(n.files(repo.files)), n.signature, 400, undefined, {
        head: true,
      })) {
        const h = { ...signed, text: (await repo.read(signed.file.path)) ?? signed.text };
        const names = [...h.text.matchAll(n.names)].map((m) => (m[1] ?? m[2] ?? '').trim()).filter(Boolean);
        if (new Set(names).size < 2) continue;
        for (const x of names) flows.add(x);
        locs.push({
          file: h.file.path,
          line: lineOf(h.text, new RegExp(n.names.source, n.names.flags.replace('g', ''))) ?? h.line,
        });
      }
    }
    const docs = byPath(repo.byExt('.md', '.adoc', '.rst'));
    for (const h of await grepFiles(repo, docs, FLOW_HEADING, 800)) {
      const after = h.text.split('\n').slice(h.line);
      const end = after.findIndex((l) => /^#{1,4}\s/.test(l));
      const section = end < 0 ? after : after.slice(0, end);
      const items = section.filter((l) => /^\s*([-*+]|\d+\.)\s+\S/.test(l));
      // A table of flows counts its rows, less the header row.
      const rows = section.filter((l) => TABLE_ROW.test(l));
      items.push(...rows.slice(1));
      if (items.length >= 3) {
        locs.push({ file: h.file.path, line: h.line });
        for (const i of items) flows.add(`${h.file.path}:${i.trim()}`);
      }
    }
    if (!locs.length || flows.size < 3) return [];
    return [
      present(
        [P.inventory],
        'low',
        locs,
        'user flows are named in load tests or a document; background processes may be missing',
      ),
    ];
  },
});
