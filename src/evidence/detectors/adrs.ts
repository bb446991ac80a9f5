import { defineDetector } from '../defineDetector.js';
import { findDocs } from '../lib/docs.js';
import { loc, plural, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  records: 'oe.2.roles.decision-records',
  justified: 'pe.2.patterns.justified',
  topology: 'pe.1.networking.topology',
  compute: 'pe.1.compute.selection',
  data: 'pe.1.data.fit',
};

/** Compute services a decision may weigh against each other, each under the names it goes by. */
const COMPUTE: RegExp[] = [
  /\bcloud run\b/i,
  /\b(gke|google kubernetes engine|aks|eks|kubernetes)\b/i,
  /\bapp engine\b/i,
  /\b(cloud functions|azure functions|lambda)\b/i,
  /\b(compute engine|virtual machines?|vms?|ec2)\b/i,
  /\bapp service\b/i,
  /\bcontainer apps\b/i,
  /\b(ecs|fargate|app runner)\b/i,
];
/** Data stores a decision may weigh against each other. */
const DATA: RegExp[] = [
  /\bfirestore\b/i,
  /\bcloud sql\b|\bpostgres(ql)?\b|\bmysql\b|\bazure sql\b|\bsql server\b|\baurora\b|\brds\b/i,
  /\bcosmos ?db\b|\bdynamo ?db\b|\bmongo ?db\b/i,
  /\b(cloud storage|blob storage|s3)\b/i,
  /\b(redis|memorystore|elasticache)\b/i,
  /\bfilestore\b|\befs\b|\bazure files\b/i,
  /\bspanner\b|\bbigtable\b|\bbigquery\b/i,
];
/** How many of these kinds a text names. */
const kinds = (text: string, list: readonly RegExp[]) => list.filter((re) => re.test(text)).length;

export default defineDetector({
  meta: {
    id: 'adrs',
    title: 'Architecture decision records',
    practices: Object.values(P),
    docs: 'Looks for architecture decision records in the usual places (docs/adr, docs/decisions, doc/architecture/decisions, adr/) or named NNNN-title.md, that have the parts of a decision record (status, context, decision, consequences). ADRs about caching, partitioning or other performance patterns support justified patterns; about network topology, the topology practice; records naming two or more compute services, or two or more kinds of data store, show compute or data chosen against alternatives (medium).',
  },
  async detect(repo) {
    const docs = await findDocs(repo, {
      dir: /\/(adrs?|decisions?|architecture-decisions?|decision-records?)\//i,
      name: /^(adr[-_]?\d+|\d{3,4}[-_]).*\.(md|markdown|adoc|rst)$/i,
      content: /^#*\s*(status|context|decision|consequences)\b/im,
    });
    const real = docs.filter(
      (h) =>
        (
          h.text.match(
            /^#*\s*(status|context|decision|consequences|considered options|decision outcome)\b/gim,
          ) ?? []
        ).length >= 2,
    );
    if (!real.length) return [];
    const out: Claim[] = [
      present(
        [P.records],
        real.length >= 2 ? 'high' : 'medium',
        real.map(loc),
        `${plural(real.length, 'decision record')}`,
      ),
    ];
    const perf = real.filter((h) =>
      /cache|caching|partition|shard|cqrs|queue-based|load leveling|read replica/i.test(h.text),
    );
    if (perf.length)
      out.push(
        present([P.justified], 'medium', perf.map(loc), 'decision records weigh performance patterns'),
      );
    const net = real.filter((h) =>
      /(vnet|virtual network|subnet|hub-and-spoke|private endpoint|network topology)/i.test(h.text),
    );
    if (net.length)
      out.push(
        present([P.topology], 'medium', net.map(loc), 'a decision record covers the network topology'),
      );
    // A record that names two or more compute services (or data stores) weighs them for the workload.
    const compute = real.filter((h) => kinds(h.text, COMPUTE) >= 2);
    if (compute.length)
      out.push(present([P.compute], 'medium', compute.map(loc), 'decision records compare compute services'));
    const data = real.filter((h) => kinds(h.text, DATA) >= 2);
    if (data.length)
      out.push(present([P.data], 'medium', data.map(loc), 'decision records compare data stores'));
    return out;
  },
});
