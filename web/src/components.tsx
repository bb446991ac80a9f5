import { lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { describeError } from './api';
import type { ChartProps } from './Chart';
import { pct } from './hooks';
import { STATUS_LABEL, type Status } from './types';

const LazyChart = lazy(() => import('./Chart'));

/** A chart, its code fetched only once its box comes near the viewport (not on a first load below the fold). */
export function Chart(props: ChartProps) {
  const [near, setNear] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (near || !el) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setNear(true);
      },
      { rootMargin: '200px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [near]);
  const placeholder = (
    <div
      ref={box}
      className="chart chart-loading"
      style={{ height: props.height, minWidth: props.minWidth }}
      aria-busy="true"
    />
  );
  return near ? (
    <Suspense fallback={placeholder}>
      <LazyChart {...props} />
    </Suspense>
  ) : (
    placeholder
  );
}

export function StatusBadge({ status }: { status: string }) {
  const label = STATUS_LABEL[status as Status] ?? status;
  return <span className={`badge status-${status}`}>{label}</span>;
}

export function RiskBadge({ risk }: { risk: string }) {
  return <span className={`badge risk-${risk}`}>{risk} risk</span>;
}

export function CoverageBar({ value, label }: { value: number; label?: string }) {
  return (
    <span className="coverage">
      <span className="coverage-track" aria-hidden="true">
        <span className="coverage-fill" style={{ width: pct(value) }} />
      </span>
      <span className="coverage-text">
        {pct(value)}
        {label ? <span className="visually-hidden"> {label}</span> : null}
      </span>
    </span>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ error, children }: { error: unknown; children?: ReactNode }) {
  return (
    <div className="alert alert-error" role="alert">
      <p>{describeError(error)}</p>
      {children}
    </div>
  );
}

export function pillarName(key: string): string {
  return key === 'oe'
    ? 'Operational Excellence'
    : key === 'pe'
      ? 'Performance Efficiency'
      : key.toUpperCase();
}
