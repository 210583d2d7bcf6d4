import type { Filter, ReportFigure, ReportPeriod, SalesDashboard } from '@crm/schema';
import { ownedBy } from '../weekly/compute-weekly-report.js';
import { addMonths, monthStart, addDays } from '../period.js';
import { teamMembers, userNames } from '../owners.js';
import { aggregate, total, where, type AggregateRow, type Viewer } from '../scoped-query.js';
import { monthlyTargets } from './targets.js';

export interface DashboardParams {
  period: ReportPeriod;
  teamId?: string;
  ownerId?: string;
}

const FORECAST_MONTHS = 6;
const CLOSED = ['won', 'lost'];
const keyFilter = (field: string, key: string | null) => (key === null ? where.empty(field) : where.eq(field, key));

/** The deal stages in order, from metadata (lost left out: it is not a step forward). */
async function stageOrder(viewer: Viewer): Promise<string[]> {
  if (!viewer.engine.metadata.has('deals')) return [];
  const stage = viewer.engine.metadata.get('deals').fields.find((f) => f.name === 'stage');
  const values = (stage?.options ?? []).map((o) => o.value).filter((v) => v !== 'lost');
  // won is the last step whatever position its option has.
  return [...values.filter((v) => v !== 'won'), ...(values.includes('won') ? ['won'] : [])];
}

function funnelOf(rows: AggregateRow[], stages: string[], cohort: Filter) {
  const byStage = new Map(rows.map((r) => [r.keys[0], r]));
  // A hidden amount sums to null, not 0.
  const amounts = !rows.some((r) => r.amount === null);
  const all = rows.reduce((acc, r) => ({ count: acc.count + r.count, amount: acc.amount + (r.amount ?? 0) }), { count: 0, amount: 0 });
  const steps: Array<ReportFigure & { stage: string | null; rate: number | null }> = [{ object: 'deals', stage: null, count: all.count, amount: amounts ? all.amount : null, rate: null, filter: cohort }];
  stages.forEach((stage, i) => {
    const reached = stages.slice(i);
    const count = reached.reduce((n, s) => n + (byStage.get(s)?.count ?? 0), 0);
    const amount = reached.reduce((n, s) => n + (byStage.get(s)?.amount ?? 0), 0);
    const before = steps[steps.length - 1].count;
    steps.push({ object: 'deals', stage, count, amount: amounts ? amount : null, rate: before ? Math.round((count / before) * 1000) / 10 : null, filter: where.and(cohort, where.in('stage', reached)) });
  });
  return steps;
}

/**
 * Every series of the sales dashboard, each computed in SQL inside the viewer's read scope and
 * limited to the chosen team (its and its sub-teams' members) or owner.
 */
export async function computeDashboard(viewer: Viewer, params: DashboardParams): Promise<SalesDashboard> {
  const { period } = params;
  const ownerIds = params.ownerId ? [params.ownerId] : params.teamId ? (await teamMembers(viewer.db, params.teamId)).map((m) => m.id) : null;
  const owned = ownerIds ? ownedBy(ownerIds) : null;

  const wonFilter = where.and(owned, where.eq('stage', 'won'), where.within('closed_at', period.startAt, period.endAt));
  const periodMonths: string[] = [];
  for (let m = monthStart(period.from); m <= period.to; m = addMonths(m, 1)) periodMonths.push(m.slice(0, 7));
  const forecastMonths = Array.from({ length: FORECAST_MONTHS }, (_, i) => addMonths(period.from, i).slice(0, 7));
  const targets = await monthlyTargets(viewer, [...new Set([...periodMonths, ...forecastMonths])], { teamId: params.teamId, ownerIds: ownerIds ?? undefined });
  const targetOf = (months: string[]) => (months.some((m) => targets.has(m)) ? months.reduce((n, m) => n + (targets.get(m) ?? 0), 0) : null);

  const won = await total(viewer, 'deals', wonFilter, 'amount');

  const cohort = where.and(owned, where.within('created_at', period.startAt, period.endAt));
  const stages = await stageOrder(viewer);
  const cohortRows = await aggregate(viewer, 'deals', cohort, { groupBy: ['stage'], sum: 'amount' });

  const open = where.and(owned, where.nin('stage', CLOSED));
  const pipelineRows = await aggregate(viewer, 'deals', open, { groupBy: ['stage', 'owner_id'], sum: 'amount' });

  const firstMonth = monthStart(period.from);
  const forecastFilter = where.and(open, where.gte('expected_close_date', firstMonth), where.lt('expected_close_date', addMonths(firstMonth, FORECAST_MONTHS)));
  const forecastRows = await aggregate(viewer, 'deals', forecastFilter, { groupBy: ['expected_close_date:month'], sum: 'amount', weighted: true });

  const activityFilter = where.and(owned, where.within('occurred_at', period.startAt, period.endAt));
  const activityRows = await aggregate(viewer, 'activities', activityFilter, { groupBy: ['owner_id', 'type'] });

  const leadFilter = where.and(owned, where.within('created_at', period.startAt, period.endAt));
  const leadRows = await aggregate(viewer, 'leads', leadFilter, { groupBy: ['source'] });

  const mentioned = [...(pipelineRows ?? []).map((r) => r.keys[1]), ...(activityRows ?? []).map((r) => r.keys[0])].filter((id): id is string => !!id);
  const names = await userNames(viewer.db, [...new Set(mentioned)]);

  return {
    period,
    owners: [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    won: won && { object: 'deals', ...won, filter: wonFilter, target: targetOf(periodMonths) },
    funnel: cohortRows && funnelOf(cohortRows, stages, cohort),
    pipeline: pipelineRows && pipelineRows.map((r) => ({
      object: 'deals', stage: r.keys[0], ownerId: r.keys[1], count: r.count, amount: r.amount,
      filter: where.and(open, keyFilter('stage', r.keys[0]), keyFilter('owner_id', r.keys[1])),
    })),
    forecast: forecastRows && forecastMonths.map((month) => {
      const row = forecastRows.find((r) => r.keys[0] === month);
      const first = `${month}-01`;
      return {
        object: 'deals', month, count: row?.count ?? 0, amount: row ? row.amount : 0, weighted: row ? row.weighted : 0, target: targetOf([month]),
        filter: where.and(open, where.gte('expected_close_date', first), where.lte('expected_close_date', addDays(addMonths(first, 1), -1))),
      };
    }),
    activities: activityRows && activityRows.map((r) => ({
      object: 'activities', ownerId: r.keys[0], type: r.keys[1], count: r.count, amount: null,
      filter: where.and(activityFilter, keyFilter('owner_id', r.keys[0]), keyFilter('type', r.keys[1])),
    })),
    leadSources: leadRows && leadRows
      .map((r) => ({ object: 'leads', source: r.keys[0], count: r.count, amount: null, filter: where.and(leadFilter, keyFilter('source', r.keys[0])) }))
      .sort((a, b) => b.count - a.count || String(a.source).localeCompare(String(b.source))),
  };
}
