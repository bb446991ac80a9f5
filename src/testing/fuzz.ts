/**
 * Generated hostile inputs for every reader of user files, and the one property they all share:
 * a reader either accepts the input or rejects it as the user's mistake (an InputError, which the
 * CLI prints as one message with exit 2). Anything else — a TypeError, a RangeError, a hang, a
 * stack overflow — is a bug that the property reports with the input that caused it.
 *
 * `WAYMARK_FUZZ_RUNS=N` multiplies the number of cases (the suite's default is a few hundred per
 * parser); `WAYMARK_FUZZ_REPORT=FILE` appends each property's tally as one JSON line, which
 * `docs/reliability.md` is written from.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { isInputError, MAX_REPORTED_ERRORS } from '../diagnostics/index.js';
import { type RunResult, runCli } from './index.js';

/** Cases for one property: the suite's default times WAYMARK_FUZZ_RUNS. */
export function fuzzRuns(base: number): number {
  const factor = Number(process.env.WAYMARK_FUZZ_RUNS ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}

export type Outcome = 'accepted' | 'rejected';

/** Runs a reader on one input: accepted, or rejected as an input error; anything else fails. */
export async function cleanOutcome(read: () => unknown, input: unknown): Promise<Outcome> {
  try {
    await read();
    return 'accepted';
  } catch (err) {
    if (isInputError(err)) {
      const lines = err.message.split('\n');
      assert.ok(err.message.length > 0, 'an input error says what is wrong');
      // At most MAX_REPORTED_ERRORS problems (each with a hint) and a count of the rest, each line short.
      assert.ok(
        lines.length <= 2 * MAX_REPORTED_ERRORS + 1,
        `at most ${MAX_REPORTED_ERRORS} problems shown, got ${lines.length} lines`,
      );
      for (const line of lines)
        assert.ok(line.length <= 1000, `each line stays short (got ${line.length} characters)`);
      return 'rejected';
    }
    const shown = typeof input === 'string' ? JSON.stringify(input.slice(0, 300)) : String(input);
    throw new Error(`reader failed with a bug on input ${shown}: ${(err as Error)?.stack ?? err}`);
  }
}

export interface Tally {
  readonly name: string;
  runs: number;
  accepted: number;
  rejected: number;
}

/**
 * The shared property: `read` is called on every generated text and must end cleanly.
 * Returns the tally (and appends it to WAYMARK_FUZZ_REPORT when set).
 */
export async function fuzzReader(
  name: string,
  texts: fc.Arbitrary<string>,
  read: (text: string) => unknown,
  base = 300,
): Promise<Tally> {
  const tally: Tally = { name, runs: 0, accepted: 0, rejected: 0 };
  await fc.assert(
    fc.asyncProperty(texts, async (text) => {
      const outcome = await cleanOutcome(() => read(text), text);
      tally.runs++;
      tally[outcome]++;
    }),
    { numRuns: fuzzRuns(base) },
  );
  recordTally(tally);
  return tally;
}

export function recordTally(tally: Tally): void {
  const file = process.env.WAYMARK_FUZZ_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify(tally)}\n`);
}

// --- generators ---------------------------------------------------------------------------------

/** Text that is nothing like any format: random characters, control characters, NUL, huge lines. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(
      'a',
      ',',
      '"',
      '\n',
      '\r',
      '\t',
      '\0',
      '{',
      '}',
      '[',
      ']',
      ':',
      '-',
      ' ',
      '<',
      '>',
      '/',
      '=',
      '#',
      '1',
      '.',
      'e',
    ),
    maxLength: 300,
  }),
  fc.constantFrom('', '\uFEFF', '\n', '\0', '{', '[', '<', '---', '~', 'null', '0', '-1', '1e400', 'NaN'),
);

/** Numbers a careless or hostile file may hold where a sane one is expected. */
export const awkwardNumber: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-0',
    '-1',
    '1e13',
    '1e308',
    '1e400',
    '-1e400',
    'NaN',
    'Infinity',
    '0x10',
    '1_000',
    '',
    ' ',
    '9'.repeat(40),
    '0.0000001',
    '1,5',
  ),
  fc.double().map(String),
  fc.integer().map(String),
);

/**
 * Mutations of a valid sample: the shapes real broken files take (cut off, a byte changed, a line
 * repeated or dropped, a BOM or CRLF, a value replaced with an awkward number, garbage spliced in).
 */
export function mutated(samples: readonly string[]): fc.Arbitrary<string> {
  assert.ok(samples.length > 0, 'mutated() needs at least one valid sample');
  const sample = fc.constantFrom(...samples);
  const cut = fc.tuple(sample, fc.nat()).map(([s, n]) => s.slice(0, s.length === 0 ? 0 : n % s.length));
  const flip = fc
    .tuple(sample, fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }))
    .map(([s, n, c]) => {
      const at = s.length === 0 ? 0 : n % s.length;
      return s.slice(0, at) + c + s.slice(at + 1);
    });
  const splice = fc.tuple(sample, fc.nat(), anyText).map(([s, n, g]) => {
    const at = s.length === 0 ? 0 : n % (s.length + 1);
    return s.slice(0, at) + g + s.slice(at);
  });
  const lines = fc.tuple(sample, fc.nat(), fc.constantFrom('drop', 'repeat', 'swap')).map(([s, n, how]) => {
    const ls = s.split('\n');
    const i = n % ls.length;
    if (how === 'drop') ls.splice(i, 1);
    else if (how === 'repeat') ls.splice(i, 0, ls[i] ?? '');
    else if (i + 1 < ls.length) [ls[i], ls[i + 1]] = [ls[i + 1] ?? '', ls[i] ?? ''];
    return ls.join('\n');
  });
  const number = fc.tuple(sample, fc.nat(), awkwardNumber).map(([s, n, v]) => {
    const found = [...s.matchAll(/-?\d+(\.\d+)?/g)];
    const m = found.length > 0 ? found[n % found.length] : undefined;
    if (!m || m.index === undefined) return s;
    return s.slice(0, m.index) + v + s.slice(m.index + m[0].length);
  });
  const framing = fc
    .tuple(sample, fc.constantFrom('bom', 'crlf', 'cr', 'nul', 'long', 'no-newline'))
    .map(([s, how]) => {
      if (how === 'bom') return `\uFEFF${s}`;
      if (how === 'crlf') return s.replace(/\n/g, '\r\n');
      if (how === 'cr') return s.replace(/\n/g, '\r');
      if (how === 'nul') return s.replace('\n', '\0\n');
      if (how === 'long') return s.replace('\n', `${'x'.repeat(70_000)}\n`);
      return s.replace(/\n$/, '');
    });
  return fc.oneof(
    { arbitrary: sample, weight: 1 },
    { arbitrary: cut, weight: 3 },
    { arbitrary: flip, weight: 3 },
    { arbitrary: splice, weight: 2 },
    { arbitrary: lines, weight: 2 },
    { arbitrary: number, weight: 3 },
    { arbitrary: framing, weight: 2 },
    { arbitrary: anyText, weight: 1 },
  );
}

// --- the whole process --------------------------------------------------------------------------

/** Every file below `dir` with its bytes, to prove a failed command changed nothing. */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

/** A stack trace or the CLI's bug banner: what a user must never see for a mistake of theirs. */
export function assertNoStackTrace(r: RunResult): void {
  assert.doesNotMatch(
    r.stderr,
    /internal error|\n\s+at .+:\d+:\d+\)?\n/,
    `no stack trace; stderr was:\n${r.stderr.slice(0, 2000)}`,
  );
}

/**
 * Runs the real binary on one generated input: it must exit 0, 1 (a gate), 2 or 3 (unknown), print no stack
 * trace, and leave every file in `cwd` as it was except those in `writes`.
 */
export async function assertCleanRun(
  args: readonly string[],
  cwd: string,
  writes: readonly string[] = [],
): Promise<RunResult> {
  const before = snapshotTree(cwd);
  const r = await runCli(args, { cwd });
  assert.ok(
    [0, 1, 2, 3].includes(r.code ?? -1),
    `exit 0, 1, 2 or 3, got ${r.code}; stderr:\n${r.stderr.slice(0, 2000)}`,
  );
  assertNoStackTrace(r);
  const after = snapshotTree(cwd);
  for (const [file, bytes] of before)
    if (!writes.includes(file)) assert.equal(after.get(file), bytes, `${file} is unchanged`);
  for (const file of after.keys())
    if (!before.has(file) && !writes.includes(file)) assert.fail(`no file left behind, found ${file}`);
  return r;
}
