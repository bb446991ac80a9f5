import assert from 'node:assert/strict';
import { realpath } from 'node:fs/promises';
import test from 'node:test';
import { tempTree } from '../testing.js';
import { createRepoView, walk } from '../walker.js';
import { grepFiles } from './helpers.js';

async function viewOf(files: Record<string, string>) {
  const root = await realpath(tempTree(files));
  return createRepoView(await walk(root), { git: false });
}

// 300 files, every tenth one marked: enough for several read batches.
const many: Record<string, string> = {};
for (let i = 0; i < 300; i++)
  many[`src/f${String(i).padStart(3, '0')}.ts`] = i % 10 === 0 ? `// TODO fix #${100 + i}\n` : 'x\n';

test('grepFiles with max returns the first hits in pool order and stops reading once it has them', async () => {
  const repo = await viewOf(many);
  const pool = repo.byExtInOrder('.ts');
  const hits = await grepFiles(repo, pool, /#\d+/, 2000, undefined, { max: 3 });
  assert.deepEqual(
    hits.map((h) => h.file.path),
    ['src/f000.ts', 'src/f010.ts', 'src/f020.ts'],
  );
  assert.ok(repo.readStats.filesRead < 300, `read ${repo.readStats.filesRead} of 300 files`);
});

test('grepFiles without max reads the whole pool (up to the limit) and finds every hit', async () => {
  const repo = await viewOf(many);
  const hits = await grepFiles(repo, repo.byExtInOrder('.ts'), /#\d+/);
  assert.equal(hits.length, 30);
  assert.equal(repo.readStats.filesRead, 300);
  const limited = await grepFiles(repo, repo.byExtInOrder('.ts'), /#\d+/, 55);
  assert.equal(limited.length, 6);
});

test('grepFiles keep: a hit must pass it to count towards max and to be returned', async () => {
  const repo = await viewOf(many);
  const hits = await grepFiles(repo, repo.byExtInOrder('.ts'), /#\d+/, 2000, undefined, {
    max: 2,
    keep: (h) => /#1[5-9]\d/.test(h.text),
  });
  assert.deepEqual(
    hits.map((h) => h.file.path),
    ['src/f050.ts', 'src/f060.ts'],
  );
});
