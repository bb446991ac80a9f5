/**
 * Central processes the workload uses rather than copies: pipeline templates and reusable workflows
 * from another repository, a Jenkins shared library, GitLab includes from another project, and a
 * Renovate preset kept by the organisation. Each is a file pointing at something maintained
 * elsewhere, which is what using a central process looks like from inside one repository.
 */
import { defineDetector } from '../defineDetector.js';
import { grepFiles, lineOf, loc, present } from '../lib/helpers.js';
import { pipelines } from '../lib/pipelines.js';
import type { EvidenceLocation } from '../types.js';

const P = { central: 'oe.4.org-alignment.central-processes' };

/** `uses: owner/repo/.github/workflows/x.yml@ref`: a reusable workflow kept in another repository. */
const REUSABLE_WORKFLOW =
  /^\s*(?:-\s*)?uses\s*:\s*['"]?[\w.-]+\/[\w.-]+\/\.github\/workflows\/[\w.-]+\.ya?ml@/m;
/** `template: x.yml@alias` (Azure Pipelines): a template from a declared repository resource. */
const ADO_TEMPLATE = /^\s*(?:-\s*)?template\s*:\s*['"]?[\w./-]+\.ya?ml@[\w-]+/m;
const JENKINS_LIBRARY = /@Library\s*\(|^\s*library\s*\(?\s*['"]/m;
/** A Jenkinsfile that is a single call of a library step (`buildPlugin()`, `terraform(...)`). */
const JENKINS_STEP_ONLY = /^\s*(?!pipeline\b|node\b|stage\b|properties\b)[a-z]\w*\s*\(/m;
const GITLAB_INCLUDE = /^\s*-?\s*(project|component|remote)\s*:\s*['"]?[\w$@{}./:-]+/m;
/** Renovate presets that ship with Renovate itself; anything else in `extends` is someone's own. */
const BUILT_IN_PRESET =
  /^(config|default|group|helpers|schedule|packages|monorepo|workarounds|replacements|security|npm|docker|regexManagers|customManagers|mergeConfidence|abandonments|preview|:)[:\w(),.-]*/;

const RENOVATE_FILES = [
  'renovate.json',
  'renovate.json5',
  '.renovaterc',
  '.renovaterc.json',
  '.github/renovate.json',
  '.github/renovate.json5',
  '.gitlab/renovate.json',
];

export default defineDetector({
  meta: {
    id: 'central-processes',
    title: 'Central pipeline templates and presets',
    practices: Object.values(P),
    docs: "Looks for processes the workload takes from its organisation instead of copying: GitHub reusable workflows called from another repository (uses: owner/repo/.github/workflows/x.yml@ref), Azure Pipelines templates from a repository resource (template: x.yml@alias), a Jenkins shared library (@Library, or a Jenkinsfile that only calls a library step), GitLab includes from another project or a CI/CD component, and Renovate presets that are not built into Renovate (github>org/..., local>org/..., an npm preset). Local templates and Renovate's own presets do not count.",
  },
  async detect(repo) {
    const locs: EvidenceLocation[] = [];
    const kinds = new Set<string>();
    for (const p of await pipelines(repo)) {
      const found = (kind: string, re: RegExp) => {
        const line = lineOf(p.text, re);
        if (line === undefined) return false;
        kinds.add(kind);
        locs.push({ file: p.file, line });
        return true;
      };
      if (p.system === 'github-actions')
        found('reusable workflows from another repository', REUSABLE_WORKFLOW);
      else if (p.system === 'azure-pipelines')
        found('pipeline templates from another repository', ADO_TEMPLATE);
      else if (p.system === 'gitlab-ci') {
        if (/^include\s*:/m.test(p.text)) found('GitLab includes from another project', GITLAB_INCLUDE);
      } else if (p.system === 'jenkins') {
        if (
          !found('a Jenkins shared library', JENKINS_LIBRARY) &&
          !/\bpipeline\s*\{|\bnode\s*(\(.*\))?\s*\{/.test(p.text)
        )
          found('a Jenkins shared library step', JENKINS_STEP_ONLY);
      }
    }
    const renovate = await grepFiles(
      repo,
      RENOVATE_FILES.map((f) => repo.get(f)).filter((f) => f !== undefined),
      /"?extends"?\s*:/,
    );
    for (const h of renovate) {
      const list = /"?extends"?\s*:\s*\[([^\]]*)\]/.exec(h.text)?.[1] ?? '';
      const presets = [...list.matchAll(/["']([^"']+)["']/g)].map((m) => m[1] as string);
      if (presets.some((x) => !BUILT_IN_PRESET.test(x))) {
        kinds.add('an organisation Renovate preset');
        locs.push(loc(h));
      }
    }
    if (!locs.length) return [];
    return [present([P.central], 'medium', locs, `uses ${[...kinds].join(', ')}`)];
  },
});
