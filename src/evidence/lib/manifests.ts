/** Dependency manifests of the common ecosystems, read once and searched by package name. */
import type { EvidenceLocation, RepoFile, RepoView } from '../types.js';
import { lineOf } from './helpers.js';

const MANIFEST_NAMES = new Set([
  'package.json',
  'requirements.txt',
  'requirements-dev.txt',
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'pipfile',
  'go.mod',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'cargo.toml',
  'gemfile',
  'directory.packages.props',
  'packages.config',
  'composer.json',
]);

const byPath = (a: RepoFile, b: RepoFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export interface Manifest {
  file: RepoFile;
  text: string;
  /** Declared dependency names of a package.json or composer.json, parsed once per scan. */
  declared?: string[];
}

const isJsonManifest = (f: RepoFile) => {
  const lower = f.name.toLowerCase();
  return lower === 'package.json' || lower === 'composer.json';
};

export function manifests(repo: RepoView): Promise<Manifest[]> {
  return repo.memo('manifests', async () => {
    const named = [...MANIFEST_NAMES].flatMap((n) => repo.byName(n));
    const candidates = new Set([
      ...named,
      ...repo.byExt('.csproj', '.fsproj'),
      ...repo.byNamePrefix('requirements'),
    ]);
    const files = [...candidates]
      .sort(byPath)
      .filter(
        (f) =>
          MANIFEST_NAMES.has(f.name.toLowerCase()) ||
          f.ext === '.csproj' ||
          f.ext === '.fsproj' ||
          /^requirements.*\.txt$/i.test(f.name),
      );
    const texts = await Promise.all(files.slice(0, 3000).map((f) => repo.read(f.path)));
    const out: Manifest[] = [];
    texts.forEach((t, i) => {
      const file = files[i] as RepoFile;
      if (t === undefined) return;
      out.push(isJsonManifest(file) ? { file, text: t, declared: jsonDependencies(t) } : { file, text: t });
    });
    return out;
  });
}

const JSON_SECTIONS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
  'require',
  'require-dev',
];

/** Dependency names declared in a package.json or composer.json. */
function jsonDependencies(text: string): string[] {
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    return JSON_SECTIONS.flatMap((k) => {
      const v = doc[k];
      return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
    });
  } catch {
    return [];
  }
}

/**
 * Manifests declaring a dependency whose name matches `name` (a regex source matched against the
 * whole package name, e.g. `@opentelemetry/[\\w.-]+`). Returns one location per manifest. A name
 * that only appears in a description, keywords or a comment does not count.
 */
export async function dependencyHits(
  repo: RepoView,
  name: string,
): Promise<{ location: EvidenceLocation; pkg: string }[]> {
  const ms = await manifests(repo);
  const whole = new RegExp(`^(?:${name})$`, 'i');
  // Outside JSON manifests a package name sits after Include= (csproj), at a line start
  // (requirements, go.mod, Cargo), inside <artifactId>/<groupId> (pom.xml), after `gem`, or in a
  // quoted requirement string (pyproject, Gradle coordinates).
  const re = new RegExp(
    `(?:Include="(${name})"|^[ \\t]*(?:require[ \\t]+)?(${name})[ \\t]*(?:[=<>~!;\\[]|v\\d|$)|<(?:artifactId|groupId)>(${name})<|\\bgem[ \\t]+["'](${name})["']|["'](${name})(?:[<>=~!;\\[ ]|:[\\w.-]*:?|["']))`,
    'im',
  );
  const out: { location: EvidenceLocation; pkg: string }[] = [];
  for (const m of ms) {
    if (m.declared) {
      const pkg = m.declared.find((d) => whole.test(d));
      if (pkg) out.push({ location: { file: m.file.path, line: lineOf(m.text, `"${pkg}"`) ?? 1 }, pkg });
      continue;
    }
    const r = re.exec(m.text);
    if (!r) continue;
    const pkg = r.slice(1).find(Boolean) ?? name;
    out.push({ location: { file: m.file.path, line: lineOf(m.text, r[0]) ?? 1 }, pkg });
  }
  return out;
}
