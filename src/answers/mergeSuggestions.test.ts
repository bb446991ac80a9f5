import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Assessment } from './assessmentFile.js';
import { mergeSuggestions } from './mergeSuggestions.js';
import type { Answer } from './schema.js';
import { STATUSES, type Suggestion } from './vocabulary.js';

const ids = ['p.1', 'p.2', 'p.3', 'p.4', 'p.5'];
const answer = fc.record({
  status: fc.constantFrom(...STATUSES),
  source: fc.constantFrom('person' as const, 'scan' as const),
});
const suggestion = fc.record({
  practiceId: fc.constantFrom(...ids),
  status: fc.constantFrom('met' as const, 'partial' as const, 'not-met' as const),
  confidence: fc.constantFrom('high' as const, 'medium' as const, 'low' as const),
  evidence: fc.array(fc.constantFrom('a.tf:1', 'b.yml:3'), { maxLength: 2 }),
  summary: fc.constantFrom('found', 'absent'),
  detector: fc.constantFrom('terraform', 'github-actions'),
});

function assessment(entries: [string, { status: Answer['status']; source: Answer['source'] }][]): Assessment {
  const answers = new Map<string, Answer>(
    entries.map(([id, a]) => [
      id,
      { ...a, evidence: [], reason: a.status === 'not-applicable' ? 'r' : undefined },
    ]),
  );
  return { file: 'a.yaml', workload: undefined, modelVersions: {}, context: new Map(), answers, moves: [] };
}

describe('merging suggestions', () => {
  it("never writes over a person's answer, whatever the suggestions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...ids), answer)),
        fc.array(suggestion, { maxLength: 8 }),
        (entries, suggestions: Suggestion[]) => {
          const a = assessment(entries);
          const plan = mergeSuggestions(a, suggestions, '2026-11-25');
          for (const [id, current] of a.answers) {
            if (current.source === 'person' && current.status !== 'unknown')
              assert.ok(!plan.updates.has(id), id);
          }
          for (const written of plan.updates.values()) assert.equal(written.source, 'scan');
        },
      ),
    );
  });

  it('fills blanks, replaces older scan answers, and reports disagreements with people', () => {
    const a = assessment([
      ['p.1', { status: 'not-met', source: 'person' }],
      ['p.2', { status: 'met', source: 'person' }],
      ['p.3', { status: 'unknown', source: 'person' }],
      ['p.4', { status: 'partial', source: 'scan' }],
    ]);
    const s = (practiceId: string, status: Suggestion['status']): Suggestion => ({
      practiceId,
      status,
      confidence: 'high',
      evidence: ['infra/main.tf:1'],
      summary: 'Terraform files',
      detector: 'terraform',
    });
    const plan = mergeSuggestions(
      a,
      [s('p.1', 'met'), s('p.2', 'met'), s('p.3', 'met'), s('p.4', 'met'), s('p.5', 'not-met')],
      'now',
    );
    assert.deepEqual([...plan.updates.keys()], ['p.3', 'p.4', 'p.5']);
    assert.deepEqual(plan.updates.get('p.3'), {
      status: 'met',
      note: 'Terraform files',
      evidence: ['infra/main.tf:1'],
      by: 'waymark scan (terraform)',
      at: 'now',
      source: 'scan',
      confidence: 'high',
    });
    assert.equal(plan.confirmed, 1);
    assert.deepEqual(plan.disagreements, [
      { practiceId: 'p.1', person: 'not-met', suggested: 'met', evidence: ['infra/main.tf:1'] },
    ]);
  });
});
