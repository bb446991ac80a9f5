/**
 * A load-test run as the chart tests need one: a JTL written here (no other project's file), with
 * twenty flows, a ramp-up, a flow that fails and flows that can be made slower. Test helper only.
 */
import { writeFileSync } from 'node:fs';

// Twenty flows, some with long names, as a real test plan has them.
export const FLOWS = Array.from({ length: 20 }, (_, i) =>
  i % 5 === 0
    ? `GET /api/v2/catalogue/products/{id}/reviews?page=${i}&sort=newest`
    : `${i % 3 ? 'GET' : 'POST'} /api/${['cart', 'orders', 'search', 'login', 'stock'][i % 5]}/${i}`,
);

/**
 * A JTL of 150 s at about 240 requests per second after a 30 s ramp-up, seeded so that every run
 * of the test draws the same; one flow fails 5% of its requests with 500 or 503, and `slow`
 * flows take 40% longer.
 */
export function writeJtl(path: string, slow: readonly number[] = []): void {
  let seed = 11;
  const rnd = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const t0 = Date.UTC(2024, 4, 1, 8, 0, 12);
  const lines = ['timeStamp,elapsed,label,responseCode,success'];
  for (let t = 0; t < 150_000; t += 4) {
    if (rnd() > Math.min(1, (t + 2_000) / 30_000)) continue;
    const i = Math.floor(rnd() * FLOWS.length);
    const base = 20 + i * 9;
    const tail = rnd() < 0.02 ? 6 : 1;
    const ms = Math.round(
      base * (slow.includes(i) ? 1.4 : 1) * (0.6 + rnd() * 0.8) * tail * (t < 30_000 ? 1.3 : 1),
    );
    const failed = i === 7 && rnd() < 0.05;
    const code = failed ? (rnd() < 0.5 ? 500 : 503) : 200;
    lines.push(`${t0 + t},${ms},${FLOWS[i]},${code},${!failed}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Targets for the first four flows, and every flow named, so each is a flow of its own. */
export const TARGETS = `version: 1
defaults:
  window: 30s
flows:
${FLOWS.map(
  (f, i) =>
    `  - name: ${JSON.stringify(f)}\n    match: { labels: [${JSON.stringify(f)}] }${i < 4 ? `\n    targets: { p95: ${(20 + i * 9) * 1.8}ms, p99: ${(20 + i * 9) * 9}ms, errorRate: 1% }` : ''}`,
).join('\n')}
`;
