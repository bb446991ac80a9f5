import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import {
  perfBaselineSet,
  perfBaselineShow,
  perfCompare,
  perfSummary,
  registerPerfCommands,
} from '../cli/commands/perf.js';
import { InputError } from '../diagnostics/index.js';

const root = new URL('../../../', import.meta.url);
const fixture = (name: string) => fileURLToPath(new URL(`test/fixtures/perf/${name}`, root));
const HEADER = 'timeStamp,elapsed,label,responseCode,success';

function jtl(dir: string, name: string, slowdown: number): string {
  const lines = [HEADER];
  for (let i = 0; i < 3000; i++) {
    const label = i % 2 ? 'POST /checkout' : 'GET /products';
    lines.push(`${1_714_550_400_000 + i * 20},${Math.round((20 + (i % 100)) * slowdown)},${label},200,true`);
  }
  const p = join(dir, name);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

test('summary, baseline set/show and compare through the command module', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'perf-cli-'));
  try {
    const targets = fixture('waymark.perf.yaml');
    const base = jtl(dir, 'base.jtl', 1);
    const same = jtl(dir, 'same.jtl', 1);
    const slow = jtl(dir, 'slow.jtl', 1.5);
    // The baseline's folder must exist: the atomic writer refuses to create folders.
    mkdirSync(join(dir, 'perf'));
    const baseline = join(dir, 'perf', 'baseline.yaml');

    const sum = await perfSummary([base], { targets, format: 'text' });
    assert.match(sum.text, /^Run summary/);
    assert.match(sum.text, /checkout\s+1500\s+0/);

    await perfBaselineSet([base], { targets, baseline, format: 'text' });
    assert.match(readFileSync(baseline, 'utf8'), /flow: checkout/);
    const shown = await perfBaselineShow({ baseline, format: 'json' });
    assert.equal((JSON.parse(shown.text) as { flows: unknown[] }).flows.length, 3);

    const ok = await perfCompare([same], { targets, baseline, format: 'md' });
    assert.equal(ok.exitCode, 0, ok.text);
    const bad = await perfCompare([slow], { targets, baseline, format: 'json' });
    assert.equal(bad.exitCode, 1);
    const parsed = JSON.parse(bad.text) as { regressed: number };
    assert.ok(parsed.regressed >= 2);

    await assert.rejects(perfCompare([same], { format: 'xml' }), (e: unknown) => e instanceof InputError);
    await assert.rejects(
      perfBaselineShow({ baseline, format: 'html' }),
      (e: unknown) => e instanceof InputError,
    );
    await assert.rejects(
      perfCompare([same], { targets, baseline: join(dir, 'missing.yaml') }),
      (e: unknown) => e instanceof InputError && /no baseline file/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('registerPerfCommands adds perf with its subcommands and options', () => {
  const program = new Command('waymark');
  registerPerfCommands(program);
  const perf = program.commands.find((c) => c.name() === 'perf');
  assert.ok(perf);
  assert.deepEqual(
    perf.commands.map((c) => c.name()),
    ['summary', 'baseline', 'compare'],
  );
  const compare = perf.commands.find((c) => c.name() === 'compare');
  const help = compare?.helpInformation() ?? '';
  for (const opt of ['--targets', '--format', '--output', '--baseline']) assert.ok(help.includes(opt), opt);
  const baseline = perf.commands.find((c) => c.name() === 'baseline');
  assert.deepEqual(
    baseline?.commands.map((c) => c.name()),
    ['set', 'show'],
  );
});

test('the command module loads the perf core lazily', () => {
  const src = readFileSync(fileURLToPath(new URL('src/cli/commands/perf.ts', root)), 'utf8');
  assert.doesNotMatch(src, /^import (?!type).*perf\/index/m);
  assert.match(src, /await import\('..\/..\/perf\/index.js'\)/);
});
