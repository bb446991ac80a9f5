import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ErrorBox, Loading, pillarName } from '../components';
import { formatDate, pct, useApi, useDebounced, useTitle } from '../hooks';
import { Link } from '../router';
import { useSession } from '../session';
import type { Scan, StoredAnswer, Strategy, Suggestion, Workload } from '../types';
import { LevelBar } from './LevelBar';
import { PracticeEditor, type PracticeHandlers } from './PracticeEditor';
import { WorkloadNav } from './WorkloadNav';

export function Editor({ id, pillar, level }: { id: string; pillar: string | null; level: string | null }) {
  const { models, access, markReadOnly } = useSession();
  const workload = useApi<Workload>(`/workloads/${id}`);
  const answers = useApi<{ answers: StoredAnswer[] }>(`/workloads/${id}/answers`);
  // optional=1: no scan yet answers 204, which the browser does not log as a failed request.
  const scan = useApi<Scan>(`/workloads/${id}/scans/latest?optional=1`, { noContentAsNull: true });
  // Suggestions from measured figures (delivery metrics, a recent health evaluation), beside the scan's.
  const measured = useApi<{ suggestions: Suggestion[] }>(`/workloads/${id}/delivery/suggestions`);
  const [forbidden, setForbidden] = useState<string | null>(null);
  useTitle(workload.data ? `Assess ${workload.data.name}` : 'Assessment');

  const model = models.find((m) => m.key === pillar) ?? models[0];
  // Without a level in the address, the editor opens at the first level not yet held, chosen once
  // per pillar: reaching that level while answering does not move the page on.
  const held = workload.data?.summary.pillars.find((p) => p.key === model?.key)?.level;
  const opening = useRef<{ pillar: string; level: number } | null>(null);
  if (model && held !== undefined && opening.current?.pillar !== model.key)
    opening.current = { pillar: model.key, level: Math.min(held + 1, model.levels.length) };
  const levelNo =
    Number(level) || (opening.current?.pillar === model?.key ? opening.current?.level : undefined);
  const lvl =
    levelNo === undefined ? undefined : (model?.levels.find((l) => l.level === levelNo) ?? model?.levels[0]);
  const [filter, setFilter] = useState<PracticeFilter>('all');
  // Which practices a filter shows is decided when it is chosen: a practice answered under
  // "not answered yet" stays in place while its note is typed.
  const [shown, setShown] = useState<Set<string> | null>(null);

  const byId = useMemo(
    () => new Map((answers.data?.answers ?? []).map((a) => [a.practiceId, a])),
    [answers.data],
  );
  const suggestions = useMemo(
    () => withMeasured(scan.data?.result.suggestions ?? [], measured.data?.suggestions ?? []),
    [scan.data, measured.data],
  );

  // Scores follow the answers: reload the workload shortly after the last save.
  const reloadWorkload = useDebounced(workload.reload, 400);
  const setAnswer = answers.set;
  const answerList = answers.data?.answers;
  const onSaved = useCallback(
    (a: StoredAnswer) => {
      const list = (answerList ?? []).filter((x) => x.practiceId !== a.practiceId);
      setAnswer({ answers: [...list, a] });
      reloadWorkload.call();
    },
    [answerList, setAnswer, reloadWorkload],
  );
  const onForbidden = useCallback(
    (message: string) => {
      setForbidden(message);
      markReadOnly();
    },
    [markReadOnly],
  );

  // Jump to a practice named in the URL fragment once the page is drawn.
  const ready = Boolean(answers.data && lvl);
  useEffect(() => {
    if (!ready || !window.location.hash) return;
    const el = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (el) {
      el.scrollIntoView({ block: 'start' });
      el.querySelector<HTMLInputElement>('input:checked, input')?.focus({ preventScroll: true });
    }
  }, [ready]);

  const readOnly = access === 'viewer';
  const summary = workload.data?.summary;
  const error = workload.error ?? answers.error ?? scan.error;

  if (!model) return <p>No models are loaded.</p>;
  if (!lvl) return workload.error ? <ErrorBox error={workload.error} /> : <Loading what="the assessment" />;
  const sp = summary?.pillars.find((p) => p.key === model.key);

  return (
    <>
      <WorkloadNav id={id} name={workload.data?.name} />
      <div className="page-head">
        <h1>Assessment{workload.data ? `: ${workload.data.name}` : ''}</h1>
      </div>
      <LevelBar summary={summary} />
      {readOnly ? (
        <div
          className="alert alert-warn"
          role={forbidden ? 'alert' : undefined}
          data-testid="readonly-message"
        >
          {forbidden ? <p>{forbidden}</p> : null}
          <p>Your token is read-only (viewer): you can see the answers but not change them.</p>
        </div>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      {readOnly ? null : (
        <p className="muted small" data-testid="autosave-help">
          Answers save by themselves: a status as soon as you choose it (moved with the arrow keys, once you
          leave the group or press Space), a note or evidence a moment after you stop typing, and anything not
          yet saved when you leave the page.
        </p>
      )}
      {scan.data === null ? (
        <p className="muted small">
          No scan yet: run <code>waymark scan</code> and push it to see suggested answers here.
        </p>
      ) : scan.data ? (
        <p className="muted small">
          Suggestions from the scan of {formatDate(scan.data.result.scannedAt ?? scan.data.createdAt)} (
          {scan.data.result.suggestions.length === 1
            ? '1 practice'
            : `${scan.data.result.suggestions.length} practices`}
          )
        </p>
      ) : null}

      <nav aria-label="Pillar" className="tabs">
        {models.map((m) => (
          <Link
            key={m.key}
            href={`/workloads/${id}/assess?pillar=${m.key}`}
            aria-current={m.key === model.key ? 'page' : undefined}
          >
            {m.title}
          </Link>
        ))}
      </nav>
      <nav aria-label={`${model.title} level`} className="tabs levels">
        {model.levels.map((l) => {
          const s = sp?.levels.find((x) => x.level === l.level);
          return (
            <Link
              key={l.level}
              href={`/workloads/${id}/assess?pillar=${model.key}&level=${l.level}`}
              aria-current={l.level === lvl.level ? 'page' : undefined}
            >
              <span className="tab-level">
                {s?.held ? (
                  <>
                    <span aria-hidden="true">✓ </span>
                    <span className="visually-hidden">held, </span>
                  </>
                ) : null}
                {l.level}
              </span>{' '}
              <span className="tab-name">{l.name}</span>
              {s ? <span className="tab-cov"> {pct(s.coverage)}</span> : null}
            </Link>
          );
        })}
      </nav>

      {!answers.data ? (
        answers.loading ? (
          <Loading what="the answers" />
        ) : null
      ) : (
        <section aria-labelledby="level-title">
          <h2 id="level-title">
            {pillarName(model.key)} level {lvl.level}: {lvl.name}
          </h2>
          <p className="goal">{lvl.goal}</p>
          <PracticeFilterBar
            value={filter}
            blockingLevel={sp && lvl.level === sp.level + 1 ? lvl.level : undefined}
            onChange={(f) => {
              setFilter(f);
              setShown(
                f === 'all'
                  ? null
                  : new Set(
                      lvl.strategies
                        .flatMap((s) => s.practices)
                        .filter((p) =>
                          f === 'unanswered'
                            ? (byId.get(p.id)?.status ?? 'unknown') === 'unknown'
                            : f === 'blocking'
                              ? (sp?.blocking ?? []).includes(p.id)
                              : suggestions.has(p.id),
                        )
                        .map((p) => p.id),
                    ),
              );
            }}
            count={shown?.size}
          />
          {lvl.strategies.map((s) => (
            <StrategySection
              key={`${id}:${s.id}`}
              strategy={s}
              workloadId={id}
              repository={workload.data?.repository ?? null}
              answers={byId}
              suggestions={suggestions}
              shown={shown}
              readOnly={readOnly}
              onSaved={onSaved}
              onForbidden={onForbidden}
            />
          ))}
          <LevelPager id={id} modelKey={model.key} level={lvl.level} max={model.levels.length} />
        </section>
      )}
    </>
  );
}

function LevelPager({
  id,
  modelKey,
  level,
  max,
}: {
  id: string;
  modelKey: string;
  level: number;
  max: number;
}) {
  return (
    <nav aria-label="Next and previous level" className="pager">
      {level > 1 ? (
        <Link href={`/workloads/${id}/assess?pillar=${modelKey}&level=${level - 1}`}>
          ← Level {level - 1}
        </Link>
      ) : (
        <span />
      )}
      {level < max ? (
        <Link href={`/workloads/${id}/assess?pillar=${modelKey}&level=${level + 1}`}>
          Level {level + 1} →
        </Link>
      ) : null}
    </nav>
  );
}

function StrategySection({
  strategy: s,
  answers,
  suggestions,
  shown,
  ...handlers
}: {
  strategy: Strategy;
  answers: Map<string, StoredAnswer>;
  suggestions: Map<string, Suggestion>;
  /** The practices the chosen filter shows (all when null). */
  shown: Set<string> | null;
} & PracticeHandlers) {
  const practices = shown ? s.practices.filter((p) => shown.has(p.id)) : s.practices;
  if (!practices.length) return null;
  return (
    <section className="card strategy" aria-labelledby={`strategy-${s.id}`}>
      <h3 id={`strategy-${s.id}`}>{s.title}</h3>
      <p>{s.summary}</p>
      {s.risks.length > 0 ? (
        <details>
          <summary>Risks ({s.risks.length})</summary>
          <ul>
            {s.risks.map((r) => (
              <li key={r.summary}>
                {r.summary} <span className="muted">Mitigation: {r.mitigation}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {s.tradeoffs.length > 0 ? (
        <details>
          <summary>Trade-offs ({s.tradeoffs.length})</summary>
          <ul>
            {s.tradeoffs.map((t) => (
              <li key={t.summary}>
                {t.summary}{' '}
                <span className="muted">
                  Gain: {t.gain} Cost: {t.cost}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {practices.map((p) => (
        <PracticeEditor
          key={p.id}
          practice={p}
          answer={answers.get(p.id)}
          suggestion={suggestions.get(p.id)}
          {...handlers}
        />
      ))}
    </section>
  );
}

const TRUST = { high: 2, medium: 1, low: 0 } as const;

/** One suggestion per practice: the scan's, unless a measured one is more confident. */
function withMeasured(
  scanned: readonly Suggestion[],
  measured: readonly Suggestion[],
): Map<string, Suggestion> {
  const out = new Map(scanned.map((s) => [s.practiceId, s]));
  for (const m of measured) {
    const s = out.get(m.practiceId);
    if (!s || TRUST[m.confidence] > TRUST[s.confidence]) out.set(m.practiceId, m);
  }
  return out;
}

type PracticeFilter = 'all' | 'unanswered' | 'blocking' | 'suggested';

function PracticeFilterBar({
  value,
  blockingLevel,
  count,
  onChange,
}: {
  value: PracticeFilter;
  /** The level whose blockers the "blocking" filter shows, when this page is that level or above. */
  blockingLevel: number | undefined;
  count: number | undefined;
  onChange(f: PracticeFilter): void;
}) {
  const options: [PracticeFilter, string][] = [
    ['all', 'All practices'],
    ['unanswered', 'Not answered yet'],
    ...(blockingLevel === undefined
      ? []
      : ([['blocking', `Blocking level ${blockingLevel}`]] as [PracticeFilter, string][])),
    ['suggested', 'With a scan suggestion'],
  ];
  return (
    <p className="practice-filter">
      <label htmlFor="practice-filter">Show</label>{' '}
      <select
        id="practice-filter"
        value={value}
        onChange={(e) => onChange(options.find(([k]) => k === e.target.value)?.[0] ?? 'all')}
      >
        {options.map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </select>{' '}
      {count === undefined ? null : (
        <span className="muted small" aria-live="polite" data-testid="filter-count">
          {count === 1 ? '1 practice' : `${count} practices`}
        </span>
      )}
    </p>
  );
}
