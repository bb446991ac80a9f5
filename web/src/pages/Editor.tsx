import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, describeError } from '../api';
import { ErrorBox, Loading, pillarName, RiskBadge, StatusBadge } from '../components';
import { formatDate, pct, useApi, useDebounced, useTitle } from '../hooks';
import { Link } from '../router';
import { useSession } from '../session';
import {
  type Practice,
  type Scan,
  STATUS_LABEL,
  STATUSES,
  type Status,
  type StoredAnswer,
  type Strategy,
  type Suggestion,
  type Workload,
} from '../types';
import { WorkloadNav } from './WorkloadNav';

export function Editor({ id, pillar, level }: { id: string; pillar: string | null; level: string | null }) {
  const { models, access, markReadOnly } = useSession();
  const workload = useApi<Workload>(`/workloads/${id}`);
  const answers = useApi<{ answers: StoredAnswer[] }>(`/workloads/${id}/answers`);
  const scan = useApi<Scan>(`/workloads/${id}/scans/latest`, { notFoundAsNull: true });
  const [forbidden, setForbidden] = useState<string | null>(null);
  useTitle(workload.data ? `Assess ${workload.data.name}` : 'Assessment');

  const model = models.find((m) => m.key === pillar) ?? models[0];
  const levelNo = Number(level) || 1;
  const lvl = model?.levels.find((l) => l.level === levelNo) ?? model?.levels[0];

  const byId = useMemo(
    () => new Map((answers.data?.answers ?? []).map((a) => [a.practiceId, a])),
    [answers.data],
  );
  const suggestions = useMemo(
    () => new Map((scan.data?.result.suggestions ?? []).map((s) => [s.practiceId, s])),
    [scan.data],
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

  if (!model || !lvl) return <p>No models are loaded.</p>;
  const sp = summary?.pillars.find((p) => p.key === model.key);

  return (
    <>
      <WorkloadNav id={id} name={workload.data?.name} />
      <div className="page-head">
        <h1>Assessment{workload.data ? `: ${workload.data.name}` : ''}</h1>
        <p className="live-level" aria-live="polite" data-testid="editor-level">
          {summary
            ? summary.pillars.map((p) => `${p.key.toUpperCase()} level ${p.level}`).join(' · ')
            : '\u00a0'}
        </p>
      </div>
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
            href={`/workloads/${id}/assess?pillar=${m.key}&level=1`}
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
          {lvl.strategies.map((s) => (
            <StrategySection
              key={`${id}:${s.id}`}
              strategy={s}
              workloadId={id}
              answers={byId}
              suggestions={suggestions}
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

interface PracticeHandlers {
  workloadId: string;
  readOnly: boolean;
  onSaved(a: StoredAnswer): void;
  onForbidden(message: string): void;
}

function StrategySection({
  strategy: s,
  answers,
  suggestions,
  ...handlers
}: {
  strategy: Strategy;
  answers: Map<string, StoredAnswer>;
  suggestions: Map<string, Suggestion>;
} & PracticeHandlers) {
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
      {s.practices.map((p) => (
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

interface Draft {
  status: Status;
  reason: string;
  note: string;
  evidence: string;
  source: 'person' | 'scan';
  confidence: 'high' | 'medium' | 'low' | null;
}

type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'needs-reason' | 'conflict' | 'error';

function draftOf(a: StoredAnswer | null | undefined): Draft {
  return {
    status: a?.status ?? 'unknown',
    reason: a?.reason ?? '',
    note: a?.note ?? '',
    evidence: (a?.evidence ?? []).join('\n'),
    source: a?.source ?? 'person',
    confidence: a?.confidence ?? null,
  };
}

function PracticeEditor({
  practice: p,
  answer,
  suggestion,
  workloadId,
  readOnly,
  onSaved,
  onForbidden,
}: {
  practice: Practice;
  answer: StoredAnswer | undefined;
  suggestion: Suggestion | undefined;
} & PracticeHandlers) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(answer));
  const [state, setState] = useState<SaveState>('idle');
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState<StoredAnswer | null | undefined>(undefined);
  const revision = useRef(answer?.revision ?? 0);
  const serverAnswer = useRef(answer);
  serverAnswer.current = answer;
  const latest = useRef(draft);
  latest.current = draft;
  const queue = useRef<Promise<void>>(Promise.resolve());
  // While a conflict is open, queued saves wait for the person to choose.
  const inConflict = useRef(false);
  const dom = p.id.replace(/[^a-z0-9-]/gi, '_');

  const put = useCallback(
    async (d: Draft) => {
      setState('saving');
      try {
        const res = await api<{ answer: StoredAnswer }>(
          'PUT',
          `/workloads/${workloadId}/answers/${encodeURIComponent(p.id)}`,
          {
            status: d.status,
            reason: d.status === 'not-applicable' ? d.reason.trim() : d.reason.trim() || null,
            note: d.note.trim() || null,
            evidence: d.evidence
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean),
            source: d.source,
            confidence: d.source === 'scan' ? d.confidence : null,
            revision: revision.current,
          },
        );
        revision.current = res.answer.revision;
        setConflict(undefined);
        setMessage(null);
        setState('saved');
        onSaved(res.answer);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          inConflict.current = true;
          setConflict((err.body.current as StoredAnswer | null) ?? null);
          setState('conflict');
        } else if (err instanceof ApiError && err.status === 403) {
          // Show what is really stored, not the change that was refused.
          const stored = draftOf(serverAnswer.current);
          latest.current = stored;
          setDraft(stored);
          setState('error');
          setMessage(describeError(err));
          onForbidden(`Not saved: ${err.message}.`);
        } else {
          setState('error');
          setMessage(describeError(err));
        }
      }
    },
    [workloadId, p.id, onSaved, onForbidden],
  );

  const save = useCallback(
    (d: Draft) => {
      if (d.status === 'not-applicable' && !d.reason.trim()) {
        setState('needs-reason');
        return;
      }
      if (inConflict.current) return;
      setState('pending');
      queue.current = queue.current.then(() => (inConflict.current ? undefined : put(d)));
    },
    [put],
  );
  const debounced = useDebounced(() => save(latest.current), 800);

  const change = (patch: Partial<Draft>, now: boolean) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setDraft(next);
    if (now) {
      debounced.cancel();
      save(next);
    } else {
      if (!inConflict.current) setState('pending');
      debounced.call();
    }
  };

  const takeTheirs = () => {
    const theirs = conflict ?? null;
    revision.current = theirs?.revision ?? 0;
    const d = draftOf(theirs);
    latest.current = d;
    setDraft(d);
    inConflict.current = false;
    setConflict(undefined);
    setState('idle');
    if (theirs) onSaved(theirs);
  };
  const keepMine = () => {
    revision.current = conflict?.revision ?? 0;
    inConflict.current = false;
    setConflict(undefined);
    setState('pending');
    queue.current = queue.current.then(() => put(latest.current));
  };

  const accept = () => {
    if (!suggestion) return;
    const evidence = [
      ...new Set([...latest.current.evidence.split('\n').filter(Boolean), ...suggestion.evidence]),
    ];
    change(
      {
        status: suggestion.status,
        evidence: evidence.join('\n'),
        source: 'scan',
        confidence: suggestion.confidence,
      },
      true,
    );
  };
  const accepted = suggestion && draft.source === 'scan' && draft.status === suggestion.status;

  return (
    <article
      className={`practice status-border-${draft.status}`}
      id={`practice-${p.id}`}
      aria-labelledby={`st-${dom}`}
    >
      <div className="practice-main">
        <h4 id={`st-${dom}`} className="statement">
          {p.statement}
        </h4>
        <p className="muted small">
          <code className="pid">{p.id}</code> <RiskBadge risk={p.risk} />
        </p>
        <details>
          <summary>Why it matters and what counts as evidence</summary>
          <p>
            <strong>Why:</strong> {p.why}
          </p>
          <p>
            <strong>Evidence:</strong> {p.evidence}
          </p>
          <p>
            <strong>Next step:</strong> {p.nextStep}
          </p>
        </details>
        <fieldset className="status-group" disabled={readOnly}>
          <legend>Status</legend>
          {STATUSES.map((s) => (
            <label key={s} className={`radio status-${s}`}>
              <input
                type="radio"
                name={`status-${dom}`}
                value={s}
                checked={draft.status === s}
                onChange={() => change({ status: s, source: 'person', confidence: null }, true)}
              />
              {STATUS_LABEL[s]}
            </label>
          ))}
        </fieldset>
        {draft.status === 'not-applicable' ? (
          <div className="field">
            <label htmlFor={`reason-${dom}`}>Why it does not apply (required)</label>
            <textarea
              id={`reason-${dom}`}
              rows={2}
              required
              disabled={readOnly}
              aria-invalid={!draft.reason.trim()}
              aria-describedby={`state-${dom}`}
              value={draft.reason}
              onChange={(e) => change({ reason: e.target.value }, false)}
              onBlur={debounced.flush}
            />
          </div>
        ) : null}
        <div className="field-row">
          <div className="field">
            <label htmlFor={`note-${dom}`}>Note</label>
            <textarea
              id={`note-${dom}`}
              rows={2}
              disabled={readOnly}
              value={draft.note}
              onChange={(e) => change({ note: e.target.value }, false)}
              onBlur={debounced.flush}
            />
          </div>
          <div className="field">
            <label htmlFor={`evidence-${dom}`}>Evidence (one per line)</label>
            <textarea
              id={`evidence-${dom}`}
              rows={2}
              disabled={readOnly}
              value={draft.evidence}
              onChange={(e) => change({ evidence: e.target.value }, false)}
              onBlur={debounced.flush}
            />
          </div>
        </div>
        <p className="save-state" id={`state-${dom}`} aria-live="polite" data-state={state}>
          <SaveText state={state} message={message} answer={answer} />
        </p>
        {state === 'conflict' ? (
          <div className="alert alert-warn conflict" role="alert">
            <p>
              <strong>Someone else changed this answer while you were editing.</strong>{' '}
              {conflict ? (
                <>
                  Their answer now: <StatusBadge status={conflict.status} />
                  {conflict.author ? ` by ${conflict.author}` : ''}, {formatDate(conflict.updatedAt)}{' '}
                  (revision {conflict.revision}){conflict.reason ? `. Reason: ${conflict.reason}` : ''}
                  {conflict.note ? `. Note: ${conflict.note}` : ''}
                </>
              ) : (
                'Their change removed the answer.'
              )}
            </p>
            <p>
              Yours: <StatusBadge status={draft.status} />
              {draft.note ? ` — ${draft.note}` : ''}
            </p>
            <div className="actions">
              <button type="button" onClick={takeTheirs}>
                Take theirs
              </button>
              <button type="button" onClick={keepMine}>
                Keep mine and save
              </button>
            </div>
          </div>
        ) : null}
      </div>
      {suggestion ? (
        <aside className="suggestion" aria-label="Scan suggestion">
          <p>
            Scan suggests <StatusBadge status={suggestion.status} />{' '}
            <span className="muted small">{suggestion.confidence} confidence</span>
          </p>
          <p className="small">{suggestion.summary}</p>
          {suggestion.evidence.length > 0 ? (
            <ul className="evidence small">
              {suggestion.evidence.slice(0, 6).map((e) => (
                <li key={e}>
                  <code>{e}</code>
                </li>
              ))}
              {suggestion.evidence.length > 6 ? <li>and {suggestion.evidence.length - 6} more</li> : null}
            </ul>
          ) : null}
          <p className="muted small">Detector: {suggestion.detector}</p>
          {accepted ? (
            <p className="accepted" data-testid="accepted">
              ✓ Accepted from the scan. Choose another status to override it.
            </p>
          ) : (
            <>
              <button type="button" onClick={accept} disabled={readOnly}>
                Accept suggestion
              </button>
              {draft.status !== 'unknown' ? (
                <p className="muted small">
                  You answered {STATUS_LABEL[draft.status]}: your answer overrides the scan.
                </p>
              ) : null}
            </>
          )}
        </aside>
      ) : null}
    </article>
  );
}

function SaveText({
  state,
  message,
  answer,
}: {
  state: SaveState;
  message: string | null;
  answer: StoredAnswer | undefined;
}) {
  switch (state) {
    case 'pending':
      return <>Unsaved changes…</>;
    case 'saving':
      return <>Saving…</>;
    case 'saved':
      return <>Saved{answer ? ` (revision ${answer.revision})` : ''}</>;
    case 'needs-reason':
      return <span className="error-text">Not saved: say why this practice does not apply.</span>;
    case 'conflict':
      return <span className="error-text">Not saved: conflict.</span>;
    case 'error':
      return <span className="error-text">{message}</span>;
    default:
      return answer ? (
        <span className="muted">
          {answer.source === 'scan' ? 'From scan' : 'Answered'}
          {answer.author ? ` by ${answer.author}` : ''}, {formatDate(answer.updatedAt)}
        </span>
      ) : (
        <span className="muted">Not answered yet</span>
      );
  }
}
