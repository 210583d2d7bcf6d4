import { sql } from 'kysely';
import { inCompanyCurrency } from '../../../engine/money/company-currency.js';
import { scopeFor } from '../../../engine/permissions/access.js';
import { companyCurrencyOf, type Viewer } from '../scoped-query.js';

/** Whether this install has monthly targets (the pipelines module's sales_targets table). */
async function hasTargets(viewer: Viewer): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`SELECT to_regclass('sales_targets')::text AS t`.execute(viewer.db);
  return !!rows[0]?.t;
}

/**
 * Targets per month ('YYYY-MM') for what the dashboard shows: the chosen team's own target where it
 * has one, else the sum of the per-rep targets of the reps in view (the chosen owners, limited to
 * the viewer's read scope on deals). Empty map when there are no targets.
 */
export async function monthlyTargets(viewer: Viewer, months: string[], owners: { teamId?: string; ownerIds?: string[] }): Promise<Map<string, number>> {
  if (!months.length || !(await hasTargets(viewer))) return new Map();
  const firstDays = months.map((m) => `${m}-01`);
  const read = (rows: { month: string; amount: string }[]) => new Map(rows.map((r) => [r.month, Math.round(Number(r.amount) * 100) / 100]));
  const amount = inCompanyCurrency(sql.ref('amount'), sql.ref('currency'), await companyCurrencyOf(viewer));
  if (owners.teamId) {
    const { rows } = await sql<{ month: string; amount: string }>`
      SELECT to_char(month, 'YYYY-MM') AS month, sum(${amount}) AS amount FROM sales_targets
      WHERE team_id = ${owners.teamId} AND month = ANY(${sql.val(firstDays)}::date[]) GROUP BY 1`.execute(viewer.db);
    if (rows.length) return read(rows);
  }
  const { ctx } = viewer;
  const scope = scopeFor(ctx, 'deals', 'read');
  const inScope = scope === 'all' ? null : scope === 'team' ? ctx.teamUserIds : scope === 'own' && ctx.userId ? [ctx.userId] : [];
  const { rows } = await sql<{ month: string; amount: string }>`
    SELECT to_char(month, 'YYYY-MM') AS month, sum(${amount}) AS amount FROM sales_targets
    WHERE user_id IS NOT NULL AND month = ANY(${sql.val(firstDays)}::date[])
      ${owners.ownerIds ? sql`AND user_id = ANY(${sql.val(owners.ownerIds)}::uuid[])` : sql``}
      ${inScope ? sql`AND user_id = ANY(${sql.val(inScope)}::uuid[])` : sql``}
    GROUP BY 1`.execute(viewer.db);
  return read(rows);
}
