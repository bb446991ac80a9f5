/** Turns findings into one suggested answer per practice. */
import type { Confidence, Finding, PracticeSuggestion } from './types.js';

const RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

/** Orders findings best first: presence over absence, then confidence, then more evidence. */
function better(a: Finding, b: Finding): number {
  if (a.present !== b.present) return a.present ? -1 : 1;
  return RANK[b.confidence] - RANK[a.confidence] || b.locations.length - a.locations.length;
}

/**
 * For each practice id the best finding decides: present with high or medium confidence → `met`,
 * present with low confidence → `partial`, meaningful absence (no finding present) → `not-met`.
 */
export function suggest(findings: readonly Finding[]): PracticeSuggestion[] {
  const byPractice = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const p of f.practices) {
      let a = byPractice.get(p);
      if (!a) {
        a = [];
        byPractice.set(p, a);
      }
      a.push(f);
    }
  }
  const out: PracticeSuggestion[] = [];
  for (const [practiceId, fs] of byPractice) {
    const best = [...fs].sort(better)[0] as Finding;
    const status = !best.present ? 'not-met' : best.confidence === 'low' ? 'partial' : 'met';
    // Evidence from every finding that agrees with the best one, best first, without duplicates.
    const evidence: string[] = [];
    for (const f of [...fs].sort(better)) {
      if (f.present !== best.present) continue;
      for (const l of f.locations) {
        const s = l.line !== undefined ? `${l.file}:${l.line}` : l.file;
        if (!evidence.includes(s)) evidence.push(s);
      }
    }
    out.push({
      practiceId,
      status,
      confidence: best.confidence,
      evidence,
      summary: best.summary,
      detector: best.detector,
    });
  }
  return out.sort((a, b) => a.practiceId.localeCompare(b.practiceId));
}
