/**
 * No module of src/ imports itself through others. Checked over the TypeScript sources, not the
 * compiled files: a type-only import vanishes from the JavaScript, and a circle of types is still
 * a circle of concepts (the server's routes once imported their options from app.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import madge from 'madge';
import { REPO_ROOT, tempDir } from './index.js';

async function circles(root: string, tsConfig?: string): Promise<string[][]> {
  const graph = await madge(root, {
    fileExtensions: ['ts'],
    ...(tsConfig ? { tsConfig } : {}),
  });
  return graph.circular();
}

describe('import circles', () => {
  it('finds none in src/', async () => {
    const found = await circles(join(REPO_ROOT, 'src'), join(REPO_ROOT, 'tsconfig.json'));
    assert.deepEqual(
      found.map((c) => c.join(' → ')),
      [],
      'break each circle: move what both sides need into a module of its own',
    );
  });

  it('sees a circle made of a type-only import, written with .js specifiers as in src/', async () => {
    const dir = join(tempDir(), 'circle');
    mkdirSync(join(dir, 'routes'), { recursive: true });
    writeFileSync(
      join(dir, 'app.ts'),
      "import { routes } from './routes/a.js';\nexport interface Options { x: number }\nexport const all = [routes];\n",
    );
    writeFileSync(
      join(dir, 'routes', 'a.ts'),
      "import type { Options } from '../app.js';\nexport const routes = (o: Options) => o.x;\n",
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
    );
    assert.deepEqual(await circles(dir, join(dir, 'tsconfig.json')), [['app.ts', 'routes/a.ts']]);
  });
});
