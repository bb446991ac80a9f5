/** Commit and tag history read by spawning `git` in the repository root. */
import { spawn } from 'node:child_process';
import type { GitHistory } from './types.js';

/** Runs git with `args` in `cwd`; resolves stdout, or `undefined` when git fails or is missing. */
export type GitRunner = (args: string[], cwd: string) => Promise<string | undefined>;

const MAX_OUTPUT = 32 * 1024 * 1024;

export const spawnGit: GitRunner = (args, cwd) => runGit(args, cwd, MAX_OUTPUT, false);

/**
 * Like `spawnGit`, for listings: output past `maxOutput` makes the call fail (`undefined`) instead
 * of being cut short, since a listing cut short would silently leave files out.
 */
export const spawnGitListing: GitRunner = (args, cwd) => runGit(args, cwd, 128 * 1024 * 1024, true);

function runGit(args: string[], cwd: string, maxOutput: number, failWhenLonger: boolean) {
  return new Promise<string | undefined>((resolve) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_OPTIONAL_LOCKS: '0',
      // A partial clone must not fetch missing objects over the network in the middle of a scan.
      GIT_NO_LAZY_FETCH: '1',
      LC_ALL: 'C',
    };
    // Variables that would point git at another repository than the one being scanned.
    for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR'])
      delete env[k];
    let child: ReturnType<typeof spawn>;
    try {
      // log.showRoot=false: a root commit (or the single commit of a shallow clone) is not diffed
      // against nothing; that diff adds up the whole tree (3.4 s on 23,000 files) and is no change size.
      child = spawn(
        'git',
        ['-c', 'core.fsmonitor=false', '-c', 'log.showRoot=false', '--no-pager', ...args],
        {
          cwd,
          env,
          stdio: ['ignore', 'pipe', 'ignore'],
          timeout: 30_000,
        },
      );
    } catch {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    child.stdout?.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxOutput) chunks.push(c);
    });
    child.on('error', () => resolve(undefined));
    child.on('close', (code) =>
      resolve(
        code === 0 && !(failWhenLonger && size > maxOutput)
          ? Buffer.concat(chunks).toString('utf8')
          : undefined,
      ),
    );
  });
}

/** Parses `git log --format=%x1e%H%x1f%ct%x1f%an --shortstat` output (the author is optional). */
export function parseGitLog(out: string, withStats = false): GitHistory['commits'] {
  const commits: GitHistory['commits'] = [];
  for (const rec of out.split('\x1e')) {
    if (!rec.trim()) continue;
    const [head = '', ...rest] = rec.split('\n');
    const [hash = '', ct = '0', author] = head.split('\x1f');
    const stat = rest.join(' ');
    const added = Number(/(\d+) insertion/.exec(stat)?.[1] ?? 0);
    const deleted = Number(/(\d+) deletion/.exec(stat)?.[1] ?? 0);
    // Asked for sizes, a commit without a summary line is a root commit (not diffed) or empty.
    const unsized = withStats && !/\bchanged\b/.test(stat);
    commits.push({
      hash,
      time: Number(ct) * 1000,
      added,
      deleted,
      ...(unsized ? { sized: false as const } : {}),
      ...(author ? { author } : {}),
    });
  }
  return commits;
}

/**
 * Commits whose change sizes are read: those of the last 90 days up to the newest commit, the
 * window the history detector measures (`detectors/gitHistory.ts`). Older commits keep only their
 * hash and time (sizes 0). The newest `MIN_SIZED` commits are always sized.
 */
export const SIZED_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
/** At least this many of the newest commits are sized, whatever their age. */
export const MIN_SIZED = 30;
/** At most this many commits are diffed for their size. */
export const MAX_DIFFED = 40;
const LOG_FORMAT = '--format=%x1e%H%x1f%ct%x1f%an';

/** The newest `MIN_SIZED` of `xs`, then others picked at even steps, `n` in all, newest first. */
function spread<T>(xs: readonly T[], n: number): T[] {
  const head = xs.slice(0, MIN_SIZED);
  const rest = xs.slice(MIN_SIZED);
  const want = n - head.length;
  const picked = Array.from({ length: want }, (_, i) => rest[Math.floor((i * rest.length) / want)] as T);
  return [...head, ...picked];
}

/**
 * Says whether the repository may hold tags, without a git process (`repoView.ts` reads `.git`);
 * `false` only when it certainly holds none.
 */
export type TagProbe = () => Promise<boolean>;

export async function readGitHistory(
  run: GitRunner,
  cwd: string,
  maxCommits = 2000,
  mayHaveTags: TagProbe = async () => true,
): Promise<GitHistory | undefined> {
  const log = ['log', '--no-color', '--no-merges', LOG_FORMAT];
  // Both at once: each `git` process costs a spawn, a few milliseconds of a scan of a small
  // repository (and, on a worker, CPU the other workers wait for). No tags, no second process.
  const [list, tagRefs] = await Promise.all([
    run([...log, `-n${maxCommits}`, 'HEAD'], cwd),
    mayHaveTags().then((may) =>
      may ? run(['for-each-ref', '--format=%(refname:short)%1f%(creatordate:unix)', 'refs/tags'], cwd) : '',
    ),
  ]);
  if (list === undefined) return undefined;
  const commits = parseGitLog(list);
  // The whole history is one commit (a shallow copy, or a new repository): git diffs neither a
  // root nor a shallow boundary (log.showRoot=false), so asking for its size would answer nothing.
  if (commits.length === 1) {
    for (const c of commits) c.sized = false;
    return { commits, tags: parseTags(tagRefs ?? '') };
  }
  // `--shortstat` diffs every commit it prints: over 2,000 commits that took seconds (4.2 s on
  // opentelemetry-demo), against milliseconds for the list alone. Only the window is diffed: the
  // first `sized` commits of the same listing, which hold every commit inside it.
  const newest = commits.reduce((m, c) => Math.max(m, c.time), 0);
  let sized = 0;
  for (let i = 0; i < commits.length; i++)
    if ((commits[i] as { time: number }).time >= newest - SIZED_WINDOW_MS) sized = i + 1;
  // A quiet repository has few commits in the window: size at least its newest 30 all the same.
  sized = Math.max(sized, Math.min(MIN_SIZED, commits.length));
  // A busy window holds hundreds of commits, and diffing them all is most of a scan's time (3.4 s
  // for formbricks' 500): past MAX_DIFFED, the newest 30 and a sample spread evenly over the rest
  // are sized, which is enough for a median; the others count for frequency only.
  const sample = sized > MAX_DIFFED ? spread(commits.slice(0, sized), MAX_DIFFED) : undefined;
  if (sample) for (const c of commits.slice(0, sized)) c.sized = false;
  if (sized > 0) {
    const stat = sample
      ? await run(['show', '--no-color', LOG_FORMAT, '--shortstat', ...sample.map((c) => c.hash)], cwd)
      : await run([...log, '--shortstat', `-n${sized}`, 'HEAD'], cwd);
    if (stat !== undefined) {
      const sizes = new Map(parseGitLog(stat, true).map((c) => [c.hash, c]));
      for (const c of commits) {
        const s = sizes.get(c.hash);
        if (!s) continue;
        c.added = s.added;
        c.deleted = s.deleted;
        if (s.sized === false) c.sized = false;
        else delete c.sized;
      }
    } else {
      // One unreadable object (a blob left out of a partial clone) fails the whole listing: size
      // the newest commits one by one instead, and mark those that cannot be read.
      const some = commits.slice(0, Math.min(sized, MIN_SIZED));
      const one = await Promise.all(
        some.map((c) => run(['show', '--no-color', LOG_FORMAT, '--shortstat', c.hash], cwd)),
      );
      some.forEach((c, i) => {
        const text = one[i];
        const s = text === undefined ? undefined : parseGitLog(text, true)[0];
        if (s && s.sized !== false) {
          c.added = s.added;
          c.deleted = s.deleted;
          delete c.sized;
        } else c.sized = false;
      });
      for (const c of commits.slice(some.length, sized)) c.sized = false;
    }
  }
  return { commits, tags: parseTags(tagRefs ?? '') };
}

/** Parses `git for-each-ref --format=%(refname:short)%1f%(creatordate:unix)` output, oldest first. */
function parseTags(refs: string): GitHistory['tags'] {
  return refs
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [name = '', t = '0'] = l.split('\x1f');
      return { name, time: Number(t) * 1000 };
    })
    .sort((a, b) => a.time - b.time);
}
