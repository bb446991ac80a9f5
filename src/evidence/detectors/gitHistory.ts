import { defineDetector } from '../defineDetector.js';
import { deployJobs } from '../lib/deploySteps.js';
import { absent, lineOf, present } from '../lib/helpers.js';
import { pipelines } from '../lib/pipelines.js';
import type { Claim, EvidenceLocation, RepoView } from '../types.js';

const P = {
  small: 'oe.2.improvement.small-increments',
  cadence: 'oe.2.deployment-strategy.cadence',
  smallReleases: 'oe.4.build-optimization.small-updates',
};
/** Newest commits judged when the 90-day window holds fewer than ten (sized by `git.ts`). */
const QUIET_SAMPLE = 30;
const DAY = 86_400_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Releases in the half year up to the newest commit: a median gap of two weeks or less between
 * tags, each carrying a median of at most 40 commits, shows small frequent releases (medium); up to
 * five weeks, partial. Tags are releases here, which holds for most projects that tag at all.
 */
function smallReleases(tags: number[], commits: { time: number }[], newest: number): Claim[] {
  const recent = tags.filter((t) => t > newest - 183 * DAY);
  if (recent.length < 4) return [];
  const gaps = recent.slice(1).map((t, i) => (t - (recent[i] as number)) / DAY);
  const batch = recent
    .slice(1)
    .map((t, i) => commits.filter((c) => c.time > (recent[i] as number) && c.time <= t).length);
  const gap = median(gaps);
  const size = median(batch);
  if (size > 40 || gap > 35) return [];
  return [
    present(
      [P.smallReleases],
      gap <= 16 ? 'medium' : 'low',
      [{ file: '.git' }],
      `${recent.length} releases in six months, about every ${Math.max(1, Math.round(gap))} days, a median of ${size} commits each`,
    ),
  ];
}

export default defineDetector({
  meta: {
    id: 'git-history',
    title: 'Commit and release history (git)',
    practices: Object.values(P),
    docs: 'Runs git in the repository root (when it holds .git) to read up to 2,000 recent commits and the tags. Over the 90 days up to the newest commit (or the life of a younger repository, at least a week): at least three commits a week with a median change under 200 lines shows small, frequent increments; a median under 200 lines at one commit in three weeks or more still shows small increments (low); rarer or larger changes show the opposite (low confidence: squash merges and monorepos blur this). Three or more tags in the last year at a regular interval show a release cadence; tags in the last half year about every two weeks (partial up to five), each with few commits, show small frequent releases. A quiet repository is judged on its newest 30 commits. A pipeline that deploys on every push to the main branch, with commits at least three times a week, shows continuous deployment: a cadence (when no tags give one) and small releases (when tags do not say otherwise), both low.',
  },
  async detect(repo) {
    const h = await repo.gitHistory();
    if (!h || h.commits.length === 0) return [];
    const out: Claim[] = [];
    const newest = Math.max(...h.commits.map((c) => c.time));
    const oldest = Math.min(...h.commits.map((c) => c.time));
    // A young repository is judged over its own life, not over 90 days it did not exist.
    let days = Math.max(7, Math.min(90, (newest - oldest) / DAY));
    let recent = h.commits.filter((c) => c.time >= newest - days * DAY);
    if (recent.length < 10 && h.commits.length >= 10) {
      // A quiet repository: judge its newest commits over the time they took.
      recent = [...h.commits].sort((a, b) => b.time - a.time).slice(0, QUIET_SAMPLE);
      days = Math.max(7, (newest - Math.min(...recent.map((c) => c.time))) / DAY);
    }
    const perWeek = recent.length / (days / 7);
    // Commits whose size could not be read (a partial clone) count for frequency, not for size.
    const sizedRecent = recent.filter((c) => c.sized !== false);
    const size = median(sizedRecent.map((c) => c.added + c.deleted));
    const where = [{ file: '.git' }];
    const desc = `${perWeek.toFixed(1)} commits a week over ${Math.round(days)} days, median ${Math.round(size)} lines changed`;
    if (recent.length >= 10 && sizedRecent.length >= 5) {
      // Size first: small focused commits are increments even at one every three weeks, the pace of
      // a maintained sample or a settled service; rarer than that is a trickle.
      if (size <= 200 && perWeek >= 3)
        out.push(present([P.small], 'medium', where, `small, frequent changes: ${desc}`));
      else if ((size <= 200 && perWeek >= 0.3) || (perWeek >= 1 && size <= 500))
        out.push(present([P.small], 'low', where, `small changes, not very frequent: ${desc}`));
      else out.push(absent([P.small], 'low', `large or infrequent changes: ${desc}`, where));
    }
    const tags = h.tags
      .filter((t) => t.time > newest - 365 * DAY)
      .map((t) => t.time)
      .sort((a, b) => a - b);
    if (tags.length >= 3) {
      const gaps = tags.slice(1).map((t, i) => (t - (tags[i] as number)) / DAY);
      const mid = median(gaps);
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
      const regular = mean > 0 && sd / mean < 1;
      out.push(...smallReleases(tags, h.commits, newest));
      out.push(
        present(
          [P.cadence],
          regular ? 'medium' : 'low',
          where,
          `${tags.length} tags in the last year, about every ${Math.max(1, Math.round(mid))} days${regular ? '' : ' (irregular)'}`,
        ),
      );
    }
    // Continuous deployment: every push to the main branch deploys, and pushes come several times a
    // week, so each release carries a merge or two. Tags, where they say so, say more.
    const continuous = perWeek >= 3 && recent.length >= 10 ? await deploysOnPush(repo) : [];
    if (continuous.length) {
      const what = `every push to the main branch deploys, at ${perWeek.toFixed(1)} commits a week`;
      const has = (p: string) => out.some((c) => c.practices.includes(p));
      if (!has(P.cadence)) out.push(present([P.cadence], 'low', [...continuous, ...where], what));
      if (!has(P.smallReleases))
        out.push(
          present([P.smallReleases], 'low', [...continuous, ...where], `${what}: each release is small`),
        );
    }
    return out;
  },
});

/** Pipelines that deploy a shared environment on every push to the main branch (GitHub, Azure Pipelines). */
async function deploysOnPush(repo: RepoView): Promise<EvidenceLocation[]> {
  const jobs = deployJobs(await pipelines(repo)).filter((j) => !j.throwaway);
  const out: EvidenceLocation[] = [];
  for (const p of new Set(jobs.map((j) => j.pipeline))) {
    const on = p.text.match(/^on\s*:[\s\S]*?^(?=\S)/m)?.[0] ?? p.text.match(/^on\s*:.*$/m)?.[0] ?? '';
    const gh = p.system === 'github-actions' && /\bpush\b/.test(on) && !/^\s+tags\s*:/m.test(on);
    const ado = p.system === 'azure-pipelines' && /^trigger\s*:(?!\s*none\b)/m.test(p.text);
    if (gh || ado) out.push({ file: p.file, line: lineOf(p.text, gh ? /^on\s*:/m : /^trigger\s*:/m) ?? 1 });
  }
  return out.slice(0, 3);
}
