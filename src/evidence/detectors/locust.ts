import { loadTestDetector } from '../lib/loadTest.js';

export default loadTestDetector({
  id: 'locust',
  tool: 'Locust',
  docs: 'Looks for Python files that import locust and define a user class (HttpUser, FastHttpUser, User). A LoadTestShape counts as a load profile; a check of the failure ratio or response times in a quitting handler counts as pass/fail criteria.',
  candidates: (repo) => repo.byExt('.py'),
  signature: /^\s*(from\s+locust(\.\w+)?\s+import|import\s+locust)\b/m,
  also: /\b(HttpUser|FastHttpUser|User|TaskSet)\b/,
  acceptance:
    /environment\.process_exit_code\s*=|stats\.total\.(fail_ratio|avg_response_time|get_response_time_percentile)/,
  types: /\bLoadTestShape\b/,
  typesAreShapes: true,
});
