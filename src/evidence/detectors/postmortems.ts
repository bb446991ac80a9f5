import { defineDetector } from '../defineDetector.js';
import { findDocs } from '../lib/docs.js';
import { loc, plural, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  postmortems: 'oe.4.incident-validation.postmortems',
  blameless: 'oe.1.collaboration.blameless-reviews',
};

export default defineDetector({
  meta: {
    id: 'postmortems',
    title: 'Postmortems and incident reviews',
    practices: Object.values(P),
    docs: 'Looks for postmortem documents (docs/postmortems/, incidents/, files named postmortem or post-mortem or incident-review) with the sections a review has (impact, timeline, root cause or contributing factors, action items). A template that states a blameless principle supports blameless reviews.',
  },
  async detect(repo) {
    const docs = await findDocs(repo, {
      dir: /\/(post-?mortems?|incidents?|incident-reviews?|retros?)\//i,
      name: /post-?mortem|incident[-_ ]review|pir[-_]/i,
      content: /timeline|root cause|contributing factor|action items|impact/i,
    });
    if (!docs.length) return [];
    const reports = docs.filter((h) => !/template/i.test(h.file.name));
    const out: Claim[] = [];
    out.push(
      present(
        [P.postmortems],
        reports.length >= 1 ? 'medium' : 'low',
        docs.map(loc),
        reports.length
          ? `${plural(reports.length, 'postmortem')} in the repository`
          : 'a postmortem template, no postmortems yet',
      ),
    );
    const bl = docs.filter((h) => /blameless|blame-free|no blame/i.test(h.text));
    if (bl.length)
      out.push(present([P.blameless], 'high', bl.map(loc), 'incident reviews follow a blameless principle'));
    return out;
  },
});
