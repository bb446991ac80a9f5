import { defineDetector } from '../defineDetector.js';
import { absent, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = { small: 'oe.2.improvement.small-increments', cadence: 'oe.2.deployment-strategy.cadence' };
const DAY = 86_400_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export default defineDetector({
  meta: {
    id: 'git-history',
    title: 'Commit and release history (git)',
    practices: Object.values(P),
    docs: 'Runs git in the repository root (when it holds .git) to read up to 2,000 recent commits and the tags. Over the 90 days up to the newest commit (or the life of a younger repository, at least a week): at least three commits a week with a median change under 200 lines shows small, frequent increments; fewer than one a week with large changes shows the opposite (low confidence: squash merges and monorepos blur this). Three or more tags in the last year at a regular interval show a release cadence.',
  },
  async detect(repo) {
    const h = await repo.gitHistory();
    if (!h || h.commits.length === 0) return [];
    const out: Claim[] = [];
    const newest = Math.max(...h.commits.map((c) => c.time));
    const oldest = Math.min(...h.commits.map((c) => c.time));
    // A young repository is judged over its own life, not over 90 days it did not exist.
    const days = Math.max(7, Math.min(90, (newest - oldest) / DAY));
    const recent = h.commits.filter((c) => c.time >= newest - days * DAY);
    const perWeek = recent.length / (days / 7);
    const size = median(recent.map((c) => c.added + c.deleted));
    const where = [{ file: '.git' }];
    const desc = `${perWeek.toFixed(1)} commits a week over ${Math.round(days)} days, median ${Math.round(size)} lines changed`;
    if (recent.length >= 10) {
      if (perWeek >= 3 && size <= 200)
        out.push(present([P.small], 'medium', where, `small, frequent changes: ${desc}`));
      else if (perWeek >= 1 && size <= 500)
        out.push(present([P.small], 'low', where, `changes of moderate size and frequency: ${desc}`));
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
      out.push(
        present(
          [P.cadence],
          regular ? 'medium' : 'low',
          where,
          `${tags.length} tags in the last year, about every ${Math.max(1, Math.round(mid))} days${regular ? '' : ' (irregular)'}`,
        ),
      );
    }
    return out;
  },
});
