import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { parseModel } from './loader.js';

const VALID = `id: inhouse
key: ih
title: In-house standard
version: 1.2.0
description: Our own rules.
levels:
  - level: 1
    name: Basics
    goal: Get going.
    strategies:
      - id: ih.1.backup
        title: Back up data
        summary: Keep copies.
        risks:
          - summary: Backups may be untested.
            mitigation: Restore one every month.
        practices:
          - id: ih.1.backup.daily
            statement: Data is backed up daily.
            why: Loss.
            evidence: Backup job.
            risk: high
            nextStep: Schedule a job.
  - level: 2
    name: Better
    goal: Improve.
    strategies:
      - id: ih.2.restore
        title: Test restores
        summary: Prove backups work.
        practices:
          - id: ih.2.restore.monthly
            statement: A restore is tested monthly.
            why: Untested backups fail.
            evidence: Restore report.
            risk: medium
            nextStep: Run one.
`;

/** All problems reported for a text, as `line: message` strings. */
function problems(text: string): string[] {
  try {
    parseModel(text, 'inhouse.yaml');
    return [];
  } catch (err) {
    const list = err instanceof InputErrors ? err.errors : err instanceof InputError ? [err] : null;
    if (!list) throw err;
    return list.map((e) => {
      assert.equal(e.location.file, 'inhouse.yaml');
      return `${e.location.line}: ${e.message}`;
    });
  }
}

function lineOf(text: string, needle: string): number {
  const idx = text.indexOf(needle);
  assert.ok(idx >= 0, needle);
  return text.slice(0, idx).split('\n').length;
}

describe('model loader', () => {
  it('accepts a valid custom model', () => {
    const model = parseModel(VALID, 'inhouse.yaml');
    assert.equal(model.levels[0]?.strategies[0]?.risks[0]?.mitigation, 'Restore one every month.');
    assert.deepEqual(model.retired, []);
  });

  it('names the line of an unknown key', () => {
    const text = VALID.replace('            why: Loss.', '            why: Loss.\n            owner: ops');
    assert.deepEqual(problems(text), [`${lineOf(text, 'owner: ops')}: unknown key "owner"`]);
  });

  it('names both places of a duplicate id', () => {
    const text = VALID.replace('id: ih.2.restore.monthly', 'id: ih.2.restore.daily').replace(
      'id: ih.1.backup.daily',
      'id: ih.1.backup.daily',
    );
    const dup = text
      .replace('ih.2.restore.daily', 'ih.2.restore.twice')
      .replace('            statement: A restore', '            statement: A restore');
    const withDup = dup.replace(
      '          - id: ih.2.restore.twice',
      '          - id: ih.2.restore.twice\n            statement: x.\n            why: y.\n            evidence: z.\n            risk: low\n            nextStep: n.\n          - id: ih.2.restore.twice',
    );
    const found = problems(withDup);
    assert.equal(found.length, 1);
    const second = withDup.lastIndexOf('id: ih.2.restore.twice');
    assert.equal(
      found[0],
      `${withDup.slice(0, second).split('\n').length}: duplicate id "ih.2.restore.twice"`,
    );
  });

  it('reports a missing level', () => {
    const text = VALID.replace('  - level: 2', '  - level: 3').replace(/ih\.2\./g, 'ih.3.');
    assert.deepEqual(problems(text), [
      `${lineOf(text, 'level: 3')}: level 2 is missing: expected level 2, found 3`,
    ]);
  });

  it('reports levels out of order', () => {
    const text = VALID.replace('  - level: 1', '  - level: 2').replace(
      '  - level: 2\n    name: Better',
      '  - level: 1\n    name: Better',
    );
    const found = problems(text);
    assert.ok(
      found.some((p) => p.endsWith('levels are out of order: expected level 1, found 2')),
      found.join('\n'),
    );
    assert.ok(
      found.some((p) => p.endsWith('levels are out of order: expected level 2, found 1')),
      found.join('\n'),
    );
  });

  it('reports a wrong type at its line', () => {
    const text = VALID.replace('risk: high', 'risk: 3');
    assert.deepEqual(problems(text), [
      `${lineOf(text, 'risk: 3')}: expected one of "high", "medium", "low", got number "3"`,
    ]);
    const noList = VALID.replace(
      / {8}practices:\n {10}- id: ih\.2\.restore\.monthly[\s\S]*$/,
      '        practices: none\n',
    );
    assert.deepEqual(problems(noList), [
      `${lineOf(noList, 'practices: none')}: expected array, got string "none"`,
    ]);
  });

  it('reports a missing field on the object that lacks it', () => {
    const text = VALID.replace('            nextStep: Run one.\n', '');
    assert.deepEqual(problems(text), [
      `${lineOf(text, 'id: ih.2.restore.monthly')}: missing required string`,
    ]);
  });

  it('reports ids that do not nest under their strategy', () => {
    const text = VALID.replace('id: ih.2.restore.monthly', 'id: ih.2.backup.monthly');
    assert.deepEqual(problems(text), [
      `${lineOf(text, 'ih.2.backup.monthly')}: practice id "ih.2.backup.monthly" must start with "ih.2.restore."`,
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const text = VALID.replace('    goal: Improve.', '    goal: [Improve.');
    const found = problems(text);
    assert.ok(found.length >= 1);
    assert.match(found[0] ?? '', /^\d+: invalid YAML/);
  });

  it('reports an empty file', () => {
    assert.deepEqual(problems(''), ['1: the file is empty']);
  });

  it('never fails with anything but an input error on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        problems(text); // throws if the error is not an InputError
      }),
    );
  });

  it('never fails with anything but an input error when a valid model is cut short', () => {
    fc.assert(
      fc.property(fc.nat(VALID.length), (cut) => {
        problems(VALID.slice(0, cut));
      }),
    );
  });
});
