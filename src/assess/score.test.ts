import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answer, Assessment, Status } from '../answers/index.js';
import { type Model, ModelSet, parseModel } from '../model/index.js';
import { tally } from './coverage.js';
import { scoreAssessment } from './score.js';

const MODEL_YAML = `
id: tiny
key: ti
title: Tiny
version: 1.0.0
description: A small model for tests.
levels:
  - level: 1
    name: One
    goal: Start.
    strategies:
      - id: ti.1.s
        title: First strategy
        summary: First.
        practices:
          - { id: ti.1.s.a, statement: A holds., why: w, evidence: e, risk: low, nextStep: do a }
          - { id: ti.1.s.b, statement: B holds., why: w, evidence: e, risk: high, nextStep: do b }
  - level: 2
    name: Two
    goal: Grow.
    strategies:
      - id: ti.2.s
        title: Second strategy
        summary: Second.
        practices:
          - { id: ti.2.s.c, statement: C holds., why: w, evidence: e, risk: medium, nextStep: do c }
          - { id: ti.2.s.d, statement: D holds., why: w, evidence: e, risk: high, nextStep: do d }
`;

const model: Model = parseModel(MODEL_YAML, 'tiny.yaml');
const models = new ModelSet([model]);

function assessment(statuses: Record<string, Status>): Assessment {
  const answers = new Map<string, Answer>(
    Object.entries(statuses).map(([id, status]) => [
      id,
      { status, evidence: [], source: 'person', reason: status === 'not-applicable' ? 'r' : undefined },
    ]),
  );
  return { file: 'a.yaml', workload: 'w', modelVersions: {}, context: new Map(), answers, moves: [] };
}

describe('scoring', () => {
  it('reports the level, the blocking practices and coverage per level', () => {
    const score = scoreAssessment(
      models,
      assessment({ 'ti.1.s.a': 'met', 'ti.1.s.b': 'not-applicable', 'ti.2.s.c': 'partial' }),
    );
    const pillar = score.pillars[0];
    assert.ok(pillar);
    assert.equal(pillar.level, 1);
    assert.equal(pillar.levelName, 'One');
    assert.deepEqual(
      pillar.blocking.map((b) => [b.id, b.status]),
      [
        ['ti.2.s.c', 'partial'],
        ['ti.2.s.d', 'unknown'],
      ],
    );
    assert.equal(pillar.levels[0]?.coverage, 1);
    assert.equal(pillar.levels[1]?.coverage, 0.25);
  });

  it('orders the plan by level, then risk, then how far along it is', () => {
    const score = scoreAssessment(models, assessment({ 'ti.1.s.a': 'not-met', 'ti.2.s.c': 'partial' }));
    assert.deepEqual(
      score.plan.map((p) => p.practiceId),
      ['ti.1.s.b', 'ti.1.s.a', 'ti.2.s.d', 'ti.2.s.c'],
    );
    assert.deepEqual(
      score.plan.map((p) => p.rank),
      [1, 2, 3, 4],
    );
    assert.equal(score.plan[0]?.nextStep, 'do b');
  });

  it('treats unanswered practices as unknown', () => {
    const score = scoreAssessment(models, assessment({}));
    assert.equal(score.pillars[0]?.level, 0);
    assert.equal(score.plan.length, 4);
    assert.ok(score.plan.every((p) => p.status === 'unknown'));
  });
});

describe('coverage', () => {
  it('counts met as 1 and partial as 0.5 over applicable practices', () => {
    assert.equal(tally(['met', 'partial', 'not-met', 'unknown']).coverage, 0.375);
    assert.equal(tally(['met', 'not-applicable']).coverage, 1);
    assert.equal(tally(['not-applicable']).coverage, 1);
    assert.equal(tally(['partial', 'partial']).coverage, 0.5);
  });
});
