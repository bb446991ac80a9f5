/**
 * Pipeline files of every CI system, found where each system reads them, read once per scan and
 * shared by the detectors that look inside pipelines (stages, approvals, tests, scans...).
 */
import { parse } from 'yaml';
import type { EvidenceLocation, RepoFile, RepoView } from '../types.js';
import { spellCloudBuildSteps } from './cloudBuildSteps.js';
import { lineOf } from './helpers.js';
import { spellCalls } from './pipelineCalls.js';

export type CiSystem = 'github-actions' | 'azure-pipelines' | 'gitlab-ci' | 'jenkins' | 'other';

export interface Pipeline {
  system: CiSystem;
  file: string;
  text: string;
  /** Parsed YAML (undefined for Jenkinsfiles and unparsable files). */
  doc: unknown;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseYaml(text: string): unknown {
  try {
    return parse(text, { uniqueKeys: false, maxAliasCount: 100, logLevel: 'silent' });
  } catch {
    return undefined;
  }
}

/** Folders that hold Cloud Build configs under any name. */
const CLOUD_BUILD_DIR = /(^|\/)(cloudbuild|\.cloudbuild|builders)\/[^/]+$/i;

/** Candidate files per system (by location), before their content is checked. */
export function pipelineCandidates(repo: RepoView): { system: CiSystem; file: RepoFile }[] {
  const out: { system: CiSystem; file: RepoFile }[] = [];
  for (const f of repo.glob('.github/workflows/*.{yml,yaml}'))
    out.push({ system: 'github-actions', file: f });
  const azure = new Set<RepoFile>();
  for (const f of [...repo.byName('azure-pipelines.yml'), ...repo.byName('azure-pipelines.yaml')])
    azure.add(f);
  for (const f of repo.glob(
    '**/{.azure-pipelines,.azuredevops,.pipelines,pipelines,.ado,azure-pipelines,build,deploy}/**/*.{yml,yaml}',
  ))
    azure.add(f);
  for (const f of repo.glob('**/*.pipeline.{yml,yaml}')) azure.add(f);
  // Root files such as ci.yml are pipelines only when their content says so (looksLikePipeline).
  for (const f of repo.glob('{ci,build,pipeline,azure-ci,official}.{yml,yaml}')) azure.add(f);
  for (const f of azure) out.push({ system: 'azure-pipelines', file: f });
  for (const f of repo.byName('.gitlab-ci.yml')) if (f.dir === '') out.push({ system: 'gitlab-ci', file: f });
  for (const f of repo.glob('.gitlab/ci/**/*.{yml,yaml}')) out.push({ system: 'gitlab-ci', file: f });
  for (const f of repo.byNamePrefix('jenkinsfile'))
    if (/^jenkinsfile([._-].+)?$/i.test(f.name)) out.push({ system: 'jenkins', file: f });
  for (const p of ['.circleci/config.yml', 'bitbucket-pipelines.yml', '.travis.yml', 'buildspec.yml']) {
    const f = repo.get(p);
    if (f) out.push({ system: 'other', file: f });
  }
  // Cloud Build configurations sit beside each service or in a folder of their own, under any name
  // their triggers point at (cloudbuild.yaml, deploy.cloudbuild.yaml, cloudbuild/ci-pr.yaml).
  for (const f of repo.byExt('.yaml', '.yml'))
    if (/(^|[.-])cloudbuild([.-][\w.-]*)?\.ya?ml$/i.test(f.name) || CLOUD_BUILD_DIR.test(f.path))
      out.push({ system: 'other', file: f });
  return out;
}

/** Cloud Build: a list of steps, each naming the builder image it runs in. */
function isCloudBuild(doc: unknown): boolean {
  if (!isObj(doc) || !Array.isArray(doc.steps) || doc.steps.length === 0) return false;
  const names = doc.steps.map((s) => (isObj(s) && typeof s.name === 'string' ? s.name : ''));
  // Image names have no spaces (`ubuntu`, `gcr.io/cloud-builders/gcloud:latest`), and at least one
  // names a registry or tag; a GitHub or Azure step's name is a sentence or absent.
  return names.every((n) => /^[\w./:@-]+$/.test(n)) && names.some((n) => /[/:]/.test(n));
}

/** Is this text really a pipeline of that system (not any YAML that happens to sit there)? */
export function looksLikePipeline(system: CiSystem, text: string, doc: unknown): boolean {
  switch (system) {
    case 'github-actions':
      return isObj(doc) && ('on' in doc || 'true' in doc) && isObj(doc.jobs);
    case 'azure-pipelines':
      return (
        isObj(doc) &&
        ['stages', 'jobs', 'steps', 'trigger', 'pr', 'extends', 'pool'].some((k) => k in doc) &&
        /^\s*-?\s*(task|script|bash|pwsh|powershell|template|stage|job|deployment|checkout)\s*:/m.test(text)
      );
    case 'gitlab-ci':
      return (
        isObj(doc) &&
        Object.values(doc).some((v) => isObj(v) && ('script' in v || 'trigger' in v || 'extends' in v))
      );
    case 'jenkins':
      // Declarative or scripted pipelines, or a call of a shared-library pipeline step.
      return (
        /\b(pipeline|node)\s*(\(.*\))?\s*\{/.test(text) ||
        /\bstage\s*\(/.test(text) ||
        /^\s*(@Library\b|[a-zA-Z]\w*\s*\(\s*(\[|\n|\w+\s*:))/m.test(text)
      );
    default:
      return isObj(doc);
  }
}

export function pipelines(repo: RepoView): Promise<Pipeline[]> {
  return repo.memo('pipelines', async () => {
    const cands = pipelineCandidates(repo);
    const texts = await Promise.all(cands.map((c) => repo.read(c.file.path)));
    const out: Pipeline[] = [];
    const seen = new Set<string>();
    cands.forEach((c, i) => {
      const text = texts[i];
      if (text === undefined || seen.has(c.file.path)) return;
      const doc = c.system === 'jenkins' ? undefined : parseYaml(text);
      // A Cloud Build config is known by its steps, wherever it sits (a build/ folder is also where
      // Azure Pipelines templates live).
      if (isCloudBuild(doc)) {
        seen.add(c.file.path);
        out.push({ system: 'other', file: c.file.path, text: spellCloudBuildSteps(text), doc });
        return;
      }
      if (c.system === 'other' && CLOUD_BUILD_DIR.test(c.file.path)) return;
      if (!looksLikePipeline(c.system, text, doc)) return;
      seen.add(c.file.path);
      out.push({ system: c.system, file: c.file.path, text, doc });
    });
    // What lines run through Makefile targets, npm scripts and scripts in the repository, spelt
    // out on those lines (the YAML above is parsed from the file as written).
    for (const p of out) p.text = await spellCalls(repo, p.text);
    return out;
  });
}

/** Locations in pipeline files of lines matching `re` (first match per file). */
export function grepPipelines(ps: readonly Pipeline[], re: RegExp): EvidenceLocation[] {
  const out: EvidenceLocation[] = [];
  for (const p of ps) {
    const line = lineOf(p.text, re);
    if (line !== undefined) out.push({ file: p.file, line });
  }
  return out;
}

/** Every location (all lines) in one pipeline matching `re`. */
export function allLines(p: Pipeline, re: RegExp): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const lines = p.text.split('\n');
  for (let i = 0; i < lines.length; i++)
    if (re.test(lines[i] as string)) out.push({ line: i + 1, text: lines[i] as string });
  return out;
}

export { isObj };

/** One job (GitHub Actions, GitLab), stage or job (Azure Pipelines) or stage (Jenkins) of a pipeline. */
export interface Job {
  name: string;
  /** 1-based first line. */
  line: number;
  text: string;
  /** Jobs this one waits for (GitHub `needs`, GitLab `needs`); empty when unknown. */
  needs: string[];
}

const GITLAB_RESERVED = new Set([
  'stages',
  'variables',
  'default',
  'include',
  'workflow',
  'image',
  'services',
  'before_script',
  'after_script',
  'cache',
]);

function asList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v))
    return v.flatMap((x) =>
      typeof x === 'string' ? [x] : isObj(x) && typeof x.job === 'string' ? [x.job] : [],
    );
  return [];
}

/** Splits a pipeline into its jobs, in file order; a file without recognisable jobs is one job. */
export function jobsOf(p: Pipeline): Job[] {
  const lines = p.text.split('\n');
  const starts: { name: string; at: number; needs: string[] }[] = [];
  const doc = isObj(p.doc) ? p.doc : undefined;
  if (p.system === 'github-actions' && doc && isObj(doc.jobs)) {
    const jobs = doc.jobs;
    const from = lines.findIndex((l) => /^jobs\s*:/.test(l));
    lines.forEach((l, i) => {
      const m = /^ {2}([\w.-]+)\s*:\s*$/.exec(l);
      if (m && i > from && isObj(jobs[m[1] as string]))
        starts.push({
          name: m[1] as string,
          at: i,
          needs: asList((jobs[m[1] as string] as Record<string, unknown>).needs),
        });
    });
  } else if (p.system === 'gitlab-ci' && doc) {
    lines.forEach((l, i) => {
      const m = /^([^\s#][^:]*?)\s*:\s*$/.exec(l);
      const name = m?.[1];
      if (name && !GITLAB_RESERVED.has(name) && isObj(doc[name]))
        starts.push({ name, at: i, needs: asList((doc[name] as Record<string, unknown>).needs) });
    });
  } else if (p.system === 'azure-pipelines') {
    lines.forEach((l, i) => {
      const m = /^\s*-\s*(job|deployment|stage)\s*:\s*['"]?([\w.-]+)/.exec(l);
      if (m) starts.push({ name: m[2] as string, at: i, needs: [] });
    });
  } else if (p.system === 'jenkins') {
    lines.forEach((l, i) => {
      const m = /\bstage\s*\(\s*['"]([^'"]+)/.exec(l);
      if (m) starts.push({ name: m[1] as string, at: i, needs: [] });
    });
  }
  if (starts.length === 0) return [{ name: p.file, line: 1, text: p.text, needs: [] }];
  return starts.map((s, k) => ({
    name: s.name,
    line: s.at + 1,
    text: lines.slice(s.at, starts[k + 1]?.at ?? lines.length).join('\n'),
    needs: s.needs,
  }));
}
