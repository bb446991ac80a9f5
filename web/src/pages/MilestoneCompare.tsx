/**
 * Two milestones side by side: the level per pillar, and every practice whose status, note or
 * evidence changed, by its statement, with a link to it in the editor.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorBox, StatusBadge } from '../components';
import { Link } from '../router';
import type { MilestoneDiff, MilestoneInfo } from '../types';

/** The day only: the picker's labels stay short enough to read whole. */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export function Compare({ id, milestones }: { id: string; milestones: MilestoneInfo[] }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<MilestoneDiff | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (milestones.length >= 2) {
      setFrom((f) => f || (milestones[milestones.length - 2]?.id ?? ''));
      setTo((t) => t || (milestones[milestones.length - 1]?.id ?? ''));
    }
  }, [milestones]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setDiff(
        await api<MilestoneDiff>(
          'GET',
          `/workloads/${id}/milestones/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        ),
      );
    } catch (err) {
      setDiff(null);
      setError(err);
    }
  };

  const options = milestones.map((m) => (
    <option key={m.id} value={m.id}>
      {m.name}, {formatDay(m.createdAt)}
    </option>
  ));
  return (
    <section className="card" aria-labelledby="cmp-title">
      <h2 id="cmp-title">Compare two milestones</h2>
      {milestones.length < 2 ? (
        <p className="muted">Create at least two milestones to compare them.</p>
      ) : (
        <form onSubmit={submit} className="compare-form">
          <div className="field">
            <label htmlFor="cmp-from">From</label>
            <select id="cmp-from" value={from} onChange={(e) => setFrom(e.target.value)}>
              {options}
            </select>
          </div>
          <div className="field">
            <label htmlFor="cmp-to">To</label>
            <select id="cmp-to" value={to} onChange={(e) => setTo(e.target.value)}>
              {options}
            </select>
          </div>
          <div className="form-actions">
            <button type="submit">Compare</button>
          </div>
        </form>
      )}
      {error ? <ErrorBox error={error} /> : null}
      {diff ? <DiffView id={id} diff={diff} /> : null}
    </section>
  );
}

function DiffView({ id, diff }: { id: string; diff: MilestoneDiff }) {
  return (
    <div data-testid="diff" aria-live="polite">
      <h3>
        From “{diff.from.name}” ({formatDay(diff.from.createdAt)}) to “{diff.to.name}” (
        {formatDay(diff.to.createdAt)})
      </h3>
      <ul>
        {diff.levels.map((l) => (
          <li key={l.key}>
            {l.key.toUpperCase()}: level {l.from} → {l.to}
            {l.to > l.from ? ' (up)' : l.to < l.from ? ' (down)' : ' (unchanged)'}
          </li>
        ))}
      </ul>
      {diff.moved.length === 0 ? (
        <p>No practice changed.</p>
      ) : (
        <ol className="diff-list" aria-label={`${diff.moved.length} practices changed`}>
          {diff.moved.map((m) => (
            <li key={m.practiceId} data-testid="diff-item">
              <p className="diff-head">
                {m.pillar ? (
                  <span className="badge">
                    {m.pillar.toUpperCase()} {m.level}
                  </span>
                ) : null}{' '}
                <Link
                  href={`/workloads/${id}/assess?pillar=${m.pillar ?? ''}&level=${m.level ?? 1}#practice-${m.practiceId}`}
                >
                  {m.statement ?? m.practiceId}
                </Link>{' '}
                <code className="pid">{m.practiceId}</code>
              </p>
              <p className="diff-change">
                {m.from === m.to ? (
                  <>
                    Status unchanged: <StatusBadge status={m.to} />
                  </>
                ) : (
                  <>
                    Status: <StatusBadge status={m.from} /> → <StatusBadge status={m.to} />
                  </>
                )}
              </p>
              {m.note ? (
                <p className="diff-change" data-testid="diff-note">
                  {m.note.to === null || m.note.to === ''
                    ? `Note removed (was “${m.note.from}”)`
                    : m.note.from === null || m.note.from === ''
                      ? `Note added: “${m.note.to}”`
                      : `Note changed from “${m.note.from}” to “${m.note.to}”`}
                </p>
              ) : null}
              {m.evidence ? (
                <p className="diff-change" data-testid="diff-evidence">
                  {m.evidence.added.length ? `Evidence added: ${m.evidence.added.join(', ')}` : ''}
                  {m.evidence.added.length && m.evidence.removed.length ? '; ' : ''}
                  {m.evidence.removed.length ? `Evidence removed: ${m.evidence.removed.join(', ')}` : ''}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
