/**
 * What a pipeline runs through a wrapper: many pipelines deploy or test by calling a Makefile
 * target, an npm script or a script kept in the repository (`make deploy-core`, `npm run deploy`,
 * `bash scripts/deploy.sh`), and the command that does the work (`terraform apply`, `pytest`) sits
 * in that target or script. `spellCalls` writes what each such line runs onto the end of the line,
 * flattened to one line, so the detectors that read pipelines see it while line numbers stay the
 * pipeline's own. A job that runs a reusable workflow of the repository, or a step that runs a
 * composite action kept in it (`uses: ./.github/actions/deploy`), gets that file's commands the same
 * way. Only what a pipeline line calls is spelt out: a Makefile target no pipeline runs still proves
 * nothing about the pipeline.
 */
import { posix } from 'node:path';
import type { RepoView } from '../types.js';

/** Calls followed from a pipeline line: a target may run a script, which may run another. */
const MAX_DEPTH = 3;
/** Characters of spelt-out text per pipeline line (a long script is cut, not dropped). */
const MAX_SPELT = 100_000;

/** `make [options] target…` up to the end of the command (a quote, `&&`, `;`, `|`, `)`). */
const MAKE_CALL = /(?:^|[\s"'`;&|(])(?:\$\(MAKE\)|\$\{MAKE\}|make)((?:\s+[^\s"'`;&|)]+)+)/g;
/** `npm run x`, `yarn x`, `pnpm x`, `npm run-script x`. */
const NPM_CALL = /\b(?:npm\s+(?:run(?:-script)?)|yarn(?:\s+run)?|pnpm(?:\s+run)?)\s+([\w:.-]+)/g;
/** A shell or PowerShell script by path, run directly or through an interpreter. */
const SCRIPT_CALL =
  /(?:^|[\s"'`;&|(=])((?:\.{1,2}\/|\$\{?\{?\s*(?:github\.workspace|GITHUB_WORKSPACE|CI_PROJECT_DIR|WORKSPACE|MAKEFILE_DIR|CURDIR)\s*\}?\}?\/|\$\((?:CURDIR|MAKEFILE_DIR)\)\/)?[\w.-]+(?:\/[\w.-]+)*\.(?:sh|bash|ps1))(?=$|[\s"'`;&|)])/g;
/** A job that runs a reusable workflow of the same repository (`uses: ./.github/workflows/x.yml`). */
const LOCAL_WORKFLOW = /^\s*(?:-\s*)?uses\s*:\s*['"]?\.\/(\.github\/workflows\/[\w.-]+\.ya?ml)\b/;
/** A step that runs an action kept in the repository (`uses: ./.github/actions/deploy/`). */
const LOCAL_ACTION = /^\s*(?:-\s*)?uses\s*:\s*['"]?\.\/((?:[\w.-]+\/)*[\w.-]+?)\/?['"]?\s*(?:#.*)?$/;
/** A pipeline expression standing for one word of a command (`${{ inputs.env }}`, `$(ENV)`). */
const EXPRESSION = /\$\{\{[^}]*\}\}|\$\([\w.]+\)|\$\{[\w.]+\}/g;
/** `cd dir` earlier in the same command: a later `./x.sh` is in that folder. */
const CD = /\bcd\s+["']?([^\s"'`;&|)]+)/g;
/** Names of targets and scripts that test, lint or check. */
const TESTING = /(^|[-_./: ])(unit|integration)?[-_]?(tests?|specs?|e2e|lint|check|verify)(?=$|[-_./:])/i;
/** Variables that stand for the repository root (or the Makefile's folder) in paths. */
const ROOT_VAR =
  /^(?:\$\{?\{?\s*(?:github\.workspace|GITHUB_WORKSPACE|CI_PROJECT_DIR|WORKSPACE|MAKEFILE_DIR|CURDIR)\s*\}?\}?|\$\((?:CURDIR|MAKEFILE_DIR)\))\/?/;

/** The recipes of a Makefile, by target, with their prerequisites. */
export interface MakeRules {
  recipes: Map<string, { prereqs: string[]; lines: string[] }>;
}

/** Parses the targets of a Makefile: `name other: prereqs` lines and the tab-indented lines under them. */
export function parseMakefile(text: string): MakeRules {
  const recipes = new Map<string, { prereqs: string[]; lines: string[] }>();
  let current: { prereqs: string[]; lines: string[] }[] = [];
  for (const raw of text.split('\n')) {
    if (raw.startsWith('\t')) {
      const line = raw.trim();
      if (line && !line.startsWith('#')) for (const r of current) r.lines.push(line);
      continue;
    }
    if (/^\s*(#|$)/.test(raw)) continue;
    // `target: prereqs` (not `x := value`, not `x ?= value`); `.PHONY:` lists are skipped.
    const m = /^([\w.%/${}()-]+(?:[ \t]+[\w.%/${}()-]+)*)[ \t]*::?(?![=])(.*)$/.exec(raw);
    if (!m || (m[1] as string).startsWith('.')) {
      current = [];
      continue;
    }
    const prereqs =
      (m[2] as string)
        .split('#')[0]
        ?.split(/\s+/)
        .filter((t) => /^[\w./-]+$/.test(t)) ?? [];
    current = (m[1] as string).split(/\s+/).map((name) => {
      const r = { prereqs, lines: [] as string[] };
      recipes.set(name, r);
      return r;
    });
  }
  return { recipes };
}

/** A command's targets: the words after `make` that are not options, assignments or option values. */
function makeTargets(args: string): { dir?: string; targets: string[] } {
  // An expression fills in a word the pipeline chooses at run time (`make ${{ inputs.env }} deploy`):
  // the targets around it are still known.
  const words = args.replace(EXPRESSION, '\u0000').trim().split(/\s+/);
  const targets: string[] = [];
  let dir: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-C' || w === '--directory') dir = words[++i];
    else if (w === '-f' || w === '--file' || w === '-j' || w === '-I') i++;
    else if (w.startsWith('-') || w.includes('=') || w === '\u0000') continue;
    else if (/^[\w./-]+$/.test(w) && !w.includes('$')) targets.push(w);
    else break;
  }
  return dir === undefined ? { targets } : { dir, targets };
}

/** Text of a file as commands: comment lines and blank lines left out. */
function commands(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('//') && !l.startsWith('REM '));
}

/** Resolves a script path as a command line names it, from `base` (a folder of the repository). */
function resolveScript(repo: RepoView, raw: string, base: string): string | undefined {
  const rooted = ROOT_VAR.test(raw);
  const rel = raw.replace(ROOT_VAR, '');
  for (const candidate of rooted ? [rel] : [posix.join(base, rel), rel]) {
    const n = posix.normalize(candidate);
    if (!n.startsWith('..') && repo.get(n)) return n;
  }
  // Run from a folder the pipeline changed into: a script whose name only one file has.
  const named = repo.byName(posix.basename(rel));
  return named.length === 1 ? named[0]?.path : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

interface Spelling {
  repo: RepoView;
  make: Map<string, Promise<MakeRules | undefined>>;
  npm?: Promise<Record<string, string>>;
}

function makeRules(s: Spelling, file: string): Promise<MakeRules | undefined> {
  let p = s.make.get(file);
  if (!p) {
    p = s.repo.get(file)
      ? s.repo.read(file).then((t) => (t === undefined ? undefined : parseMakefile(t)))
      : Promise.resolve(undefined);
    s.make.set(file, p);
  }
  return p;
}

function npmScripts(s: Spelling): Promise<Record<string, string>> {
  s.npm ??= (async () => {
    if (!s.repo.get('package.json')) return {};
    try {
      const doc: unknown = JSON.parse((await s.repo.read('package.json')) ?? '{}');
      const scripts = isRecord(doc) ? doc.scripts : undefined;
      if (!isRecord(scripts)) return {};
      return Object.fromEntries(
        Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
    } catch {
      return {};
    }
  })();
  return s.npm;
}

/** What one command line runs, each call as `via: commands`, followed `depth` levels down. */
async function callsOf(
  s: Spelling,
  line: string,
  base: string,
  depth: number,
  seen: Set<string>,
): Promise<string[]> {
  if (depth > MAX_DEPTH) return [];
  const out: string[] = [];
  const follow = async (key: string, via: string, lines: string[], from: string) => {
    // A call named for testing runs tests, whatever else its script touches on the way (a test of
    // the backup script is not a backup); what tests run is read from the pipeline line itself.
    if (seen.has(key) || TESTING.test(via.split('/').pop() ?? via)) return;
    seen.add(key);
    out.push(`${via}: ${lines.join(' ; ')}`);
    for (const l of lines) out.push(...(await callsOf(s, l, from, depth + 1, seen)));
  };
  for (const m of line.matchAll(MAKE_CALL)) {
    const { dir, targets } = makeTargets(m[1] as string);
    const folder = posix.normalize(posix.join(base, (dir ?? '').replace(ROOT_VAR, '')));
    const file = folder === '.' ? 'Makefile' : `${folder}/Makefile`;
    const rules = await makeRules(s, file);
    if (!rules) continue;
    const queue = [...targets];
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      const r = rules.recipes.get(t);
      if (!r) continue;
      queue.push(...r.prereqs.filter((p) => !seen.has(`${file}:${p}`)));
      await follow(`${file}:${t}`, `make ${t}`, r.lines, folder === '.' ? '' : folder);
    }
  }
  for (const m of line.matchAll(NPM_CALL)) {
    const script = (await npmScripts(s))[m[1] as string];
    if (script) await follow(`npm:${m[1]}`, `npm run ${m[1]}`, [script], '');
  }
  const reusable = LOCAL_WORKFLOW.exec(line)?.[1];
  if (reusable && s.repo.get(reusable)) {
    const text = await s.repo.read(reusable);
    if (text !== undefined) await follow(`file:${reusable}`, reusable, commands(text), '');
  }
  const action = LOCAL_ACTION.exec(line)?.[1];
  if (action && !action.startsWith('.github/workflows/')) {
    const file = [`${action}/action.yml`, `${action}/action.yaml`].find((f) => s.repo.get(f));
    const text = file === undefined ? undefined : await s.repo.read(file);
    // Its steps, not the inputs it documents (a description is not a command).
    const steps = text?.slice(Math.max(0, text.search(/^runs\s*:/m)));
    if (file && steps !== undefined) await follow(`file:${file}`, action, commands(steps), '');
  }
  // `cd dir && ./deploy.sh`: the script is in the folder changed into.
  const cds = [...line.matchAll(CD)];
  for (const m of line.matchAll(SCRIPT_CALL)) {
    const cd = cds.filter((c) => (c.index ?? 0) < (m.index ?? 0)).pop()?.[1];
    const from = cd ? posix.join(cd.startsWith('/') ? '' : base, cd.replace(ROOT_VAR, '')) : base;
    const path = resolveScript(s.repo, m[1] as string, from);
    if (!path) continue;
    const text = await s.repo.read(path);
    if (text !== undefined) await follow(`file:${path}`, path, commands(text), posix.dirname(path));
  }
  return out;
}

/**
 * The pipeline text with what each calling line runs written after it, on the same line
 * (`⟦make deploy-core: … ; core/terraform/deploy.sh: terraform apply …⟧`).
 */
export async function spellCalls(repo: RepoView, text: string): Promise<string> {
  const s: Spelling = { repo, make: new Map() };
  const lines = text.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\s*(#|\/\/)/.test(line)) continue;
    const calls = await callsOf(s, line, '', 1, new Set());
    if (!calls.length) continue;
    lines[i] = `${line} ⟦${calls.join(' ; ').replace(/\s+/g, ' ').slice(0, MAX_SPELT)}⟧`;
    changed = true;
  }
  return changed ? lines.join('\n') : text;
}
