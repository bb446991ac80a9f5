// The SARIF formats against the SARIF 2.1.0 JSON Schema (vendored, see
// test/fixtures/schemas/NOTICE.md) and against what GitHub code scanning documents it needs:
// required fields non-empty, its size limits, results tied to rules, repository-relative paths,
// fingerprints that survive a moved line, and rules that stay put so fixed alerts close.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanResult } from '../evidence/index.js';
import { renderCheck } from './checkReport.js';
import { REPORT_FORMATS } from './formats.js';
import { SARIF_MAX_RESULTS, SARIF_MAX_RULES, type SarifLog, sarifLog } from './sarif.js';
import { SARIF_MAX_TAGS, SARIF_TEXT_LIMITS } from './sarifRules.js';
import { renderScan } from './scanReport.js';
import { createStyle } from './style.js';
import { assertValidSarif as assertValid, checkReport, MODELS } from './testing.js';

/** GitHub's documented requirements, one assertion each (docs: "SARIF support for code scanning"). */
export function assertGithubReady(log: SarifLog): void {
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(log.version, '2.1.0');
  assert.ok(log.runs.length >= 1 && log.runs.length <= 20, 'runs per file: 1 to 20');
  for (const run of log.runs) {
    const { driver } = run.tool;
    assert.ok(driver.name.trim(), 'tool.driver.name is required');
    assert.match(driver.semanticVersion, /^\d+\.\d+\.\d+/);
    assert.ok(driver.rules.length > 0 && driver.rules.length <= SARIF_MAX_RULES);
    assert.ok(run.results.length <= SARIF_MAX_RESULTS);
    const ids = driver.rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const r of driver.rules) {
      for (const [field, text] of [
        ['id', r.id],
        ['shortDescription', r.shortDescription.text],
        ['fullDescription', r.fullDescription.text],
        ['help.text', r.help.text],
      ] as const)
        assert.ok(text.trim().length > 0, `${r.id}: ${field} is required and may not be empty`);
      assert.ok([...r.name].length <= SARIF_TEXT_LIMITS.name, `${r.id}: name over 255`);
      assert.ok([...r.shortDescription.text].length <= SARIF_TEXT_LIMITS.description);
      assert.ok([...r.fullDescription.text].length <= SARIF_TEXT_LIMITS.description);
      assert.ok(r.properties.tags.length <= SARIF_MAX_TAGS, `${r.id}: more than 20 tags`);
      assert.ok(['note', 'warning', 'error'].includes(r.defaultConfiguration.level));
      const sev = r.properties['security-severity'];
      if (sev !== undefined) {
        assert.ok(Number(sev) > 0 && Number(sev) <= 10, `${r.id}: security-severity ${sev} out of (0, 10]`);
        assert.ok(r.properties.tags.includes('security'), `${r.id}: security rules carry the security tag`);
        assert.equal(r.properties['problem.severity'], undefined);
      } else assert.ok(r.properties['problem.severity']);
    }
    for (const res of run.results) {
      assert.equal(driver.rules[res.ruleIndex]?.id, res.ruleId, 'ruleIndex points at the rule of ruleId');
      assert.ok(res.message.text.trim(), 'message.text is required');
      assert.equal(res.locations.length, 1, 'one location (GitHub reads only the first, at most 10)');
      const loc = res.locations[0]?.physicalLocation;
      assert.ok(loc);
      const uri = loc.artifactLocation.uri;
      assert.ok(uri.length > 0);
      assert.doesNotMatch(uri, /^[a-z][a-z0-9+.-]*:/i, `${uri}: no scheme (relative to the repository)`);
      assert.doesNotMatch(uri, /^\//, `${uri}: not absolute`);
      assert.doesNotMatch(uri, /(^|\/)\.\.?(\/|$)/, `${uri}: no . or .. segments`);
      assert.doesNotMatch(uri, /\\/, `${uri}: / separators`);
      assert.ok(loc.region.startLine >= 1 && loc.region.endLine >= loc.region.startLine);
      assert.ok(loc.region.startColumn >= 1);
      assert.match(res.partialFingerprints.primaryLocationLineHash ?? '', /^[0-9a-f]{16}:1$/);
    }
  }
  assert.ok(JSON.stringify(log).length < 10 * 1024 * 1024, 'under the 10 MB upload limit even unzipped');
}

const parse = (text: string) => JSON.parse(text) as SarifLog;

describe('check --format sarif', () => {
  it('is offered by the format map for check and scan', () => {
    assert.ok('sarif' in REPORT_FORMATS.check && 'sarif' in REPORT_FORMATS.scan);
  });

  it('validates against the SARIF 2.1.0 schema and meets GitHub code scanning requirements', () => {
    const log = parse(renderCheck('sarif', checkReport({ oe: 2, tk: 1 })));
    assertValid(log);
    assertGithubReady(log);
    assert.ok((log.runs[0]?.results.length ?? 0) > 10);
  });

  it('is checked by a schema validation that does reject broken logs', () => {
    const good = parse(renderCheck('sarif', checkReport({ tk: 1 })));
    const broken = (edit: (l: SarifLog) => void) => {
      const copy = structuredClone(good);
      edit(copy);
      return copy;
    };
    for (const bad of [
      broken((l) => Object.assign(l, { version: '2.0.0' })),
      broken((l) => Object.assign(l.runs[0]?.results[0] ?? {}, { level: 'fatal' })),
      broken((l) =>
        Object.assign(l.runs[0]?.results[0]?.locations[0]?.physicalLocation.region ?? {}, { startLine: 0 }),
      ),
      broken((l) => Object.assign(l.runs[0]?.tool.driver ?? {}, { extra: true })),
    ])
      assert.throws(() => assertValid(bad));
  });

  it('emits a rule for every practice of the models in force, whether the gate passes or not', () => {
    const failing = parse(renderCheck('sarif', checkReport({ oe: 3, tk: 1 })));
    const allMet =
      'answers:\n  tk.1.s.nasty: met\n  tk.1.s.secret: met\n  tk.1.s.na: met\n  tk.1.s.met: met\n';
    const passing = parse(renderCheck('sarif', checkReport({ tk: 1 }, allMet)));
    const ids = (l: SarifLog) => l.runs[0]?.tool.driver.rules.map((r) => r.id);
    assert.deepEqual(ids(failing), MODELS.practiceIds());
    assert.deepEqual(ids(passing), ids(failing));
    // A passing run has no results at all: every alert of an earlier run closes.
    assert.deepEqual(passing.runs[0]?.results, []);
    assert.ok((failing.runs[0]?.results.length ?? 0) > 20);
    assertValid(passing);
  });

  it('has one error result per blocking practice, at its evidence or its stated stand-in place', () => {
    const report = checkReport({ tk: 1 });
    const log = parse(renderCheck('sarif', report));
    const results = log.runs[0]?.results ?? [];
    assert.deepEqual(results.map((r) => r.ruleId).sort(), ['tk.1.s.nasty', 'tk.1.s.secret']);
    assert.ok(results.every((r) => r.level === 'error'));
    const nasty = results.find((r) => r.ruleId === 'tk.1.s.nasty');
    assert.deepEqual(nasty?.locations[0]?.physicalLocation, {
      artifactLocation: { uri: 'src/a%20file.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 20 },
    });
    assert.match(nasty?.message.text ?? '', /^Not met: Use <b>bold<\/b>/);
    assert.match(nasty?.message.text ?? '', /Next step: Fix the "thing" ]]> now\./);
    const secret = results.find((r) => r.ruleId === 'tk.1.s.secret');
    assert.equal(secret?.locations[0]?.physicalLocation.artifactLocation.uri, 'waymark.assessment.yaml');
    assert.match(secret?.message.text ?? '', /No file in the repository holds evidence for it/);
    assert.deepEqual(log.runs[0]?.properties, {
      pass: false,
      gates: [{ pillar: 'tk', minimum: 1, level: 0 }],
    });
  });

  it('gives the same fingerprint and rule to a practice whatever its place, and different ones to two practices', () => {
    const a = parse(renderCheck('sarif', checkReport({ tk: 1 })));
    const moved = new Map([
      ['tk.1.s.nasty', { path: 'other/place.md', line: 40 }],
      ['tk.1.s.secret', { path: 'waymark.assessment.yaml', line: 9, placeholder: true }],
    ]);
    const b = parse(renderCheck('sarif', checkReport({ tk: 1 }, undefined, moved)));
    const prints = (l: SarifLog) =>
      Object.fromEntries((l.runs[0]?.results ?? []).map((r) => [r.ruleId, r.partialFingerprints]));
    assert.deepEqual(prints(a), prints(b));
    const p = prints(a);
    assert.notEqual(p['tk.1.s.nasty']?.primaryLocationLineHash, p['tk.1.s.secret']?.primaryLocationLineHash);
    assert.equal(p['tk.1.s.nasty']?.['waymark/practice/v1'], 'tk.1.s.nasty');
  });

  it('gives security-severity to the practices the models mark as security ones, and only to them', () => {
    const rules = parse(renderCheck('sarif', checkReport({ tk: 1 }))).runs[0]?.tool.driver.rules ?? [];
    const secure = rules.filter((r) => r.properties['security-severity']).map((r) => r.id);
    const flagged = [...MODELS.practices()].filter((p) => p.practice.security).map((p) => p.practice.id);
    assert.deepEqual(secure, flagged);
    assert.ok(secure.includes('tk.1.s.secret') && secure.includes('oe.1.security.no-committed-secrets'));
    assert.ok(!secure.includes('oe.1.iac.declarative'));
    const secret = rules.find((r) => r.id === 'tk.1.s.secret');
    assert.equal(secret?.properties['security-severity'], '5.5'); // medium risk → GitHub's "medium"
    const high = rules.find((r) => r.id === 'oe.1.security.no-committed-secrets');
    assert.equal(high?.properties['security-severity'], '8.0'); // high risk → "high", not "critical"
  });

  it("writes each rule's help from the model: why, next step, evidence, source, and how to close it", () => {
    const rules = parse(renderCheck('sarif', checkReport({ tk: 1 }))).runs[0]?.tool.driver.rules ?? [];
    const iac = rules.find((r) => r.id === 'oe.1.iac.declarative');
    const ref = MODELS.practice('oe.1.iac.declarative')?.practice;
    assert.ok(iac && ref);
    for (const part of [ref.statement, ref.why, ref.nextStep, ref.evidence]) {
      assert.ok(iac.help.text.includes(part), part);
      assert.ok(iac.help.markdown.includes(part), part); // no Markdown specials in this practice's text
    }
    assert.match(iac.help.markdown, /\*\*Why it matters\.\*\*/);
    assert.match(
      iac.help.markdown,
      /\[Level 1: DevOps foundation › .+\]\(https:\/\/learn\.microsoft\.com\/.+tabs=level1\)/,
    );
    assert.match(iac.helpUri ?? '', /^https:\/\/learn\.microsoft\.com\//);
    assert.match(iac.help.markdown, /`oe\.1\.iac\.declarative: met`/);
    // Model text cannot inject HTML or formatting into GitHub's rendering of the help.
    const nasty = rules.find((r) => r.id === 'tk.1.s.nasty');
    assert.doesNotMatch(nasty?.help.markdown ?? '', /<script>|<b>/);
    assert.match(nasty?.help.markdown ?? '', /&lt;script&gt;/);
  });

  it('cuts a statement longer than GitHub takes and still validates', () => {
    const long = 'x'.repeat(3000);
    const models = MODELS;
    const log = sarifLog({
      kind: 'check',
      models,
      toolVersion: '0.1.0',
      alerts: [{ practiceId: 'tk.1.s.nasty', message: long, place: { path: 'a.md', line: 1 } }],
    });
    assertValid(log);
    // An alert for a practice no model defines, or a second one for the same practice, is dropped.
    const twice = sarifLog({
      kind: 'check',
      models,
      toolVersion: '0.1.0',
      alerts: [
        { practiceId: 'tk.1.s.nasty', message: 'a', place: { path: 'a.md', line: 1 } },
        { practiceId: 'tk.1.s.nasty', message: 'b', place: { path: 'b.md', line: 1 } },
        { practiceId: 'no.such.practice', message: 'c', place: { path: 'c.md', line: 1 } },
      ],
    });
    assert.deepEqual(
      twice.runs[0]?.results.map((r) => [r.ruleId, r.message.text]),
      [['tk.1.s.nasty', 'a']],
    );
  });
});

describe('scan --format sarif', () => {
  const result: ScanResult = {
    root: '/repo',
    findings: [],
    suggestions: [
      {
        practiceId: 'oe.1.iac.declarative',
        status: 'met',
        confidence: 'high',
        evidence: ['infra/main.tf:1'],
        summary: 'Terraform',
        detector: 'terraform',
      },
      {
        practiceId: 'oe.1.security.no-committed-secrets',
        status: 'not-met',
        confidence: 'medium',
        evidence: ['config/app.env:4'],
        summary: 'A password in a committed file',
        detector: 'secret-handling',
      },
      {
        practiceId: 'oe.2.standard-processes.ci-required',
        status: 'not-met',
        confidence: 'medium',
        evidence: [],
        summary: 'No CI system found',
        detector: 'ci',
      },
    ],
    errors: [],
    stats: { files: 3, directories: 1, filesRead: 3, bytesRead: 30, walkMs: 1, detectMs: 2, skipped: {} },
  };
  const places = new Map([
    ['oe.1.security.no-committed-secrets', { path: 'config/app.env', line: 4, endColumn: 12 }],
    ['oe.2.standard-processes.ci-required', { path: 'waymark.assessment.yaml', line: 1, placeholder: true }],
  ]);

  it('validates, meets GitHub requirements, and alerts only on what the scan found missing', () => {
    const text = renderScan(
      'sarif',
      { result, models: MODELS, sarif: { toolVersion: '0.1.0', places } },
      createStyle(false),
    );
    const log = parse(text);
    assertValid(log);
    assertGithubReady(log);
    const run = log.runs[0];
    assert.deepEqual(
      run?.results.map((r) => r.ruleId),
      ['oe.1.security.no-committed-secrets', 'oe.2.standard-processes.ci-required'],
    );
    assert.equal(run?.tool.driver.rules.length, MODELS.practiceIds().length);
    // check and scan are two categories: uploading one never closes the other's alerts.
    assert.equal(run?.automationDetails.id, 'waymark/scan/');
    assert.equal(
      parse(renderCheck('sarif', checkReport({ tk: 1 }))).runs[0]?.automationDetails.id,
      'waymark/check/',
    );
    const ci = run?.results[1];
    assert.match(ci?.message.text ?? '', /^Not met, by the repository's evidence: /);
    assert.match(ci?.message.text ?? '', /sits on waymark\.assessment\.yaml/);
    // The rule's level comes from the practice's risk (scan results only suggest).
    assert.equal(run?.results[0]?.level, 'error');
  });
});
