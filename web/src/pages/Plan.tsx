/**
 * The improvement plan on the workload page: the first items at once, and all of them (the score
 * route sends the top 25 by default, with the total) on request, to filter by pillar and status and
 * to page through.
 */
import { useMemo, useState } from 'react';
import { RiskBadge, StatusBadge } from '../components';
import { useApi } from '../hooks';
import { Link } from '../router';
import { type PlanItem, type Score, STATUS_LABEL, type Status } from '../types';

/** Items shown before the person asks for more, and added by each "show more". */
const FIRST = 10;
const PAGE = 25;
/** The largest plan the score route gives in one answer (its planLimit allows four digits). */
export const WHOLE_PLAN = 9999;

export function Plan({
  plan,
  planTotal,
  workloadId,
}: {
  plan: PlanItem[];
  planTotal: number;
  workloadId: string;
}) {
  const [open, setOpen] = useState(false);
  const [pillar, setPillar] = useState('all');
  const [status, setStatus] = useState<'all' | Status>('all');
  const [shown, setShown] = useState(PAGE);
  // The whole plan is fetched only once the person asks for it.
  const whole = useApi<Score>(
    open && planTotal > plan.length ? `/workloads/${workloadId}/score?planLimit=${WHOLE_PLAN}` : null,
  );
  const items = open ? (whole.data?.plan ?? plan) : plan;
  const pillars = useMemo(() => [...new Set(items.map((i) => i.pillar))], [items]);
  const statuses = useMemo(() => [...new Set(items.map((i) => i.status))], [items]);
  const filtered = items.filter(
    (i) => (pillar === 'all' || i.pillar === pillar) && (status === 'all' || i.status === status),
  );
  const visible = open ? filtered.slice(0, shown) : plan.slice(0, FIRST);

  return (
    <section className="card" aria-labelledby="plan-title">
      <h2 id="plan-title">Improvement plan</h2>
      <p className="muted">
        {planTotal === 1 ? '1 item' : `${planTotal} items`}, by level, then risk (high first), then partial
        before not met before unknown.
      </p>
      {planTotal === 0 ? (
        <p>Nothing left to do.</p>
      ) : (
        <>
          {open ? (
            <fieldset className="plan-filters">
              <legend className="visually-hidden">Filter the plan</legend>
              <label>
                Pillar{' '}
                <select
                  value={pillar}
                  onChange={(e) => {
                    setPillar(e.target.value);
                    setShown(PAGE);
                  }}
                >
                  <option value="all">All</option>
                  {pillars.map((p) => (
                    <option key={p} value={p}>
                      {p.toUpperCase()}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <label>
                Status{' '}
                <select
                  value={status}
                  onChange={(e) => {
                    const v = e.target.value;
                    setStatus(v === 'all' ? 'all' : (statuses.find((s) => s === v) ?? 'all'));
                    setShown(PAGE);
                  }}
                >
                  <option value="all">All</option>
                  {statuses.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABEL[s]}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <span className="muted small" aria-live="polite" data-testid="plan-count">
                {whole.loading
                  ? 'Loading the whole plan…'
                  : `Showing ${visible.length} of ${filtered.length}`}
              </span>
            </fieldset>
          ) : null}
          <ol className="plan">
            {visible.map((item) => (
              <li key={item.practiceId} value={item.rank}>
                <p className="plan-head">
                  <span className="badge">
                    {item.pillar.toUpperCase()} {item.level}
                  </span>{' '}
                  <StatusBadge status={item.status} /> <RiskBadge risk={item.risk} />{' '}
                  <Link
                    href={`/workloads/${workloadId}/assess?pillar=${item.pillar}&level=${item.level}#practice-${item.practiceId}`}
                  >
                    {item.statement}
                  </Link>
                </p>
                <p className="muted small">{item.strategy}</p>
                {item.status === 'unknown' ? (
                  // Nobody has said yet whether this is done: the first task is to answer it.
                  <p>
                    <strong>Not answered yet:</strong> answer it first; if it is not met, the next step is:{' '}
                    {item.nextStep}
                  </p>
                ) : (
                  <p>
                    <strong>Next step:</strong> {item.nextStep}
                  </p>
                )}
              </li>
            ))}
          </ol>
          <div className="actions">
            {open && filtered.length > shown ? (
              <button type="button" onClick={() => setShown(shown + PAGE)}>
                Show {Math.min(PAGE, filtered.length - shown)} more
              </button>
            ) : null}
            {planTotal > FIRST ? (
              <button
                type="button"
                onClick={() => {
                  setOpen(!open);
                  setShown(PAGE);
                }}
                aria-expanded={open}
              >
                {open ? `Show the first ${FIRST}` : `Show all ${planTotal} items`}
              </button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
