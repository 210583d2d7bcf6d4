import type { ServiceDashboard } from '@crm/schema';

type T = (key: string, vars?: Record<string, unknown>) => string;
const grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };

/** Created vs solved per day. */
export function dailyOption(d: ServiceDashboard, t: T) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: d.daily.map((x) => x.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      // Each point carries the filter of its tickets (a click opens them).
      { name: t('serviceReports.created'), type: 'line', data: d.daily.map((x) => ({ value: x.created, filter: x.filters.created })), itemStyle: { color: '#1677ff' } },
      { name: t('serviceReports.solved'), type: 'line', data: d.daily.map((x) => ({ value: x.solved, filter: x.filters.solved })), itemStyle: { color: '#52c41a' } },
    ],
  };
}

/** Solved tickets per agent, with SLA attainment of first response as a second bar. */
export function agentsOption(agents: NonNullable<ServiceDashboard['agents']>, t: T) {
  const name = (a: (typeof agents)[number]) => a.name ?? t('serviceReports.unassigned');
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: agents.map(name), axisLabel: { interval: 0, width: 80, overflow: 'truncate' } },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }],
    series: [
      { name: t('serviceReports.solved'), type: 'bar', barMaxWidth: 40, data: agents.map((a) => ({ value: a.solved, filter: a.filter })), itemStyle: { color: '#52c41a' } },
      { name: t('serviceReports.slaFirstResponse'), type: 'bar', barMaxWidth: 40, yAxisIndex: 1, data: agents.map((a) => a.sla?.firstResponse.rate ?? 0), itemStyle: { color: '#faad14' } },
    ],
  };
}
