import type { Forecast, ForecastFigures, ForecastParams, ForecastRow } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { inCompanyCurrency, readCompanyDefaults, toCompanyCurrency } from '../../engine/money/company-currency.js';
import { requireScope, requireVisibleFields } from '../../engine/permissions/access.js';
import { LOST, WON } from './pipeline-store.js';
import { listTargets, nextMonth, visibleTargetOwners } from './targets.js';

/** Open deals at or above this win probability count as committed (承诺); all open deals are best case. */
export const COMMIT_PROBABILITY = 75;

const money = (v: unknown) => Math.round(Number(v ?? 0) * 100) / 100;

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 24; m = nextMonth(m)) out.push(m);
  return out;
}

/**
 * The sales forecast by expected close month, per rep or team, against monthly targets, over the
 * deals the user may read (the engine's read scope in SQL). Amounts and targets are converted into
 * the company currency. Exported for the reports/dashboard module.
 */
export async function getForecast(ctx: { db: Kysely<Database>; engine: Engine }, access: AccessContext, params: ForecastParams): Promise<Forecast> {
  requireScope(access, 'deals', 'read');
  // Every figure is summed by these (bucketed by close month, split by stage and probability).
  requireVisibleFields(access, 'deals', ['amount', 'stage', 'probability', 'expected_close_date', ...(params.pipeline ? ['pipeline'] : [])]);
  const months = monthsBetween(params.from, params.to);
  const last = months.at(-1) ?? params.from;
  const meta = await ctx.engine.records.object('deals');
  const filter = params.pipeline ? { field: 'pipeline', op: 'eq' as const, value: params.pipeline } : undefined;
  const where = ctx.engine.records.whereClause(meta, { filter }, access);
  const groupKey = params.by === 'team' ? sql`u.team_id` : sql`t.owner_id`;
  const open = sql`t.stage NOT IN (${WON}, ${LOST})`;
  const companyCurrency = await readCompanyDefaults(ctx.db);
  const amount = inCompanyCurrency(sql.ref('t.amount'), sql.ref('t.amount_currency'), companyCurrency);
  const { rows } = await sql<Record<string, string | null>>`
    SELECT to_char(t.expected_close_date, 'YYYY-MM') AS month, ${groupKey} AS key,
      sum(${amount}) FILTER (WHERE t.stage = ${WON}) AS won,
      count(*) FILTER (WHERE t.stage = ${WON}) AS won_count,
      sum(${amount}) FILTER (WHERE ${open} AND coalesce(t.probability, 0) >= ${COMMIT_PROBABILITY}) AS committed,
      sum(${amount}) FILTER (WHERE ${open}) AS best_case,
      sum(${amount} * coalesce(t.probability, 0) / 100) FILTER (WHERE ${open}) AS weighted,
      count(*) FILTER (WHERE ${open}) AS open_count
    FROM deals t LEFT JOIN users u ON u.id = t.owner_id
    WHERE ${where} AND t.expected_close_date >= ${`${params.from}-01`}::date AND t.expected_close_date < ${`${nextMonth(last)}-01`}::date
    GROUP BY 1, 2`.execute(ctx.db);

  const targets = (await listTargets(ctx.db, access, { from: params.from, to: last })).filter((t) => (params.by === 'team' ? t.teamId : t.userId));
  const figures = new Map<string, ForecastRow>();
  const rowFor = (month: string, key: string | null) => {
    const id = `${month}|${key}`;
    let row = figures.get(id);
    if (!row) figures.set(id, (row = { month, key, name: null, target: null, won: 0, wonCount: 0, committed: 0, bestCase: 0, weighted: 0, openCount: 0 }));
    return row;
  };
  for (const r of rows) {
    Object.assign(rowFor(r.month!, r.key), {
      won: money(r.won),
      wonCount: Number(r.won_count),
      committed: money(r.committed),
      bestCase: money(r.best_case),
      weighted: money(r.weighted),
      openCount: Number(r.open_count),
    });
  }
  for (const t of targets) {
    const row = rowFor(t.month, params.by === 'team' ? t.teamId : t.userId);
    row.target = (row.target ?? 0) + toCompanyCurrency(t.amount, t.currency, companyCurrency);
  }
  await nameRows(ctx.db, params.by, [...figures.values()]);
  const sorted = [...figures.values()].sort((a, b) => a.month.localeCompare(b.month) || (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'zh-CN'));
  return { params, months, rows: sorted, totals: months.map((month) => sumRows(month, sorted.filter((r) => r.month === month))) };
}

function sumRows(month: string, rows: ForecastRow[]) {
  const sum = (k: keyof ForecastFigures) => money(rows.reduce((s, r) => s + Number(r[k] ?? 0), 0));
  const withTarget = rows.filter((r) => r.target !== null);
  return {
    month,
    target: withTarget.length ? sum('target') : null,
    won: sum('won'),
    wonCount: sum('wonCount'),
    committed: sum('committed'),
    bestCase: sum('bestCase'),
    weighted: sum('weighted'),
    openCount: sum('openCount'),
  };
}

async function nameRows(db: Kysely<Database>, by: ForecastParams['by'], rows: ForecastRow[]) {
  const ids = [...new Set(rows.map((r) => r.key).filter((k): k is string => Boolean(k)))];
  if (!ids.length) return;
  const names = by === 'team' ? await db.selectFrom('teams').select(['id', 'name']).where('id', 'in', ids).execute() : await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  const byId = new Map(names.map((n) => [n.id, n.name]));
  for (const r of rows) r.name = r.key ? (byId.get(r.key) ?? null) : null;
}

export { listTargets, visibleTargetOwners };
