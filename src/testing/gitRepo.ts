/** Small git repositories made by tests, reached as file:// URLs: scan jobs never leave the machine. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from './index.js';

/** A repository with infrastructure as code and a pipeline on branch `main`; its file:// URL. */
export function makeGitRepo(files: Record<string, string> = {}): { dir: string; url: string } {
  const dir = join(tempDir('waymark-repo-'), 'checkout.git');
  const all: Record<string, string> = {
    'infra/main.bicep':
      "param location string = resourceGroup().location\nresource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'sa'\n  location: location\n}\n",
    '.github/workflows/ci.yml':
      'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n',
    'README.md': '# checkout\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: dir,
      stdio: 'pipe',
    });
  git('init', '--quiet', '--initial-branch', 'main');
  git('add', '.');
  git('commit', '--quiet', '-m', 'first');
  return { dir, url: pathToFileURL(dir).href };
}

/** Polls `read` until `done` holds (no time limit of its own: the test runner's applies). */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  everyMs = 100,
): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
