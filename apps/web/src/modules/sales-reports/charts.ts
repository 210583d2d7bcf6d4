import type { Label } from '@crm/schema';
import { listPath } from '../../engine/list/urlFilter';
import type { ReportFigure, SalesDashboard } from '@crm/schema';

/** What the charts need from the page: translated texts, metadata labels and the money format. */
export interface ChartTexts {
  t: (key: string, vars?: Record<string, unknown>) => string;
  /** A sum in the company currency, compact for axis labels. */
  money: (v: number, compact?: boolean) => string;
  label: (l: Label | undefined | null) => string;
  stageLabel: (v: string | null) => string;
  typeLabel: (v: string | null) => string;
  sourceLabel: (v: string | null) => string;
  ownerName: (id: string | null) => string;
  /** Position of a stage / follow-up type among its field's options (stack order). */
  stageRank: (v: string | null) => number;
  typeRank: (v: string | null) => number;
}

const PALETTE = ['#1677ff', '#13c2c2', '#2f54eb', '#fa8c16', '#52c41a', '#722ed1', '#eb2f96', '#faad14', '#a0d911', '#8c8c8c'];
export const WON_COLOR = '#52c41a';
const moneyAxis = (x: ChartTexts) => ({ type: 'value', axisLabel: { formatter: (v: number) => x.money(v, true) } });
const grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };

/** A data item that knows where a click goes: the list of the records behind it. */
const item = (value: number | null, point: ReportFigure, extra: Record<string, unknown> = {}) => ({ value: value ?? 0, link: listPath(point.object, point.filter), ...extra });

export function wonOption(won: NonNullable<SalesDashboard['won']>, x: ChartTexts) {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => x.money(v) },
    grid,
    xAxis: { type: 'category', data: [x.t('salesReports.wonAmount'), x.t('salesReports.target')] },
    yAxis: moneyAxis(x),
    series: [{
      type: 'bar', barMaxWidth: 56,
      data: [item(won.amount, won, { itemStyle: { color: WON_COLOR } }), { value: won.target ?? 0, itemStyle: { color: '#d9d9d9' } }],
      label: { show: true, position: 'top', formatter: (p: { value: number }) => x.money(p.value, true) },
    }],
  };
}

export function funnelOption(funnel: NonNullable<SalesDashboard['funnel']>, x: ChartTexts) {
  return {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; data: { rate: number | null } }) => `${p.name}: ${p.value}${p.data.rate === null ? '' : ` (${p.data.rate}%)`}` },
    series: [{
      type: 'funnel', sort: 'none', left: '8%', width: '84%', top: 12, bottom: 12, minSize: '8%', gap: 2,
      label: { position: 'inside', formatter: (p: { name: string; value: number; data: { rate: number | null } }) => `${p.name} ${p.value}${p.data.rate === null ? '' : ` · ${p.data.rate}%`}` },
      data: funnel.map((s, i) => item(s.count, s, { name: s.stage === null ? x.t('salesReports.allCreated') : x.stageLabel(s.stage), rate: s.rate, itemStyle: { color: PALETTE[i % PALETTE.length] } })),
    }],
  };
}

/** Stacked bars: one bar per owner, one stack segment per group (stage, follow-up type). */
function stacked<P extends ReportFigure & { ownerId: string | null }>(points: P[], groupOf: (p: P) => string | null, groupLabel: (g: string | null) => string, rank: (g: string | null) => number, value: (p: P) => number | null, x: ChartTexts, money?: boolean) {
  const owners = [...new Set(points.map((p) => p.ownerId))];
  const groups = [...new Set(points.map(groupOf))].sort((a, b) => rank(a) - rank(b));
  return {
    tooltip: { trigger: 'axis', ...(money ? { valueFormatter: (v: number) => x.money(v) } : {}) },
    legend: { type: 'scroll', top: 0 },
    grid,
    xAxis: { type: 'category', data: owners.map(x.ownerName), axisLabel: { interval: 0, width: 90, overflow: 'truncate' } },
    yAxis: money ? moneyAxis(x) : { type: 'value', minInterval: 1 },
    series: groups.map((g, i) => ({
      type: 'bar', stack: 'total', name: groupLabel(g), barMaxWidth: 48, itemStyle: { color: PALETTE[i % PALETTE.length] },
      data: owners.map((o) => {
        const p = points.find((q) => q.ownerId === o && groupOf(q) === g);
        return p ? item(value(p), p) : { value: 0 };
      }),
    })),
  };
}

export const pipelineOption = (pipeline: NonNullable<SalesDashboard['pipeline']>, x: ChartTexts) =>
  stacked(pipeline, (p) => p.stage, x.stageLabel, x.stageRank, (p) => p.amount, x, true);

export const activitiesOption = (activities: NonNullable<SalesDashboard['activities']>, x: ChartTexts) =>
  stacked(activities, (p) => p.type, x.typeLabel, x.typeRank, (p) => p.count, x);

export function forecastOption(forecast: NonNullable<SalesDashboard['forecast']>, x: ChartTexts) {
  const hasTarget = forecast.some((m) => m.target !== null);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => x.money(v) },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: forecast.map((m) => m.month) },
    yAxis: moneyAxis(x),
    series: [
      { type: 'bar', name: x.t('salesReports.weighted'), barMaxWidth: 32, itemStyle: { color: '#1677ff' }, data: forecast.map((m) => item(m.weighted, m)) },
      { type: 'bar', name: x.t('salesReports.bestCase'), barMaxWidth: 32, itemStyle: { color: '#91caff' }, data: forecast.map((m) => item(m.amount, m)) },
      ...(hasTarget ? [{ type: 'line', name: x.t('salesReports.target'), itemStyle: { color: '#fa8c16' }, data: forecast.map((m) => m.target) }] : []),
    ],
  };
}

export function sourcesOption(sources: NonNullable<SalesDashboard['leadSources']>, x: ChartTexts) {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [{
      type: 'pie', radius: ['38%', '66%'], center: ['50%', '45%'],
      // Names are in the legend; the ring shows the counts (outside labels do not fit a third-width card).
      label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 600 },
      data: sources.map((s, i) => item(s.count, s, { name: x.sourceLabel(s.source), itemStyle: { color: PALETTE[i % PALETTE.length] } })),
    }],
  };
}
