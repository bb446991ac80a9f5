/**
 * Where a pipeline really runs work side by side: a matrix with two or more values, GitLab
 * `parallel: N` (N ≥ 2), Jenkins `parallel` blocks, test sharding, or two or more jobs that wait on
 * nothing (GitHub Actions) or share a stage (GitLab). A one-entry matrix or a chain of `needs` is
 * serial, whatever its keywords say.
 */
import type { EvidenceLocation } from '../types.js';
import { lineOf } from './helpers.js';
import { isObj, jobsOf, type Pipeline } from './pipelines.js';

const SHARDING = /--shard\b|\bpytest\b[^\n]*\s-n\s+(auto|[2-9]|\d{2,})\b|--parallel\b|\bparallel\s*(\{|\()/;

function matrixWidth(matrix: unknown): number {
  if (!isObj(matrix)) return typeof matrix === 'string' ? 2 : 0; // `${{ fromJSON(...) }}`: computed, assume several
  let width = 1;
  for (const [k, v] of Object.entries(matrix)) {
    if (k === 'exclude') continue;
    if (k === 'include') width = Math.max(width, Array.isArray(v) ? v.length : 1);
    else if (Array.isArray(v)) width *= Math.max(1, v.length);
    else if (typeof v === 'string' && v.includes('${{')) width *= 2;
  }
  return width;
}

/** One location per pipeline that runs jobs in parallel, with what kind. */
export function parallelism(ps: readonly Pipeline[]): { location: EvidenceLocation; kind: string }[] {
  const out: { location: EvidenceLocation; kind: string }[] = [];
  for (const p of ps) {
    const doc = isObj(p.doc) ? p.doc : undefined;
    const found = (kind: string, re: RegExp | string) =>
      out.push({ location: { file: p.file, line: lineOf(p.text, re) ?? 1 }, kind });
    if (p.system === 'github-actions' && doc && isObj(doc.jobs)) {
      const jobs = Object.values(doc.jobs).filter(isObj);
      if (jobs.some((j) => isObj(j.strategy) && matrixWidth(j.strategy.matrix) >= 2)) {
        found('a matrix', /^\s*matrix\s*:/m);
        continue;
      }
      if (jobs.filter((j) => j.needs === undefined).length >= 2) {
        found('independent jobs', /^jobs\s*:/m);
        continue;
      }
    } else if (p.system === 'gitlab-ci' && doc) {
      const stages = new Map<string, number>();
      let parallelKey = false;
      for (const [name, job] of Object.entries(doc)) {
        if (name.startsWith('.') || !isObj(job) || !('script' in job || 'trigger' in job || 'extends' in job))
          continue;
        const stage = typeof job.stage === 'string' ? job.stage : 'test';
        stages.set(stage, (stages.get(stage) ?? 0) + 1);
        const par = job.parallel;
        if ((typeof par === 'number' && par >= 2) || isObj(par)) parallelKey = true;
      }
      if (parallelKey) {
        found('parallel jobs', /^\s*parallel\s*:/m);
        continue;
      }
      if ([...stages.values()].some((n) => n >= 2)) {
        found('jobs sharing a stage', /^\s*stage\s*:/m);
        continue;
      }
    } else if (p.system === 'azure-pipelines') {
      const m = /^\s*matrix\s*:\s*\n((?:\s+[\w.-]+\s*:\s*\n(?:\s{4,}.*\n?)*){2,})/m.exec(p.text);
      if (m || /^\s*parallel\s*:\s*([2-9]|\d{2,})\s*$/m.test(p.text)) {
        found('a matrix', /^\s*(matrix|parallel)\s*:/m);
        continue;
      }
      if (jobsOf(p).length >= 2 && !/^\s*dependsOn\s*:/m.test(p.text) && /^\s*-\s*job\s*:/m.test(p.text)) {
        found('independent jobs', /^\s*-\s*job\s*:/m);
        continue;
      }
    }
    if (SHARDING.test(p.text)) found('sharded or parallel steps', SHARDING);
  }
  return out;
}
