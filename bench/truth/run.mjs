// `npm run truth`: scans every checkout of the truth corpus that is present, compares the scan with
// the hand labels and prints precision and recall (overall, per repository, strategy, practice and
// detector), then every false claim and every miss with its evidence. See bench/truth/README.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'yaml';
import { scanRepository } from '../../dist/src/evidence/index.js';
import { loadBuiltinModels } from '../../dist/src/model/index.js';
import { parseLabels, precision, recall, scoreTruth, strategiesOf } from '../../dist/src/testing/index.js';

const here = new URL('.', import.meta.url).pathname;
const program = new Command('truth')
  .description('Measure the scanner against the hand-labelled corpus in bench/truth')
  .option(
    '--corpus <dir>',
    'folder holding the checkouts',
    process.env.WAYMARK_CORPUS ?? join(homedir(), 'corpus'),
  )
  .option('--labels <dir>', 'folder of label files', join(new URL('.', import.meta.url).pathname, 'labels'))
  .option('--repo <name...>', 'only these repositories')
  .option('--except <name...>', 'leave these repositories out (e.g. a held-out set)')
  .option('--json', 'print the figures as JSON')
  .option('--quiet', 'figures only, no list of disagreements')
  .parse();
const opts = program.opts();

const models = await loadBuiltinModels();
const practiceIds = models.flatMap((m) =>
  m.levels.flatMap((l) => l.strategies.flatMap((s) => s.practices.map((p) => p.id))),
);
const strategies = strategiesOf(models);
const corpus = parse(readFileSync(join(here, 'corpus.yaml'), 'utf8'));

const scanned = [];
const skipped = [];
for (const entry of corpus.repositories) {
  if (opts.repo && !opts.repo.includes(entry.name)) continue;
  if (opts.except?.includes(entry.name)) continue;
  const labelFile = join(opts.labels, `${entry.name}.yaml`);
  if (!existsSync(labelFile)) {
    skipped.push(`${entry.name} (no labels yet: ${labelFile})`);
    continue;
  }
  const labelText = readFileSync(labelFile, 'utf8');
  if (/status: todo\b/.test(labelText)) {
    skipped.push(`${entry.name} (labels not finished)`);
    continue;
  }
  const labels = parseLabels(`bench/truth/labels/${entry.name}.yaml`, labelText, practiceIds);
  const dir = join(opts.corpus, entry.name);
  if (!existsSync(dir)) {
    skipped.push(`${entry.name} (no checkout at ${dir})`);
    continue;
  }
  let head = '';
  try {
    head = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {}
  if (head !== entry.commit) {
    skipped.push(`${entry.name} (checkout is at ${head || 'no commit'}, labels are for ${entry.commit})`);
    continue;
  }
  const t0 = performance.now();
  const result = await scanRepository(dir);
  const ms = performance.now() - t0;
  if (!opts.json)
    process.stderr.write(`scanned ${entry.name}: ${result.stats.files} files in ${ms.toFixed(0)} ms\n`);
  scanned.push({ name: entry.name, labels, suggestions: result.suggestions, findings: result.findings });
}

// With --json the note goes to standard error, so standard output stays one JSON document.
if (skipped.length) (opts.json ? console.error : console.log)(`skipped: ${skipped.join('; ')}`);
if (scanned.length === 0) {
  console.log('no checkout of the truth corpus is present; nothing measured (see bench/truth/README.md)');
  process.exit(0);
}

const score = scoreTruth(scanned, strategies);
const pct = (v) => (v === undefined ? '   —  ' : `${(v * 100).toFixed(1).padStart(5)}%`);
const row = (name, t) =>
  `${name.padEnd(58)} ${pct(precision(t))} ${pct(recall(t))}  tp ${String(t.truePositive).padStart(3)} fp ${String(t.falsePositive).padStart(3)} fn ${String(t.falseNegative).padStart(3)}`;

if (opts.json) {
  const tallies = (m) =>
    Object.fromEntries([...m].map(([k, t]) => [k, { ...t, precision: precision(t), recall: recall(t) }]));
  console.log(
    JSON.stringify(
      {
        strategies: {
          ...score.strategies,
          precision: precision(score.strategies),
          recall: recall(score.strategies),
        },
        practices: {
          ...score.practices,
          precision: precision(score.practices),
          recall: recall(score.practices),
        },
        byRepo: score.byRepo,
        byStrategy: tallies(score.byStrategy),
        byPractice: tallies(score.byPractice),
        byDetector: tallies(score.byDetector),
        disagreements: score.disagreements,
      },
      null,
      2,
    ),
  );
  process.exit(0);
}

const header = `${''.padEnd(58)} precision recall`;
console.log(`\n# Truth: ${scanned.length} repositories\n\n${header}`);
console.log(row('strategies (overall)', score.strategies));
console.log(row('practices (overall)', score.practices));
console.log(`\n## per repository (strategies, then practices)\n\n${header}`);
for (const r of score.byRepo) {
  console.log(row(`${r.repo} strategies`, r.strategies));
  console.log(row(`${r.repo} practices`, r.practices));
}
const worst = (m) =>
  [...m].sort(
    (a, b) => (recall(a[1]) ?? 1) - (recall(b[1]) ?? 1) || (precision(a[1]) ?? 1) - (precision(b[1]) ?? 1),
  );
console.log(`\n## per strategy\n\n${header}`);
for (const [k, t] of worst(score.byStrategy)) console.log(row(k, t));
console.log(`\n## per practice (only those with a present label or a claim)\n\n${header}`);
for (const [k, t] of worst(score.byPractice))
  if (t.truePositive + t.falsePositive + t.falseNegative) console.log(row(k, t));
console.log(`\n## per detector (claims it made on decidable practices)\n\n${header}`);
for (const [k, t] of [...score.byDetector].sort((a, b) => (precision(a[1]) ?? 1) - (precision(b[1]) ?? 1)))
  console.log(row(k, t));

if (!opts.quiet) {
  const kinds = {
    'false-claim': 'False claims (scan says met/partial, label says absent)',
    miss: 'Misses (label says present, scan says nothing)',
    'wrong-absence': 'Wrong absences (label says present, scan says not-met)',
    'claim-on-not-detectable': 'Claims on practices labelled not-detectable (review)',
    'absence-not-detectable': 'Absences claimed where files cannot tell',
  };
  for (const [kind, title] of Object.entries(kinds)) {
    const list = score.disagreements.filter((d) => d.kind === kind);
    if (!list.length) continue;
    console.log(`\n## ${title}: ${list.length}\n`);
    for (const d of list) {
      console.log(`- ${d.repo} ${d.practice}`);
      console.log(
        `    label: ${d.label.status}${d.label.paths ? ` [${d.label.paths.join(', ')}]` : ''} — ${d.label.why}`,
      );
      if (d.scan)
        console.log(
          `    scan:  ${d.scan.status} by ${d.scan.detector}: ${d.scan.summary} [${d.scan.evidence.slice(0, 3).join(', ')}]`,
        );
    }
  }
}
