/**
 * The workload's delivery figures (DORA) on its page: one row per figure, each expandable to the
 * rule and to the deployments, commits and incidents it was computed from, and a weekly trend.
 */
import { type ReactNode, useMemo, useState } from 'react';
import { Chart, ErrorBox } from '../components';
import { formatDate, useApi } from '../hooks';

interface Figure {
  rule: string;
}
interface EnvironmentMetrics {
  environment: string;
  production: boolean;
  window: { from: string; to: string; days: number };
  linkHorizonHours: number;
  deploymentFrequency: Figure & {
    perWeek: number | null;
    deployments: number;
    deploymentDays: number;
    used: string[];
  };
  leadTime: Figure & {
    medianHours: number | null;
    medianCommits: number | null;
    changes: {
      deployment: string;
      commits: { sha: string }[];
      firstCommit: string;
      hours: number;
      change: string;
    }[];
    excluded: { deployment: string; reason: string }[];
  };
  changeFailureRate: Figure & {
    value: number | null;
    failing: number;
    deployments: number;
    used: { deployment: string; because: string[]; incidents: string[] }[];
  };
  recoveryTime: Figure & {
    medianHours: number | null;
    recovered: { deployment: string; hours: number; by: string }[];
    unrecovered: { deployment: string; reason: string }[];
  };
  reworkRate: Figure & {
    value: number | null;
    rework: number;
    deployments: number;
    used: { deployment: string; during: string }[];
  };
  incidents: {
    key: string;
    id: string;
    openedAt: string;
    deployment: string | null;
    rule: string | null;
    link: string;
  }[];
  trend: {
    from: string;
    deploymentsPerWeek: number | null;
    changeFailureRate: number | null;
    deployments: number;
  }[];
}
interface DeliveryView {
  window: { from: string; to: string };
  environments: EnvironmentMetrics[];
}

const percent = (x: number | null) => (x === null ? '–' : `${Math.round(x * 1000) / 10}%`);
const hours = (x: number | null) =>
  x === null ? '–' : x < 48 ? `${x} h` : `${Math.round((x / 24) * 10) / 10} days`;
const MAX_ROWS = 12;

function List<T>({ items, render }: { items: readonly T[]; render: (item: T) => ReactNode }) {
  if (items.length === 0) return null;
  return (
    <ul className="small delivery-list">
      {items.slice(0, MAX_ROWS).map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are in a fixed order
        <li key={i}>{render(item)}</li>
      ))}
      {items.length > MAX_ROWS ? <li className="muted">and {items.length - MAX_ROWS} more</li> : null}
    </ul>
  );
}

function Row({
  name,
  value,
  detail,
  children,
}: {
  name: string;
  value: string;
  detail: string;
  children: ReactNode;
}) {
  return (
    <details className="delivery-figure" data-testid="delivery-figure">
      <summary>
        <strong>{name}</strong>: <span data-testid="delivery-value">{value}</span>{' '}
        <span className="muted small">{detail}</span>
      </summary>
      {children}
    </details>
  );
}

export function DeliverySection({ workloadId }: { workloadId: string }) {
  const view = useApi<DeliveryView>(`/workloads/${workloadId}/delivery/metrics?days=90&weeks=12`);
  const [chosen, setChosen] = useState<string | null>(null);
  const envs = view.data?.environments ?? [];
  // Production first: it is what the practices are measured by.
  const ordered = useMemo(
    () => [...envs].sort((a, b) => Number(b.production) - Number(a.production)),
    [envs],
  );
  const m = ordered.find((e) => e.environment === chosen) ?? ordered[0];
  const option = useMemo(
    () =>
      m && {
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0 },
        grid: { left: 44, right: 52, top: 24, bottom: 56 },
        xAxis: { type: 'category', data: m.trend.map((p) => formatDate(p.from)) },
        yAxis: [
          { type: 'value', name: 'a week', minInterval: 1 },
          { type: 'value', name: 'failing', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        ],
        series: [
          { name: 'Deployments', type: 'line', data: m.trend.map((p) => p.deployments), symbolSize: 7 },
          {
            name: 'Change failure rate',
            type: 'line',
            yAxisIndex: 1,
            connectNulls: false,
            data: m.trend.map((p) =>
              p.changeFailureRate === null ? null : Math.round(p.changeFailureRate * 100),
            ),
            symbolSize: 7,
          },
        ],
      },
    [m],
  );
  if (view.error) return <ErrorBox error={view.error} />;
  if (!view.data) return null;
  return (
    <section className="card" aria-labelledby="delivery-title" data-testid="delivery">
      <h2 id="delivery-title">Delivery</h2>
      {!m ? (
        <p className="muted">
          No deployments yet. Send deployment and incident events from GitHub, GitLab or Azure DevOps webhooks
          (an admin finds their addresses and secret at{' '}
          <code>/api/v1/workloads/{workloadId}/delivery/webhooks</code>), post them to{' '}
          <code>/api/v1/workloads/{workloadId}/delivery/events</code>, or measure a repository locally with{' '}
          <code>waymark dora</code>.
        </p>
      ) : (
        <>
          <p className="muted small">
            The last {m.window.days} days, to {formatDate(m.window.to)}. Open a figure to see what it was
            computed from.
          </p>
          {ordered.length > 1 ? (
            <label className="small">
              Environment{' '}
              <select value={m.environment} onChange={(e) => setChosen(e.target.value)}>
                {ordered.map((e) => (
                  <option key={e.environment} value={e.environment}>
                    {e.environment}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <Row
            name="Deployment frequency"
            value={m.deploymentFrequency.perWeek === null ? '–' : `${m.deploymentFrequency.perWeek} a week`}
            detail={`${m.deploymentFrequency.deployments} successful deployments on ${m.deploymentFrequency.deploymentDays} days`}
          >
            <p className="small">{m.deploymentFrequency.rule}</p>
            <List items={m.deploymentFrequency.used} render={(d) => <code>{d}</code>} />
          </Row>
          <Row
            name="Change lead time"
            value={hours(m.leadTime.medianHours)}
            detail={`median of ${m.leadTime.changes.length} changes${m.leadTime.medianCommits === null ? '' : `, ${m.leadTime.medianCommits} commits each`}`}
          >
            <p className="small">{m.leadTime.rule}</p>
            <List
              items={m.leadTime.changes}
              render={(c) => (
                <>
                  <code>{c.deployment}</code>: {hours(c.hours)} from <code>{c.firstCommit.slice(0, 12)}</code>{' '}
                  ({c.commits.length} commits; {c.change})
                </>
              )}
            />
            <List
              items={m.leadTime.excluded}
              render={(x) => (
                <>
                  <code>{x.deployment}</code> left out: {x.reason}
                </>
              )}
            />
          </Row>
          <Row
            name="Change failure rate"
            value={percent(m.changeFailureRate.value)}
            detail={`${m.changeFailureRate.failing} of ${m.changeFailureRate.deployments} deployments failed or caused an incident`}
          >
            <p className="small">{m.changeFailureRate.rule}</p>
            <List
              items={m.changeFailureRate.used}
              render={(u) => (
                <>
                  <code>{u.deployment}</code>: {u.because.join(' and ')}
                  {u.incidents.length ? ` (${u.incidents.join(', ')})` : ''}
                </>
              )}
            />
            <h4 className="small">Incidents and how each was linked</h4>
            <List
              items={m.incidents}
              render={(i) => (
                <span data-testid="incident-link">
                  <strong>{i.id}</strong>: {i.link}
                </span>
              )}
            />
          </Row>
          <Row
            name="Failed deployment recovery time"
            value={hours(m.recoveryTime.medianHours)}
            detail={`median of ${m.recoveryTime.recovered.length} recoveries, ${m.recoveryTime.unrecovered.length} not yet recovered`}
          >
            <p className="small">{m.recoveryTime.rule}</p>
            <List
              items={m.recoveryTime.recovered}
              render={(r) => (
                <>
                  <code>{r.deployment}</code>: {hours(r.hours)}, {r.by}
                </>
              )}
            />
            <List
              items={m.recoveryTime.unrecovered}
              render={(r) => (
                <>
                  <code>{r.deployment}</code>: {r.reason}
                </>
              )}
            />
          </Row>
          <Row
            name="Deployment rework rate"
            value={percent(m.reworkRate.value)}
            detail={`${m.reworkRate.rework} of ${m.reworkRate.deployments} deployments`}
          >
            <p className="small">{m.reworkRate.rule}</p>
            <List
              items={m.reworkRate.used}
              render={(u) => (
                <>
                  <code>{u.deployment}</code> {u.during}
                </>
              )}
            />
          </Row>
          {option ? (
            <Chart
              option={option}
              height={240}
              label={`Line chart of deployments and change failure rate per week in ${m.environment}, ${m.trend.length} weeks`}
              testId="delivery-chart"
            />
          ) : null}
        </>
      )}
    </section>
  );
}
