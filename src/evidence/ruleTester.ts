/**
 * A detector's tests as data, after ESLint's `RuleTester`: each case is a small tree of files and
 * the exact claims the detector must make on it (practice, status, confidence, `file:line`). A
 * practice the case does not list must get no claim at all, so a loose detector fails its tests.
 * Every detector's cases include at least one trap: a tree that mentions the tool without using it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GitRunner } from './git.js';
import { suggest } from './suggest.js';
import { runDetector, tempTree } from './testing.js';
import type { Confidence, Detector, SuggestedStatus } from './types.js';

export interface ExpectedClaim {
  practice: string;
  status: SuggestedStatus;
  confidence?: Confidence;
  /** `path` or `path:line` that must be among the claim's evidence. */
  at?: string | readonly string[];
}

export interface RuleCase {
  name: string;
  files: Record<string, string>;
  /** Every claim the detector makes on this tree; an empty list means it stays silent. */
  claims: readonly ExpectedClaim[];
  /** A false-positive trap: the tool is mentioned, documented or installed, not used. */
  trap?: boolean;
  git?: GitRunner;
}

/** Registers one `node:test` test per case. */
export function ruleTester(detector: Detector, cases: readonly RuleCase[]): void {
  const id = detector.meta.id;
  if (!cases.some((c) => c.trap))
    throw new Error(`${id}: the rule-tester cases need at least one trap (trap: true)`);
  for (const c of cases) {
    for (const e of c.claims)
      if (!detector.meta.practices.includes(e.practice))
        throw new Error(`${id} / ${c.name}: ${e.practice} is not among the detector's practices`);
    test(`${id}: ${c.name}`, async () => {
      const findings = await runDetector(detector, tempTree(c.files), c.git ?? false);
      const actual = new Map(suggest(findings).map((s) => [s.practiceId, s]));
      const show = (m: Map<string, { status: string }>) =>
        Object.fromEntries(
          [...m].map(([k, v]) => [k, v.status]).sort(([a], [b]) => String(a).localeCompare(String(b))),
        );
      const expected = new Map(c.claims.map((e) => [e.practice, e]));
      assert.deepEqual(show(actual), show(expected), `${id} / ${c.name}: claims differ`);
      for (const e of c.claims) {
        const got = actual.get(e.practice);
        if (!got) continue;
        if (e.confidence) assert.equal(got.confidence, e.confidence, `${e.practice}: confidence`);
        for (const where of typeof e.at === 'string' ? [e.at] : (e.at ?? []))
          assert.ok(
            got.evidence.includes(where),
            `${e.practice}: evidence ${JSON.stringify(got.evidence)} lacks ${where}`,
          );
      }
    });
  }
}
