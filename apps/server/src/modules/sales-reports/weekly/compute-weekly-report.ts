import type { Filter, ReportFigure, ReportPeriod, WeeklyFigures } from '@crm/schema';
import { aggregate, total, where, type Viewer } from '../scoped-query.js';
import { computeSections } from './sections.js';

const NIL = '00000000-0000-0000-0000-000000000000';

/** Records owned by these users (no one: nothing matches). */
export function ownedBy(ownerIds: string[]): Filter {
  if (ownerIds.length === 1) return where.eq('owner_id', ownerIds[0]);
  return where.in('owner_id', ownerIds.length ? ownerIds : [NIL]);
}

const CLOSED = ['won', 'lost'];

/**
 * Deals open at an instant: created before it and either still open or closed after it. Uses
 * today's amounts and close times (the audit log has the history, but a weekly report counts
 * what the pipeline looks like now for that moment).
 */
export function openAt(instant: string): Filter {
  return where.and(where.lt('created_at', instant), { or: [where.nin('stage', CLOSED), where.gte('closed_at', instant)] });
}

async function figure(viewer: Viewer, object: string, filter: Filter, sum?: string): Promise<ReportFigure | null> {
  const t = await total(viewer, object, filter, sum);
  return t && { object, ...t, filter };
}

/**
 * The weekly figures of a set of owners (a rep, or a team's members), computed in SQL inside the
 * viewer's read scope: records the viewer may not read count for nothing.
 */
export async function computeWeeklyReport(viewer: Viewer, week: ReportPeriod, ownerIds: string[]): Promise<WeeklyFigures> {
  const owned = ownedBy(ownerIds);
  const created = where.within('created_at', week.startAt, week.endAt);
  const closedInWeek = where.within('closed_at', week.startAt, week.endAt);

  const followUpFilter = where.and(owned, where.within('occurred_at', week.startAt, week.endAt));
  const byType = await aggregate(viewer, 'activities', followUpFilter, { groupBy: ['type'] });
  const followUps = byType && {
    total: byType.reduce((n, r) => n + r.count, 0),
    byType: byType
      .map((r) => ({ object: 'activities', type: r.keys[0], count: r.count, amount: null, filter: where.and(followUpFilter, r.keys[0] === null ? where.empty('type') : where.eq('type', r.keys[0])) }))
      .sort((a, b) => b.count - a.count || String(a.type).localeCompare(String(b.type))),
    filter: followUpFilter,
  };

  const startFilter = where.and(owned, openAt(week.startAt));
  const endFilter = where.and(owned, openAt(week.endAt));
  const [start, end] = await Promise.all([total(viewer, 'deals', startFilter, 'amount'), total(viewer, 'deals', endFilter, 'amount')]);
  const pipeline = start && end && {
    start: start.amount,
    end: end.amount,
    change: start.amount === null || end.amount === null ? null : Math.round((end.amount - start.amount) * 100) / 100,
    startFilter,
    endFilter,
  };

  return {
    week,
    newLeads: await figure(viewer, 'leads', where.and(owned, created)),
    followUps,
    dealsCreated: await figure(viewer, 'deals', where.and(owned, created), 'amount'),
    dealsWon: await figure(viewer, 'deals', where.and(owned, where.eq('stage', 'won'), closedInWeek), 'amount'),
    dealsLost: await figure(viewer, 'deals', where.and(owned, where.eq('stage', 'lost'), closedInWeek), 'amount'),
    pipeline,
    payments: await figure(viewer, 'payments', where.and(owned, where.gte('received_on', week.from), where.lte('received_on', week.to)), 'amount'),
    sections: await computeSections(viewer, week, ownerIds),
  };
}
