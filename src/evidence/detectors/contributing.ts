import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';

const P = { innerSource: 'oe.5.knowledge-sharing.inner-source' };

export default defineDetector({
  meta: {
    id: 'contributing',
    title: 'Contribution guide',
    practices: Object.values(P),
    docs: 'Looks for CONTRIBUTING.md at the root, in .github/ or docs/. A guide for outside contributors is one sign that the team offers its work to other teams (low: it does not show that others use it).',
  },
  async detect(repo) {
    const f = [
      'CONTRIBUTING.md',
      '.github/CONTRIBUTING.md',
      'docs/CONTRIBUTING.md',
      'CONTRIBUTING.rst',
      'CONTRIBUTING',
    ].find((p) => repo.get(p));
    if (!f) return [];
    const text = await repo.read(f);
    if (!text || text.trim().length < 40) return [];
    return [
      present([P.innerSource], 'low', [{ file: f, line: 1 }], 'a contribution guide for other contributors'),
    ];
  },
});
