/**
 * Load tests on the workload page: the runs pushed to the server (`waymark perf compare --push`),
 * a flow's trend across them with the baseline changes marked, one run's charts, and any two runs
 * compared. Charts are drawn by the server at the width this section has.
 */
import { useRef, useState } from 'react';
import { ErrorBox, Loading } from '../components';
import { formatDate, useApi } from '../hooks';
import { type FigureView, PerfFigure, useChartWidth } from './PerfFigure';

interface FlowFigures {
  flow: string;
  count: number;
  errors: number;
  errorRate: number;
  throughput: number | null;
  p95: number | null;
  p99: number | null;
}

interface RunView {
  id: string;
  pushedAt: string;
  pushedBy: string;
  startedAt: string | null;
  name: string | null;
  kind: 'run' | 'baseline';
  verdict: { exitCode: 0 | 1; regressed: number; targetsMissed: number } | null;
  overall: FlowFigures | null;
}

interface MetricRow {
  metric: string;
  baseline: number | null;
  current: number | null;
  change: number | null;
  verdicts: string[];
}

interface Compared {
  run: RunView;
  reference: RunView;
  comparison: { flows: { flow: string; verdicts: string[]; rows: MetricRow[] }[]; regressed: number };
  figures?: FigureView[];
}

const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : `${Number(v.toFixed(1))} ms`;
const runName = (r: RunView) => r.name ?? formatDate(r.startedAt ?? r.pushedAt);

function verdictText(r: RunView): string {
  if (r.kind === 'baseline') return 'made the baseline';
  if (!r.verdict) return 'not judged';
  if (r.verdict.exitCode === 0) return 'pass';
  const parts = [
    r.verdict.regressed ? `${r.verdict.regressed} regressed` : '',
    r.verdict.targetsMissed ? `${r.verdict.targetsMissed} missed a target` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

export function PerfSection({ workloadId }: { workloadId: string }) {
  const base = `/workloads/${workloadId}/perf`;
  const list = useApi<{ runs: RunView[]; flows: string[] }>(`${base}/runs`);
  const box = useRef<HTMLDivElement>(null);
  const width = useChartWidth(box);
  const [flow, setFlow] = useState('(all)');
  const [shown, setShown] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const runs = list.data?.runs ?? [];
  const runId = shown ?? runs[0]?.id ?? null;
  const shownRun = runs.find((r) => r.id === runId);
  const ready = width !== null && runs.length > 0;
  const series = useApi<{ figure?: FigureView }>(
    ready ? `${base}/flows/${encodeURIComponent(flow)}/series?width=${width}` : null,
  );
  const charts = useApi<{ figures: FigureView[] }>(
    ready && runId ? `${base}/runs/${runId}/charts?width=${width}` : null,
  );
  // The later of the two picked is judged against the earlier.
  const [newer, older] = [...picked].sort(
    (a, b) => runs.findIndex((r) => r.id === a) - runs.findIndex((r) => r.id === b),
  );
  const compared = useApi<Compared>(
    ready && newer && older ? `${base}/runs/${newer}/compare/${older}?width=${width}` : null,
  );
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));

  return (
    <section className="card perf" aria-labelledby="perf-title" data-testid="perf">
      <h2 id="perf-title">Load tests</h2>
      <div ref={box}>
        {list.error ? <ErrorBox error={list.error} /> : null}
        {!list.data ? (
          list.loading ? (
            <Loading what="the load-test runs" />
          ) : null
        ) : runs.length === 0 ? (
          <>
            <p className="muted">
              No load-test run yet. Compare each run with its baseline and keep it here, with an editor token
              in <code>WAYMARK_TOKEN</code>:
            </p>
            <pre className="command" data-testid="perf-command">
              <code>{`waymark perf compare RESULTS --push ${window.location.origin} --workload ${workloadId}`}</code>
            </pre>
          </>
        ) : (
          <>
            <p className="muted small">
              Runs, newest first. Pick one to see its charts; tick two to compare them.
            </p>
            <div className="table-wrap">
              <table className="data perf-runs" data-testid="perf-runs">
                <caption className="visually-hidden">Runs, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Compare</th>
                    <th scope="col">Run</th>
                    <th scope="col">Verdict</th>
                    <th scope="col" className="num hide-narrow">
                      Requests
                    </th>
                    <th scope="col" className="num">
                      p95
                    </th>
                    <th scope="col" className="num hide-narrow">
                      Errors
                    </th>
                    <th scope="col" className="num hide-narrow">
                      req/s
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {runs.map((r) => (
                    <tr key={r.id} aria-current={r.id === runId ? 'true' : undefined}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`compare ${runName(r)}`}
                          checked={picked.includes(r.id)}
                          onChange={() => toggle(r.id)}
                        />
                      </td>
                      <th scope="row">
                        <button
                          type="button"
                          className="perf-run-button"
                          aria-pressed={r.id === runId}
                          onClick={() => setShown(r.id)}
                        >
                          {runName(r)}
                        </button>
                        {r.kind === 'baseline' ? <span className="badge perf-baseline">baseline</span> : null}
                      </th>
                      <td className={r.verdict?.exitCode === 1 ? 'perf-fail' : undefined}>
                        {verdictText(r)}
                      </td>
                      <td className="num hide-narrow">{r.overall?.count ?? '–'}</td>
                      <td className="num">{ms(r.overall?.p95)}</td>
                      <td className="num hide-narrow">
                        {r.overall ? `${Number(r.overall.errorRate.toFixed(2))}%` : '–'}
                      </td>
                      <td className="num hide-narrow">
                        {r.overall?.throughput === null || r.overall?.throughput === undefined
                          ? '–'
                          : Number(r.overall.throughput.toFixed(1))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>

            {newer && older ? <Comparison data={compared.data ?? undefined} error={compared.error} /> : null}

            <h3>Trend</h3>
            <label className="perf-flow">
              Flow{' '}
              <select value={flow} onChange={(e) => setFlow(e.target.value)}>
                {(list.data.flows.includes('(all)') ? list.data.flows : ['(all)', ...list.data.flows]).map(
                  (f) => (
                    <option key={f} value={f}>
                      {f === '(all)' ? 'all requests' : f}
                    </option>
                  ),
                )}
              </select>
            </label>
            {series.error ? <ErrorBox error={series.error} /> : null}
            {series.data?.figure ? <PerfFigure figure={series.data.figure} /> : <Loading what="the trend" />}

            <h3 data-testid="perf-run-title">Run {shownRun ? runName(shownRun) : ''}</h3>
            {charts.error ? <ErrorBox error={charts.error} /> : null}
            {charts.data ? (
              charts.data.figures.map((f) => <PerfFigure key={f.id} figure={f} />)
            ) : (
              <Loading what="the run's charts" />
            )}
          </>
        )}
      </div>
    </section>
  );
}

function Comparison({ data, error }: { data: Compared | undefined; error: unknown }) {
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading what="the comparison" />;
  const row = (rows: MetricRow[], metric: string) => rows.find((r) => r.metric === metric);
  const change = (r: MetricRow | undefined) =>
    r?.change === null || r?.change === undefined ? '' : ` (${r.change > 0 ? '+' : ''}${r.change}%)`;
  return (
    <div className="perf-compare" data-testid="perf-compare">
      <h3>
        {runName(data.run)} against {runName(data.reference)}
      </h3>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Flow</th>
              <th scope="col">Verdict</th>
              <th scope="col" className="num">
                p95
              </th>
              <th scope="col" className="num">
                p99
              </th>
            </tr>
          </thead>
          <tbody>
            {data.comparison.flows.map((f) => (
              <tr key={f.flow}>
                <th scope="row">{f.flow}</th>
                <td className={f.verdicts.includes('regressed') ? 'perf-fail' : undefined}>
                  {f.verdicts.join(', ')}
                </td>
                <td className="num">
                  {ms(row(f.rows, 'p95')?.current)}
                  {change(row(f.rows, 'p95'))}
                </td>
                <td className="num">
                  {ms(row(f.rows, 'p99')?.current)}
                  {change(row(f.rows, 'p99'))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(data.figures ?? []).map((f) => (
        <PerfFigure key={f.id} figure={f} />
      ))}
    </div>
  );
}
