/**
 * Where commit times come from: a small interface that git (the CLI, the server's registered
 * repository) or a test can supply. The change a deployment carries is the commits reachable from
 * its head and not from the previous deployment's head, as `git rev-list base..head` has it.
 */

export interface Commit {
  sha: string;
  /** Commit time, ms since the epoch. */
  time: number;
}

export interface CommitSource {
  /** One commit by its SHA, or `undefined` when it is not known. */
  commit(sha: string): Commit | undefined;
  /**
   * The commits reachable from `head` and not from `base`, newest first; `undefined` when `head`
   * is unknown. `base` unknown counts as no base: the walk then stops at `limit` commits.
   */
  change(head: string, base: string | undefined, limit?: number): readonly Commit[] | undefined;
}

export interface GraphCommit extends Commit {
  parents: readonly string[];
}

/** How many commits one change may hold before the walk stops (a first deployment of a long history). */
export const MAX_CHANGE_COMMITS = 10_000;

/** Binary heap of commits, newest first, for the walk below. */
class NewestFirst {
  private readonly items: GraphCommit[] = [];
  get size() {
    return this.items.length;
  }
  push(c: GraphCommit) {
    const a = this.items;
    a.push(c);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as GraphCommit).time >= c.time) break;
      a[i] = a[p] as GraphCommit;
      i = p;
    }
    a[i] = c;
  }
  pop(): GraphCommit | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && (a[l] as GraphCommit).time > (m === i ? last.time : (a[m] as GraphCommit).time))
          m = l;
        if (r < a.length && (a[r] as GraphCommit).time > (m === i ? last.time : (a[m] as GraphCommit).time))
          m = r;
        if (m === i) break;
        a[i] = a[m] as GraphCommit;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * A commit source over a list of commits with their parents (`git log --format='%H %ct %P'`). The
 * walk is git's: newest commit first, marks from the base spread to parents, and it ends once
 * every commit still queued is reachable from the base.
 */
export function commitGraph(commits: readonly GraphCommit[]): CommitSource {
  const bySha = new Map<string, GraphCommit>();
  for (const c of commits) {
    const sha = c.sha.toLowerCase();
    bySha.set(sha, { sha, time: c.time, parents: c.parents.map((p) => p.toLowerCase()) });
  }
  return {
    commit(sha) {
      const c = bySha.get(sha.toLowerCase());
      return c ? { sha: c.sha, time: c.time } : undefined;
    },
    change(head, base, limit = MAX_CHANGE_COMMITS) {
      const start = bySha.get(head.toLowerCase());
      if (!start) return undefined;
      const fromBase = new Set<string>();
      const seen = new Set<string>([start.sha]);
      const queue = new NewestFirst();
      queue.push(start);
      const b = base ? bySha.get(base.toLowerCase()) : undefined;
      if (b) {
        if (b.sha === start.sha) return [];
        fromBase.add(b.sha);
        seen.add(b.sha);
        queue.push(b);
      }
      let pendingHead = 1;
      const out: Commit[] = [];
      const emitted = new Set<string>();
      while (queue.size > 0 && pendingHead > 0) {
        const c = queue.pop() as GraphCommit;
        const baseSide = fromBase.has(c.sha);
        if (!baseSide) {
          pendingHead--;
          out.push({ sha: c.sha, time: c.time });
          emitted.add(c.sha);
          if (out.length >= limit) break;
        }
        for (const p of c.parents) {
          const parent = bySha.get(p);
          if (!parent) continue;
          if (seen.has(parent.sha)) {
            // Reached from both sides: the base's mark wins, and the head side no longer waits on it.
            if (baseSide && !fromBase.has(parent.sha)) {
              fromBase.add(parent.sha);
              if (!emitted.has(parent.sha)) pendingHead--;
            }
            continue;
          }
          seen.add(parent.sha);
          if (baseSide) fromBase.add(parent.sha);
          else pendingHead++;
          queue.push(parent);
        }
      }
      // A commit listed before the base's marks reached it belongs to the base after all.
      return out.filter((c) => !fromBase.has(c.sha));
    },
  };
}

/** Parses `git log --format=%H%x1f%ct%x1f%P` output (commit time in seconds, parents space-separated). */
export function parseGitGraph(text: string): GraphCommit[] {
  const out: GraphCommit[] = [];
  for (const line of text.split('\n')) {
    const [sha, ct, parents] = line.split('\x1f');
    if (!sha || !ct) continue;
    out.push({ sha, time: Number(ct) * 1000, parents: parents ? parents.split(' ').filter(Boolean) : [] });
  }
  return out;
}
