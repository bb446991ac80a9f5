import { useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorBox } from '../components';
import { useApi } from '../hooks';

interface ContextQuestion {
  id: string;
  question: string;
  options: { value: string; label: string }[];
}

interface ContextDoc {
  context: Record<string, string>;
  questions: ContextQuestion[];
}

interface NotInForce {
  practiceId: string;
  reason: string;
}

/**
 * What the team says about the workload, and what it rules out. Unanswered questions rule
 * nothing out, so "not answered" is always a choice.
 */
export function ContextSection({
  workloadId,
  notInForce,
  onSaved,
}: {
  workloadId: string;
  notInForce: NotInForce[];
  onSaved: () => void;
}) {
  const doc = useApi<ContextDoc>(`/workloads/${workloadId}/context`);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (doc.data) setDraft(doc.data.context);
  }, [doc.data]);
  if (!doc.data) return doc.error ? <ErrorBox error={doc.error} /> : null;
  if (doc.data.questions.length === 0) return null;

  const save = async () => {
    setSaving(true);
    setSaved(false);
    try {
      await api('PUT', `/workloads/${workloadId}/context`, { context: draft });
      setError(null);
      setSaved(true);
      doc.reload();
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card" aria-labelledby="context-title">
      <h2 id="context-title">About the workload</h2>
      <p className="muted">
        An answer can rule out practices that do not fit this workload; unanswered questions rule nothing out.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {doc.data.questions.map((q) => (
          <p key={q.id}>
            <label htmlFor={`context-${q.id}`}>{q.question}</label>{' '}
            <select
              id={`context-${q.id}`}
              value={draft[q.id] ?? ''}
              onChange={(e) => setDraft({ ...draft, [q.id]: e.target.value })}
            >
              <option value="">Not answered</option>
              {q.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </p>
        ))}
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>{' '}
        {saved ? <span role="status">Saved.</span> : null}
      </form>
      {error ? <ErrorBox error={error} /> : null}
      {notInForce.length > 0 ? (
        <>
          <h3>Not in force for this workload ({notInForce.length})</h3>
          <ul className="small" data-testid="not-in-force">
            {notInForce.map((n) => (
              <li key={n.practiceId}>
                <code>{n.practiceId}</code>: {n.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
