import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { type Pipeline, pipelines } from '../lib/pipelines.js';
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
const AZD_INIT = /\bazd\s+init\s+(-t|--template)\s+[\w.-]+\/[\w.-]+/;
/** Pushing an image, chart or OCI artifact. */
const PUSH =
  /docker\s+(buildx\s+build[^\n]*--push|push)\b|build-push-action@|helm\s+push\b|oras\s+push\b|crane\s+push\b|timoni\s+mod\s+push\b|flux\s+push\s+artifact\b/;
/** Registries anyone can pull from; a private one (ACR, private ECR, Artifact Registry) serves the
 * team's own deployments. */
const PUBLIC_REGISTRY =
  /(?<![\w.-])(ghcr\.io|docker\.io|quay\.io|public\.ecr\.aws|registry\.hub\.docker\.com)(\/|\s*$)/;

/** Where a pipeline pushes images or charts to a public registry (Docker Hub when a login step names
 * no registry). */
function publicPush(p: Pipeline): EvidenceLocation | undefined {
  if (!PUSH.test(p.text)) return undefined;
  const lines = p.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (PUBLIC_REGISTRY.test(l)) return { file: p.file, line: i + 1 };
    if (/docker\/login-action@/.test(l)) {
      const step = lines.slice(i + 1, i + 8);
      const end = step.findIndex((x) => /^\s*-\s/.test(x));
      if (!(end < 0 ? step : step.slice(0, end)).some((x) => /^\s*registry\s*:/.test(x)))
        return { file: p.file, line: i + 1 };
    }
  }
  return undefined;
}

export default defineDetector({
  meta: {
    id: 'contributing',
    title: 'Reusable work offered to others (contribution guide with a reusable unit, templates)',
    practices: Object.values(P),
    docs: "Inner source needs something reusable offered to others. An azd template (azure.yaml with metadata.template, or a root README telling readers to azd init -t the repository) is offered for others to start from. A contribution guide (CONTRIBUTING.md at the root, in .github/ or docs/) counts together with a reusable unit in the repository: a Helm chart, Kustomize components, an azd template, or a client library or SDK packaged for others to install (under clients/, client-libs/ or sdk/). A pipeline that pushes images, charts or OCI artifacts to a public registry (GitHub Container Registry, Docker Hub, Quay, ECR Public) offers them for others to pull; pushes to a private registry serve the team's own deployments and do not count. A contribution guide alone, to a list or a sample with nothing to reuse, is not inner source. Low: that other teams use the work is not visible.",
  },
  async detect(repo) {
    const azd = await grepFiles(
      repo,
      repo.byName('azure.yaml').filter((f) => f.dir === ''),
      AZD_TEMPLATE,
    );
    // Without metadata.template, a README telling readers to `azd init -t` this repository offers it
    // as a template just the same.
    if (!azd.length && repo.get('azure.yaml'))
      azd.push(
        ...(await grepFiles(
          repo,
          repo.byName('README.md').filter((f) => f.dir === ''),
          AZD_INIT,
        )),
      );
    const units: EvidenceLocation[] = azd.map(loc);
    units.push(...repo.byName('Chart.yaml').map((f) => ({ file: f.path })));
    // A client library or SDK packaged for others to install (a package.json marked private is not).
    const libraries = repo.files.filter(
      (f) =>
        /(^|\/)(client-?libs?|clients?|sdks?)\//i.test(f.path) &&
        ['setup.py', 'pyproject.toml', 'package.json', 'go.mod'].includes(f.name),
    );
    for (const f of libraries) {
      const text = f.name === 'package.json' ? await repo.read(f.path) : '';
      if (!/"private"\s*:\s*true/.test(text ?? '')) units.push({ file: f.path });
    }
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
    const published = (await pipelines(repo)).map(publicPush).filter((l) => l !== undefined);
    if (published.length)
      return [
        present(
          [P.innerSource],
          'low',
          [...(guide ? [{ file: guide, line: 1 }] : []), ...published.slice(0, 4)],
          `images or charts are published to a public registry${guide ? ', with a contribution guide' : ''}`,
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
