/**
 * One practice in the editor: its statement, status, reason, note and evidence, saved as the person
 * works (see `src/ui/answerSave.ts` for when a change is sent), with the scan's suggestion beside it.
 */
import { type FocusEvent, type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  type AnswerDraft,
  type AnswerSaveEvent,
  type AnswerSaveState,
  answerSaveReducer,
  initialSaveState,
  missingReason,
  NEEDS_REASON,
  type SaveStatus,
  unsent,
} from '../../../src/ui/index.js';
import { ApiError, api, describeError, sendOnExit } from '../api';
import { RiskBadge, StatusBadge } from '../components';
import { evidenceHref } from '../evidence';
import { formatDate, useDebounced } from '../hooks';
import {
  type Practice,
  STATUS_LABEL,
  STATUSES,
  type Status,
  type StoredAnswer,
  type Suggestion,
} from '../types';

export interface PracticeHandlers {
  workloadId: string;
  /** The workload's repository: evidence paths link to its files where the host is known. */
  repository: string | null;
  readOnly: boolean;
  onSaved(a: StoredAnswer): void;
  onForbidden(message: string): void;
}

type Draft = AnswerDraft<Status>;

/** The request body that stores a draft on top of `revision`. */
function answerBody(d: Draft, revision: number) {
  return {
    status: d.status,
    reason: d.status === NEEDS_REASON ? d.reason.trim() : d.reason.trim() || null,
    note: d.note.trim() || null,
    evidence: d.evidence
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    source: d.source,
    confidence: d.source === 'scan' ? d.confidence : null,
    revision,
  };
}

const ARROWS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);

export function PracticeEditor({
  practice: p,
  answer,
  suggestion,
  workloadId,
  repository,
  readOnly,
  onSaved,
  onForbidden,
}: {
  practice: Practice;
  answer: StoredAnswer | undefined;
  suggestion: Suggestion | undefined;
} & PracticeHandlers) {
  const [state, setState] = useState<AnswerSaveState<Status, StoredAnswer>>(() =>
    initialSaveState<Status, StoredAnswer>(answer, 'unknown'),
  );
  // The reducer runs here, not in useReducer: a send must see the state its event produced.
  const current = useRef(state);
  const dispatch = useCallback((e: AnswerSaveEvent<Status, StoredAnswer>) => {
    current.current = answerSaveReducer(current.current, e);
    setState(current.current);
    return current.current;
  }, []);
  const serverAnswer = useRef(answer);
  serverAnswer.current = answer;
  const path = `/workloads/${workloadId}/answers/${encodeURIComponent(p.id)}`;
  // Read once: afterwards the person opens and closes it.
  const [moreOpen] = useState(() => Boolean(answer?.note || answer?.evidence.length));
  const dom = p.id.replace(/[^a-z0-9-]/gi, '_');

  const send = useCallback(() => {
    const s = dispatch({ type: 'send' });
    if (s.status.kind !== 'saving') return;
    api<{ answer: StoredAnswer }>('PUT', path, answerBody(s.draft, s.revision)).then(
      (res) => {
        const after = dispatch({ type: 'saved', answer: res.answer });
        onSaved(res.answer);
        // Edited while the save was on its way: send what changed since.
        if (after.status.kind === 'pending') send();
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 409)
          dispatch({ type: 'conflict', theirs: (err.body.current as StoredAnswer | null) ?? null });
        else if (err instanceof ApiError && err.status === 403) {
          dispatch({ type: 'forbidden', stored: serverAnswer.current, message: describeError(err) });
          onForbidden(`Not saved: ${err.message}.`);
        } else dispatch({ type: 'failed', message: describeError(err) });
      },
    );
  }, [dispatch, path, onSaved, onForbidden]);
  const debounced = useDebounced(send, 800);

  const change = (patch: Partial<Draft>, commit: 'now' | 'pause' | 'none') => {
    dispatch({ type: 'edit', patch, commit });
    if (commit === 'now') {
      debounced.cancel();
      send();
    } else if (commit === 'pause') debounced.call();
  };

  // A page that is closed or reloaded sends what has not reached the server yet.
  useEffect(() => {
    const flush = () => {
      const s = current.current;
      if (!unsent(s) || missingReason(s.draft.status, s.draft.reason)) return;
      sendOnExit('PUT', path, answerBody(s.draft, s.revision));
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [path]);

  // Arrow keys move the check through the statuses without saving; the choice is saved when focus
  // leaves the group, on Space or Enter, or on a click.
  const arrowMove = useRef(false);
  const onStatusKey = (e: KeyboardEvent<HTMLFieldSetElement>) => {
    if (ARROWS.has(e.key)) arrowMove.current = true;
    else if ((e.key === ' ' || e.key === 'Enter') && current.current.status.kind === 'choosing') {
      e.preventDefault();
      send();
    }
  };
  const onStatusBlur = (e: FocusEvent<HTMLFieldSetElement>) => {
    const next = e.relatedTarget;
    if (next instanceof Node && e.currentTarget.contains(next)) return;
    if (current.current.status.kind === 'choosing') send();
  };

  const takeTheirs = () => {
    const theirs = current.current.status.kind === 'conflict' ? current.current.status.theirs : null;
    dispatch({ type: 'take-theirs' });
    if (theirs) onSaved(theirs);
  };
  const keepMine = () => {
    dispatch({ type: 'keep-mine' });
    send();
  };

  const draft = state.draft;
  const status = state.status;
  const conflict = status.kind === 'conflict' ? status.theirs : undefined;
  const accept = () => {
    if (!suggestion) return;
    const evidence = [...new Set([...draft.evidence.split('\n').filter(Boolean), ...suggestion.evidence])];
    change(
      {
        status: suggestion.status,
        evidence: evidence.join('\n'),
        source: 'scan',
        confidence: suggestion.confidence,
      },
      'now',
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
        <fieldset className="status-group" disabled={readOnly} onKeyDown={onStatusKey} onBlur={onStatusBlur}>
          <legend>Status</legend>
          {STATUSES.map((s) => (
            <label key={s} className={`radio status-${s}`}>
              <input
                type="radio"
                name={`status-${dom}`}
                value={s}
                checked={draft.status === s}
                onChange={() => {
                  const commit = arrowMove.current ? 'none' : 'now';
                  arrowMove.current = false;
                  change({ status: s, source: 'person', confidence: null }, commit);
                }}
                onClick={() => {
                  // A click on the option the arrows already marked is the choice.
                  if (current.current.status.kind === 'choosing' && draft.status === s) send();
                }}
              />
              {STATUS_LABEL[s]}
            </label>
          ))}
        </fieldset>
        {draft.status === NEEDS_REASON ? (
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
              onChange={(e) => change({ reason: e.target.value }, 'pause')}
              onBlur={debounced.flush}
            />
          </div>
        ) : null}
        {/* One tab stop for the guidance and the two text fields: open from the start when they hold text. */}
        <details className="practice-more" open={moreOpen}>
          <summary>
            {draft.note.trim() || draft.evidence.trim()
              ? 'Guidance, note and evidence'
              : 'Guidance; add a note or evidence'}
          </summary>
          <p>
            <strong>Why:</strong> {p.why}
          </p>
          <p>
            <strong>Evidence:</strong> {p.evidence}
          </p>
          <p>
            <strong>Next step:</strong> {p.nextStep}
          </p>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`note-${dom}`}>Note</label>
              <textarea
                id={`note-${dom}`}
                rows={2}
                disabled={readOnly}
                value={draft.note}
                onChange={(e) => change({ note: e.target.value }, 'pause')}
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
                onChange={(e) => change({ evidence: e.target.value }, 'pause')}
                onBlur={debounced.flush}
              />
            </div>
          </div>
        </details>
        {answer && answer.evidence.length > 0 ? (
          <EvidenceList answer={answer} repository={repository} />
        ) : null}
        <p className="save-state" id={`state-${dom}`} aria-live="polite" data-state={status.kind}>
          <SaveText status={status} answer={answer} />
        </p>
        {status.kind === 'conflict' ? (
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
            {/^(delivery|health|perf)-/.test(suggestion.detector)
              ? 'Measured figures suggest'
              : 'Scan suggests'}{' '}
            <StatusBadge status={suggestion.status} />{' '}
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
  status,
  answer,
}: {
  status: SaveStatus<Status, StoredAnswer>;
  answer: StoredAnswer | undefined;
}) {
  switch (status.kind) {
    case 'pending':
      return <>Unsaved changes…</>;
    case 'choosing':
      return <>Not saved yet: leave the group, or press Space, to choose this status.</>;
    case 'saving':
      return <>Saving…</>;
    case 'saved':
      return <>Saved{answer ? ` (revision ${answer.revision})` : ''}</>;
    case 'needs-reason':
      return <span className="error-text">Not saved: say why this practice does not apply.</span>;
    case 'conflict':
      return <span className="error-text">Not saved: conflict.</span>;
    case 'error':
      return <span className="error-text">{status.message}</span>;
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

/** The saved evidence, each line a link where it points somewhere, and who recorded it when. */
function EvidenceList({ answer, repository }: { answer: StoredAnswer; repository: string | null }) {
  return (
    <div className="evidence-saved" data-testid="evidence-links">
      <ul className="evidence small">
        {answer.evidence.map((e) => {
          const href = evidenceHref(e, repository);
          return (
            <li key={e}>
              {href ? (
                <a href={href} target="_blank" rel="noreferrer">
                  {e}
                </a>
              ) : (
                <span>{e}</span>
              )}
            </li>
          );
        })}
      </ul>
      <p className="muted small" data-testid="verified">
        {answer.source === 'scan'
          ? `Found by the scan${answer.confidence ? ` (${answer.confidence} confidence)` : ''}, accepted by ${answer.author ?? 'someone unnamed'}`
          : `Verified by ${answer.author ?? 'someone unnamed'}`}
        , {formatDate(answer.updatedAt)}
      </p>
    </div>
  );
}
