import { defineDetector } from '../defineDetector.js';
import { absent, grepFiles, loc, present } from '../lib/helpers.js';

const P = {
  ownership: 'oe.1.source-control.team-ownership',
  protection: 'oe.1.source-control.branch-protection',
  owners: 'oe.2.roles.decision-owners',
};

export default defineDetector({
  meta: {
    id: 'codeowners',
    title: 'CODEOWNERS',
    practices: Object.values(P),
    docs: 'Looks for a CODEOWNERS file where GitHub and GitLab read it (root, .github/, docs/, .gitlab/) with at least one rule naming an owner. Owners per path show component ownership; required review by code owners is set in branch rules, so it supports branch protection only weakly. Its absence is reported with low confidence (ownership may be documented elsewhere).',
  },
  async detect(repo) {
    const files = ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS']
      .map((p) => repo.get(p))
      .filter((f) => f !== undefined);
    const hits = await grepFiles(repo, files, /^\s*[^#\s]\S*\s+@[\w./-]+/m);
    if (hits.length === 0)
      return [absent([P.ownership], 'low', 'no CODEOWNERS file assigns owners to paths')];
    const teams = hits.some((h) => /@[\w-]+\/[\w-]+/.test(h.text));
    return [
      present(
        [P.ownership],
        teams ? 'high' : 'medium',
        hits.map(loc),
        `CODEOWNERS assigns ${teams ? 'teams' : 'people'} to paths`,
      ),
      present([P.protection, P.owners], 'low', hits.map(loc), 'code owners can be required as reviewers'),
    ];
  },
});
