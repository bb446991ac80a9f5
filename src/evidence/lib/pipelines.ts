/**
 * Pipeline files of every CI system, found where each system reads them, read once per scan and
 * shared by the detectors that look inside pipelines (stages, approvals, tests, scans...).
 */
import { parse } from 'yaml';
import type { EvidenceLocation, RepoFile, RepoView } from '../types.js';
import { lineOf } from './helpers.js';

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
  for (const f of azure) out.push({ system: 'azure-pipelines', file: f });
  for (const f of repo.byName('.gitlab-ci.yml')) if (f.dir === '') out.push({ system: 'gitlab-ci', file: f });
  for (const f of repo.glob('.gitlab/ci/**/*.{yml,yaml}')) out.push({ system: 'gitlab-ci', file: f });
  for (const f of repo.byNamePrefix('jenkinsfile'))
    if (/^jenkinsfile(\..+)?$/i.test(f.name)) out.push({ system: 'jenkins', file: f });
  for (const p of [
    '.circleci/config.yml',
    'bitbucket-pipelines.yml',
    '.travis.yml',
    'cloudbuild.yaml',
    'buildspec.yml',
  ]) {
    const f = repo.get(p);
    if (f) out.push({ system: 'other', file: f });
  }
  return out;
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
      return /\b(pipeline|node)\s*(\(.*\))?\s*\{/.test(text) || /\bstage\s*\(/.test(text);
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
      if (!looksLikePipeline(c.system, text, doc)) return;
      seen.add(c.file.path);
      out.push({ system: c.system, file: c.file.path, text, doc });
    });
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
