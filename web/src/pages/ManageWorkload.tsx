/**
 * Managing a workload from its page: its name, repository, criticality and tags; archiving it
 * (kept whole, left out of the portfolio) and bringing it back; deleting it for good (admins,
 * after typing its name).
 */
import { type FormEvent, useEffect, useState } from 'react';
import { api, describeError } from '../api';
import { formatDate } from '../hooks';
import { navigate } from '../router';
import { useSession } from '../session';
import { CRITICALITIES, type Criticality, type Workload } from '../types';

function isCriticality(v: string): v is Criticality {
  return (CRITICALITIES as readonly string[]).includes(v);
}

export function ArchivedNotice({ workload, onChanged }: { workload: Workload; onChanged: () => void }) {
  const { access } = useSession();
  const [error, setError] = useState<string | null>(null);
  if (!workload.archivedAt) return null;
  const restore = async () => {
    try {
      await api('PATCH', `/workloads/${workload.id}`, { archived: false });
      onChanged();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <div className="alert alert-warn" data-testid="archived-notice">
      <p>
        Archived on {formatDate(workload.archivedAt)}: kept with all its answers and milestones, and left out
        of the portfolio.{' '}
        <button type="button" onClick={restore} disabled={access === 'viewer'}>
          Bring it back
        </button>
      </p>
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}

export function ManageWorkload({ workload, onChanged }: { workload: Workload; onChanged: () => void }) {
  const { access } = useSession();
  const readOnly = access === 'viewer';
  const [name, setName] = useState(workload.name);
  const [repository, setRepository] = useState(workload.repository ?? '');
  const [criticality, setCriticality] = useState<Criticality>(workload.criticality);
  const [tags, setTags] = useState(workload.tags.join(', '));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);

  // A save or a reload elsewhere brings new values: show them.
  useEffect(() => {
    setName(workload.name);
    setRepository(workload.repository ?? '');
    setCriticality(workload.criticality);
    setTags(workload.tags.join(', '));
  }, [workload]);

  const run = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await what();
      setMessage({ ok: true, text: done });
      onChanged();
    } catch (err) {
      setMessage({ ok: false, text: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setMessage({ ok: false, text: 'Give the workload a name.' });
      return;
    }
    void run(
      () =>
        api('PATCH', `/workloads/${workload.id}`, {
          name: name.trim(),
          repository: repository.trim() || null,
          criticality,
          tags: tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        }),
      'Saved.',
    );
  };

  const remove = async () => {
    setBusy(true);
    try {
      await api('DELETE', `/workloads/${workload.id}`);
      navigate('/');
    } catch (err) {
      setMessage({ ok: false, text: describeError(err) });
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="manage-title">
      <h2 id="manage-title">Manage this workload</h2>
      <form onSubmit={save} className="form-grid" noValidate>
        <div className="field">
          <label htmlFor="m-name">Name</label>
          <input
            id="m-name"
            maxLength={120}
            value={name}
            disabled={readOnly}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="m-repo">Repository (optional)</label>
          <input
            id="m-repo"
            maxLength={500}
            value={repository}
            disabled={readOnly}
            onChange={(e) => setRepository(e.target.value)}
            placeholder="https://github.com/org/repo"
          />
        </div>
        <div className="field">
          <label htmlFor="m-crit">Criticality</label>
          <select
            id="m-crit"
            value={criticality}
            disabled={readOnly}
            onChange={(e) => {
              if (isCriticality(e.target.value)) setCriticality(e.target.value);
            }}
          >
            {CRITICALITIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="m-tags">Tags (comma separated)</label>
          <input id="m-tags" value={tags} disabled={readOnly} onChange={(e) => setTags(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || readOnly}>
            Save changes
          </button>{' '}
          {workload.archivedAt ? null : (
            <button
              type="button"
              disabled={busy || readOnly}
              onClick={() =>
                void run(
                  () => api('PATCH', `/workloads/${workload.id}`, { archived: true }),
                  'Archived: it is left out of the portfolio until brought back.',
                )
              }
            >
              Archive
            </button>
          )}{' '}
          {access === 'admin' ? (
            <button type="button" className="danger" disabled={busy} onClick={() => setConfirm('')}>
              Delete…
            </button>
          ) : null}
        </div>
        {message ? (
          <p
            className={message.ok ? 'alert alert-ok' : 'alert alert-error'}
            role={message.ok ? 'status' : 'alert'}
          >
            {message.text}
          </p>
        ) : null}
      </form>
      {readOnly ? <p className="muted small">Your token is read-only.</p> : null}
      {access !== 'admin' && !readOnly ? (
        <p className="muted small">Deleting a workload needs an admin token; archiving keeps everything.</p>
      ) : null}
      {confirm !== null ? (
        <div className="alert alert-error" data-testid="delete-confirm">
          <p>
            Deleting removes the workload with all its answers, scans, milestones and health for good. Type
            its name to confirm.
          </p>
          <div className="field">
            <label htmlFor="m-confirm">Name of the workload to delete</label>
            <input id="m-confirm" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          </div>
          <button
            type="button"
            className="danger"
            disabled={busy || confirm !== workload.name}
            onClick={remove}
          >
            Delete for good
          </button>{' '}
          <button type="button" onClick={() => setConfirm(null)}>
            Cancel
          </button>
        </div>
      ) : null}
    </section>
  );
}
