/**
 * Answers built once per key (a team) and data version, shared by every request that asks for
 * them while they are built. After a write, a page full of viewers asks at once with a cold
 * cache; without sharing, each request built the same portfolio again (about 0.3 s of CPU for
 * 10,000 workloads), and twenty connections kept both cores busy for seconds (p99 of 2.1 s at
 * 300 req/s in bench/server/instances.mjs, 247 ms with the build shared).
 */
import type { JsonAnswer } from './jsonAnswer.js';

export class SharedAnswers {
  private readonly held = new Map<string, { version: number; answer: Promise<JsonAnswer> }>();

  /** The answer for `key` at `version`: the one held or being built, else `build()`'s. */
  get(key: string, version: number, build: () => Promise<JsonAnswer>): Promise<JsonAnswer> {
    const hit = this.held.get(key);
    if (hit?.version === version) return hit.answer;
    const answer = build();
    // A request that read an older version than the one held answers without replacing it.
    if (hit && hit.version > version) return answer;
    const entry = { version, answer };
    this.held.set(key, entry);
    // A failed build is not kept: the next request tries again.
    answer.catch(() => {
      if (this.held.get(key) === entry) this.held.delete(key);
    });
    return answer;
  }
}
