import type { Bilingual, Question, SurveyResults } from './api';

type T = (key: string, vars?: Record<string, unknown>) => string;
const grid = { left: 8, right: 16, top: 30, bottom: 8, containLabel: true };
/** NPS bars: detractors red, passives amber, promoters green. */
const npsColor = (v: number) => (v <= 6 ? '#ff7875' : v <= 8 ? '#ffc53d' : '#73d13d');

/** Answers per value of one question (stars, 0–10 or options). */
export function distributionOption(q: Question, r: SurveyResults['questions'][number], label: (l: Bilingual | undefined) => string) {
  const keys = Object.keys(r.distribution);
  const names = keys.map((k) => (q.type === 'single' || q.type === 'multiple' ? label(q.options?.find((o) => o.value === k)?.label) || k : k));
  const horizontal = q.type === 'single' || q.type === 'multiple';
  const data = keys.map((k) => ({ value: r.distribution[k], itemStyle: { color: q.type === 'nps' ? npsColor(Number(k)) : '#1677ff' } }));
  const category = { type: 'category', data: names, axisLabel: { width: 110, overflow: 'truncate' } };
  const value = { type: 'value', minInterval: 1 };
  return { tooltip: { trigger: 'axis' }, grid, xAxis: horizontal ? value : category, yAxis: horizontal ? { ...category, inverse: true } : value, series: [{ type: 'bar', barMaxWidth: 32, data }] };
}

/** Responses per week with the NPS (and average rating) of the week. */
export function trendOption(d: SurveyResults, t: T) {
  const hasNps = d.trend.some((w) => w.nps);
  const hasRating = d.trend.some((w) => w.rating !== null);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: d.trend.map((w) => w.week.slice(5)) },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: hasNps ? -100 : 0, max: hasNps ? 100 : 5 }],
    series: [
      { name: t('surveys.res.responses'), type: 'bar', barMaxWidth: 28, data: d.trend.map((w) => w.responses), itemStyle: { color: '#91caff' } },
      ...(hasNps ? [{ name: t('surveys.res.nps'), type: 'line', yAxisIndex: 1, data: d.trend.map((w) => w.nps?.score ?? null), itemStyle: { color: '#389e0d' } }] : []),
      ...(hasRating && !hasNps ? [{ name: t('surveys.res.rating'), type: 'line', yAxisIndex: 1, data: d.trend.map((w) => w.rating), itemStyle: { color: '#faad14' } }] : []),
    ],
  };
}
