/**
 * Steps and jobs that run an action or reusable workflow kept in another repository of the
 * organisation (`uses: org/github-actions/deploy-domains-env@v1`,
 * `uses: org/shared-workflows/.github/workflows/deploy_env.yml@v2`). Their code is not in the
 * repository, but their names are chosen to say what they do, and the inputs they are handed
 * (an environment, a scanner's token) say what for. Only paths below a repository count: an
 * action at the root of its own repository (`owner/some-action@v1`) is a public tool whose name is
 * its brand, read by the detectors that know it.
 */

/**
 * A `uses:` line of a shared step whose last path segment has one of `words` as a part of its
 * name (split at `-`, `_` and `.`): `sharedUses('deploy')` matches `org/actions/deploy-env@v1` and
 * `org/wf/.github/workflows/cd_deploy.yml@main`, not `org/actions/redeployer@v1`.
 */
export function sharedUses(words: string, unless?: string): RegExp {
  // Checked at the start of the last segment: none of its parts is one of `unless`.
  const not = unless ? `(?!(?:[\\w.]*[-_.])?(?:${unless})(?:[-_.][\\w.-]*)?@)` : '';
  return new RegExp(
    String.raw`^\s*(?:-\s*)?uses\s*:\s*['"]?[\w.-]+\/[\w.-]+\/(?:[\w.-]+\/)*${not}(?:[\w.]*[-_.])?(?:${words})(?:[-_.][\w.-]*)?@`,
    'm',
  );
}

/** One shared step of a pipeline: its line, the last segment of its path, the inputs it is handed. */
export interface SharedStep {
  /** 1-based line of the `uses:` line. */
  line: number;
  name: string;
  /** `key: value` lines under its `with:`. */
  inputs: Map<string, string>;
}

const USES = /^(\s*)(?:-\s*)?uses\s*:\s*['"]?[\w.-]+\/[\w.-]+\/(?:[\w.-]+\/)*([\w.-]+?)(?:\.ya?ml)?@/;

/** Every shared step of a GitHub Actions pipeline, with the inputs under its `with:`. */
export function sharedSteps(text: string): SharedStep[] {
  const lines = text.split('\n');
  const out: SharedStep[] = [];
  lines.forEach((l, i) => {
    const m = USES.exec(l);
    if (!m) return;
    // The step's keys sit at the indentation of `uses:` (after a `- `); its inputs one level deeper.
    const base = l.replace(/^(\s*)-\s*/, (d) => ' '.repeat(d.length)).search(/\S/);
    const inputs = new Map<string, string>();
    let inWith = false;
    for (let k = i + 1; k < lines.length; k++) {
      const x = lines[k] as string;
      if (!x.trim() || /^\s*#/.test(x)) continue;
      const at = x.search(/\S/);
      if (at < base || (at === base && /^\s*-/.test(x))) break;
      if (at === base) inWith = /^\s*with\s*:\s*$/.test(x);
      else if (inWith) {
        const kv = /^\s*([\w-]+)\s*:\s*(.*)$/.exec(x);
        if (kv) inputs.set(kv[1] as string, (kv[2] as string).trim());
      }
    }
    out.push({ line: i + 1, name: m[2] as string, inputs });
  });
  return out;
}
