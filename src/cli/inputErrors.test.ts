import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertNoStackTrace } from '../testing/fuzz.js';
import { REPO_ROOT, runCli, tempDir } from '../testing/index.js';

const FABRIKAM = join(REPO_ROOT, 'examples/fabrikam-payments/waymark.assessment.yaml');
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';

describe('errors never echo the input', () => {
  it('a config naming a private key as a model prints none of the key', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'secret'));
    mkdirSync(join(dir, 'repo'));
    writeFileSync(join(dir, 'secret', 'id_ed25519'), KEY);
    writeFileSync(join(dir, 'repo', 'waymark.config.yaml'), 'models: [../secret/id_ed25519]\n');
    const r = await runCli(['check', '--min-level', 'oe=1', '-a', FABRIKAM], { cwd: join(dir, 'repo') });
    assert.equal(r.code, 2);
    assertNoStackTrace(r);
    assert.doesNotMatch(r.stderr, /BEGIN|b3BlbnNz|PRIVATE/);
    assert.match(r.stderr, /id_ed25519:1:1: expected a mapping at the top of the file, got a single string/);
  });

  it('a 3 MB scalar and control characters in a model give a short, escaped message', async () => {
    const dir = tempDir();
    const huge = 'x'.repeat(3_000_000);
    writeFileSync(join(dir, 'm.yaml'), `id: ${huge}\nkey: [1]\nlevels: "\\e[31m\\0"\n`);
    const r = await runCli(['models', 'validate', 'm.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.ok(r.stderr.length < 2000, `${r.stderr.length} bytes of stderr`);
    assert.ok(!r.stderr.includes('\x1b') && !r.stderr.includes('\0'), 'no raw escape or NUL');
    assert.match(r.stderr, /\\u001b\[31m\\u0000/);
  });
});

describe('a model of your own must fit beside the built-in ones', () => {
  const own = (key: string, id: string) =>
    readFileSync(join(REPO_ROOT, 'models/operational-excellence.yaml'), 'utf8')
      .replace(/^id: .*$/m, `id: ${id}`)
      .replace(/^key: .*$/m, `key: ${key}`);

  it('models validate refuses a key that a built-in model uses, as assess --model does', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'clash.yaml'), own('oe', 'my-standard'));
    const validate = await runCli(['models', 'validate', 'clash.yaml'], { cwd: dir });
    assert.equal(validate.code, 2);
    assert.match(validate.stderr, /clash\.yaml: .*key "oe".*\n {2}hint: a model of your own needs a key/);
    const assess = await runCli(['assess', '-a', FABRIKAM, '--model', 'clash.yaml'], { cwd: dir });
    assert.equal(assess.code, 2, 'the two commands agree');
  });

  it('the built-in model files themselves still validate', async () => {
    const r = await runCli([
      'models',
      'validate',
      'models/operational-excellence.yaml',
      'models/performance-efficiency.yaml',
    ]);
    assert.equal(r.code, 0, r.stderr);
  });
});

describe('a UTF-8 byte-order mark is not part of the text', () => {
  it('assessment, config and model files with a BOM read as without one', async () => {
    const dir = tempDir();
    const model = readFileSync(join(REPO_ROOT, 'src/model/loader.test.ts'), 'utf8');
    const inhouse = /const VALID = `([^`]+)`/.exec(model)?.[1];
    assert.ok(inhouse);
    writeFileSync(join(dir, 'inhouse.yaml'), `\uFEFF${inhouse}`);
    writeFileSync(join(dir, 'waymark.config.yaml'), '\uFEFFmodels: [inhouse.yaml]\nanswers: a.yaml\n');
    writeFileSync(join(dir, 'a.yaml'), `\uFEFF${readFileSync(FABRIKAM, 'utf8')}`);
    const withBom = await runCli(['assess', '-f', 'json'], { cwd: dir });
    assert.equal(withBom.code, 0, withBom.stderr);
    const plain = await runCli(['assess', '-f', 'json', '-a', FABRIKAM]);
    const levels = (out: string) =>
      (JSON.parse(out) as { pillars: { key: string; level: number }[] }).pillars
        .filter((p) => p.key !== 'ih')
        .map((p) => `${p.key}=${p.level}`);
    assert.deepEqual(levels(withBom.stdout), levels(plain.stdout));
  });
});
