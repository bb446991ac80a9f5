/** ECharts, only the parts the UI uses, drawn as SVG. Loaded lazily with the pages that chart. */
import { HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { type ECElementEvent, type EChartsCoreOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([
  HeatmapChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

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
    c.on('click', (e: ECElementEvent) => clickRef.current?.(e.dataIndex));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
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
