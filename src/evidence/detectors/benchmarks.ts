import { grepFiles, loc, plural, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';
import { defineDetector } from './define.js';

const P = { benchmarks: 'pe.2.code.benchmarks' };

export default defineDetector({
  meta: {
    id: 'benchmarks',
    title: 'Benchmarks in code',
    practices: Object.values(P),
    docs: 'Looks for benchmark code: Go testing.B functions, BenchmarkDotNet [Benchmark] methods, JMH @Benchmark, pytest-benchmark fixtures, Vitest bench(), criterion.rs and cargo bench targets, tinybench/mitata/benchmark.js suites, and bench/ or benchmarks/ folders with runnable code.',
  },
  async detect(repo) {
    const code = repo.byExt('.go', '.cs', '.java', '.kt', '.py', '.js', '.ts', '.mjs', '.cjs', '.mts', '.rs');
    const go = await grepFiles(
      repo,
      code.filter((f) => f.name.endsWith('_test.go')),
      /func\s+Benchmark\w*\s*\(\s*\w+\s+\*testing\.B\)/,
    );
    const cs = await grepFiles(
      repo,
      code.filter((f) => f.ext === '.cs' || f.ext === '.java' || f.ext === '.kt'),
      /\[Benchmark\b|@Benchmark\b/,
      3000,
    );
    const py = await grepFiles(
      repo,
      code.filter((f) => /^(test_.*|.*_test|bench.*)\.py$/.test(f.name)),
      /\bbenchmark\s*\(|def\s+test_\w+\([^)]*\bbenchmark\b/,
    );
    const js = await grepFiles(
      repo,
      code.filter(
        (f) => /\.(bench|benchmark)\.[cm]?[jt]s$/.test(f.name) || /(^|\/)(bench|benchmarks?)\//.test(f.path),
      ),
      /\bbench\s*\(|new\s+Bench\b|from\s+['"](tinybench|mitata|benchmark)['"]|require\(['"]benchmark['"]\)|performance\.now\(\)/,
    );
    const rs = await grepFiles(
      repo,
      code.filter((f) => f.ext === '.rs' && /(^|\/)benches\//.test(f.path)),
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
        hits.length ? 'high' : 'low',
        locs,
        hits.length
          ? `${plural(hits.length, 'benchmark file')}`
          : 'a benchmark library is declared, no benchmark code found',
      ),
    ];
  },
});
