import { type FormEvent, useState } from 'react';
import { api, describeError } from '../api';
import { ErrorBox, Loading } from '../components';
import { formatDate, useApi, useTitle } from '../hooks';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { CRITICALITIES, type Criticality, type Model, type Portfolio, type Workload } from '../types';
import { Heatmaps } from './Heatmap';
import { WorkloadTable } from './WorkloadTable';

export function Dashboard() {
  useTitle('Portfolio');
  const { models } = useSession();
  const portfolio = useApi<Portfolio>('/portfolio');
  const data = portfolio.data;

  return (
    <>
      <div className="page-head">
        <h1>Portfolio</h1>
        <p className="muted">
          A level is held when every practice of it and of all levels below is met or does not apply.
        </p>
      </div>
      {portfolio.error ? <ErrorBox error={portfolio.error} /> : null}
      {!data ? (
        portfolio.loading ? (
          <Loading what="the portfolio" />
        ) : null
      ) : (
        <>
          <section aria-labelledby="wl-title" className="card">
            <h2 id="wl-title">Workloads</h2>
            {data.workloads.length === 0 ? (
              <p>No workloads yet. Create the first one below.</p>
            ) : (
              <WorkloadTable workloads={data.workloads} models={models} />
            )}
          </section>
          <div className="grid-2">
            <section aria-labelledby="dist-title" className="card">
              <h2 id="dist-title">Level distribution</h2>
              <Distribution data={data} models={models} />
            </section>
            <section aria-labelledby="block-title" className="card">
              <h2 id="block-title">Practices that block most workloads</h2>
              {data.topBlocking.length === 0 ? (
                <p>Nothing blocks any workload.</p>
              ) : (
                <ol className="blocking-list">
                  {data.topBlocking.map((b) => (
                    <li key={b.practiceId}>
                      <span className="count" title="workloads blocked">
                        {b.workloads}
                      </span>
                      <span>
                        {b.pillar ? (
                          <span className="badge">
                            {b.pillar.toUpperCase()} {b.level}
                          </span>
                        ) : null}{' '}
                        {b.statement} <code className="pid">{b.practiceId}</code>
                        <span className="blocked-in small">
                          {' '}
                          Answer it in:{' '}
                          {b.blocked.map((w, i) => (
                            <span key={w.id}>
                              {i > 0 ? ', ' : ''}
                              <Link
                                href={`/workloads/${w.id}/assess?pillar=${b.pillar ?? ''}&level=${b.level ?? 1}#practice-${b.practiceId}`}
                              >
                                {w.name}
                              </Link>
                            </span>
                          ))}
                          {b.workloads > b.blocked.length
                            ? ` and ${b.workloads - b.blocked.length} more`
                            : ''}
                        </span>
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
          {data.workloads.length > 0 ? <Heatmaps data={data} models={models} /> : null}
          {data.archived.length > 0 ? (
            <section aria-labelledby="archived-title" className="card" data-testid="archived">
              <h2 id="archived-title">Archived workloads ({data.archived.length})</h2>
              <p className="muted">Kept with everything they hold, and left out of the figures above.</p>
              <ul>
                {data.archived.map((a) => (
                  <li key={a.id}>
                    <Link href={`/workloads/${a.id}`}>{a.name}</Link>{' '}
                    <span className="muted small">archived {formatDate(a.archivedAt)}</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
      <CreateWorkload onCreated={(w) => navigate(`/workloads/${w.id}`)} />
    </>
  );
}

function Distribution({ data, models }: { data: Portfolio; models: Model[] }) {
  const total = data.workloads.length || 1;
  return (
    <div className="dist">
      {models.map((m) => {
        const counts = data.distribution[m.key] ?? [];
        return (
          <table key={m.key} className="data dist-table">
            <caption>{m.title}</caption>
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col">Workloads</th>
              </tr>
            </thead>
            <tbody>
              {counts.map((n, level) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the index is the level
                <tr key={level}>
                  <th scope="row">
                    {level} <span className="muted">{level === 0 ? 'none' : m.levels[level - 1]?.name}</span>
                  </th>
                  <td>
                    <span className="bar" aria-hidden="true">
                      <span style={{ width: `${(n / total) * 100}%` }} />
                    </span>
                    {n}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}

function CreateWorkload({ onCreated }: { onCreated: (w: Workload) => void }) {
  const { access } = useSession();
  const [name, setName] = useState('');
  const [repository, setRepository] = useState('');
  const [criticality, setCriticality] = useState<Criticality>('medium');
  const [tags, setTags] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const readOnly = access === 'viewer';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!name.trim()) {
      setError('Give the workload a name.');
      return;
    }
    setBusy(true);
    try {
      const w = await api<Workload>('POST', '/workloads', {
        name: name.trim(),
        repository: repository.trim() || null,
        criticality,
        tags: tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      });
      onCreated(w);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="create-title" className="card">
      <h2 id="create-title">Create a workload</h2>
      {readOnly ? (
        <p className="alert alert-warn">Your token is read-only: you can look but not create workloads.</p>
      ) : null}
      <form onSubmit={submit} className="form-grid" noValidate>
        <div className="field">
          <label htmlFor="wl-name">Name</label>
          <input
            id="wl-name"
            required
            maxLength={120}
            value={name}
            disabled={readOnly}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={error !== null && !name.trim()}
          />
        </div>
        <div className="field">
          <label htmlFor="wl-repo">Repository (optional)</label>
          <input
            id="wl-repo"
            maxLength={500}
            value={repository}
            disabled={readOnly}
            onChange={(e) => setRepository(e.target.value)}
            placeholder="https://github.com/org/repo"
          />
        </div>
        <div className="field">
          <label htmlFor="wl-crit">Criticality</label>
          <select
            id="wl-crit"
            value={criticality}
            disabled={readOnly}
            onChange={(e) => setCriticality(e.target.value as Criticality)}
          >
            {CRITICALITIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="wl-tags">Tags (comma separated)</label>
          <input id="wl-tags" value={tags} disabled={readOnly} onChange={(e) => setTags(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || readOnly}>
            {busy ? 'Creating…' : 'Create workload'}
          </button>
        </div>
        {error ? (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
}
