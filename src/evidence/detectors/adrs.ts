import { defineDetector } from '../defineDetector.js';
import { findDocs } from '../lib/docs.js';
import { loc, plural, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  records: 'oe.2.roles.decision-records',
  justified: 'pe.2.patterns.justified',
  topology: 'pe.1.networking.topology',
};

export default defineDetector({
  meta: {
    id: 'adrs',
    title: 'Architecture decision records',
    practices: Object.values(P),
    docs: 'Looks for architecture decision records in the usual places (docs/adr, docs/decisions, doc/architecture/decisions, adr/) or named NNNN-title.md, that have the parts of a decision record (status, context, decision, consequences). ADRs about caching, partitioning or other performance patterns support justified patterns; about network topology, the topology practice.',
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
    return out;
  },
});
