import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the chart types the dashboards use, to keep the bundle small.
echarts.use([BarChart, PieChart, FunnelChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer, SVGRenderer]);

interface Props {
  option: echarts.EChartsCoreOption;
  height?: number;
  testId?: string;
  /** Called with the clicked data item (as given in the option, extra properties included). */
  onItemClick?: (item: Record<string, unknown>) => void;
  /** svg draws each bar as an element of the page (crisp, and a browser test can click it). */
  renderer?: 'canvas' | 'svg';
}

/** A chart that follows its container's size. */
export function EChart({ option, height = 300, testId, onItemClick, renderer = 'canvas' }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    chart.current = echarts.init(ref.current!, undefined, { renderer });
    chart.current.on('click', (params) => {
      if (params.data && typeof params.data === 'object') click.current?.(params.data as Record<string, unknown>);
    });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(ref.current!);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
    };
  }, [renderer]);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={ref} style={{ width: '100%', height, cursor: onItemClick ? 'pointer' : undefined }} data-testid={testId} />;
}
