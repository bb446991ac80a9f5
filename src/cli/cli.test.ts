import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NEEDS_REASON_MESSAGE, parseAssessment } from '../answers/index.js';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { JsonReportSchema } from '../report/index.js';
import { BIN, REPO_ROOT, runCli, tempDir } from '../testing/index.js';

const CONTOSO = 'examples/contoso-orders/waymark.assessment.yaml';
const FABRIKAM = 'examples/fabrikam-payments/waymark.assessment.yaml';
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const models = new ModelSet(loadBuiltinModels());
const ESC = '\u001b';

function assertNoStack(stderr: string) {
  assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, `stack trace in: ${stderr}`);
}

describe('waymark CLI', () => {
  it('prints its version and help', async () => {
    const v = await runCli(['--version']);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), pkg.version);
    const h = await runCli(['check', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /--min-level <spec>/);
  });

  it('rejects an unknown command with exit 2', async () => {
    const r = await runCli(['asses']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Did you mean assess\?/);
  });

  describe('init', () => {
    it('writes every practice as unknown with its statement, and refuses to overwrite', async () => {
      const dir = tempDir();
      const r = await runCli(['init', '--workload', 'Shop'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const text = readFileSync(join(dir, 'waymark.assessment.yaml'), 'utf8');
      const ids = models.practiceIds();
      assert.equal(text.match(/: unknown$/gm)?.length, ids.length);
      const first = [...models.practices()][0];
      assert.ok(first);
      assert.ok(text.includes(`#   ${first.practice.statement}\n  ${first.practice.id}: unknown`));
      assert.equal(parseAssessment(text, 'x', models).workload, 'Shop');

      const again = await runCli(['init'], { cwd: dir });
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already exists/);
      assert.equal(readFileSync(join(dir, 'waymark.assessment.yaml'), 'utf8'), text, 'the file is untouched');
    });
  });

  describe('assess', () => {
    it('reports levels in 80 columns without colour on a pipe', async () => {
      const r = await runCli(['assess', '--answers', CONTOSO], { env: { CI: 'true' } });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Operational Excellence \(oe 1\.1\.0\) +level 1 of 5 · DevOps foundation/);
      assert.match(r.stdout, /Performance Efficiency \(pe 1\.1\.0\) +level 0 of 5/);
      for (const line of r.stdout.split('\n')) assert.ok([...line].length <= 80, `too wide: ${line}`);
      assert.ok(!r.stdout.includes(ESC), 'no escape codes on a pipe, even with CI set');
    });

    it('colours only when asked and never with NO_COLOR', async () => {
      const forced = await runCli(['assess', '-a', CONTOSO], { env: { FORCE_COLOR: '1' } });
      assert.ok(forced.stdout.includes(ESC));
      const no = await runCli(['assess', '-a', CONTOSO], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
      assert.ok(!no.stdout.includes(ESC));
    });

    it('emits JSON that matches the published schema', async () => {
      const r = await runCli(['assess', '-a', FABRIKAM, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const report = JsonReportSchema.parse(JSON.parse(r.stdout));
      assert.equal(report.formatVersion, 1);
      assert.deepEqual(
        report.pillars.map((p) => [p.key, p.level]),
        [
          ['oe', 3],
          ['pe', 2],
        ],
      );
      const oe = report.pillars[0];
      assert.ok(oe);
      assert.ok(oe.blocking.length > 0 && oe.blocking.every((b) => b.level === 4));
      const schemaFile = JSON.parse(
        readFileSync(join(REPO_ROOT, 'schemas/assessment-report.schema.json'), 'utf8'),
      );
      assert.equal(schemaFile.properties.formatVersion.const, report.formatVersion);
    });

    it('writes Markdown to a file with --output and filters by --pillar', async () => {
      const out = join(tempDir(), 'report.md');
      const r = await runCli(['assess', '-a', FABRIKAM, '-f', 'md', '-p', 'pe', '-o', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      const md = readFileSync(out, 'utf8');
      assert.match(md, /^# Waymark assessment: Fabrikam Payments/);
      assert.match(md, /\| Performance Efficiency \| 2 · Baseline metrics \|/);
      assert.doesNotMatch(md, /Operational Excellence/);
    });

    it('explains bad input with file and line, exit 2 and no stack trace', async () => {
      const dir = tempDir();
      const cases: [string, RegExp][] = [
        [
          'answers:\n  oe.1.iac.declarativ: met\n',
          /w\.yaml:2:3: unknown practice id "oe\.1\.iac\.declarativ".*\n {2}hint: did you mean "oe\.1\.iac\.declarative"\?/,
        ],
        [
          'answers:\n  oe.1.iac.declarative: yes\n',
          /w\.yaml:2:\d+: expected one of "met", .* got string "yes"/,
        ],
        [
          'answers:\n  oe.1.iac.declarative: { status: not-applicable }\n',
          /w\.yaml:2:\d+: a "not-applicable" answer needs a reason/,
        ],
        ['answers: [\n', /w\.yaml:\d+:\d+: invalid YAML/],
        ['', /w\.yaml:1: the assessment file is empty/],
      ];
      for (const [text, expected] of cases) {
        writeFileSync(join(dir, 'w.yaml'), text);
        const r = await runCli(['assess', '-a', 'w.yaml'], { cwd: dir });
        assert.equal(r.code, 2, text);
        assert.match(r.stderr, expected);
        assertNoStack(r.stderr);
      }
      const missing = await runCli(['assess'], { cwd: dir });
      assert.equal(missing.code, 2);
      assert.match(
        missing.stderr,
        /waymark\.assessment\.yaml: no assessment file here\n {2}hint: run `waymark init`/,
      );
      const pillar = await runCli(['assess', '-a', CONTOSO, '--pillar', 'xx']);
      assert.equal(pillar.code, 2);
      assert.match(pillar.stderr, /unknown pillar "xx"\n {2}hint: use one of: oe, pe/);
    });
  });

  describe('plan', () => {
    it('lists the plan by level then risk, as text or JSON', async () => {
      const json = await runCli(['plan', '-a', CONTOSO, '-f', 'json', '--limit', '0']);
      assert.equal(json.code, 0, json.stderr);
      const plan = JSON.parse(json.stdout) as {
        total: number;
        items: { level: number; risk: string; rank: number }[];
      };
      assert.equal(plan.items.length, plan.total);
      const order = { high: 0, medium: 1, low: 2 } as Record<string, number>;
      for (let i = 1; i < plan.items.length; i++) {
        const [a, b] = [plan.items[i - 1], plan.items[i]];
        assert.ok(a && b);
        assert.ok(
          a.level < b.level || (a.level === b.level && (order[a.risk] ?? 0) <= (order[b.risk] ?? 0)),
          `${i}`,
        );
      }
      const text = await runCli(['plan', '-a', CONTOSO, '--limit', '3']);
      assert.equal(text.stdout.match(/^ {2}\d\. /gm)?.length, 3);
      assert.match(text.stdout, /Next: /);
    });
  });

  describe('check', () => {
    it('passes when every pillar is at its minimum', async () => {
      const r = await runCli(['check', '-a', FABRIKAM, '--min-level', 'oe=3,pe=2']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'ok   oe: level 3, minimum 3\nok   pe: level 2, minimum 2\n');
    });

    it('fails with exit 1 and one line per blocking practice', async () => {
      const r = await runCli(['check', '-a', CONTOSO, '--min-level', 'oe=2,pe=1']);
      assert.equal(r.code, 1);
      const report = JsonReportSchema.parse(
        JSON.parse((await runCli(['assess', '-a', CONTOSO, '-f', 'json'])).stdout),
      );
      const blocking = report.pillars
        .flatMap((p) => p.practices.filter((x) => x.level <= (p.key === 'oe' ? 2 : 1)))
        .filter((x) => !['met', 'not-applicable'].includes(x.status));
      const lines = r.stdout.trim().split('\n');
      assert.deepEqual(
        lines.filter((l) => l.startsWith('FAIL')),
        ['FAIL oe: level 1, minimum 2', 'FAIL pe: level 0, minimum 1'],
      );
      assert.deepEqual(
        lines.filter((l) => l.startsWith('  ')).map((l) => l.trim().split(' ')[0]),
        blocking.map((b) => b.id),
      );
    });

    it('rejects a malformed gate with exit 2', async () => {
      for (const spec of ['oe', 'zz=1', 'oe=9', '']) {
        const r = await runCli(['check', '-a', CONTOSO, '--min-level', spec]);
        assert.equal(r.code, 2, spec);
        assertNoStack(r.stderr);
      }
    });
  });

  describe('models', () => {
    it('lists, shows and validates models', async () => {
      const list = await runCli(['models', 'list', '-f', 'json']);
      assert.deepEqual(
        (JSON.parse(list.stdout) as { key: string; strategies: number }[]).map((m) => [m.key, m.strategies]),
        [
          ['oe', 32],
          ['pe', 28],
        ],
      );
      const show = await runCli(['models', 'show', 'pe', '--level', '1']);
      assert.match(show.stdout, /Level 1: Set targets/);
      assert.match(show.stdout, /Choose appropriate networking resources/);
      assert.doesNotMatch(show.stdout, /Level 2/);
      const ok = await runCli(['models', 'validate', 'models/operational-excellence.yaml']);
      assert.equal(ok.code, 0);
      assert.match(
        ok.stdout,
        /^ok models\/operational-excellence\.yaml: operational-excellence 1\.1\.0, 5 levels, 32 strategies/,
      );

      const dir = tempDir();
      writeFileSync(
        join(dir, 'bad.yaml'),
        readFileSync(join(REPO_ROOT, 'models/performance-efficiency.yaml'), 'utf8').replace(
          'key: pe',
          'key: pe\nowner: me',
        ),
      );
      const bad = await runCli(['models', 'validate', join(dir, 'bad.yaml')]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /bad\.yaml:3:1: unknown key "owner"/);
      assertNoStack(bad.stderr);
    });

    it('adds a team model from --model or waymark.config.yaml', async () => {
      const dir = tempDir();
      writeFileSync(
        join(dir, 'sec.yaml'),
        `id: security-basics
key: sec
title: Security basics
version: 0.1.0
description: In-house minimum.
levels:
  - level: 1
    name: Hygiene
    goal: The minimum.
    strategies:
      - id: sec.1.mfa
        title: Use MFA
        summary: Everyone uses a second factor.
        practices:
          - { id: sec.1.mfa.all, statement: Every account uses MFA., why: Phishing., evidence: IdP policy., risk: high, nextStep: Enforce it. }
          - { id: sec.1.mfa.break-glass, statement: Break-glass accounts are monitored., why: Abuse., evidence: Alert rule., risk: medium, nextStep: Add an alert. }
`,
      );
      writeFileSync(
        join(dir, 'waymark.assessment.yaml'),
        'answers:\n  sec.1.mfa.all: met\n  sec.1.mfa.break-glass: met\n',
      );
      const flag = await runCli(['check', '--model', 'sec.yaml', '--min-level', 'sec=1'], { cwd: dir });
      assert.equal(flag.code, 0, flag.stderr);
      writeFileSync(join(dir, 'waymark.config.yaml'), 'models: [sec.yaml]\n');
      const config = await runCli(['assess', '-f', 'json'], { cwd: dir });
      assert.equal(config.code, 0, config.stderr);
      const report = JsonReportSchema.parse(JSON.parse(config.stdout));
      assert.deepEqual(
        report.pillars.map((p) => [p.key, p.level]),
        [
          ['oe', 0],
          ['pe', 0],
          ['sec', 1],
        ],
      );
      writeFileSync(join(dir, 'waymark.config.yaml'), 'models: [sec.yaml]\nanswer: x.yaml\n');
      const typo = await runCli(['assess'], { cwd: dir });
      assert.equal(typo.code, 2);
      assert.match(typo.stderr, /waymark\.config\.yaml:2:1: unknown key "answer"/);
    });
  });

  describe('assess --interactive', () => {
    it('saves after every answer and resumes where it stopped', async () => {
      const dir = tempDir();
      const ids = [...models.practices(models.model('oe'))].map((r) => r.practice.id);
      // First session: met, not met, then not applicable with a reason; then standard input closes.
      const first = await drive(dir, [
        ...skipContext(),
        [/\(1\/\d+\)/, 'y\n'],
        [/\(2\/\d+\)/, 'n\n'],
        [/\(3\/\d+\)/, 'a\n'],
        // Blanks are no reason: the prompt says so in the words the file and the API use.
        [/Why does it not apply\?/, '   \n'],
        [new RegExp(NEEDS_REASON_MESSAGE), 'no partners\n'],
        [/\(4\/\d+\)/, null],
      ]);
      assert.equal(first.code, 130);
      assert.match(first.stdout, /Stopped\. 3 answer\(s\) saved/);
      const file = join(dir, 'waymark.assessment.yaml');
      const saved = parseAssessment(readFileSync(file, 'utf8'), file, models).answers;
      assert.deepEqual(
        ids.slice(0, 4).map((id) => saved.get(id)?.status),
        ['met', 'not-met', 'not-applicable', 'unknown'],
      );
      assert.equal(saved.get(ids[2] ?? '')?.reason, 'no partners');
      assert.equal(saved.get(ids[0] ?? '')?.by, 'tester');

      // Second session starts at the fourth practice; skip it, answer the fifth, then quit.
      const second = await drive(dir, [
        [/3 of \d+ practices in force answered/, null],
        [/\(1\/\d+\)[^\n]*/, 's\n'],
        [/\(2\/\d+\)/, 'p\n'],
        [/\(3\/\d+\)/, 'q\n'],
      ]);
      assert.equal(second.code, 0, second.stderr);
      assert.ok(second.stdout.includes(`[${ids[3]}]`), 'resumes at the first unknown practice');
      const after = parseAssessment(readFileSync(file, 'utf8'), file, models).answers;
      assert.deepEqual(
        ids.slice(0, 6).map((id) => after.get(id)?.status),
        ['met', 'not-met', 'not-applicable', 'unknown', 'partial', 'unknown'],
      );
    });

    it('asks about the workload first and skips the practices its answers rule out', async () => {
      const dir = tempDir();
      const model = join(REPO_ROOT, 'test/fixtures/models/ctx-ops.yaml');
      const r = await drive(
        dir,
        [
          [/How many teams build or run the workload\?/, '\n'],
          ...skipContext(1),
          [/\(1\/2\)[^\n]*co\.1\.build\.source/, 'y\n'],
          [/\(2\/2\)[^[]*\[co\.2\.deploy\.pipeline/, 'q\n'],
        ],
        ['--model', model, '--pillar', 'co'],
      );
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(
        r.stdout,
        /co\.1\.build\.ownership\]/,
        'a practice for several teams is not asked of one',
      );
      const text = readFileSync(join(dir, 'waymark.assessment.yaml'), 'utf8');
      assert.match(text, /context:\n(?:.*\n)*? {2}teams: one\n/);
      const json = await runCli(['assess', '--model', model, '-p', 'co', '-f', 'json'], { cwd: dir });
      const report = JSON.parse(json.stdout) as {
        context: Record<string, string>;
        pillars: { level: number; practices: { id: string; notInForce: boolean; reason: string | null }[] }[];
      };
      assert.deepEqual(report.context, { teams: 'one' });
      assert.equal(report.pillars[0]?.level, 1);
      const ruledOut = report.pillars[0]?.practices.find((p) => p.id === 'co.1.build.ownership');
      assert.equal(ruledOut?.notInForce, true);
      assert.match(ruledOut?.reason ?? '', /does not apply to this workload/);
    });
  });
});

/** Answers "skip" to every context question the built-in models ask (after the first `answered`). */
function skipContext(answered = 0): [RegExp, string][] {
  // Up from the first choice wraps round to the last one, "skip". Each prompt is matched by its
  // own question, so a re-drawn prompt is never taken for the next one.
  return models
    .contextQuestions()
    .slice(answered)
    .map((q) => [new RegExp(`\\? ${q.question.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), '\u001b[A\n']);
}

/** Drives the interactive prompt: waits for each pattern, then types (null: just wait, then close). */
function drive(
  cwd: string,
  script: [RegExp, string | null][],
  args: readonly string[] = ['--pillar', 'oe'],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'assess', '--interactive', ...args, '--by', 'tester'], {
      cwd,
    });
    let stdout = '';
    let stderr = '';
    let step = 0;
    let seen = 0;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`interactive session stuck at step ${step}:\n${stdout}`));
    }, 20_000);
    const advance = () => {
      while (step < script.length) {
        const [pattern, keys] = script[step] ?? [/$/, null];
        const rest = stdout.slice(seen);
        const m = pattern.exec(rest);
        if (!m) return;
        seen += m.index + m[0].length;
        step += 1;
        if (keys === null) {
          if (step === script.length) child.stdin.end();
        } else {
          child.stdin.write(keys);
        }
      }
    };
    child.stdout.on('data', (d) => {
      stdout += d;
      advance();
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
