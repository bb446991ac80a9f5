import { type FormEvent, useMemo, useState } from 'react';
import { api, describeError } from '../api';
import { Chart, ErrorBox, Loading } from '../components';
import { formatDate, pct, useApi, useTitle } from '../hooks';
import { useSession } from '../session';
import type { HistoryPoint, MilestoneInfo, Workload } from '../types';
import { Compare } from './MilestoneCompare';
import { WorkloadNav } from './WorkloadNav';

const COLORS: Record<string, string> = { oe: '#2456a6', pe: '#b3521e' };

/** The level after the one held and its coverage at a point, for the table beside the chart. */
function nextLevel(p: HistoryPoint['pillars'][number]): string {
  const next = p.coverage[p.level];
  return next === undefined ? 'every level held' : `${pct(next)} of level ${p.level + 1}`;
}

export function History({ id }: { id: string }) {
  const { access } = useSession();
  const workload = useApi<Workload>(`/workloads/${id}`);
  const history = useApi<{ points: HistoryPoint[] }>(`/workloads/${id}/history`);
  const milestones = useApi<{ milestones: MilestoneInfo[] }>(`/workloads/${id}/milestones`);
  useTitle(workload.data ? `History of ${workload.data.name}` : 'History');
  const points = useMemo(() => history.data?.points ?? [], [history.data]);
  const keys = useMemo(() => points[0]?.pillars.map((p) => p.key) ?? [], [points]);

  // One measure, the level, on a time axis: milestones months apart are drawn months apart.
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number; seriesName: string; value: [string, number] }) => {
          const point = points[p.dataIndex];
          return point
            ? `${escapeHtml(point.name)}, ${formatDate(point.at)}<br/>${p.seriesName}: ${p.value[1]}`
            : '';
        },
      },
      // Under the chart, clear of the axis names, on one line even on a phone (two entries).
      legend: { bottom: 0 },
      grid: { left: 44, right: 24, top: 36, bottom: 72 },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', name: 'Level', min: 0, max: 5, interval: 1 },
      series: keys.map((key) => ({
        name: `${key.toUpperCase()} level`,
        type: 'line',
        step: 'end',
        symbolSize: 9,
        lineStyle: { width: 3, color: COLORS[key] },
        itemStyle: { color: COLORS[key] },
        data: points.map((p) => [p.at, p.pillars.find((x) => x.key === key)?.level ?? 0]),
      })),
    }),
    [points, keys],
  );

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
          The level of each pillar at every milestone, then now. A milestone never changes afterwards.
        </p>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {!history.data ? (
        history.loading ? (
          <Loading what="the history" />
        ) : null
      ) : (
        <section className="card" aria-labelledby="chart-title">
          <h2 id="chart-title">Level over time</h2>
          <Chart
            option={option}
            height={340}
            label={`Line chart of the level per pillar over time, ${points.length} points; the table below lists them`}
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
                      {k.toUpperCase()} level (progress to the next)
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
                        {x.level} ({nextLevel(x)})
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <CreateMilestone id={id} readOnly={access === 'viewer'} onCreated={reload} />
      <Compare id={id} milestones={milestones.data?.milestones ?? []} />
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

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
