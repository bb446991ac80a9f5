import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { loadBuiltinModels, ModelSet, parseModel } from '../model/index.js';
import { tempDir } from '../testing/index.js';
import { parseAssessment } from './assessmentFile.js';
import { initialAssessmentText, writeAnswers } from './writeAssessment.js';

const models = new ModelSet(loadBuiltinModels());

function errorsOf(text: string, set = models): InputError[] {
  try {
    parseAssessment(text, 'w.yaml', set);
    return [];
  } catch (err) {
    if (err instanceof InputErrors) return [...err.errors];
    if (err instanceof InputError) return [err];
    throw err;
  }
}

describe('assessment file', () => {
  it('reads shorthand and full answers; anything unanswered is absent', () => {
    const a = parseAssessment(
      `workload: Shop
answers:
  oe.1.iac.declarative: met
  oe.1.iac.parameterized-environments:
    status: not-applicable
    reason: one environment only
    by: kim
    at: 2026-11-01
`,
      'w.yaml',
      models,
    );
    assert.equal(a.workload, 'Shop');
    assert.deepEqual(a.answers.get('oe.1.iac.declarative'), {
      status: 'met',
      evidence: [],
      source: 'person',
    });
    assert.equal(a.answers.get('oe.1.iac.parameterized-environments')?.reason, 'one environment only');
    assert.equal(a.answers.get('oe.1.iac.parameterized-environments')?.at, '2026-11-01');
    assert.equal(a.answers.size, 2);
  });

  it('rejects an empty file with a hint', () => {
    const [e] = errorsOf('  \n');
    assert.equal(e?.message, 'the assessment file is empty');
    assert.match(e?.hint ?? '', /waymark init/);
  });

  it('suggests the nearest practice id for an unknown one, at its line', () => {
    const [e, ...rest] = errorsOf('answers:\n  oe.1.iac.declarativ: met\n');
    assert.equal(rest.length, 0);
    assert.equal(e?.message, 'unknown practice id "oe.1.iac.declarativ"');
    assert.equal(e?.location.line, 2);
    assert.equal(e?.hint, 'did you mean "oe.1.iac.declarative"?');
  });

  it('names a wrong status value and where it is', () => {
    const [e] = errorsOf(
      'answers:\n  oe.1.iac.declarative: met\n  oe.1.iac.parameterized-environments: done\n',
    );
    assert.equal(e?.location.line, 3);
    assert.match(
      e?.message ?? '',
      /expected one of "met", "partial", "not-met", "not-applicable", "unknown", got string "done"/,
    );
  });

  it('requires a reason for not-applicable', () => {
    const [e] = errorsOf('answers:\n  oe.1.iac.declarative:\n    status: not-applicable\n');
    assert.equal(e?.location.line, 2);
    assert.match(e?.message ?? '', /needs a reason/);
  });

  it('reads a retired id under its successor, and says when an unknown id may be from an older version', () => {
    const v2 = parseModel(
      `id: inhouse
key: ih
title: In-house
version: 2.0.0
description: d.
retired:
  - { id: ih.1.s.old, since: 2.0.0, replacedBy: ih.1.s.new }
levels:
  - level: 1
    name: One
    goal: g.
    strategies:
      - id: ih.1.s
        title: t
        summary: s.
        practices:
          - { id: ih.1.s.new, statement: s., why: w, evidence: e, risk: low, nextStep: n }
`,
      'inhouse.yaml',
    );
    const set = new ModelSet([v2]);
    assert.deepEqual(errorsOf('models: { inhouse: 1.0.0 }\nanswers:\n  ih.1.s.old: met\n', set), []);
    const read = parseAssessment('models: { inhouse: 1.0.0 }\nanswers:\n  ih.1.s.old: met\n', 'w.yaml', set);
    assert.equal(read.answers.get('ih.1.s.new')?.status, 'met', 'a retired id is read under its successor');
    assert.deepEqual(read.moves, [{ kind: 'moved', from: 'ih.1.s.old', to: 'ih.1.s.new', since: '2.0.0' }]);
    const [unknown] = errorsOf('models: { inhouse: 1.0.0 }\nanswers:\n  ih.1.s.gone: met\n', set);
    assert.match(unknown?.message ?? '', /written for inhouse 1\.0\.0; the models in force are 2\.0\.0/);
  });

  it('reports every problem of a file at once', () => {
    const found = errorsOf('answers:\n  oe.1.iac.nope: met\n  pe.1.nothing: met\n');
    assert.deepEqual(
      found.map((e) => e.location.line),
      [2, 3],
    );
  });

  it('never crashes on generated garbage: only input errors', () => {
    const ids = fc.constantFrom('oe.1.iac.declarative', 'oe.9.x', 'pe.2.metrics.targets-central', '');
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('met', 'not-applicable', '{', '[', '- a', '~'),
      fc.integer(),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(ids, value), { maxLength: 5 }),
        fc.string({ maxLength: 20 }),
        (pairs, junk) => {
          const text = `answers:\n${pairs.map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n${junk}`;
          errorsOf(text); // anything but an InputError fails the property
        },
      ),
    );
  });
});

describe('writing answers', () => {
  it('keeps comments and other answers, and round-trips what it writes', () => {
    const dir = tempDir();
    const file = join(dir, 'waymark.assessment.yaml');
    writeFileSync(file, initialAssessmentText(models, 'Shop'));
    const before = readFileSync(file, 'utf8');
    writeAnswers(
      file,
      before,
      new Map([
        [
          'oe.1.iac.declarative',
          { status: 'met' as const, evidence: ['infra/main.bicep'], source: 'person' as const, by: 'kim' },
        ],
        [
          'pe.2.metrics.targets-central',
          { status: 'not-applicable' as const, reason: 'no users', evidence: [], source: 'person' as const },
        ],
      ]),
    );
    const after = readFileSync(file, 'utf8');
    // Every comment line of the template survives.
    const comments = (t: string) => t.split('\n').filter((l) => l.trim().startsWith('#'));
    assert.deepEqual(comments(after), comments(before));
    const parsed = parseAssessment(after, file, models);
    assert.deepEqual(parsed.answers.get('oe.1.iac.declarative'), {
      status: 'met',
      evidence: ['infra/main.bicep'],
      source: 'person',
      by: 'kim',
    });
    assert.equal(parsed.answers.get('pe.2.metrics.targets-central')?.reason, 'no users');
    assert.equal(parsed.answers.get('oe.1.iac.parameterized-environments')?.status, 'unknown');
    assert.equal(parsed.workload, 'Shop');
  });
});
