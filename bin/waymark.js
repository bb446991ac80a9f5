#!/usr/bin/env node
// Runs the bundled CLI (dist/bundle/cli, made by `npm run build`) when it is at least as new as the
// compiled modules, else the compiled modules: a `tsc` run on its own never leaves an old bundle in
// charge. WAYMARK_NO_BUNDLE=1 runs the compiled modules (to compare the two).
import { statSync } from 'node:fs';

const mtime = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundle = mtime('../dist/bundle/cli/main.mjs');
const useBundle = !process.env.WAYMARK_NO_BUNDLE && bundle >= 0 && bundle >= mtime('../dist/src/cli/main.js');
await import(useBundle ? '../dist/bundle/cli/main.mjs' : '../dist/src/cli/main.js');
