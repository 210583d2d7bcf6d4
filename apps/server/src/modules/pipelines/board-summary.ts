import type { Filter, StageSummary } from '@crm/schema';
import { sql } from 'kysely';
import type { AccessContext } from '../../engine/index.js';
import { inCompanyCurrency, readCompanyDefaults } from '../../engine/money/company-currency.js';
import { fieldAccess, requireScope, requireVisibleFields } from '../../engine/permissions/access.js';
import type { ModuleContext } from '../module.js';

/**
 * Per-stage count, total and weighted total of one pipeline's deals the user may read (the list's
 * own WHERE: scope, filter, search), for the kanban column headers and the list view.
 */
export async function stageSummary(ctx: ModuleContext, access: AccessContext, pipeline: string, params: { filter?: Filter; q?: string }): Promise<StageSummary[]> {
  requireScope(access, 'deals', 'read');
  // Counts per stage of a pipeline would tell a user the stage (or pipeline) hidden from them.
  requireVisibleFields(access, 'deals', ['stage', 'pipeline']);
  const meta = await ctx.engine.records.object('deals');
  const filter: Filter = params.filter ? { and: [params.filter, { field: 'pipeline', op: 'eq', value: pipeline }] } : { field: 'pipeline', op: 'eq', value: pipeline };
  const where = ctx.engine.records.whereClause(meta, { filter, q: params.q }, access);
  const seesAmount = fieldAccess(access, 'deals', 'amount') !== 'hidden';
  const seesProbability = fieldAccess(access, 'deals', 'probability') !== 'hidden';
  const amount = inCompanyCurrency(sql.ref('t.amount'), sql.ref('t.amount_currency'), await readCompanyDefaults(ctx.db));
  const { rows } = await sql<{ stage: string; count: string; total: string | null; weighted: string | null }>`
    SELECT t.stage, count(*) AS count, sum(${amount}) AS total, sum(${amount} * coalesce(t.probability, 0) / 100) AS weighted
    FROM deals t WHERE ${where} GROUP BY t.stage`.execute(ctx.db);
  const round = (v: string | null) => (v === null ? 0 : Math.round(Number(v) * 100) / 100);
  return rows.map((r) => ({
    stage: r.stage,
    count: Number(r.count),
    total: seesAmount ? round(r.total) : null,
    weighted: seesAmount && seesProbability ? round(r.weighted) : null,
  }));
}
