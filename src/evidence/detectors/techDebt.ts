import { defineDetector } from '../defineDetector.js';
import { findDocs } from '../lib/docs.js';
import { loc, present } from '../lib/helpers.js';

const P = { visible: 'oe.2.improvement.debt-visible' };

export default defineDetector({
  meta: {
    id: 'tech-debt',
    title: 'Technical debt tracking',
    practices: Object.values(P),
    docs: 'Looks for a technical debt register (TECH_DEBT.md, tech-debt.md, docs/tech-debt/) and issue templates for debt items (.github/ISSUE_TEMPLATE/*debt*). Debt tracked only in the backlog tool cannot be seen, so absence is not claimed.',
  },
  async detect(repo) {
    const docs = await findDocs(repo, { name: /tech[-_ ]?debt|technical[-_ ]debt/i, dir: /\/tech-?debt\//i });
    const forms = repo
      .inDirs(/^\/\.github\/ISSUE_TEMPLATE\//i)
      .filter((f) => /^\.github\/ISSUE_TEMPLATE\/.*debt/i.test(f.path))
      .map((f) => ({ file: f.path }));
    const locs = [...docs.map(loc), ...forms];
    if (!locs.length) return [];
    return [
      present(
        [P.visible],
        forms.length ? 'medium' : 'medium',
        locs,
        forms.length
          ? 'an issue template for technical debt items'
          : 'a technical debt register in the repository',
      ),
    ];
  },
});
