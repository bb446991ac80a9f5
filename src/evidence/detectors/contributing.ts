import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import type { EvidenceLocation } from '../types.js';

const P = { innerSource: 'oe.5.knowledge-sharing.inner-source' };

const GUIDES = [
  'CONTRIBUTING.md',
  '.github/CONTRIBUTING.md',
  'docs/CONTRIBUTING.md',
  'CONTRIBUTING.rst',
  'CONTRIBUTING',
];
/** An azd template names itself for `azd init --template`. */
const AZD_TEMPLATE = /^metadata:\s*\n\s+template:\s*\S+/m;
const KUSTOMIZE_COMPONENT = /^kind:\s*Component\s*$/m;

export default defineDetector({
  meta: {
    id: 'contributing',
    title: 'Reusable work offered to others (contribution guide with a reusable unit, templates)',
    practices: Object.values(P),
    docs: 'Inner source needs something reusable offered to others. An azd template (azure.yaml with metadata.template) is offered for others to start from. A contribution guide (CONTRIBUTING.md at the root, in .github/ or docs/) counts together with a reusable unit in the repository: a Helm chart, Kustomize components, or an azd template. A contribution guide alone, to a list or a sample with nothing to reuse, is not inner source. Low: that other teams use the work is not visible.',
  },
  async detect(repo) {
    const azd = await grepFiles(
      repo,
      repo.byName('azure.yaml').filter((f) => f.dir === ''),
      AZD_TEMPLATE,
    );
    const units: EvidenceLocation[] = azd.map(loc);
    units.push(...repo.byName('Chart.yaml').map((f) => ({ file: f.path })));
    const kustomizations = repo.byName('kustomization.yaml').concat(repo.byName('kustomization.yml'));
    units.push(...(await grepFiles(repo, kustomizations, KUSTOMIZE_COMPONENT)).map(loc));
    let guide: string | undefined;
    for (const p of GUIDES) {
      if (!repo.get(p)) continue;
      const text = await repo.read(p);
      if (text && text.trim().length >= 40) {
        guide = p;
        break;
      }
    }
    if (guide && units.length)
      return [
        present(
          [P.innerSource],
          'low',
          [{ file: guide, line: 1 }, ...units.slice(0, 4)],
          'a contribution guide beside reusable charts, components or templates',
        ),
      ];
    if (azd.length)
      return [
        present(
          [P.innerSource],
          'low',
          azd.map(loc),
          'the repository is an azd template others can start from',
        ),
      ];
    return [];
  },
});
