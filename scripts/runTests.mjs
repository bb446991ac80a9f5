// Runs every compiled test file under dist/ with node's own test runner.
// Node 20's `--test` does not expand globs, so the file list is gathered here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function collect(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...collect(p));
    else if (entry.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

// `node scripts/runTests.mjs [INCLUDE] [--exclude PART]...`: test files whose path contains
// INCLUDE (all when absent) and none of the excluded parts.
const args = process.argv.slice(2);
const exclude = [];
let filter;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--exclude') exclude.push(args[++i] ?? '');
  else filter = args[i];
}
const files = collect('dist/src')
  .filter((f) => (!filter || f.includes(filter)) && !exclude.some((x) => x && f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files found under dist/src');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
});
process.exit(result.status ?? 1);
