import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Answer, type Assessment, STATUSES, type Status } from '../answers/index.js';
import { ModelSet, parseModel } from '../model/index.js';
import { type AcceptedRisk, isExpired, levelsWithAcceptedRisks } from './acceptedRisks.js';
import { scoreAssessment } from './score.js';

const practice = (level: number, name: string) =>
  `          - { id: ri.${level}.s.${name}, statement: ${name} holds., why: w, evidence: e, risk: low, nextStep: do }`;
const level = (n: number) => `  - level: ${n}
    name: L${n}
    goal: Goal ${n}.
    strategies:
      - id: ri.${n}.s
        title: Strategy ${n}
        summary: S.
        practices:
${practice(n, 'a')}
${practice(n, 'b')}`;
const models = new ModelSet([
  parseModel(
    `id: risky\nkey: ri\ntitle: Risky\nversion: 1.0.0\ndescription: For tests.\nlevels:\n${[1, 2, 3, 4].map(level).join('\n')}\n`,
    'risky.yaml',
  ),
]);
const IDS = [1, 2, 3, 4].flatMap((n) => [`ri.${n}.s.a`, `ri.${n}.s.b`]);
const TODAY = '2026-12-02';

function assessment(statuses: readonly Status[]): Assessment {
  const answers = new Map<string, Answer>(
    IDS.map((id, i) => {
      const status = statuses[i] ?? 'unknown';
      return [
        id,
        { status, evidence: [], source: 'person', reason: status === 'not-applicable' ? 'r' : undefined },
      ];
    }),
  );
  return { file: 'a.yaml', workload: 'w', modelVersions: {}, context: new Map(), answers, moves: [] };
}

function risk(practiceId: string, expires: string): AcceptedRisk {
  return { practiceId, owner: 'Ana', reason: 'planned for Q1', expires };
}

function levels(statuses: readonly Status[], risks: readonly AcceptedRisk[]) {
  const pillar = levelsWithAcceptedRisks(scoreAssessment(models, assessment(statuses)), risks, TODAY)
    .pillars[0];
  assert.ok(pillar);
  return pillar;
}

const statuses = fc.array(fc.constantFrom(...STATUSES), { minLength: IDS.length, maxLength: IDS.length });
/** Expiry dates on both sides of TODAY, including TODAY itself (the day it stops counting). */
const expires = fc.constantFrom('2026-11-30', '2026-12-01', TODAY, '2026-12-03', '2027-06-30');
const oneRisk = fc
  .record({ practiceId: fc.constantFrom(...IDS, 'other.1.x'), expires })
  .map((r) => risk(r.practiceId, r.expires));
const risks = fc.array(oneRisk, { maxLength: 6 });

describe('accepted risks', () => {
  it('counts an in-date acceptance as met in the second level only', () => {
    const s: Status[] = ['met', 'not-met', 'met', 'met', 'partial', 'met', 'met', 'met'];
    const p = levels(s, [risk('ri.1.s.b', '2027-01-01'), risk('ri.3.s.a', '2027-01-01')]);
    assert.equal(p.reached, 0);
    assert.equal(p.withAccepted, 4);
    assert.deepEqual(
      p.acceptances.map((a) => a.state),
      ['counted', 'counted'],
    );
  });

  it('stops counting on the expiry date itself and marks the acceptance expired', () => {
    const s: Status[] = ['met', 'not-met', 'met', 'met', 'met', 'met', 'met', 'met'];
    assert.equal(levels(s, [risk('ri.1.s.b', '2026-12-03')]).withAccepted, 4);
    const p = levels(s, [risk('ri.1.s.b', TODAY)]);
    assert.equal(p.withAccepted, 0);
    assert.equal(p.acceptances[0]?.state, 'expired');
    assert.ok(isExpired({ expires: TODAY }, TODAY));
    assert.ok(!isExpired({ expires: '2026-12-03' }, TODAY));
  });

  it('marks acceptances of practices that hold as not needed, and lists ids no pillar scores', () => {
    const s: Status[] = ['met', 'met', 'met', 'met', 'met', 'met', 'met', 'met'];
    const all = levelsWithAcceptedRisks(
      scoreAssessment(models, assessment(s)),
      [risk('ri.1.s.a', '2027-01-01'), risk('nowhere.1.x', '2027-01-01')],
      TODAY,
    );
    assert.equal(all.pillars[0]?.acceptances[0]?.state, 'not-needed');
    assert.deepEqual(
      all.unmatched.map((r) => r.practiceId),
      ['nowhere.1.x'],
    );
  });

  it('property: accepting a risk never lowers either level', () => {
    fc.assert(
      fc.property(statuses, risks, oneRisk, (s, before, extra) => {
        const a = levels(s, before);
        const b = levels(s, [...before, extra]);
        return b.reached >= a.reached && b.withAccepted >= a.withAccepted && b.withAccepted >= b.reached;
      }),
    );
  });

  it('property: the reached level never counts an acceptance', () => {
    fc.assert(
      fc.property(statuses, risks, (s, rs) => {
        const plain = scoreAssessment(models, assessment(s)).pillars[0]?.level;
        return levels(s, rs).reached === plain && levels(s, []).withAccepted === plain;
      }),
    );
  });

  it('property: an expired acceptance counts nowhere', () => {
    fc.assert(
      fc.property(statuses, risks, (s, rs) => {
        const inDate = rs.filter((r) => !isExpired(r, TODAY));
        const all = levels(s, rs);
        const only = levels(s, inDate);
        const expiredStates = all.acceptances.filter((a) => isExpired(a.risk, TODAY)).map((a) => a.state);
        return (
          all.reached === only.reached &&
          all.withAccepted === only.withAccepted &&
          expiredStates.every((st) => st === 'expired')
        );
      }),
    );
  });
});
