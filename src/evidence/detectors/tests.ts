import { defineDetector } from '../defineDetector.js';
import { plural, present } from '../lib/helpers.js';
import type { RepoFile } from '../types.js';

const P = { appTests: 'oe.3.testing.application-tests' };

/** Test files by naming convention, and what must be in them to count. */
const KINDS: { lang: string; exts: string[]; hint?: string[]; name: RegExp; content: RegExp }[] = [
  {
    lang: 'JavaScript/TypeScript',
    exts: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'],
    // Every name `name` matches holds one of these (a cheap test before the pattern).
    hint: ['.test.', '.spec.'],
    name: /\.(test|spec)\.[cm]?[jt]sx?$/,
    content: /\b(describe|it|test)\s*\(|from\s+['"](node:test|vitest|@jest\/globals|mocha|ava|tap)['"]/,
  },
  {
    lang: 'Python',
    exts: ['.py'],
    name: /^(test_.*|.*_test)\.py$/,
    content: /^\s*(def\s+test_\w+|class\s+Test\w*|import\s+(pytest|unittest)|from\s+(pytest|unittest))/m,
  },
  { lang: 'Go', exts: ['.go'], name: /_test\.go$/, content: /func\s+Test\w*\s*\(\s*\w+\s+\*testing\.T\)/ },
  { lang: 'C#', exts: ['.cs'], name: /Tests?\.cs$/, content: /\[(Fact|Theory|Test|TestMethod|TestCase)\b/ },
  {
    lang: 'Java/Kotlin',
    exts: ['.java', '.kt'],
    name: /(Test|Tests|IT)\.(java|kt)$/,
    content: /@Test\b|@ParameterizedTest\b/,
  },
  {
    lang: 'Ruby',
    exts: ['.rb'],
    name: /_spec\.rb$|_test\.rb$/,
    content: /\b(describe|it|context)\b.*\bdo\b|Minitest::Test/,
  },
  { lang: 'Rust', exts: ['.rs'], name: /\.rs$/, content: /#\[(tokio::)?test\]/ },
  { lang: 'PHP', exts: ['.php'], name: /Test\.php$/, content: /extends\s+\w*TestCase/ },
  { lang: 'PowerShell', exts: ['.ps1'], name: /\.Tests\.ps1$/, content: /\bDescribe\s+['"{]/ },
];

export default defineDetector({
  meta: {
    id: 'tests',
    title: 'Automated tests',
    practices: Object.values(P),
    group: 'tests',
    docs: 'Looks for test files by the naming convention of each language (*.test.ts, test_*.py, *_test.go, *Tests.cs, *Test.java, *_spec.rb, Rust #[test], *.Tests.ps1) and checks that they contain test cases of a known framework. Files under fixture or example folders are not counted. Confidence grows with the number of test files found.',
  },
  async detect(repo) {
    const found = new Map<string, { file: string; line: number }[]>();
    // Each naming convention only fits its own extensions, so each kind looks at those alone.
    const byKind = KINDS.map((k) =>
      repo
        .byExt(...k.exts)
        .filter((f) => (!k.hint || k.hint.some((h) => f.name.includes(h))) && k.name.test(f.name)),
    );
    for (const [ki, k] of KINDS.entries()) {
      const cands = (byKind[ki] ?? []).slice(0, k.lang === 'Rust' ? 200 : 400);
      const texts = await Promise.all(cands.map((f) => repo.read(f.path)));
      texts.forEach((t, i) => {
        if (t === undefined) return;
        const idx = t.search(k.content);
        if (idx < 0) return;
        const line = t.slice(0, idx).split('\n').length;
        let a = found.get(k.lang);
        if (!a) {
          a = [];
          found.set(k.lang, a);
        }
        a.push({ file: (cands[i] as RepoFile).path, line });
      });
    }
    const total = [...found.values()].reduce((n, a) => n + a.length, 0);
    if (total === 0) return [];
    const locs = [...found.values()].flatMap((a) => a.slice(0, 5));
    const conf = total >= 5 ? 'high' : total >= 2 ? 'medium' : 'low';
    const langs = [...found].map(([l, a]) => `${l} ${a.length}`).join(', ');
    return [
      present([P.appTests], conf, locs, `${plural(total, 'test file')} (${langs}${total >= 400 ? '+' : ''})`),
    ];
  },
});
