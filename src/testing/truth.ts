/**
 * The truth measure: hand labels of real repositories (bench/truth/labels) against what the scanner
 * claims. Parsing checks a label file completely (every practice, nothing unknown, no `todo`), and
 * scoring computes precision and recall at practice and strategy level. No I/O here; the runner in
 * bench/truth/run.mjs reads files and scans.
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError, InputErrors } from '../diagnostics/index.js';
import type { Finding, PracticeSuggestion } from '../evidence/index.js';
import type { Model } from '../model/index.js';

export const LABEL_STATUSES = ['present', 'absent', 'not-detectable'] as const;
export type LabelStatus = (typeof LABEL_STATUSES)[number];

const labelSchema = z.strictObject({
  status: z.enum(LABEL_STATUSES),
  paths: z.array(z.string().min(1)).max(5).optional(),
  why: z.string().trim().min(1, 'a one-line why is required'),
});
const labelFileSchema = z.strictObject({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name'),
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'a full 40-hex commit'),
  practices: z.record(z.string(), labelSchema),
});

export type Label = z.infer<typeof labelSchema>;
export interface LabelFile {
  repo: string;
  commit: string;
  practices: ReadonlyMap<string, Label>;
}

/** Parses one label file; every practice of `practiceIds` must be labelled, and nothing else. */
export function parseLabels(file: string, text: string, practiceIds: readonly string[]): LabelFile {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new InputError(`${file}: ${e?.message.split('\n')[0] ?? 'not YAML'}`, {
      file,
      line: e?.linePos?.[0].line,
    });
  }
  const parsed = labelFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new InputErrors(
      parsed.error.issues.map(
        (i) => new InputError(`${file}: ${i.path.join('.') || '(top)'}: ${i.message}`, { file }),
      ),
    );
  }
  const problems: InputError[] = [];
  const known = new Set(practiceIds);
  for (const id of Object.keys(parsed.data.practices))
    if (!known.has(id))
      problems.push(new InputError(`${file}: ${id} is not a practice of the models`, { file }));
  for (const id of practiceIds)
    if (!(id in parsed.data.practices))
      problems.push(new InputError(`${file}: ${id} has no label`, { file }));
  for (const [id, l] of Object.entries(parsed.data.practices))
    if (l.status === 'present' && !l.paths?.length)
      problems.push(new InputError(`${file}: ${id} is present but names no paths`, { file }));
  if (problems.length) throw new InputErrors(problems);
  return {
    repo: parsed.data.repo,
    commit: parsed.data.commit,
    practices: new Map(Object.entries(parsed.data.practices)),
  };
}

/** Every strategy with the practices that count for it (its own and those it shares). */
export function strategiesOf(models: readonly Model[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of models)
    for (const level of m.levels)
      for (const s of level.strategies) out.set(s.id, [...s.practices.map((p) => p.id), ...s.shares]);
  return out;
}

export interface Tally {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
}
const emptyTally = (): Tally => ({ truePositive: 0, falsePositive: 0, falseNegative: 0 });

export function precision(t: Tally): number | undefined {
  const d = t.truePositive + t.falsePositive;
  return d === 0 ? undefined : t.truePositive / d;
}
export function recall(t: Tally): number | undefined {
  const d = t.truePositive + t.falseNegative;
  return d === 0 ? undefined : t.truePositive / d;
}

/** One disagreement between the scan and the labels, with what each side said. */
export interface Disagreement {
  repo: string;
  practice: string;
  kind: 'false-claim' | 'miss' | 'claim-on-not-detectable' | 'wrong-absence' | 'absence-not-detectable';
  label: Label;
  /** The scan's suggestion, when it made one. */
  scan?: PracticeSuggestion;
}

export interface RepoScore {
  repo: string;
  practices: Tally;
  strategies: Tally;
}

export interface TruthScore {
  practices: Tally;
  strategies: Tally;
  byRepo: RepoScore[];
  byStrategy: Map<string, Tally>;
  byPractice: Map<string, Tally>;
  byDetector: Map<string, Tally>;
  disagreements: Disagreement[];
}

const claims = (s: PracticeSuggestion | undefined): boolean => s?.status === 'met' || s?.status === 'partial';

function add(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) {
    t = emptyTally();
    map.set(key, t);
  }
  return t;
}

export interface ScannedRepo {
  name: string;
  labels: LabelFile;
  suggestions: readonly PracticeSuggestion[];
  findings: readonly Finding[];
}

/**
 * Scores scans against labels. A practice is claimed when the scan suggests `met` or `partial`; a
 * strategy is claimed when any of its practices is, and present when any is labelled present.
 * `not-detectable` labels count in neither direction; claims and absences on them are listed.
 */
export function scoreTruth(
  repos: readonly ScannedRepo[],
  strategies: ReadonlyMap<string, string[]>,
): TruthScore {
  const total: TruthScore = {
    practices: emptyTally(),
    strategies: emptyTally(),
    byRepo: [],
    byStrategy: new Map(),
    byPractice: new Map(),
    byDetector: new Map(),
    disagreements: [],
  };
  for (const r of repos) {
    const mine: RepoScore = { repo: r.name, practices: emptyTally(), strategies: emptyTally() };
    const bySuggestion = new Map(r.suggestions.map((s) => [s.practiceId, s]));
    const detectorsFor = new Map<string, Set<string>>();
    for (const f of r.findings)
      if (f.present)
        for (const p of f.practices)
          (detectorsFor.get(p) ?? detectorsFor.set(p, new Set()).get(p))?.add(f.detector);

    for (const [practice, label] of r.labels.practices) {
      const scan = bySuggestion.get(practice);
      const claimed = claims(scan);
      const tallies = [total.practices, mine.practices, add(total.byPractice, practice)];
      if (label.status === 'not-detectable') {
        if (claimed)
          total.disagreements.push({ repo: r.name, practice, kind: 'claim-on-not-detectable', label, scan });
        else if (scan?.status === 'not-met')
          total.disagreements.push({ repo: r.name, practice, kind: 'absence-not-detectable', label, scan });
        continue;
      }
      const present = label.status === 'present';
      for (const t of tallies) {
        if (claimed && present) t.truePositive++;
        else if (claimed) t.falsePositive++;
        else if (present) t.falseNegative++;
      }
      for (const d of detectorsFor.get(practice) ?? []) {
        const t = add(total.byDetector, d);
        if (present) t.truePositive++;
        else t.falsePositive++;
      }
      if (claimed && !present)
        total.disagreements.push({ repo: r.name, practice, kind: 'false-claim', label, scan });
      if (!claimed && present) {
        total.disagreements.push({
          repo: r.name,
          practice,
          kind: scan?.status === 'not-met' ? 'wrong-absence' : 'miss',
          label,
          ...(scan ? { scan } : {}),
        });
      }
    }

    for (const [strategy, practices] of strategies) {
      const present = practices.some((p) => r.labels.practices.get(p)?.status === 'present');
      const decidable = practices.some((p) => {
        const s = r.labels.practices.get(p)?.status;
        return s === 'present' || s === 'absent';
      });
      const claimed = practices.some((p) => {
        const l = r.labels.practices.get(p)?.status;
        // A claim on a practice no file can show says nothing about the strategy either way.
        return l !== 'not-detectable' && claims(bySuggestion.get(p));
      });
      if (!decidable) continue;
      for (const t of [total.strategies, mine.strategies, add(total.byStrategy, strategy)]) {
        if (claimed && present) t.truePositive++;
        else if (claimed) t.falsePositive++;
        else if (present) t.falseNegative++;
      }
    }
    total.byRepo.push(mine);
  }
  return total;
}
