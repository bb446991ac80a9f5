import { useApi } from '../hooks';

type HealthState = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

interface HealthSignal {
  id: string;
  state: HealthState;
  value: number | null;
  unit: string;
  reason: string;
}

interface HealthComponent {
  id: string;
  name: string;
  critical: boolean;
  state: HealthState;
  reason: string;
  signals: HealthSignal[];
}

interface HealthView {
  latest: { state: HealthState; reason: string; evaluatedAt: string; components: HealthComponent[] } | null;
  timeline: {
    at: string;
    level: string;
    target: string;
    from: string | null;
    to: HealthState;
    reason: string;
  }[];
}

/** The health tree pushed by `waymark health eval|watch --push`, and its timeline of changes. */
export function HealthSection({ workloadId }: { workloadId: string }) {
  const health = useApi<HealthView>(`/workloads/${workloadId}/health`);
  const data = health.data;
  if (!data) return null;
  return (
    <section className="card" aria-labelledby="health-title" data-testid="health">
      <h2 id="health-title">Health</h2>
      {!data.latest ? (
        <>
          <p className="muted">
            No health evaluation yet. Run the health model next to your metrics and send its results here,
            with an editor token in <code>WAYMARK_TOKEN</code>:
          </p>
          <pre className="command" data-testid="health-command">
            <code>{`waymark health watch -m waymark.health.yaml --push ${window.location.origin} --workload ${workloadId}`}</code>
          </pre>
        </>
      ) : (
        <>
          <p>
            <span className={`health health-${data.latest.state}`}>{data.latest.state}</span>{' '}
            {data.latest.reason}{' '}
            <span className="muted">(evaluated {new Date(data.latest.evaluatedAt).toLocaleString()})</span>
          </p>
          <ul className="health-tree">
            {data.latest.components.map((c) => (
              <li key={c.id}>
                <span className={`health health-${c.state}`}>{c.state}</span> <strong>{c.name}</strong>
                {c.critical ? <span className="muted"> (critical)</span> : null}
                <ul>
                  {c.signals.map((s) => (
                    <li key={s.id}>
                      <span className={`health health-${s.state}`}>{s.state}</span> {s.id}: {s.reason}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
      {data.timeline.length > 0 ? (
        <>
          <h3>Changes of state</h3>
          <ol className="timeline" reversed>
            {data.timeline
              .filter((c) => c.level !== 'signal')
              .map((c) => (
                <li key={`${c.at}-${c.level}-${c.target}`}>
                  <time dateTime={c.at}>{new Date(c.at).toLocaleString()}</time> {c.target}:{' '}
                  {c.from ?? 'start'} → <span className={`health health-${c.to}`}>{c.to}</span>{' '}
                  <span className="muted">{c.reason}</span>
                </li>
              ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
