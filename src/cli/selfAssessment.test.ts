// Waymark on itself: the repository's own waymark.assessment.yaml reads against the models, CI
// gates on the levels it holds, and the README shows those levels. When an answer changes a level
// or a coverage, this test names what to update.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli, tempDir } from '../testing/index.js';

interface Report {
  pillars: { key: string; title: string; level: number; maxLevel: number; levels: { coverage: number }[] }[];
}

describe("the repository's own assessment", () => {
  it('scores, and matches the levels in the README and the minimums in .ci/run', async () => {
    const r = await runCli(['assess', '-f', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const ci = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');
    const gate = /node bin\/waymark\.js check --min-level (\S+)/.exec(ci)?.[1];
    assert.ok(gate, '.ci/run runs waymark check');
    const minimums = new Map(gate.split(',').map((kv) => kv.split('=') as [string, string]));
    for (const p of report.pillars) {
      const coverage = p.levels.map((l) => `${Math.round(l.coverage * 100)}%`).join(' · ');
      const row = `| ${p.title} | ${p.level} of ${p.maxLevel} | ${coverage} |`;
      assert.ok(readme.includes(row), `README's "Waymark on itself" table should read: ${row}`);
      assert.equal(Number(minimums.get(p.key)), p.level, `.ci/run should gate ${p.key} at ${p.level}`);
    }
    const check = await runCli(['check', '--min-level', gate]);
    assert.equal(check.code, 0, check.stdout);
  });

  it('names as evidence only files that exist in the repository', () => {
    const text = readFileSync(join(REPO_ROOT, 'waymark.assessment.yaml'), 'utf8');
    for (const m of text.matchAll(/^ {2}[a-z0-9.-]+: \{.*evidence: \[([^\]]*)\]/gm))
      for (const entry of (m[1] ?? '').split(',').map((e) => JSON.parse(e.trim()) as string)) {
        const file = entry.replace(/:\d+$/, '');
        assert.ok(readFileSync(join(REPO_ROOT, file)), `${entry}: no such file`);
      }
  });
});

describe('check --min-level 0', () => {
  it('passes a fresh assessment, still reporting the level, and still rejects a broken one', async () => {
    const dir = tempDir();
    assert.equal((await runCli(['init'], { cwd: dir })).code, 0);
    const ok = await runCli(['check', '--min-level', 'oe=0,pe=0'], { cwd: dir });
    assert.equal(ok.code, 0);
    assert.equal(ok.stdout, 'ok   oe: level 0, minimum 0\nok   pe: level 0, minimum 0\n');
    const junit = await runCli(['check', '--min-level', 'oe=0', '-f', 'junit'], { cwd: dir });
    assert.match(
      junit.stdout,
      /<testsuite name="oe: Operational Excellence, no level required yet" tests="0"/,
    );
    const broken = await runCli(['check', '--min-level', 'oe=0', '-a', join(REPO_ROOT, 'package.json')], {
      cwd: dir,
    });
    assert.equal(broken.code, 2);
  });
});
