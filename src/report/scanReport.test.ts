// The scan report (scanReport.ts) on its own: results built by hand, the models passed in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeUnsafe } from '../diagnostics/index.js';
import type { PracticeSuggestion, ScanResult } from '../evidence/index.js';
import { loadBuiltinModels, ModelSet, parseModel } from '../model/index.js';
import { formatChoices, REPORT_FORMATS } from './formats.js';
import { codeSpan, renderScan, SCAN_RENDERERS, scanPractices } from './scanReport.js';
import { createStyle } from './style.js';

const TEAM = parseModel(
  `id: team-ops
key: to
title: Team operations
version: 0.1.0
description: Ours.
levels:
  - level: 1
    name: Basics
    goal: Start.
    strategies:
      - id: to.1.backup
        title: Backups
        summary: Copies.
        practices:
          - { id: to.1.backup.daily, statement: Data is backed up daily., why: Loss., evidence: A job., risk: high, nextStep: Add one. }
`,
  'team.yaml',
);

const plain = createStyle(false);

function suggestion(over: Partial<PracticeSuggestion>): PracticeSuggestion {
  return {
    practiceId: 'oe.1.iac.declarative',
    status: 'met',
    confidence: 'high',
    evidence: ['infra/main.tf:1'],
    summary: 'Terraform',
    detector: 'terraform',
    ...over,
  };
}

function result(suggestions: PracticeSuggestion[], over: Partial<ScanResult> = {}): ScanResult {
  return {
    root: '/repo',
    findings: [],
    suggestions,
    errors: [],
    stats: { files: 3, directories: 1, filesRead: 3, bytesRead: 30, walkMs: 1, detectMs: 2, skipped: {} },
    ...over,
  };
}

describe('scan report', () => {
  it('has a renderer for every scan format of the format map, and for nothing else', () => {
    assert.deepEqual(Object.keys(SCAN_RENDERERS).sort(), formatChoices('scan').sort());
    assert.deepEqual(formatChoices('scan'), ['text', 'md', 'json', 'sarif']);
    for (const [kind, formats] of Object.entries(REPORT_FORMATS))
      for (const [format, line] of Object.entries(formats))
        assert.ok(line.length > 10 && !line.includes('\n'), `${kind} ${format}: one line`);
  });

  it('groups a practice under the pillar of the model passed in, in model order', () => {
    const r = result([
      suggestion({ practiceId: 'to.1.backup.daily', summary: 'a backup job', detector: 'backup' }),
      suggestion({}),
    ]);
    const builtin = new ModelSet(loadBuiltinModels());
    const withTeam = new ModelSet([...loadBuiltinModels(), TEAM]);
    const before = renderScan('text', { result: r, models: builtin }, plain);
    assert.match(before, /^Practices not in the models in force\n {4}✓ met {6}to\.1\.backup\.daily$/m);
    const text = renderScan('text', { result: r, models: withTeam }, plain);
    const oe = text.indexOf('\nOperational Excellence\n');
    const team = text.indexOf(
      '\nTeam operations\n  Level 1 · Basics\n    ✓ met      to.1.backup.daily  Data is backed up daily.',
    );
    assert.ok(oe >= 0 && team > oe, text);
    assert.ok(!text.includes('not in the models in force'), text);
    const md = renderScan('md', { result: r, models: withTeam }, plain);
    assert.match(md, /^## Team operations\n\n### Level 1 · Basics\n\n\| practice/m);
    const json = JSON.parse(renderScan('json', { result: r, models: withTeam }, plain));
    assert.deepEqual(
      json.suggestions.map((s: { practiceId: string; pillar?: string; level?: number }) => [
        s.practiceId,
        s.pillar,
        s.level,
      ]),
      [
        ['to.1.backup.daily', 'to', 1],
        ['oe.1.iac.declarative', 'oe', 1],
      ],
    );
    assert.equal(scanPractices(withTeam).get('to.1.backup.daily')?.statement, 'Data is backed up daily.');
  });

  it('colours text through the Style it is given, and only text', () => {
    const r = result([suggestion({})]);
    const models = new ModelSet(loadBuiltinModels());
    const coloured = renderScan('text', { result: r, models }, createStyle(true));
    assert.ok(coloured.includes('\x1b['), 'a colour style colours');
    assert.ok(!renderScan('text', { result: r, models }, plain).includes('\x1b['));
    assert.ok(!renderScan('md', { result: r, models }, createStyle(true)).includes('\x1b['));
    assert.ok(!renderScan('json', { result: r, models }, createStyle(true)).includes('\\u001b'));
  });

  it('escapes unsafe characters from the repository in text and md; json keeps the real name', () => {
    const evil = 'evil\n\x1b[31mred\u202e.tf';
    const r = result([suggestion({ evidence: [`${evil}:1`], summary: `found ${evil}` })], {
      root: '/repo\x1b[2J',
      findings: [
        {
          detector: 'odd',
          present: true,
          confidence: 'low',
          summary: `odd ${evil}`,
          practices: [],
          locations: [{ file: evil, line: 2 }],
        },
      ],
      errors: [{ detector: 'boom', message: `failed on ${evil}` }],
      stats: {
        files: 1,
        directories: 0,
        filesRead: 1,
        bytesRead: 1,
        walkMs: 0,
        detectMs: 0,
        skipped: { binary: { count: 1, examples: [evil] } },
      },
    });
    const models = new ModelSet(loadBuiltinModels());
    const escaped = escapeUnsafe(evil);
    assert.equal(escaped, 'evil\\n\\u001b[31mred\\u202e.tf');
    // Only what a terminal would obey is escaped (moved from the CLI's `printable` test).
    assert.equal(escapeUnsafe('src/ok-é-中.ts'), 'src/ok-é-中.ts');
    assert.equal(
      escapeUnsafe('a\tb\rc\u0000\u007f\u009b\u2028\u2066'),
      'a\\tb\\rc\\u0000\\u007f\\u009b\\u2028\\u2066',
    );
    for (const format of ['text', 'md'] as const) {
      const out = renderScan(format, { result: r, models, verbose: true }, plain);
      assert.ok(
        !out.includes('\x1b') && !out.includes('\u202e'),
        `${format}: no raw ESC or override\n${out}`,
      );
      assert.ok(!out.split('\n').some((l) => l.startsWith('\x1b') || l.startsWith('[31mred')), format);
      for (const where of [`${escaped}:1`, `found ${escaped}`, `odd ${escaped}`, `failed on ${escaped}`])
        assert.ok(out.includes(where), `${format}: ${where} shown escaped\n${out}`);
      assert.ok(out.includes('/repo\\u001b[2J'), `${format}: root escaped`);
      assert.ok(out.includes(`e.g. ${escaped}`), `${format}: skip example escaped`);
    }
    const json = JSON.parse(renderScan('json', { result: r, models }, plain));
    assert.deepEqual(json.suggestions[0].evidence, [`${evil}:1`]);
  });

  it('keeps a Markdown table row whole whatever backticks and pipes a name holds', () => {
    assert.equal(codeSpan('a|b'), '`a\\|b`');
    assert.equal(codeSpan('a|b', false), '`a|b`');
    assert.equal(codeSpan('x`y'), '``x`y``');
    assert.equal(codeSpan('`x'), '`` `x ``');
    const r = result([suggestion({ evidence: ['pipe|name`.tf:1'], summary: 'a | b <script>' })]);
    const md = renderScan('md', { result: r, models: new ModelSet(loadBuiltinModels()) }, plain);
    const row = md.split('\n').find((l) => l.startsWith('| `oe.1.iac.declarative`'));
    assert.ok(row, md);
    assert.equal(row.replace(/\\\|/g, '').split('|').length, 7, row);
    assert.ok(row.includes('&lt;script>'), row);
  });
});
