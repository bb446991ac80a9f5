import { loadTestDetector } from '../lib/loadTest.js';

export default loadTestDetector({
  id: 'k6',
  tool: 'k6',
  docs: 'Looks for JavaScript or TypeScript files that import the k6 runtime (k6, k6/http). A file that merely mentions k6 is not a script. In a repository with many JavaScript files, at most 600 are read, those in load/perf/k6-like folders first. thresholds count as pass/fail criteria; stages or scenarios as load profiles. Profiles count as stress, spike or soak tests only where a script or its path names them so: a ramp is part of every load test.',
  candidates: (repo) => repo.byExt('.js', '.ts', '.mjs'),
  signature: /^\s*import\s+[^;]*?from\s+['"]k6(\/[\w/-]+)?['"]/m,
  acceptance: /^\s*thresholds\s*:/m,
  types: /^\s*(stages|scenarios)\s*:/m,
});
