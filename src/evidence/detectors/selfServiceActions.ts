import { defineDetector } from '../defineDetector.js';
import { grepFiles, type Hit, lineOf, loc, present } from '../lib/helpers.js';
import type { Claim, EvidenceLocation, RepoFile } from '../types.js';

const P = { scripted: 'oe.5.self-service.scripted-actions' };

const BACKSTAGE_TEMPLATE = /^apiVersion:\s*scaffolder\.backstage\.io\/v\w+\s*$[\s\S]*^kind:\s*Template\s*$/m;
/** Routine tasks, as opposed to the inner build loop every project has. */
const INNER_LOOP = new Set([
  'build',
  'test',
  'start',
  'dev',
  'lint',
  'format',
  'serve',
  'watch',
  'prepare',
  'install',
  'all',
  'clean',
  'default',
  'run',
]);
const SCRIPT_EXT = new Set(['.sh', '.ps1', '.py', '.bash']);

/** Make targets (not pattern rules or special targets), with their lines. */
function makeTargets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  text.split('\n').forEach((l, i) => {
    const m = /^([A-Za-z][\w.-]*)\s*:(?!=)/.exec(l);
    if (m && !out.has(m[1] as string)) out.set(m[1] as string, i + 1);
  });
  return out;
}

/** Names a document tells readers to run: `make x`, `npm run x`, `./scripts/x.sh`. */
function documented(docs: Hit[], re: RegExp): Map<string, EvidenceLocation> {
  const out = new Map<string, EvidenceLocation>();
  for (const d of docs)
    for (const m of d.text.matchAll(re)) {
      const name = m[1] as string;
      if (!out.has(name)) out.set(name, { file: d.file.path, line: lineOf(d.text, m[0]) ?? 1 });
    }
  return out;
}

export default defineDetector({
  meta: {
    id: 'self-service-actions',
    title: 'Self-service actions (templates, documented task runners, scripts)',
    practices: Object.values(P),
    docs: 'Looks for routine tasks packaged for anyone to run: Backstage software templates (scaffolder.backstage.io Template), a Makefile whose targets are described (## comments or a help target), Make targets, npm scripts or scripts in the repository that the README or CONTRIBUTING tells readers to run, beyond the inner build loop (build, test, start, lint). Described targets and templates are medium; documented scripts are low: they show the task can be run by anyone who reads the page, not that it is used that way. Manually triggered pipelines belong to the pipeline detectors.',
  },
  async detect(repo) {
    const out: Claim[] = [];
    const templates = await grepFiles(
      repo,
      repo.byExt('.yaml', '.yml'),
      BACKSTAGE_TEMPLATE,
      2000,
      /template|backstage|scaffold/i,
    );
    const strong: EvidenceLocation[] = templates.map(loc);
    const makefiles = repo.files.filter(
      (f) => /^(makefile|gnumakefile)$|\.mk$/i.test(f.name) && f.dir.split('/').length <= 2,
    );
    const makes = await grepFiles(repo, makefiles, /^[A-Za-z][\w.-]*\s*:/m);
    for (const m of makes) {
      const line = lineOf(m.text, /^[A-Za-z][\w.-]*\s*:[^=\n]*##\s*\S|^help\s*:/m);
      if (line) strong.push({ file: m.file.path, line });
    }
    if (strong.length)
      out.push(
        present(
          [P.scripted],
          'medium',
          strong,
          'routine tasks are offered as described targets or templates',
        ),
      );
    if (out.length) return out;
    const docFiles = repo.files.filter(
      (f) =>
        /^(readme|contributing|development|operations|runbook)[\w.-]*\.(md|adoc|rst)$/i.test(f.name) &&
        f.dir.split('/').length <= 2,
    );
    const docs = await grepFiles(repo, docFiles, /\S/);
    const weak: EvidenceLocation[] = [];
    const targets = new Map<string, number>();
    for (const m of makes) for (const [t] of makeTargets(m.text)) targets.set(t, 1);
    for (const [t, where] of documented(docs, /\bmake\s+([A-Za-z][\w.-]*)/g))
      if (targets.has(t) && !INNER_LOOP.has(t)) weak.push(where);
    const pkg = repo.get('package.json');
    const pkgText = pkg ? await repo.read(pkg.path) : undefined;
    if (pkgText) {
      let scripts: Record<string, unknown> = {};
      try {
        scripts = (JSON.parse(pkgText) as { scripts?: Record<string, unknown> }).scripts ?? {};
      } catch {}
      for (const [s, where] of documented(docs, /\b(?:npm|npmw|yarn|pnpm)\s+run\s+([\w:.-]+)/g))
        if (s in scripts && !INNER_LOOP.has(s)) weak.push(where);
    }
    const scripts = new Map<string, RepoFile>(
      repo.files.filter((f) => SCRIPT_EXT.has(f.ext)).map((f) => [f.name, f]),
    );
    for (const [name, where] of documented(docs, /([\w-]+\.(?:sh|ps1|py|bash))\b/g)) {
      const f = scripts.get(name);
      if (f && !/(^|\/)(test|tests|spec)\//.test(f.path)) weak.push(where);
    }
    if (weak.length)
      out.push(
        present(
          [P.scripted],
          'low',
          weak,
          'the README tells readers which scripts or targets to run for routine tasks',
        ),
      );
    return out;
  },
});
