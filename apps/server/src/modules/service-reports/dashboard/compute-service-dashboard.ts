import type { ReportPeriod, ServiceDashboard } from '@crm/schema';
import { sql, type RawBuilder } from 'kysely';
import { fieldAccess, scopeFor } from '../../../engine/permissions/access.js';
import { period as dayPeriod } from '../../sales-reports/period.js';
import { where, type Viewer } from '../../sales-reports/scoped-query.js';
import { npsBetween } from '../../service-surveys/index.js';
import { breakdownSelects, toBreakdown } from './breakdown.js';
import { businessTimes, type BusinessSlice } from './business-times.js';

const OPEN = ['new', 'open', 'pending_customer'];

/**
 * The service dashboard, set-based in SQL inside the viewer's read scope on tickets: one grouped
 * query (GROUPING SETS total / agent / group) for the time and SLA figures, one for the days and one
 * for the backlog. A figure built from a field hidden from the viewer is null.
 */
export async function computeServiceDashboard(viewer: Viewer, period: ReportPeriod, timeZone: string, groupId?: string): Promise<ServiceDashboard | null> {
  const { engine, db, ctx } = viewer;
  if (scopeFor(ctx, 'tickets', 'read') === 'none') return null;
  const meta = await engine.records.object('tickets');
  const shown = (name: string) => fieldAccess(ctx, 'tickets', name) !== 'hidden';
  // Which tickets count at all is decided by these: hidden, the whole board would leak them.
  if (!['created_at', 'first_responded_at', 'solved_at'].every(shown)) return null;
  const inGroup = groupId ? where.eq('support_group_id', groupId) : undefined;
  const scope = (extra?: ReturnType<typeof where.and>) => engine.records.whereClause(meta, { filter: where.and(inGroup, extra) }, ctx);
  const start = new Date(period.startAt);
  const end = new Date(period.endAt);
  const within = (col: string) => sql`(${sql.ref(`t.${col}`)} >= ${start} AND ${sql.ref(`t.${col}`)} < ${end})`;
  const day = (col: string) => sql`to_char(${sql.ref(`t.${col}`)} AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`;

  const { rows: days } = await sql<{ d: string; created: string; solved: string }>`
    SELECT d, sum(c)::int AS created, sum(s)::int AS solved FROM (
      SELECT ${day('created_at')} AS d, 1 AS c, 0 AS s FROM tickets t WHERE ${scope()} AND ${within('created_at')}
      UNION ALL
      SELECT ${day('solved_at')}, 0, 1 FROM tickets t WHERE ${scope()} AND ${within('solved_at')}
    ) x GROUP BY d ORDER BY d`.execute(db);
  const daily = dates(period).map((date) => {
    const r = days.find((x) => x.d === date);
    const d = dayPeriod(date, date, timeZone);
    return {
      date,
      created: Number(r?.created ?? 0),
      solved: Number(r?.solved ?? 0),
      filters: { created: where.and(inGroup, where.within('created_at', d.startAt, d.endAt)), solved: where.and(inGroup, where.within('solved_at', d.startAt, d.endAt)) },
    };
  });

  const backlog = shown('status') && shown('priority') ? await backlogOf(viewer, scope(where.in('status', OPEN)), inGroup) : null;
  const backlogByGroup = shown('status') && shown('support_group_id') ? await backlogByGroupOf(viewer, scope(where.in('status', OPEN)), inGroup) : null;

  const now = new Date();
  const dims: RawBuilder<unknown>[] = [sql`()`];
  if (shown('owner_id')) dims.push(sql`(t.owner_id)`);
  if (shown('support_group_id')) dims.push(sql`(t.support_group_id)`);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT grouping(t.owner_id) AS g_owner, grouping(t.support_group_id) AS g_group, t.owner_id, t.support_group_id,
      ${sql.join(breakdownSelects({ within, now, shown }))}
    FROM tickets t
    WHERE ${scope()} AND (${within('created_at')} OR ${within('solved_at')} OR ${within('first_responded_at')})
    GROUP BY GROUPING SETS (${sql.join(dims)})`.execute(db);
  // The () grouping set yields its row even over no tickets.
  const total = rows.find((r) => Number(r.g_owner) === 1 && Number(r.g_group) === 1);
  const names = await namesOf(viewer, rows);
  const business = await businessTimes(db, scope(), within);
  const withBusiness = (key: string, r: Record<string, unknown>) => {
    const b: BusinessSlice | undefined = business.get(key);
    const empty = { count: 0, median: null, p90: null };
    return { ...toBreakdown(r), firstResponseBusiness: b?.firstResponse ?? empty, resolutionBusiness: b?.resolution ?? empty };
  };
  const solvedIn = where.within('solved_at', period.startAt, period.endAt);
  const byValue = (field: string, value: unknown) => (value === null ? where.empty(field) : where.eq(field, value));
  const agents = shown('owner_id')
    ? rows
        .filter((r) => Number(r.g_owner) === 0)
        .map((r) => ({ userId: r.owner_id as string | null, name: names.get(r.owner_id as string) ?? null, ...withBusiness(`u:${r.owner_id ?? ''}`, r), filter: where.and(inGroup, byValue('owner_id', r.owner_id), solvedIn) }))
        .sort((a, b) => b.solved - a.solved)
    : null;
  const groups = shown('support_group_id')
    ? rows
        .filter((r) => Number(r.g_group) === 0)
        .map((r) => ({ groupId: r.support_group_id as string | null, name: names.get(r.support_group_id as string) ?? null, ...withBusiness(`g:${r.support_group_id ?? ''}`, r), filter: where.and(inGroup, byValue('support_group_id', r.support_group_id), solvedIn) }))
        .sort((a, b) => b.solved - a.solved)
    : null;
  const createdIn = where.and(inGroup, where.within('created_at', period.startAt, period.endAt));
  const sla = (value: string) => ({ filter: createdIn, named: { sla: value } });

  return {
    period: { from: period.from, to: period.to },
    timeBasis: 'wall',
    created: daily.reduce((n, d) => n + d.created, 0),
    solved: daily.reduce((n, d) => n + d.solved, 0),
    daily,
    backlog,
    backlogByGroup,
    totals: withBusiness('', total!),
    agents,
    groups,
    nps: managesOrReadsSurveys(ctx) ? await npsBetween(db, start, end) : null,
    filters: {
      created: createdIn,
      solved: where.and(inGroup, solvedIn),
      backlog: where.and(inGroup, where.in('status', OPEN)),
      firstResponded: where.and(inGroup, where.within('first_responded_at', period.startAt, period.endAt)),
      csat: where.and(inGroup, solvedIn, { field: 'satisfaction', op: 'not_empty' }),
      sla: { firstResponseMet: sla('fr_met'), firstResponseBreached: sla('fr_breached'), resolutionMet: sla('res_met'), resolutionBreached: sla('res_breached') },
    },
  };
}

/** Survey figures go to whoever may read surveys (客服专员 and 客服主管 by default). */
const managesOrReadsSurveys = (ctx: Viewer['ctx']) => ctx.permissions.admin || scopeFor(ctx, 'surveys', 'read') !== 'none';

async function backlogByGroupOf(viewer: Viewer, open: RawBuilder<unknown>, inGroup: ReturnType<typeof where.eq> | undefined) {
  const { rows } = await sql<{ group_id: string | null; count: string }>`
    SELECT t.support_group_id AS group_id, count(*) AS count FROM tickets t WHERE ${open} GROUP BY 1 ORDER BY 2 DESC`.execute(viewer.db);
  const names = await namesOf(viewer, rows.map((r) => ({ support_group_id: r.group_id })));
  return rows.map((r) => ({
    groupId: r.group_id,
    name: r.group_id ? (names.get(r.group_id) ?? null) : null,
    count: Number(r.count),
    filter: where.and(inGroup, where.in('status', OPEN), r.group_id === null ? where.empty('support_group_id') : where.eq('support_group_id', r.group_id)),
  }));
}

function dates(period: ReportPeriod): string[] {
  const out: string[] = [];
  for (let d = period.from; d <= period.to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) out.push(d);
  return out;
}

async function backlogOf(viewer: Viewer, open: RawBuilder<unknown>, inGroup: ReturnType<typeof where.eq> | undefined) {
  const { rows } = await sql<{ status: string; priority: string | null; count: string }>`
    SELECT t.status, t.priority, count(*) AS count FROM tickets t WHERE ${open} GROUP BY 1, 2 ORDER BY 1, 2`.execute(viewer.db);
  return rows.map((r) => ({
    status: r.status,
    priority: r.priority,
    count: Number(r.count),
    filter: where.and(inGroup, where.eq('status', r.status), r.priority === null ? where.empty('priority') : where.eq('priority', r.priority)),
  }));
}

/** Names of the agents and groups in the rows (the viewer sees user names anyway; groups as readable). */
async function namesOf(viewer: Viewer, rows: Record<string, unknown>[]): Promise<Map<string, string>> {
  const ids = (key: string) => [...new Set(rows.map((r) => r[key] as string | null).filter((v): v is string => !!v))];
  const users = ids('owner_id');
  const groups = ids('support_group_id');
  const names = new Map<string, string>();
  if (users.length) for (const u of await viewer.db.selectFrom('users').select(['id', 'name']).where('id', 'in', users).execute()) names.set(u.id, u.name);
  if (groups.length) {
    const { rows: g } = await sql<{ id: string; name: string }>`SELECT id, name FROM support_groups WHERE id = ANY(${groups}::uuid[])`.execute(viewer.db);
    for (const r of g) names.set(r.id, r.name);
  }
  return names;
}
