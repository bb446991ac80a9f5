// The report formats of issue 15 through the real binary (check and scan in the pipeline formats,
// assess and plan as HTML) on a small repository of our own: where the SARIF alerts land on disk,
// the exit codes, and bad input.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertValidSarif } from '../report/testing.js';
import { runCli, tempDir } from '../testing/index.js';

interface Log {
  runs: {
    results: {
      ruleId: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; endColumn?: number };
        };
      }[];
    }[];
    tool: { driver: { rules: unknown[]; semanticVersion: string } };
  }[];
}

function repo(): string {
  const dir = tempDir('waymark-check-');
  mkdirSync(join(dir, 'infra'), { recursive: true });
  mkdirSync(join(dir, 'docs'), { recursive: true });
  writeFileSync(join(dir, 'infra', 'main.bicep'), 'param a string\nresource x "y" = {}\n');
  writeFileSync(join(dir, 'docs', 'goals.md'), '# Goals\n');
  symlinkSync(join(dir, 'docs', 'goals.md'), join(dir, 'goals-link.md'));
  const outside = tempDir('waymark-outside-');
  writeFileSync(join(outside, 'secret.md'), 'x\n');
  writeFileSync(
    join(dir, 'waymark.assessment.yaml'),
    `workload: Shop
answers:
  oe.1.iac.declarative: { status: partial, evidence: ["https://example.com/x", "infra/main.bicep:2"] }
  oe.1.collaboration.shared-goals: { status: not-met, evidence: ["goals-link.md"] }
  oe.1.collaboration.blameless-reviews: { status: not-met, evidence: ["${join(outside, 'secret.md')}", "../nope.md"] }
  oe.1.methodology.work-tracking: met
`,
  );
  return dir;
}

describe('check in the pipeline formats', () => {
  it('writes SARIF whose alerts sit at the evidence, resolved inside the repository, and exits 1', async () => {
    const dir = repo();
    const r = await runCli(['check', '--min-level', 'oe=1', '-f', 'sarif', '-o', 'out.sarif'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as Log;
    assertValidSarif(log);
    const run = log.runs[0];
    assert.ok(run);
    const at = (id: string) => {
      const loc = run.results.find((x) => x.ruleId === id)?.locations[0]?.physicalLocation;
      return loc && `${loc.artifactLocation.uri}:${loc.region.startLine}:${loc.region.endColumn}`;
    };
    // `path:line` evidence, after a URL that is passed over; the line's length read from the file.
    assert.equal(at('oe.1.iac.declarative'), 'infra/main.bicep:2:20');
    // A symlink is followed to the file it names (code scanning cannot show alerts on links).
    assert.equal(at('oe.1.collaboration.shared-goals'), 'docs/goals.md:1:8');
    // Evidence outside the repository never becomes a path: the alert sits on the answer instead.
    assert.match(at('oe.1.collaboration.blameless-reviews') ?? '', /^waymark\.assessment\.yaml:5:\d+$/);
    // An unanswered practice sits on the assessment file's first line, and says so.
    const unanswered = run.results.find((x) => x.ruleId === 'oe.1.source-control.branch-protection');
    assert.equal(unanswered?.locations[0]?.physicalLocation.region.startLine, 1);
    assert.match(unanswered?.message.text ?? '', /^Not answered yet: The main branch/);
    assert.match(
      unanswered?.message.text ?? '',
      /the alert sits on its answer in waymark\.assessment\.yaml\./,
    );
    assert.ok(!run.results.some((x) => x.ruleId === 'oe.1.methodology.work-tracking'));
    for (const res of run.results)
      assert.doesNotMatch(
        res.locations[0]?.physicalLocation.artifactLocation.uri ?? '',
        /^\/|\.\.|waymark-outside/,
      );
    assert.doesNotMatch(
      readFileSync(join(dir, 'out.sarif'), 'utf8'),
      new RegExp(dir.replace(/[/.]/g, '\\$&')),
    );
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    assert.equal(run.tool.driver.semanticVersion, pkg.version);
  });

  it('writes JUnit and Markdown to standard output, still exiting 1 on a failed gate', async () => {
    const dir = repo();
    const junit = await runCli(['check', '--min-level', 'oe=1', '-f', 'junit'], { cwd: dir });
    assert.equal(junit.code, 1);
    assert.match(
      junit.stdout,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="waymark check: Shop"/,
    );
    assert.match(
      junit.stdout,
      /<testcase name="oe\.1\.methodology\.work-tracking" classname="waymark\.oe\.level1" time="0"\/>/,
    );
    const md = await runCli(['check', '--min-level', 'oe=1', '-f', 'md'], { cwd: dir });
    assert.equal(md.code, 1);
    assert.match(md.stdout, /^### ❌ Waymark check failed: 1 of 1 pillar is below the minimum · Shop\n/);
  });

  it('rejects an unknown format with exit 2 and lists the formats in --help', async () => {
    const dir = repo();
    const bad = await runCli(['check', '--min-level', 'oe=1', '-f', 'xml'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Allowed choices are text, json, md, sarif, junit/);
    const help = await runCli(['check', '--help']);
    assert.match(help.stdout, /Formats:\n {2}text /);
    assert.match(help.stdout, / {2}sarif +SARIF 2\.1\.0 for code scanning/);
    assert.match(help.stdout, / {2}junit +JUnit XML/);
    assert.ok(
      help.stdout.split('\n').every((l) => l.length <= 80),
      'help fits 80 columns',
    );
  });
});

describe('scan --format sarif', () => {
  it('writes valid SARIF with repository-relative paths and the absent practices on the assessment file', async () => {
    const dir = repo();
    const r = await runCli(['scan', '.', '-f', 'sarif'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout) as Log;
    assertValidSarif(log);
    const run = log.runs[0];
    assert.ok(run && run.results.length > 0);
    for (const res of run.results) {
      const uri = res.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
      assert.doesNotMatch(uri, /^\/|^[a-z]+:|\.\./i);
      assert.ok(uri === 'waymark.assessment.yaml' || readFileSync(join(dir, decodeURIComponent(uri))));
    }
    // No CI system in this repository: a practice found missing, placed on the assessment file.
    const ci = run.results.find((x) => x.ruleId === 'oe.2.standard-processes.ci-required');
    assert.equal(ci?.locations[0]?.physicalLocation.artifactLocation.uri, 'waymark.assessment.yaml');
  });
});

describe('assess and plan --format html', () => {
  it('write one page each through the CLI, and list html in --help', async () => {
    const dir = repo();
    const assess = await runCli(['assess', '-f', 'html', '-o', 'report.html'], { cwd: dir });
    assert.equal(assess.code, 0, assess.stderr);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<title>Well-Architected maturity: Shop<\/title>/);
    assert.equal(html.match(/<svg /g)?.length, 3);
    const plan = await runCli(['plan', '-f', 'html', '--limit', '0'], { cwd: dir });
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /<title>Improvement plan: Shop<\/title>/);
    assert.doesNotMatch(plan.stdout, / more: <code>waymark plan --limit 0<\/code>/);
    for (const cmd of ['assess', 'plan']) {
      const help = await runCli([cmd, '--help']);
      assert.match(help.stdout, / {2}html +(one self-contained|the improvement plan as one)/);
    }
  });
});
