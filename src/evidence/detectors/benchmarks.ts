import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, plural, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';
import type { RepoFile } from '../types.js';

const P = { benchmarks: 'pe.2.code.hot-path-review' };
const CODE = ['.go', '.cs', '.java', '.kt', '.py', '.js', '.ts', '.mjs', '.cjs', '.mts', '.rs'];

/** Without duplicates, extension by extension (in `CODE` order), then by path. */
function byCodeOrder(files: RepoFile[]): RepoFile[] {
  const rank = (f: RepoFile) => CODE.indexOf(f.ext);
  return [...new Set(files)].sort(
    (a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}

export default defineDetector({
  meta: {
    id: 'benchmarks',
    title: 'Benchmarks in code',
    practices: Object.values(P),
    docs: 'Looks for benchmark code: Go testing.B functions, BenchmarkDotNet [Benchmark] methods, JMH @Benchmark, pytest-benchmark fixtures, Vitest bench(), criterion.rs and cargo bench targets, tinybench/mitata/benchmark.js suites, and bench/ or benchmarks/ folders with runnable code. Benchmarks of hot code show that hot paths are being reviewed for waste (medium: not every listed path may be covered).',
  },
  async detect(repo) {
    // Candidates come from the extension and folder indexes; `byCodeOrder` keeps the order of one
    // list of all code files, extension by extension.
    const go = await grepFiles(
      repo,
      repo.byExt('.go').filter((f) => f.name.endsWith('_test.go')),
      /func\s+Benchmark\w*\s*\(\s*\w+\s+\*testing\.B\)/,
    );
    const cs = await grepFiles(repo, repo.byExt('.cs', '.java', '.kt'), /\[Benchmark\b|@Benchmark\b/, 3000);
    const py = await grepFiles(
      repo,
      repo.byExt('.py').filter((f) => /^(test_.*|.*_test|bench.*)\.py$/.test(f.name)),
      /\bbenchmark\s*\(|def\s+test_\w+\([^)]*\bbenchmark\b/,
    );
    const js = await grepFiles(
      repo,
      byCodeOrder([
        ...repo
          .byExt('.js', '.ts', '.mjs', '.cjs', '.mts')
          .filter((f) => f.name.includes('.bench') && /\.(bench|benchmark)\.[cm]?[jt]s$/.test(f.name)),
        ...repo.inDirs(/(^|\/)(bench|benchmarks?)\//).filter((f) => CODE.includes(f.ext)),
      ]),
      /\bbench\s*\(|new\s+Bench\b|from\s+['"](tinybench|mitata|benchmark)['"]|require\(['"]benchmark['"]\)|performance\.now\(\)/,
    );
    const rs = await grepFiles(
      repo,
      repo.byExt('.rs').filter((f) => /(^|\/)benches\//.test(f.path)),
      /criterion|#\[bench\]/,
    );
    const deps = await dependencyHits(
      repo,
      'pytest-benchmark|BenchmarkDotNet|org\\.openjdk\\.jmh|jmh-core|criterion|tinybench|mitata',
    );
    const hits = [...go, ...cs, ...py, ...js, ...rs];
    const locs = [...hits.map(loc), ...deps.map((d) => d.location)];
    if (!locs.length) return [];
    return [
      present(
        [P.benchmarks],
        hits.length ? 'medium' : 'low',
        locs,
        hits.length
          ? `${plural(hits.length, 'benchmark file')}`
          : 'a benchmark library is declared, no benchmark code found',
      ),
    ];
  },
});
