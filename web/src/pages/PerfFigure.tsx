/**
 * A chart the server drew (src/perf/charts): its title and legend as text, its SVG panels as
 * they came. The SVG is ECharts' server-side rendering of the server's own data, with every text
 * escaped (a test checks a flow named like markup), so it is inserted as it is.
 */
import { type CSSProperties, type RefObject, useEffect, useState } from 'react';

export interface LegendEntry {
  label: string;
  color: string;
  mark: 'line' | 'dashed' | 'dotted' | 'band' | 'bar' | 'marker';
}

export interface FigureView {
  id: string;
  title: string;
  note?: string;
  legend: LegendEntry[];
  panels: { title?: string; svg: string; width: number; height: number }[];
}

function markStyle(e: LegendEntry): CSSProperties {
  if (e.mark === 'band' || e.mark === 'bar') return { background: e.color };
  return { borderTopColor: e.color };
}

export function PerfFigure({ figure }: { figure: FigureView }) {
  const multiple = figure.panels.length > 1 || figure.panels.some((p) => p.title);
  return (
    <figure className={`perf-figure${multiple ? ' multiples' : ''}`} data-testid={`figure-${figure.id}`}>
      <figcaption>{figure.title}</figcaption>
      {figure.legend.length > 0 ? (
        <ul className="legend">
          {figure.legend.map((e) => (
            <li key={e.label} data-legend-color={e.color}>
              <span className={`mark mark-${e.mark}`} style={markStyle(e)} aria-hidden="true" />
              {e.label}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="panels">
        {figure.panels.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: panels keep their order; a flow name may repeat
          <div className="panel" key={i}>
            {p.title ? <h4>{p.title}</h4> : null}
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server's own SVG, its text escaped */}
            <div className="panel-svg" dangerouslySetInnerHTML={{ __html: p.svg }} />
          </div>
        ))}
      </div>
      {figure.note ? <p className="chart-note">{figure.note}</p> : null}
    </figure>
  );
}

/**
 * The width charts are drawn at: the box's own, in steps of 20 px (a resize of a few pixels does
 * not redraw), within what the server draws (280 to 1,600 px). Null until measured.
 */
export function useChartWidth(box: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth / 20) * 20;
      setWidth(Math.min(1600, Math.max(280, w)));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [box]);
  return width;
}
