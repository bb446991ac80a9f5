/**
 * ECharts, only the parts the UI uses. Loaded lazily, when a chart comes into view. SVG for small
 * charts (crisp, text in the DOM); canvas for the heat map, whose tens of thousands of cells would
 * be as many SVG elements.
 */
import { HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { type ECElementEvent, type EChartsCoreOption, type EChartsType, init, use } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([
  HeatmapChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
  CanvasRenderer,
]);

declare global {
  interface HTMLElement {
    /** The chart drawn in this box: a canvas has no DOM, so the browser tests read the chart here. */
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
  /** 'svg' unless said otherwise. */
  renderer?: 'svg' | 'canvas';
}

export default function Chart({
  option,
  height,
  label,
  testId,
  onItemClick,
  minWidth,
  renderer = 'svg',
}: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, undefined, { renderer });
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
  }, [renderer]);

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
