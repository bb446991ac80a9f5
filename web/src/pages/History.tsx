import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { api, describeError } from '../api';
import { Chart, ErrorBox, Loading, StatusBadge } from '../components';
import { formatDate, pct, useApi, useTitle } from '../hooks';
import { useSession } from '../session';
import type { HistoryPoint, MilestoneDiff, MilestoneInfo, Workload } from '../types';
import { WorkloadNav } from './WorkloadNav';

const COLORS: Record<string, string> = { oe: '#2456a6', pe: '#b3521e' };

/** Coverage of a whole pillar: the mean of its levels' coverage. */
function overall(coverage: number[]): number {
  return coverage.length ? coverage.reduce((a, b) => a + b, 0) / coverage.length : 0;
}

export function History({ id }: { id: string }) {
  const { access } = useSession();
  const workload = useApi<Workload>(`/workloads/${id}`);
  const history = useApi<{ points: HistoryPoint[] }>(`/workloads/${id}/history`);
  const milestones = useApi<{ milestones: MilestoneInfo[] }>(`/workloads/${id}/milestones`);
  useTitle(workload.data ? `History of ${workload.data.name}` : 'History');
  const points = useMemo(() => history.data?.points ?? [], [history.data]);
  const keys = useMemo(() => points[0]?.pillars.map((p) => p.key) ?? [], [points]);

  const option = useMemo(() => {
    const names = points.map((p) => p.name);
    const series = keys.flatMap((key) => [
      {
        name: `${key.toUpperCase()} level`,
        type: 'line',
        step: 'end',
        yAxisIndex: 0,
        symbolSize: 8,
        lineStyle: { width: 3, color: COLORS[key] },
        itemStyle: { color: COLORS[key] },
        data: points.map((p) => p.pillars.find((x) => x.key === key)?.level ?? 0),
      },
      {
        name: `${key.toUpperCase()} coverage`,
        type: 'line',
        yAxisIndex: 1,
        symbol: 'circle',
        lineStyle: { width: 2, type: 'dashed', color: COLORS[key] },
        itemStyle: { color: COLORS[key] },
        data: points.map((p) =>
          Math.round(overall(p.pillars.find((x) => x.key === key)?.coverage ?? []) * 100),
        ),
      },
    ]);
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 48, top: 56, bottom: 40 },
      xAxis: { type: 'category', data: names, boundaryGap: false },
      yAxis: [
        { type: 'value', name: 'level', min: 0, max: 5, interval: 1 },
        { type: 'value', name: 'coverage %', min: 0, max: 100, splitLine: { show: false } },
      ],
      series,
    };
  }, [points, keys]);

  const reload = () => {
    history.reload();
    milestones.reload();
  };
  const error = workload.error ?? history.error ?? milestones.error;

  return (
    <>
      <WorkloadNav id={id} name={workload.data?.name} />
      <div className="page-head">
        <h1>History{workload.data ? `: ${workload.data.name}` : ''}</h1>
        <p className="muted">
          Level and coverage at every milestone, then now. A milestone never changes afterwards.
        </p>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {!history.data ? (
        history.loading ? (
          <Loading what="the history" />
        ) : null
      ) : (
        <section className="card" aria-labelledby="chart-title">
          <h2 id="chart-title">Level and coverage over milestones</h2>
          <Chart
            option={option}
            height={340}
            label={`Line chart of level and coverage per pillar over ${points.length} points`}
            testId="history-chart"
          />
          {points.some((p) => p.modelChanged) ? (
            <p className="muted">
              A point marked “model” was scored with a newer model version than the one before it: a level
              change there comes from the model, not from the team's progress.
            </p>
          ) : null}
          <div className="table-wrap">
            <table className="data" data-testid="history-table">
              <caption className="visually-hidden">The chart's data</caption>
              <thead>
                <tr>
                  <th scope="col">Point</th>
                  <th scope="col" className="hide-narrow">
                    Date
                  </th>
                  {keys.map((k) => (
                    <th scope="col" key={k}>
                      {k.toUpperCase()} level (coverage)
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {points.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: points are ordered and names may repeat
                  <tr key={i}>
                    <th scope="row">
                      {p.name}
                      {p.modelChanged ? (
                        <span className="badge" data-testid="model-changed">
                          {' '}
                          model{' '}
                          {p.modelChanged.pillars
                            .map((m) => `${m.key.toUpperCase()} ${m.from} → ${m.to}`)
                            .join(', ')}
                        </span>
                      ) : null}
                    </th>
                    <td className="hide-narrow">{formatDate(p.at)}</td>
                    {p.pillars.map((x) => (
                      <td key={x.key}>
                        {x.level} ({pct(overall(x.coverage))})
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <div className="grid-2">
        <CreateMilestone id={id} readOnly={access === 'viewer'} onCreated={reload} />
        <Compare id={id} milestones={milestones.data?.milestones ?? []} />
      </div>
    </>
  );
}

function CreateMilestone({ id, readOnly, onCreated }: { id: string; readOnly: boolean; onCreated(): void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setMessage({ ok: false, text: 'Give the milestone a name, such as "Q3 review".' });
      return;
    }
    setBusy(true);
    try {
      await api('POST', `/workloads/${id}/milestones`, { name: name.trim() });
      setMessage({ ok: true, text: `Milestone "${name.trim()}" created.` });
      setName('');
      onCreated();
    } catch (err) {
      setMessage({ ok: false, text: describeError(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="ms-title">
      <h2 id="ms-title">Create a milestone</h2>
      <p className="muted">Freezes the answers and the levels as they are now.</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="ms-name">Milestone name</label>
          <input
            id="ms-name"
            maxLength={120}
            value={name}
            disabled={readOnly}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={busy || readOnly}>
          Create milestone
        </button>
        {readOnly ? <p className="muted small">Your token is read-only.</p> : null}
        {message ? (
          <p
            className={message.ok ? 'alert alert-ok' : 'alert alert-error'}
            role={message.ok ? 'status' : 'alert'}
          >
            {message.text}
          </p>
        ) : null}
      </form>
    </section>
  );
}

function Compare({ id, milestones }: { id: string; milestones: MilestoneInfo[] }) {
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

  return (
    <section className="card" aria-labelledby="cmp-title">
      <h2 id="cmp-title">Compare two milestones</h2>
      {milestones.length < 2 ? (
        <p className="muted">Create at least two milestones to compare them.</p>
      ) : (
        <form onSubmit={submit} className="form-grid">
          <div className="field">
            <label htmlFor="cmp-from">From</label>
            <select id="cmp-from" value={from} onChange={(e) => setFrom(e.target.value)}>
              {milestones.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({formatDate(m.createdAt)})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="cmp-to">To</label>
            <select id="cmp-to" value={to} onChange={(e) => setTo(e.target.value)}>
              {milestones.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({formatDate(m.createdAt)})
                </option>
              ))}
            </select>
          </div>
          <div className="form-actions">
            <button type="submit">Compare</button>
          </div>
        </form>
      )}
      {error ? <ErrorBox error={error} /> : null}
      {diff ? (
        <div data-testid="diff" aria-live="polite">
          <h3>
            From “{diff.from.name}” to “{diff.to.name}”
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
            <p>No practice changed status.</p>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <caption>{diff.moved.length} practices changed status</caption>
                <thead>
                  <tr>
                    <th scope="col">Practice</th>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.moved.map((m) => (
                    <tr key={m.practiceId}>
                      <th scope="row">
                        <code className="pid">{m.practiceId}</code>
                      </th>
                      <td>
                        <StatusBadge status={m.from} />
                      </td>
                      <td>
                        <StatusBadge status={m.to} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
