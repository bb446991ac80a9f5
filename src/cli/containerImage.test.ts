/**
 * The Dockerfile at the repository's root, checked without docker (not on this machine): what
 * it copies exists and is not left out by .dockerignore, the npm scripts it runs exist, the
 * program its ENTRYPOINT starts is one it copies, and the command, flags and variables it relies
 * on are the CLI's own. The image itself is built and run where docker is.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, it } from 'node:test';
import ignore from 'ignore';
import { z } from 'zod';
import { REPO_ROOT, runCli, tempDir } from '../testing/index.js';
import { freePort } from '../testing/postgres.js';
import { serve, stopped } from '../testing/server.js';

interface Instruction {
  op: string;
  args: string;
  stage: number;
}

/** Instructions in order, continuation lines joined, comments dropped; `stage` counts FROMs. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = pending + line;
    pending = '';
    const m = /^([A-Z]+)\s+(.*)$/.exec(whole);
    assert.ok(m?.[1] && m[2] !== undefined, `not an instruction: ${whole}`);
    if (m[1] === 'FROM') stage++;
    out.push({ op: m[1], args: m[2], stage });
  }
  return out;
}

const dockerfile = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const pkg = z
  .object({ scripts: z.record(z.string(), z.string()), engines: z.object({ node: z.string() }) })
  .parse(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')));
const of = (op: string, stage?: number) =>
  dockerfile.filter((i) => i.op === op && (stage === undefined || i.stage === stage));
const last = Math.max(...dockerfile.map((i) => i.stage));
const execForm = (args: string) => z.array(z.string()).parse(JSON.parse(args));

describe('the Dockerfile', () => {
  it('builds on the Node major version package.json supports, in two stages', () => {
    const major = /(\d+)/.exec(pkg.engines.node)?.[1];
    const froms = of('FROM');
    assert.equal(froms.length, 2);
    for (const f of froms) assert.match(f.args, new RegExp(`^node:${major}[-.]`), f.args);
    assert.match(froms[0]?.args ?? '', / AS build$/);
  });

  it('copies into the build only files that exist and that .dockerignore lets through', () => {
    const ignored = ignore().add(readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8'));
    const tracked = execFileSync('git', ['ls-files'], { cwd: REPO_ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const left = tracked.filter((f) => ignored.ignores(f));
    // Only the screenshots stay out of `COPY . .`: the build needs everything else it has.
    assert.deepEqual(
      left.filter((f) => !f.startsWith('docs/screenshots/')),
      [],
    );
    for (const c of of('COPY', 0)) {
      const sources = c.args.split(/\s+/).slice(0, -1);
      for (const s of sources) {
        assert.ok(existsSync(join(REPO_ROOT, s)), `COPY ${s}: no such file`);
        if (s !== '.') assert.ok(!ignored.ignores(s), `COPY ${s}: left out by .dockerignore`);
      }
    }
  });

  it('runs npm scripts that package.json has, and npm ci over a lockfile', () => {
    const runs = of('RUN').map((r) => r.args);
    const scripts = runs.flatMap((r) => [...r.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? ''));
    assert.ok(scripts.includes('build'));
    for (const s of scripts) assert.ok(pkg.scripts[s], `npm run ${s}: no such script`);
    assert.ok(runs.some((r) => r.includes('npm ci')));
    assert.ok(existsSync(join(REPO_ROOT, 'package-lock.json')));
  });

  it('takes from the build what the built CLI reads at run time, and starts a program it took', () => {
    const workdir = of('WORKDIR', 0)[0]?.args ?? '/';
    const copied = new Map<string, string>();
    let runWorkdir = '/';
    for (const i of dockerfile.filter((x) => x.stage === last)) {
      if (i.op === 'WORKDIR' && copied.size === 0) runWorkdir = i.args;
      if (i.op !== 'COPY') continue;
      const m = /^--from=build\s+(\S+)\s+(\S+)$/.exec(i.args);
      assert.ok(m?.[1] && m[2], `COPY in the last stage takes from the build: ${i.args}`);
      const from = posix.relative(workdir, m[1]);
      // Built or installed by the build stage: present here after `npm ci` and `npm run build`.
      assert.ok(existsSync(join(REPO_ROOT, from)), `COPY --from=build ${m[1]}: not made by the build`);
      copied.set(posix.join(runWorkdir, m[2]), from);
    }
    // What dist/src/cli, dist/src/model and the bundle read from around them (see serve.ts,
    // loader.ts), and the web UI's build.
    for (const need of ['package.json', 'bin', 'dist', 'models', 'node_modules'])
      assert.ok([...copied.values()].includes(need), `the image lacks ${need}`);
    assert.ok(existsSync(join(REPO_ROOT, 'dist', 'web', 'index.html')), 'the build makes the web UI');
    const [init, , node, program] = execForm(of('ENTRYPOINT')[0]?.args ?? '[]');
    assert.equal(init, '/usr/bin/tini');
    assert.equal(node, 'node');
    const at = [...copied].find(([to]) => program?.startsWith(`${to}/`));
    assert.ok(at, `ENTRYPOINT's ${program} is not in a folder the image copies`);
    assert.ok(existsSync(join(REPO_ROOT, at[1], posix.relative(at[0], program ?? ''))));
    assert.ok(of('RUN', last).some((r) => /apt-get install .*\bgit\b.*\btini\b/.test(r.args)));
  });

  it('defaults to a command the CLI has, and sets variables the CLI reads', async () => {
    const cmd = execForm(of('CMD')[0]?.args ?? '[]');
    assert.deepEqual(cmd, ['serve']);
    const env = of('ENV', last).flatMap((e) => [...e.args.matchAll(/(\w+)=/g)].map((m) => m[1] ?? ''));
    const serveHelp = await runCli(['serve', '--help']);
    const workerHelp = await runCli(['worker', '--help']);
    assert.equal(serveHelp.code, 0);
    assert.equal(workerHelp.code, 0);
    // Help text wraps; commander names an option's variable as "env: NAME".
    const help = `${serveHelp.stdout} ${workerHelp.stdout}`.replace(/\s+/g, ' ');
    const names = env.filter((n) => n.startsWith('WAYMARK_'));
    assert.ok(names.length >= 3);
    for (const name of names) assert.ok(help.includes(`env: ${name})`), `${name}: no option reads it`);
  });

  it('listens where WAYMARK_HOST and WAYMARK_PORT say, as the image sets them', async () => {
    const port = await freePort();
    const srv = await serve(['--db', join(tempDir(), 'w.db')], {
      WAYMARK_HOST: '0.0.0.0',
      WAYMARK_PORT: String(port),
    });
    try {
      assert.match(srv.url, new RegExp(`:${port}$`));
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(res.status, 200);
    } finally {
      srv.child.kill('SIGTERM');
      await stopped(srv.child);
    }
  });
});
