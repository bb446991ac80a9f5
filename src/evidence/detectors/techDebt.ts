import { defineDetector } from '../defineDetector.js';
import { findDocs } from '../lib/docs.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import type { Claim } from '../types.js';

const P = {
  visible: 'oe.2.improvement.debt-visible',
  hotspots: 'oe.4.tech-debt.hotspots',
  remediation: 'oe.4.tech-debt.remediation-logged',
};

/** A pipeline step that measures code quality and debt per component: SonarQube or SonarCloud, CodeScene. */
const QUALITY_SCAN =
  /sonarsource\/sonar(cloud|qube)[\w-]*-action|\bsonar-scanner\b|\bmvnw?\b[^\n]*\bsonar:sonar\b|\bgradlew?\b[^\n]*\bsonar(qube)?\b|SonarCloudAnalyze@|SonarQubeAnalyze@|codescene[\w-]*-action|\bcs-cli\b/i;

/** A TODO, FIXME or HACK comment that links the issue, pull request or work item tracking it. */
const LINKED_TODO =
  /(\/\/|#|\/\*|--|<!--|\*)\s*@?(TODO|FIXME|HACK|XXX|Todo)\b[^\n]*(#\d{2,}\b|\/issues\/\d+|\/pull\/\d+|\/_workitems\/edit\/\d+|\b[A-Z][A-Z0-9]{1,9}-\d{1,6}\b|\bwork ?item\s*#?\d{3,}|\bAB#\d+)/;
/** Folders that hold a team's own code, read first. */
const SOURCE_DIR =
  /^(src|app|apps|lib|pkg|cmd|internal|services?|api|server|backend|frontend|packages|core|infra|terraform|deploy)\//i;
const CODE_EXT = new Set([
  '.ts',
  '.js',
  '.tsx',
  '.jsx',
  '.py',
  '.go',
  '.cs',
  '.java',
  '.kt',
  '.rb',
  '.rs',
  '.bicep',
  '.tf',
  '.gradle',
  '.yaml',
  '.yml',
  '.sh',
  '.ps1',
  '.sql',
]);

export default defineDetector({
  meta: {
    id: 'tech-debt',
    title: 'Technical debt tracking',
    practices: Object.values(P),
    docs: 'Looks for a technical debt register (TECH_DEBT.md, tech-debt.md, docs/tech-debt/) and issue templates for debt items (.github/ISSUE_TEMPLATE/*debt*). TODO or FIXME comments that link the issue, pull request or work item tracking them (#123, /issues/123, ABC-123, AB#123) count too. The same linked comments show remediation logged where debt was taken on (low). A pipeline that runs SonarQube, SonarCloud or CodeScene measures debt per component, a low claim that debt work can go to the hotspots first (a sonar-project.properties no pipeline runs does not count). Debt tracked only in the backlog tool cannot be seen, so absence is not claimed.',
  },
  async detect(repo) {
    const docs = await findDocs(repo, { name: /tech[-_ ]?debt|technical[-_ ]debt/i, dir: /\/tech-?debt\//i });
    const forms = repo
      .inDirs(/^\/\.github\/ISSUE_TEMPLATE\//i)
      .filter((f) => /^\.github\/ISSUE_TEMPLATE\/.*debt/i.test(f.path))
      .map((f) => ({ file: f.path }));
    const code = repo.files.filter((f) => CODE_EXT.has(f.ext) || /^(dockerfile|makefile)$/i.test(f.name));
    // The team's own source first; a linked TODO, where a team writes them, shows up in the
    // first thousand files read (the whole tree of a large monorepo was a third of its scan).
    const todos = await grepFiles(repo, code, LINKED_TODO, 1000, SOURCE_DIR, { max: 10 });
    const locs = [...docs.map(loc), ...forms, ...todos.slice(0, 10).map(loc)];
    const out: Claim[] = [];
    // A quality report in every pipeline run ranks components by smells and debt (low: whether the
    // team acts on the ranking is not visible).
    const scans = grepPipelines(await pipelines(repo), QUALITY_SCAN);
    if (scans.length)
      out.push(
        present(
          [P.hotspots],
          'low',
          scans,
          'a pipeline measures code quality and debt (SonarQube, SonarCloud or CodeScene)',
        ),
      );
    // A shortcut marked in the code with the item that will fix it: debt logged where it was taken
    // on (low: whether every feature that takes on debt does this is not visible).
    if (todos.length)
      out.push(
        present(
          [P.remediation],
          'low',
          todos.map(loc),
          'shortcuts in the code name the issue or work item that tracks their remediation',
        ),
      );
    if (!locs.length) return out;
    return [
      ...out,
      present(
        [P.visible],
        forms.length ? 'medium' : 'medium',
        locs,
        forms.length
          ? 'an issue template for technical debt items'
          : docs.length
            ? 'a technical debt register in the repository'
            : 'TODO or FIXME comments point at the issues that track them',
      ),
    ];
  },
});
