/**
 * ECharts, only the parts the UI uses (the history's line chart). Loaded lazily, when a chart
 * comes into view. SVG: crisp, with its text in the DOM. (The portfolio's heat map is drawn by
 * hand on canvases, in pages/Heatmap.tsx.)
 */
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type ECElementEvent, type EChartsCoreOption, type EChartsType, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

declare global {
  interface HTMLElement {
    /** The chart drawn in this box, for the browser tests to read. */
    waymarkChart?: EChartsType;
  }
}

export interface ChartProps {
  option: EChartsCoreOption;
  height: number;
  /** Describes the chart for people who cannot see it. */
  label: string;
  testId?: string;
  /** Called with the data item clicked (a heat map cell, a point). */
  onItemClick?: (dataIndex: number) => void;
  /** A minimum width in px: a wider chart scrolls in its own box instead of being squeezed. */
  minWidth?: number;
}

export default function Chart({ option, height, label, testId, onItemClick, minWidth }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    el.waymarkChart = c;
    c.on('click', (e: ECElementEvent) => clickRef.current?.(e.dataIndex));
    // Marks the box once everything is drawn (the benchmark and the tests wait for it).
    c.on('finished', () => {
      el.dataset.drawn = 'true';
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
      el.waymarkChart = undefined;
    };
  }, []);

  useEffect(() => {
    ref.current?.removeAttribute('data-drawn');
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={ref}
      className="chart"
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ height, minWidth }}
    />
  );
}
