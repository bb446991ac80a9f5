import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, REPO_ROOT, runCli, tempDir } from '../testing/index.js';

const BUNDLE = join(REPO_ROOT, 'dist', 'bundle', 'cli', 'main.mjs');
const fresh =
  existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= statSync(join(REPO_ROOT, 'dist/src/cli/main.js')).mtimeMs;

test('bin/waymark.js runs the bundle only when it is at least as new as the compiled modules', () => {
  const root = tempDir('waymark-bin-');
  mkdirSync(join(root, 'bin'));
  copyFileSync(BIN, join(root, 'bin', 'waymark.js'));
  const write = (rel: string, says: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), `console.log(${JSON.stringify(says)});\n`);
  };
  const run = (env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [join(root, 'bin', 'waymark.js')], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    }).stdout.trim();
  write('dist/src/cli/main.js', 'modules');
  assert.equal(run(), 'modules', 'no bundle: the compiled modules');
  write('dist/bundle/cli/main.mjs', 'bundle');
  const now = Date.now() / 1000;
  utimesSync(join(root, 'dist/src/cli/main.js'), now - 60, now - 60);
  utimesSync(join(root, 'dist/bundle/cli/main.mjs'), now, now);
  assert.equal(run(), 'bundle', 'a bundle newer than the modules runs');
  assert.equal(run({ WAYMARK_NO_BUNDLE: '1' }), 'modules', 'WAYMARK_NO_BUNDLE=1 runs the modules');
  utimesSync(join(root, 'dist/src/cli/main.js'), now + 60, now + 60);
  assert.equal(run(), 'modules', 'modules compiled after the bundle win: an old bundle never runs');
});

test('the bundled CLI scans, reports and fails exactly as the compiled modules do', {
  skip: !fresh && 'no fresh bundle (npm run build makes one)',
}, async () => {
  const fixtures = join(REPO_ROOT, 'test', 'fixtures', 'evidence');
  const bundled = await runCli(['scan', '-f', 'json', fixtures]);
  const modules = await runCli(['scan', '-f', 'json', fixtures], { env: { WAYMARK_NO_BUNDLE: '1' } });
  assert.equal(bundled.code, 0, bundled.stderr);
  const strip = (s: string) => {
    const j = JSON.parse(s) as { stats?: unknown };
    delete j.stats;
    return j;
  };
  assert.deepEqual(strip(bundled.stdout), strip(modules.stdout));
  assert.ok((strip(bundled.stdout) as { findings: unknown[] }).findings.length > 20);
  // The models are found from the bundle's folder, and a user mistake is still exit 2, no stack.
  const report = await runCli(['assess', '--answers', 'examples/fabrikam-payments/waymark.assessment.yaml']);
  assert.equal(report.code, 0, report.stderr);
  assert.match(report.stdout, /Operational Excellence/);
  const bad = await runCli(['assess', '--answers', 'nope/missing.yaml']);
  assert.equal(bad.code, 2);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});
