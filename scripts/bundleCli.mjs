// Bundles the compiled CLI (dist/src/cli/main.js) into dist/bundle/cli/ with Vite (Rolldown), so a
// command loads a few dozen chunks instead of some 300 modules: measured, this halves the time of a
// scan of a tiny repository (docs/benchmarks.md). Commands stay lazy: each is its own chunk.
//
// The chunks sit three folders below the project root, as the compiled modules do
// (dist/src/<folder>/), so the paths modules resolve from `import.meta.url` (package.json, models/,
// dist/models/, dist/web/) point at the same files from either place.
//
// Usage: node scripts/bundleCli.mjs (after tsc and compileModels; `npm run build` runs all three).
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('../', import.meta.url));
const outDir = `${root}dist/bundle/cli`;
// Packages with native parts or their own file layout at run time stay outside the bundle; they
// are reached only by the server commands, behind dynamic imports.
const external = [
  'better-sqlite3',
  'pg',
  'pg-boss',
  'pg-native',
  'fastify',
  'oidc-provider',
  'openid-client',
  'playwright-core',
];

rmSync(outDir, { recursive: true, force: true });
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  publicDir: false,
  ssr: { noExternal: true, external },
  build: {
    ssr: `${root}dist/src/cli/main.js`,
    outDir,
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    target: 'node20',
    rolldownOptions: {
      external: [...external, /^@fastify\//, /^node:/, ...builtinModules],
      output: { format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
    },
  },
});
console.log(`bundled the CLI into ${outDir.slice(root.length)}`);
