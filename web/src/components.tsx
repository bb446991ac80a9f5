import { type ReactNode, useEffect, useRef, useState } from 'react';
import { describeError } from './api';
import type { ChartProps } from './Chart';
import { pct } from './hooks';
import { STATUS_LABEL, type Status } from './types';

type ChartComponent = (props: ChartProps) => ReactNode;
let chartCode: Promise<ChartComponent> | undefined;
let loadedChart: ChartComponent | undefined;

/** The chart's code (ECharts), fetched once; a failed fetch is tried again by the next chart. */
function loadChart(): Promise<ChartComponent> {
  chartCode ??= import('./Chart').then(
    (m) => {
      loadedChart = m.default;
      return m.default;
    },
    (err: unknown) => {
      chartCode = undefined;
      throw err;
    },
  );
  return chartCode;
}

/**
 * A chart, its code fetched only once its box comes near the viewport (not on a first load below
 * the fold). Loaded by hand, not with React.lazy: content shown after a Suspense fallback waits out
 * React's fallback throttle (300 ms), which held a chart back ~200 ms after its code was in
 * (Chromium trace of the portfolio's heat map, when it was an ECharts chart).
 */
export function Chart(props: ChartProps) {
  const [near, setNear] = useState(false);
  const [Loaded, setLoaded] = useState<ChartComponent | undefined>(() => loadedChart);
  const [failed, setFailed] = useState<unknown>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!near || Loaded) return;
    let live = true;
    loadChart().then(
      (c) => live && setLoaded(() => c),
      (err: unknown) => live && setFailed(err),
    );
    return () => {
      live = false;
    };
  }, [near, Loaded]);
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
  // As a lazy component would: the page's error boundary says the chart could not be shown.
  if (failed) throw failed;
  const placeholder = (
    <div
      ref={box}
      className="chart chart-loading"
      style={{ height: props.height, minWidth: props.minWidth }}
      aria-busy="true"
      data-testid={props.testId}
    />
  );
  return near && Loaded ? <Loaded {...props} /> : placeholder;
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
