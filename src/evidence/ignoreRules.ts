/**
 * `.gitignore`-style rules as the walker applies them: one matcher per ignore file, the deepest file
 * with an opinion deciding, as in git.
 */
import type { Ignore } from 'ignore';
import ignore from 'ignore';

export interface Matcher {
  /** Directory of the ignore file, relative to the root, with a trailing `/` (or `''`). */
  base: string;
  test: (path: string) => { ignored: boolean; unignored: boolean };
}

type RuleManager = { test(path: string, mode: string): { ignored: boolean; unignored: boolean } };

/**
 * `Ignore#test` re-checks every parent directory of a path and caches each answer, which is most
 * of the cost of a large walk and is not needed here: the walker never enters an ignored
 * directory. The rule manager inside the `ignore` package tests one path alone; it is used when it
 * behaves as expected on a known sample, and the public API otherwise.
 */
export function tester(ig: Ignore): Matcher['test'] {
  const rules = (ig as unknown as { _rules?: RuleManager })._rules;
  if (rules && typeof rules.test === 'function' && FAST_RULES_OK) return (p) => rules.test(p, 'regex');
  return (p) => ig.test(p);
}

const FAST_RULES_OK = (() => {
  try {
    const ig = ignore().add(['*.log', 'build/', '!keep.log']);
    const rules = (ig as unknown as { _rules?: RuleManager })._rules;
    if (!rules) return false;
    const t = (p: string) => rules.test(p, 'regex');
    return (
      t('a/b.log').ignored &&
      !t('a/b.txt').ignored &&
      t('x/build/').ignored &&
      !t('build').ignored &&
      t('keep.log').unignored
    );
  } catch {
    return false;
  }
})();

export function ignoredBy(matchers: readonly Matcher[], rel: string, isDir: boolean): boolean {
  // The deepest ignore file with an opinion wins, as in git.
  for (let i = matchers.length - 1; i >= 0; i--) {
    const m = matchers[i] as Matcher;
    if (!rel.startsWith(m.base)) continue;
    const local = rel.slice(m.base.length) + (isDir ? '/' : '');
    try {
      const r = m.test(local);
      if (r.ignored) return true;
      if (r.unignored) return false;
    } catch {
      // a name the ignore library cannot handle: treat as not ignored
    }
  }
  return false;
}
