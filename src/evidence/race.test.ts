// The scanner against a repository that changes under it: folders swapped for symlinks to an outside
// folder while scans run. Every file-system call of the process is watched for outside inodes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs, { lstatSync, realpathSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { scanRepository } from './index.js';
import { tempTree } from './testing.js';
import type { Detector } from './types.js';

/** Folders of the repository that the swapper replaces by a symlink to the outside folder (never nested). */
const TARGETS = ['a', 'd/e', 'f'];
const RUNS = Number(process.env.WAYMARK_RACE_RUNS ?? '200');

/** Files of one swapped folder; the outside folder holds the same names (with canary content) and more. */
function folderFiles(prefix: string, body: (name: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < 8; i++) out[`${prefix}file${i}.txt`] = body(`file${i}.txt`);
  for (let i = 0; i < 8; i++) out[`${prefix}sub/file${i}.md`] = body(`sub/file${i}.md`);
  for (let i = 0; i < 4; i++) out[`${prefix}sub/deeper/file${i}.yaml`] = body(`sub/deeper/file${i}.yaml`);
  out[`${prefix}.gitignore`] = '*.tmp\n';
  return out;
}

/** Inodes (`dev:ino`) of everything under `dir`, itself included. */
function inodes(dir: string, into = new Set<string>()): Set<string> {
  const st = lstatSync(dir);
  into.add(`${st.dev}:${st.ino}`);
  if (st.isDirectory()) for (const n of fs.readdirSync(dir)) inodes(join(dir, n), into);
  return into;
}

interface Contact {
  op: string;
  path: string;
}

/**
 * Wraps the `node:fs` calls the scanner can make so that every descriptor opened, every directory
 * listed and every stat is checked against the outside folder's inodes. Returns the contacts seen.
 */
function watchOutside(outside: Set<string>, canary: string): { contacts: Contact[]; restore: () => void } {
  const contacts: Contact[] = [];
  const key = (st: { dev: number | bigint; ino: number | bigint }) => `${st.dev}:${st.ino}`;
  const orig = {
    openSync: fs.openSync,
    readdir: fs.promises.readdir,
    readdirSync: fs.readdirSync,
    statSync: fs.statSync,
    lstatSync: fs.lstatSync,
    stat: fs.promises.stat,
    lstat: fs.promises.lstat,
  };
  const names = (list: unknown[]) =>
    list.some((e) => String(typeof e === 'object' && e && 'name' in e ? e.name : e).includes(canary));
  const m = fs as unknown as Record<string, unknown>;
  const p = fs.promises as unknown as Record<string, unknown>;
  m.openSync = (...args: Parameters<typeof fs.openSync>) => {
    const fd = orig.openSync(...args);
    if (outside.has(key(fs.fstatSync(fd)))) contacts.push({ op: 'open', path: String(args[0]) });
    return fd;
  };
  p.readdir = async (...args: Parameters<typeof fs.promises.readdir>) => {
    const list = await orig.readdir(...args);
    if (names(list)) contacts.push({ op: 'readdir', path: String(args[0]) });
    return list;
  };
  m.readdirSync = (...args: Parameters<typeof fs.readdirSync>) => {
    const list = orig.readdirSync(...args);
    if (names(list)) contacts.push({ op: 'readdirSync', path: String(args[0]) });
    return list;
  };
  for (const [name, fn, target] of [
    ['statSync', orig.statSync, m],
    ['lstatSync', orig.lstatSync, m],
  ] as const) {
    target[name] = (...args: Parameters<typeof fs.statSync>) => {
      const st = (fn as typeof fs.statSync)(...args);
      if (st && outside.has(key(st))) contacts.push({ op: name, path: String(args[0]) });
      return st;
    };
  }
  for (const [name, fn] of [
    ['stat', orig.stat],
    ['lstat', orig.lstat],
  ] as const) {
    p[name] = async (...args: Parameters<typeof fs.promises.stat>) => {
      const st = await fn(...args);
      if (outside.has(key(st))) contacts.push({ op: name, path: String(args[0]) });
      return st;
    };
  }
  syncBuiltinESMExports();
  return {
    contacts,
    restore: () => {
      Object.assign(m, { openSync: orig.openSync, readdirSync: orig.readdirSync });
      Object.assign(m, { statSync: orig.statSync, lstatSync: orig.lstatSync });
      Object.assign(p, { readdir: orig.readdir, stat: orig.stat, lstat: orig.lstat });
      syncBuiltinESMExports();
    },
  };
}

/** A child process that swaps each target folder for a symlink to `outside` and back, in a tight loop. */
const SWAPPER = `
const fs = require('node:fs');
const [root, outside, ...targets] = process.argv.slice(1);
for (;;) {
  for (const t of targets) {
    const p = root + '/' + t;
    try { fs.renameSync(p, p + '.swap'); } catch { continue; }
    try { fs.symlinkSync(outside, p); } catch {}
    for (let i = 0; i < 2000; i++);
    try { fs.unlinkSync(p); } catch {}
    try { fs.renameSync(p + '.swap', p); } catch {}
  }
}`;

test('folders swapped for symlinks to an outside folder during scans: nothing outside is listed, opened or read', async (t) => {
  const canary = `canary${randomBytes(6).toString('hex')}`;
  const content = `CONTENT-${canary.toUpperCase()}`;
  const files: Record<string, string> = { 'top.txt': 'top', 'd/keep.txt': 'keep' };
  for (const target of TARGETS)
    Object.assign(
      files,
      folderFiles(`${target}/`, () => 'inside'),
    );
  const root = realpathSync(tempTree(files));
  const outsideFiles = folderFiles('', (name) => `${content} ${name}`);
  for (const dir of ['', 'sub/', 'sub/deeper/']) outsideFiles[`${dir}${canary}-${dir.length}.txt`] = content;
  const outside = realpathSync(tempTree(outsideFiles));
  const outsideInodes = inodes(outside);

  const seen: { texts: string[] } = { texts: [] };
  const readAll: Detector = {
    meta: { id: 'read-all', title: 'reads every file', practices: [], docs: 'test' },
    async detect(repo) {
      for (const f of repo.files) {
        seen.texts.push(f.path, (await repo.head(f.path, 8)) ?? '', (await repo.read(f.path)) ?? '');
      }
      return [
        {
          detector: 'read-all',
          practices: [],
          present: true,
          confidence: 'low',
          locations: repo.files.map((f) => ({ file: f.path })),
          summary: `${repo.files.length} files`,
        },
      ];
    },
  };

  const swapper = spawn(process.execPath, ['-e', SWAPPER, root, outside, ...TARGETS], { stdio: 'ignore' });
  const watch = watchOutside(outsideInodes, canary);
  let touched = 0;
  let leakedRuns = 0;
  /** Scans that met a swapped folder (a symlink to the outside, skipped). */
  let raced = 0;
  let crashed = 0;
  const errors: string[] = [];
  try {
    await new Promise((r) => setTimeout(r, 100)); // the swapper is running
    for (let i = 0; i < RUNS; i++) {
      seen.texts = [];
      const before = watch.contacts.length;
      let out = '';
      try {
        const r = await scanRepository(root, { detectors: [readAll], git: false });
        if (r.stats.skipped['symlink-outside-root']) raced++;
        out = JSON.stringify(r);
      } catch (err) {
        crashed++;
        if (errors.length < 3) errors.push(String((err as Error).stack ?? err));
      }
      const leaked = [out, ...seen.texts].some((s) => s.includes(canary) || s.includes(content.slice(0, 20)));
      if (leaked) leakedRuns++;
      if (leaked || watch.contacts.length > before) touched++;
    }
  } finally {
    watch.restore();
    swapper.kill('SIGKILL');
    await new Promise((r) => swapper.once('exit', r));
    for (const target of TARGETS) {
      const p = join(root, target);
      try {
        if (lstatSync(p).isSymbolicLink()) unlinkSync(p);
      } catch {}
      try {
        renameSync(`${p}.swap`, p);
      } catch {}
    }
  }
  const byOp: Record<string, number> = {};
  for (const c of watch.contacts) byOp[c.op] = (byOp[c.op] ?? 0) + 1;
  t.diagnostic(
    `${RUNS} scans (${raced} met a swapped folder): ${touched} touched the outside folder (${watch.contacts.length} outside contacts: ${JSON.stringify(byOp)}); ${leakedRuns} showed a canary name or content; ${crashed} crashed`,
  );
  assert.equal(crashed, 0, errors.join('\n'));
  assert.ok(raced > 0, 'the swapper raced the scans');
  assert.deepEqual(watch.contacts.slice(0, 5), [], `${watch.contacts.length} outside contacts`);
  assert.equal(leakedRuns, 0);
  assert.equal(touched, 0);
  // The check itself works: a plain read through a symlink to the outside folder is seen.
  const again = watchOutside(outsideInodes, canary);
  try {
    fs.symlinkSync(outside, join(root, 'probe'));
    fs.closeSync(fs.openSync(join(root, 'probe', 'file0.txt'), 'r'));
  } finally {
    again.restore();
  }
  assert.deepEqual(
    again.contacts.map((c) => c.op),
    ['open'],
  );
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});
