import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { fieldAccess, type AccessContext } from '../../../engine/permissions/access.js';
import type { ValueDetails } from './score.js';

const SCORE_FIELDS = ['value_tier', 'rfm_recency', 'rfm_frequency', 'rfm_monetary', 'lifetime_value', 'predicted_value', 'last_order_on', 'churn_risk', 'churn_level', 'churn_reasons'] as const;

/**
 * The customer value card: the customer's score fields read through the engine (scope and field
 * security apply: a hidden field is absent), plus the numbers behind the churn reasons when the
 * user may see the risk.
 */
export async function valueCard(db: Kysely<Database>, engine: Engine, customerId: string, ctx: AccessContext) {
  const record = await engine.records.get('customers', customerId, ctx);
  const scores: Record<string, unknown> = {};
  for (const name of SCORE_FIELDS) if (name in record) scores[name] = record[name];
  const riskVisible = fieldAccess(ctx, 'customers', 'churn_risk') !== 'hidden';
  const { rows } = riskVisible
    ? await sql<{ details: ValueDetails; computed_at: Date | string }>`SELECT details, computed_at FROM marketing_value_scores WHERE customer_id = ${customerId}`.execute(db)
    : { rows: [] };
  const computedAt = rows[0] ? new Date(rows[0].computed_at).toISOString() : null;
  return { id: customerId, ...scores, details: rows[0]?.details ?? null, computedAt };
}

/**
 * The value page: customers by tier and by risk level (only those the user may read), and the
 * customers most at risk, highest first, tier A before others at equal risk.
 */
export async function valueSummary(engine: Engine, ctx: AccessContext, limit: number) {
  const byTier = await engine.records.aggregate('customers', { groupBy: 'value_tier', metrics: ['count', 'sum:lifetime_value'] }, ctx);
  const byRisk = await engine.records.aggregate('customers', { groupBy: 'churn_level', metrics: ['count'] }, ctx);
  const atRisk = await engine.records.list('customers', {
    filter: { field: 'churn_level', op: 'in', value: ['high', 'medium'] },
    sort: '-churn_risk,value_tier',
    limit,
    count: true,
    fields: 'name,value_tier,churn_risk,churn_level,churn_reasons,lifetime_value,last_order_on,owner_id',
  }, ctx);
  return { byTier, byRisk, atRisk: atRisk.data, atRiskTotal: atRisk.total ?? atRisk.data.length };
}
