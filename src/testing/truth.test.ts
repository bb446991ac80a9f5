import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PracticeSuggestion } from '../evidence/index.js';
import { type LabelFile, parseLabels, precision, recall, scoreTruth } from './truth.js';

const HEAD = 'repo: o/r\ncommit: 0123456789abcdef0123456789abcdef01234567\npractices:\n';
const IDS = ['a.x', 'a.y', 'b.z'];

test('a complete label file parses', () => {
  const l = parseLabels(
    'l.yaml',
    `${HEAD}  a.x: { status: present, paths: [f.tf], why: "IaC" }\n  a.y: { status: absent, why: "none" }\n  b.z: { status: not-detectable, why: "people" }\n`,
    IDS,
  );
  assert.equal(l.practices.get('a.x')?.status, 'present');
  assert.equal(l.practices.size, 3);
});

test('a label file with a todo, a missing id, an unknown id or a present without paths is refused', () => {
  const bad = [
    `${HEAD}  a.x: { status: todo, why: "" }\n  a.y: { status: absent, why: "n" }\n  b.z: { status: absent, why: "n" }\n`,
    `${HEAD}  a.x: { status: absent, why: "n" }\n  a.y: { status: absent, why: "n" }\n`,
    `${HEAD}  a.x: { status: absent, why: "n" }\n  a.y: { status: absent, why: "n" }\n  b.z: { status: absent, why: "n" }\n  c.q: { status: absent, why: "n" }\n`,
    `${HEAD}  a.x: { status: present, why: "n" }\n  a.y: { status: absent, why: "n" }\n  b.z: { status: absent, why: "n" }\n`,
    `${HEAD}  a.x: { status: absent, why: "n" }\n  a.x: { status: absent, why: "n" }\n`,
  ];
  const expected = [/status/, /b\.z has no label/, /c\.q is not a practice/, /names no paths/, /l\.yaml/];
  for (const [i, text] of bad.entries())
    assert.throws(
      () => parseLabels('l.yaml', text, IDS),
      (e: Error) => {
        const all = 'errors' in e ? (e.errors as Error[]).map((x) => x.message).join('\n') : e.message;
        return (expected[i] as RegExp).test(all) && all.includes('l.yaml');
      },
      `case ${i}`,
    );
});

const labels = (entries: Record<string, 'present' | 'absent' | 'not-detectable'>): LabelFile => ({
  repo: 'o/r',
  commit: '0'.repeat(40),
  practices: new Map(
    Object.entries(entries).map(([k, status]) => [
      k,
      { status, why: 'w', ...(status === 'present' ? { paths: ['p'] } : {}) },
    ]),
  ),
});
const suggestion = (practiceId: string, status: PracticeSuggestion['status']): PracticeSuggestion => ({
  practiceId,
  status,
  confidence: 'high',
  evidence: [],
  summary: 's',
  detector: 'd',
});

test('scoring counts claims against present labels at practice and strategy level', () => {
  const strategies = new Map([
    ['a', ['a.x', 'a.y']],
    ['b', ['b.z']],
    ['c', ['c.q']],
  ]);
  const score = scoreTruth(
    [
      {
        name: 'r',
        labels: labels({ 'a.x': 'present', 'a.y': 'absent', 'b.z': 'absent', 'c.q': 'not-detectable' }),
        suggestions: [suggestion('a.y', 'met'), suggestion('b.z', 'partial'), suggestion('c.q', 'not-met')],
        findings: [],
      },
    ],
    strategies,
  );
  // Practices: a.x missed, a.y and b.z false claims.
  assert.deepEqual(score.practices, { truePositive: 0, falsePositive: 2, falseNegative: 1 });
  // Strategies: a is present and claimed (through a.y), b is claimed but absent, c is undecidable.
  assert.deepEqual(score.strategies, { truePositive: 1, falsePositive: 1, falseNegative: 0 });
  assert.equal(precision(score.strategies), 0.5);
  assert.equal(recall(score.strategies), 1);
  assert.deepEqual(score.disagreements.map((d) => `${d.practice}:${d.kind}`).sort(), [
    'a.x:miss',
    'a.y:false-claim',
    'b.z:false-claim',
    'c.q:absence-not-detectable',
  ]);
  assert.equal(recall({ truePositive: 0, falsePositive: 0, falseNegative: 0 }), undefined);
});
