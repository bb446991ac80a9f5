import { loadTestDetector } from '../lib/loadTest.js';

export default loadTestDetector({
  id: 'gatling',
  tool: 'Gatling',
  docs: 'Looks for Scala, Java or Kotlin simulations that import io.gatling and extend Simulation. assertions(...) count as pass/fail criteria; ramp, constant-rate and stress injection profiles as load profiles. Profiles count as stress, spike or soak tests only where a script or its path names them so: a ramp is part of every load test.',
  candidates: (repo) => repo.byExt('.scala', '.java', '.kt'),
  signature: /^\s*import\s+(static\s+)?io\.gatling\./m,
  also: /\bSimulation\b/,
  acceptance: /\.assertions\s*\(|\bassertions\s*\(/,
  types: /\b(rampUsers|rampUsersPerSec|constantUsersPerSec|stressPeakUsers|incrementUsersPerSec)\b/,
});
