import { defineDetector } from '../defineDetector.js';
import { lineOf, present } from '../lib/helpers.js';
import { type Pipeline, pipelines } from '../lib/pipelines.js';
import type { Claim, EvidenceLocation, RepoView } from '../types.js';

const P = {
  scripted: 'oe.5.self-service.scripted-actions',
  scoped: 'oe.5.self-service.scoped-permissions',
};

/** A pipeline anyone on the team can start by hand, with what it asks for. */
function manualTrigger(p: Pipeline): { line: number; inputs: boolean } | undefined {
  const t = p.text;
  const find = (re: RegExp) => lineOf(t, re);
  if (p.system === 'github-actions') {
    const line = find(/^\s*workflow_dispatch\s*:|^on\s*:[ \t]*\[?[^\n]*workflow_dispatch/m);
    if (line) return { line, inputs: /workflow_dispatch\s*:\s*\n\s+inputs\s*:/.test(t) };
    // Chat-ops: a slash command in an issue or pull-request comment starts the workflow.
    const chat = find(/github\.event\.comment\.body[^\n]*['"]\/\w+|slash-command-dispatch/);
    if (chat && /issue_comment|repository_dispatch/.test(t)) return { line: chat, inputs: true };
  }
  if (p.system === 'azure-pipelines' && /^trigger\s*:\s*none\b/m.test(t)) {
    const line = find(/^parameters\s*:/m);
    if (line) return { line, inputs: true };
  }
  if (p.system === 'gitlab-ci') {
    const line = find(/CI_PIPELINE_SOURCE\s*==\s*["']web["']/);
    if (line) return { line, inputs: /^\s+description\s*:/m.test(t) };
  }
  if (p.system === 'jenkins') {
    const line = find(/\bparameters\s*\{|\bproperties\s*\(\s*\[\s*parameters/);
    if (line) return { line, inputs: true };
  }
  return undefined;
}

/** Make targets and npm scripts that the README or contributing guide tells the team to run. */
async function documentedTasks(repo: RepoView): Promise<EvidenceLocation[]> {
  const docs = repo
    .byExt('.md', '.adoc', '.rst')
    .filter((f) => /^(readme|contributing|development)/i.test(f.name));
  const texts = await Promise.all(docs.map((f) => repo.read(f.path)));
  const make = repo.get('Makefile') ?? repo.get('makefile');
  const makeText = make ? await repo.read(make.path) : undefined;
  const targets = new Set([...(makeText ?? '').matchAll(/^([\w.-]+)\s*:(?!=)/gm)].map((m) => m[1] as string));
  const pkg = repo.get('package.json') ? await repo.read('package.json') : undefined;
  let scripts = new Set<string>();
  try {
    scripts = new Set(Object.keys((JSON.parse(pkg ?? '{}') as { scripts?: object }).scripts ?? {}));
  } catch {}
  const out: EvidenceLocation[] = [];
  docs.forEach((f, i) => {
    const text = texts[i] ?? '';
    const used = new Set<string>();
    for (const m of text.matchAll(/\bmake\s+([\w.-]+)|\b(?:npm|yarn|pnpm)\s+run\s+([\w:.-]+)/g)) {
      const name = m[1] ?? m[2] ?? '';
      if ((m[1] && targets.has(name)) || (m[2] && scripts.has(name))) used.add(m[0]);
    }
    if (used.size >= 2) out.push({ file: f.path, line: lineOf(text, [...used][0] as string) });
  });
  return out;
}

export default defineDetector({
  meta: {
    id: 'self-service',
    title: 'Self-service actions',
    practices: Object.values(P),
    docs: "Looks for pipelines the team starts by hand: GitHub workflow_dispatch (medium with inputs, low without), slash-command workflows, Azure Pipelines with no trigger and run-time parameters, GitLab pipelines started from the web, parameterised Jenkins jobs; and for make targets or npm scripts that the README or contributing guide documents (at least two that exist). Manually started workflows that declare their GITHUB_TOKEN permissions and federate to no cloud identity, or a repository whose workflows nearly all (four in five, at least four) declare them and none grants write-all, run under scoped identities (low: a cloud identity's roles are set outside the workflow).",
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const manual = ps.flatMap((p) => {
      const m = manualTrigger(p);
      return m ? [{ p, ...m }] : [];
    });
    const tasks = await documentedTasks(repo);
    const out: Claim[] = [];
    const withInputs = manual.filter((m) => m.inputs);
    const locs = [...manual.map((m) => ({ file: m.p.file, line: m.line })), ...tasks];
    if (withInputs.length || tasks.length)
      out.push(
        present(
          [P.scripted],
          'medium',
          locs,
          withInputs.length
            ? 'pipelines with inputs that team members start themselves'
            : 'documented make targets or scripts for everyday tasks',
        ),
      );
    else if (manual.length)
      out.push(present([P.scripted], 'low', locs, 'workflows can be started by hand (no inputs)'));
    const scoped = manual.filter(
      (m) => /^permissions\s*:/m.test(m.p.text) && !/id-token\s*:\s*write/.test(m.p.text),
    );
    // A repository whose workflows nearly all grant their token only what they declare.
    const workflows = ps.filter((p) => p.system === 'github-actions');
    const declaring = workflows.filter((p) => /^\s*permissions\s*:/m.test(p.text));
    const broad = workflows.some((p) => /^\s*permissions\s*:\s*write-all\b/m.test(p.text));
    if (workflows.length >= 4 && declaring.length >= 0.8 * workflows.length && !broad)
      out.push(
        present(
          [P.scoped],
          'low',
          declaring.slice(0, 5).map((p) => ({ file: p.file, line: lineOf(p.text, /^\s*permissions\s*:/m) })),
          `${declaring.length} of ${workflows.length} workflows declare the token permissions they need; the roles of cloud identities are set outside them`,
        ),
      );
    else if (scoped.length && scoped.length === manual.filter((m) => m.p.system === 'github-actions').length)
      out.push(
        present(
          [P.scoped],
          'low',
          scoped.map((m) => ({ file: m.p.file, line: lineOf(m.p.text, /^permissions\s*:/m) })),
          'manually started workflows declare the token permissions they need',
        ),
      );
    return out;
  },
});
