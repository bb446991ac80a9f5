// Writes an empty label file for one repository of the truth corpus: every practice of both built-in
// models, each with its statement and evidence hint as a comment, status left as `todo`.
// Usage: node bench/truth/skeleton.mjs NAME > bench/truth/labels/NAME.yaml
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadBuiltinModels } from '../../dist/src/model/index.js';

const name = process.argv[2];
if (!name) {
  console.error('usage: node bench/truth/skeleton.mjs NAME');
  process.exit(2);
}
const corpus = parse(readFileSync(new URL('./corpus.yaml', import.meta.url), 'utf8'));
const entry = corpus.repositories.find((r) => r.name === name);
if (!entry) {
  console.error(`no repository named ${name} in bench/truth/corpus.yaml`);
  process.exit(2);
}
const out = [`repo: ${entry.repo}`, `commit: ${entry.commit}`, 'practices:'];
const wrap = (s) => s.replace(/\s+/g, ' ').trim();
for (const model of await loadBuiltinModels()) {
  for (const level of model.levels)
    for (const strategy of level.strategies) {
      out.push(`  # ── ${strategy.id}: ${strategy.title}`);
      for (const p of strategy.practices) {
        out.push(`  # ${wrap(p.statement)}`, `  # evidence: ${wrap(p.evidence)}`);
        out.push(`  ${p.id}: { status: todo, why: "" }`);
      }
    }
}
console.log(out.join('\n'));
