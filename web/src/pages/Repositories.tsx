import { type FormEvent, useEffect, useState } from 'react';
import { api, describeError } from '../api';
import { useApi } from '../hooks';
import { useSession } from '../session';

type JobState = 'queued' | 'running' | 'done' | 'failed';

interface ScanJob {
  id: string;
  repositoryId: string;
  trigger: 'manual' | 'schedule' | 'push';
  state: JobState;
  attempts: number;
  error: string | null;
  scanId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface RepositoryView {
  id: string;
  url: string;
  branch: string;
  subPath: string | null;
  latestJob: ScanJob | null;
  lastScan: { scanId: string | null; at: string | null } | null;
}

interface RepositoriesResponse {
  repositories: RepositoryView[];
  schedule: string | null;
  runner: 'queue' | 'embedded' | null;
}

const when = (at: string | null) => (at ? new Date(at).toLocaleString() : '—');

function JobBadge({ job }: { job: ScanJob | null }) {
  if (!job) return <span className="muted">never scanned</span>;
  return (
    <span className={`job-state job-${job.state}`} data-testid="job-state">
      {job.state}
      {job.attempts > 1 ? ` (attempt ${job.attempts})` : ''}
    </span>
  );
}

/** The workload's repositories, their last scans and job states, with "Scan now". */
export function RepositoriesSection({
  workloadId,
  onScanned,
}: {
  workloadId: string;
  onScanned?: () => void;
}) {
  const repos = useApi<RepositoriesResponse>(`/workloads/${workloadId}/repositories`);
  const jobs = useApi<{ jobs: ScanJob[] }>(`/workloads/${workloadId}/scan-jobs`);
  const { access } = useSession();
  const canEdit = access !== 'viewer';
  const [message, setMessage] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [branch, setBranch] = useState('main');
  const [subPath, setSubPath] = useState('');
  const active = jobs.data?.jobs.some((j) => j.state === 'queued' || j.state === 'running') ?? false;
  const { reload: reloadRepos } = repos;
  const { reload: reloadJobs } = jobs;

  // While a job is queued or running, look again every two seconds.
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      reloadRepos();
      reloadJobs();
    }, 2000);
    return () => {
      window.clearInterval(timer);
      onScanned?.();
    };
  }, [active, reloadRepos, reloadJobs, onScanned]);

  const act = async (fn: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await fn();
    } catch (err) {
      setMessage(describeError(err));
    }
    reloadRepos();
    reloadJobs();
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await api('POST', `/workloads/${workloadId}/repositories`, {
        url: url.trim(),
        branch: branch.trim() || 'main',
        ...(subPath.trim() ? { subPath: subPath.trim() } : {}),
      });
      setUrl('');
      setSubPath('');
    });
  };
  const scanNow = (repositoryId?: string) =>
    act(() => api('POST', `/workloads/${workloadId}/scan-jobs`, repositoryId ? { repositoryId } : {}));
  const remove = (repositoryId: string) =>
    act(() => api('DELETE', `/workloads/${workloadId}/repositories/${repositoryId}`));

  const data = repos.data;
  if (!data) return null;
  const names = new Map(data.repositories.map((r) => [r.id, r.url]));
  return (
    <section className="card" aria-labelledby="repositories-title" data-testid="repositories">
      <h2 id="repositories-title">Repositories</h2>
      {data.repositories.length === 0 ? (
        <p className="muted">
          No repository yet. Register one and Waymark scans it for evidence, as <code>waymark scan</code>{' '}
          does; the suggestions never change an answer a person gave.
        </p>
      ) : (
        <table className="repositories">
          <thead>
            <tr>
              <th scope="col">Repository</th>
              <th scope="col">Latest job</th>
              <th scope="col">Last scan</th>
              {canEdit ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {data.repositories.map((r) => (
              <tr key={r.id} data-testid="repository">
                <td>
                  <code>{r.url}</code> <span className="muted">{r.branch}</span>
                  {r.subPath ? <span className="muted"> · {r.subPath}</span> : null}
                </td>
                <td>
                  <JobBadge job={r.latestJob} />
                  {r.latestJob?.state === 'failed' && r.latestJob.error ? (
                    <p className="job-error" data-testid="job-error">
                      {r.latestJob.error}
                    </p>
                  ) : null}
                </td>
                <td>{r.lastScan ? when(r.lastScan.at) : <span className="muted">none</span>}</td>
                {canEdit ? (
                  <td>
                    <button type="button" onClick={() => void scanNow(r.id)} disabled={!data.runner}>
                      Scan now
                    </button>{' '}
                    <button type="button" className="link" onClick={() => void remove(r.id)}>
                      Remove
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.schedule ? (
        <p className="muted">
          Scanned on the schedule <code>{data.schedule}</code> (UTC).
        </p>
      ) : null}
      {message ? <p role="alert">{message}</p> : null}
      {canEdit ? (
        <form className="repository-form" onSubmit={add}>
          <label>
            Git URL{' '}
            <input
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://github.com/org/repo.git"
              required
            />
          </label>{' '}
          <label>
            Branch <input value={branch} onChange={(e) => setBranch(e.target.value)} size={12} />
          </label>{' '}
          <label>
            Sub-path <input value={subPath} onChange={(e) => setSubPath(e.target.value)} size={14} />
          </label>{' '}
          <button type="submit">Add repository</button>
          {data.repositories.length > 1 ? (
            <>
              {' '}
              <button type="button" onClick={() => void scanNow()} disabled={!data.runner}>
                Scan all now
              </button>
            </>
          ) : null}
        </form>
      ) : null}
      {jobs.data && jobs.data.jobs.length > 0 ? (
        <>
          <h3>Scan jobs</h3>
          <ol className="jobs" data-testid="scan-jobs">
            {jobs.data.jobs.slice(0, 10).map((j) => (
              <li key={j.id}>
                <JobBadge job={j} /> {names.get(j.repositoryId) ?? 'removed repository'}{' '}
                <span className="muted">
                  ({j.trigger}, {when(j.createdAt)})
                </span>
                {j.state === 'failed' && j.error ? <span className="job-error"> — {j.error}</span> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
