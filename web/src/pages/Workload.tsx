import { CoverageBar, ErrorBox, Loading, StatusBadge } from '../components';
import { pct, useApi, useTitle } from '../hooks';
import { Link } from '../router';
import type { Score, ScorePillar, Workload } from '../types';
import { ContextSection } from './Context';
import { DeliverySection } from './Delivery';
import { HealthSection } from './Health';
import { ArchivedNotice, ManageWorkload } from './ManageWorkload';
import { PerfSection } from './Perf';
import { Plan } from './Plan';
import { RepositoriesSection } from './Repositories';
import { WorkloadNav } from './WorkloadNav';

export function WorkloadPage({ id }: { id: string }) {
  const workload = useApi<Workload>(`/workloads/${id}`);
  const score = useApi<Score>(`/workloads/${id}/score`);
  const w = workload.data;
  useTitle(w?.name ?? 'Workload');
  const error = workload.error ?? score.error;

  return (
    <>
      <WorkloadNav id={id} name={w?.name} />
      <div className="page-head">
        <h1>{w?.name ?? 'Workload'}</h1>
        {w ? (
          <p className="muted">
            {w.criticality} criticality{w.repository ? ` · ${w.repository}` : ''} · {w.summary.answered}{' '}
            practices answered
          </p>
        ) : null}
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {w ? <ArchivedNotice workload={w} onChanged={workload.reload} /> : null}
      {w && w.summary.answered === 0 ? (
        <div className="alert start-prompt" data-testid="start-prompt">
          <p>
            <strong>Nothing is answered yet.</strong> Start with level 1 of each pillar: most practices take a
            yes or no. <Link href={`/workloads/${id}/assess?pillar=oe&level=1`}>Start the assessment</Link>
          </p>
        </div>
      ) : null}
      {!score.data ? (
        score.loading ? (
          <Loading what="the scores" />
        ) : null
      ) : (
        <>
          <div className="grid-2">
            {score.data.pillars.map((p) => (
              <PillarCard key={p.key} pillar={p} workloadId={id} />
            ))}
          </div>
          <Plan plan={score.data.plan} planTotal={score.data.planTotal} workloadId={id} />
          <ContextSection
            workloadId={id}
            notInForce={score.data.notInForce ?? []}
            onSaved={() => {
              score.reload();
              workload.reload();
            }}
          />
          <HealthSection workloadId={id} />
          <DeliverySection workloadId={id} />
          <PerfSection workloadId={id} />
          <RepositoriesSection workloadId={id} onScanned={workload.reload} />
          {w ? <ManageWorkload workload={w} onChanged={workload.reload} /> : null}
        </>
      )}
    </>
  );
}

export function levelText(p: ScorePillar): string {
  return p.level === 0 ? 'Level 0 — not started' : `Level ${p.level} — ${p.levelName ?? ''}`;
}

function PillarCard({ pillar: p, workloadId }: { pillar: ScorePillar; workloadId: string }) {
  const next = p.levels.find((l) => l.level === p.level + 1);
  const rungs = [...p.levels].reverse();
  return (
    <section className="card pillar" aria-labelledby={`pillar-${p.key}`}>
      <h2 id={`pillar-${p.key}`}>{p.title}</h2>
      <p className="pillar-level" data-testid={`pillar-level-${p.key}`}>
        {levelText(p)}
      </p>
      <ol className="ladder" aria-label={`${p.title} levels, highest first`}>
        {rungs.map((l) => (
          <li key={l.level} className={l.held ? 'rung held' : l.level === p.level + 1 ? 'rung next' : 'rung'}>
            <span className="rung-mark" aria-hidden="true">
              {l.held ? '✓' : l.level}
            </span>
            <span className="rung-body">
              <span className="rung-name">
                Level {l.level}: {l.name}
                <span className="rung-state">
                  {l.held ? ' — held' : l.level === p.level + 1 ? ' — next' : ''}
                </span>
              </span>
              <CoverageBar value={l.coverage} label={`coverage of level ${l.level}`} />
              <span className="rung-counts muted">
                {l.met} met · {l.partial} partial · {l.notMet} not met · {l.unknown} unknown
                {l.notApplicable ? ` · ${l.notApplicable} n/a` : ''} of {l.total}
              </span>
            </span>
          </li>
        ))}
      </ol>
      {next ? (
        <>
          <h3>
            What blocks level {next.level} ({p.blocking.length}{' '}
            {p.blocking.length === 1 ? 'practice' : 'practices'}, {pct(next.coverage)} covered)
          </h3>
          <ul className="blocking" data-testid={`blocking-${p.key}`}>
            {p.blocking.slice(0, 8).map((b) => (
              <li key={b.id}>
                <StatusBadge status={b.status} />{' '}
                <Link
                  href={`/workloads/${workloadId}/assess?pillar=${p.key}&level=${b.level}#practice-${b.id}`}
                >
                  {b.statement}
                </Link>
              </li>
            ))}
          </ul>
          {p.blocking.length > 8 ? (
            <p>
              <Link href={`/workloads/${workloadId}/assess?pillar=${p.key}&level=${next.level}`}>
                All {p.blocking.length} blocking practices in the assessment
              </Link>
            </p>
          ) : null}
        </>
      ) : (
        <p className="alert alert-ok">Every level is held.</p>
      )}
    </section>
  );
}
