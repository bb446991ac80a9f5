import { ErrorBox, Loading, StatusBadge } from '../components';
import { formatDate, pct, useApi, useTitle } from '../hooks';
import type { Score, Workload } from '../types';
import { WHOLE_PLAN } from './Plan';
import { levelText } from './Workload';
import { WorkloadNav } from './WorkloadNav';

/** One page to print or save as PDF: levels, coverage, what blocks, the plan. */
export function Report({ id }: { id: string }) {
  const workload = useApi<Workload>(`/workloads/${id}`);
  // A report shows the whole plan.
  const score = useApi<Score>(`/workloads/${id}/score?planLimit=${WHOLE_PLAN}`);
  const w = workload.data;
  const s = score.data;
  useTitle(w ? `Report: ${w.name}` : 'Report');
  const error = workload.error ?? score.error;

  return (
    <>
      <WorkloadNav id={id} name={w?.name} />
      {error ? <ErrorBox error={error} /> : null}
      {!w || !s ? (
        <Loading what="the report" />
      ) : (
        <article className="report">
          <header>
            <p className="report-kicker">Well-Architected maturity report</p>
            <h1>{w.name}</h1>
            <p className="muted">
              {w.criticality} criticality{w.repository ? ` · ${w.repository}` : ''} · as of{' '}
              {formatDate(w.updatedAt)} · {w.summary.answered} practices answered
            </p>
            <p className="no-print">
              <button type="button" className="primary" onClick={() => window.print()}>
                Print or save as PDF
              </button>
            </p>
          </header>

          <section aria-labelledby="r-levels">
            <h2 id="r-levels">Levels</h2>
            <table className="data report-levels">
              <thead>
                <tr>
                  <th scope="col">Pillar</th>
                  <th scope="col">Level held</th>
                  {[1, 2, 3, 4, 5].map((n) => (
                    <th scope="col" key={n} className="num">
                      L{n}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {s.pillars.map((p) => (
                  <tr key={p.key}>
                    <th scope="row">{p.title}</th>
                    <td className="level-held" data-testid={`report-level-${p.key}`}>
                      {levelText(p)}
                    </td>
                    {p.levels.map((l) => (
                      <td
                        key={l.level}
                        className={l.held ? 'num held-cell' : 'num'}
                        data-label={`L${l.level}`}
                      >
                        {pct(l.coverage)}
                        {l.held ? <span className="visually-hidden"> held</span> : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">
              Coverage per level: met counts 1, partial ½, over the practices that apply. Shaded: held.
            </p>
          </section>

          {s.pillars.map((p) => (
            <section key={p.key} aria-labelledby={`r-block-${p.key}`} className="avoid-break">
              <h2 id={`r-block-${p.key}`}>
                {p.title}: what blocks level {Math.min(p.level + 1, p.maxLevel)}
              </h2>
              {p.blocking.length === 0 ? (
                <p>Nothing: every level is held.</p>
              ) : (
                <ul className="report-list">
                  {p.blocking.map((b) => (
                    <li key={b.id}>
                      <StatusBadge status={b.status} /> {b.statement} <code className="pid">{b.id}</code>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}

          <section aria-labelledby="r-plan">
            <h2 id="r-plan">Improvement plan ({s.planTotal === 1 ? '1 item' : `${s.planTotal} items`})</h2>
            <table className="data report-plan">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
                  </th>
                  <th scope="col">Practice</th>
                  <th scope="col">Status</th>
                  <th scope="col">Next step</th>
                </tr>
              </thead>
              <tbody>
                {s.plan.map((item) => (
                  <tr key={item.practiceId}>
                    <td className="num">{item.rank}</td>
                    <td>
                      <span className="muted small">
                        {item.pillar.toUpperCase()} {item.level} · {item.risk} risk
                      </span>
                      <br />
                      {item.statement}
                    </td>
                    <td>
                      <StatusBadge status={item.status} />
                    </td>
                    <td>{item.nextStep}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </article>
      )}
    </>
  );
}
