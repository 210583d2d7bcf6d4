import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { inCompanyCurrency, readCompanyDefaults, type CompanyDefaults } from '../../../engine/money/company-currency.js';

/** One customer's buying history and signals, as the recompute reads them (one row per live customer). */
export interface HistoryRow {
  id: string;
  status: string | null;
  value_tier: string | null;
  rfm_recency: number | null;
  rfm_frequency: number | null;
  rfm_monetary: number | null;
  lifetime_value: string | null;
  predicted_value: string | null;
  last_order_on: string | Date | null;
  churn_risk: number | null;
  churn_level: string | null;
  churn_reasons: string[] | null;
  orders: number | null;
  monetary: string | null;
  first_on: string | Date | null;
  last_on: string | Date | null;
  last_amount: string | null;
  earlier_avg: string | null;
  median_gap: number | null;
  r_cd: number | null;
  f_cd: number | null;
  m_cd: number | null;
  paid: string | null;
  followups_recent: number | null;
  followups_prior: number | null;
  open_tickets: number | null;
  complaints: number | null;
}

/**
 * Every live customer's orders (not cancelled), payments, follow-ups and open tickets, aggregated
 * in one set-based statement: R/F/M positions are cumulative distributions over all customers who
 * bought (ties share a position, so equal customers get equal scores), gaps between orders give the
 * customer's own rhythm. `only` narrows the rows returned, never the population scores are ranked in.
 * Order and payment amounts are summed in the company currency (each converted at its currency's
 * rate), so a customer buying in USD is ranked and valued with the others.
 */
export async function readHistory(db: Kysely<Database>, asOf: string, only?: string[], money?: CompanyDefaults): Promise<HistoryRow[]> {
  const rates = money ?? (await readCompanyDefaults(db));
  const orderAmount = inCompanyCurrency(sql`total_amount`, sql`total_amount_currency`, rates);
  const paidAmount = inCompanyCurrency(sql`amount`, sql`amount_currency`, rates);
  const { rows } = await sql<HistoryRow>`
    WITH o AS (
      SELECT customer_id, coalesce(signed_on, created_at::date) AS d, coalesce(${orderAmount}, 0) AS amt,
             row_number() OVER (PARTITION BY customer_id ORDER BY coalesce(signed_on, created_at::date) DESC, created_at DESC) AS rn
      FROM orders
      WHERE deleted_at IS NULL AND status <> 'cancelled' AND customer_id IS NOT NULL AND coalesce(signed_on, created_at::date) <= ${asOf}::date
    ),
    gaps AS (
      SELECT customer_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS median_gap
      FROM (SELECT customer_id, d - lag(d) OVER (PARTITION BY customer_id ORDER BY d) AS gap FROM o) g
      WHERE gap IS NOT NULL GROUP BY customer_id
    ),
    agg AS (
      SELECT customer_id, count(*)::int AS orders, sum(amt) AS monetary, min(d) AS first_on, max(d) AS last_on,
             max(amt) FILTER (WHERE rn = 1) AS last_amount, avg(amt) FILTER (WHERE rn > 1) AS earlier_avg
      FROM o GROUP BY customer_id
    ),
    scored AS (
      SELECT agg.*, cume_dist() OVER (ORDER BY last_on) AS r_cd, cume_dist() OVER (ORDER BY orders) AS f_cd, cume_dist() OVER (ORDER BY monetary) AS m_cd
      FROM agg
    ),
    pay AS (SELECT customer_id, sum(${paidAmount}) AS paid FROM payments WHERE deleted_at IS NULL AND customer_id IS NOT NULL GROUP BY customer_id),
    act AS (
      SELECT customer_id,
             (count(*) FILTER (WHERE coalesce(occurred_at, created_at) >= ${asOf}::date - 90))::int AS followups_recent,
             (count(*) FILTER (WHERE coalesce(occurred_at, created_at) < ${asOf}::date - 90))::int AS followups_prior
      FROM activities
      WHERE deleted_at IS NULL AND customer_id IS NOT NULL
        AND coalesce(occurred_at, created_at) >= ${asOf}::date - 180 AND coalesce(occurred_at, created_at) < ${asOf}::date + 1
      GROUP BY customer_id
    ),
    tix AS (
      SELECT customer_id, count(*)::int AS open_tickets, (count(*) FILTER (WHERE category = 'complaint'))::int AS complaints
      FROM tickets WHERE deleted_at IS NULL AND customer_id IS NOT NULL AND status NOT IN ('solved', 'closed') GROUP BY customer_id
    )
    SELECT c.id, c.status, c.value_tier, c.rfm_recency, c.rfm_frequency, c.rfm_monetary, c.lifetime_value, c.predicted_value,
           c.last_order_on, c.churn_risk, c.churn_level, c.churn_reasons,
           s.orders, s.monetary, s.first_on, s.last_on, s.last_amount, s.earlier_avg, gaps.median_gap::float8 AS median_gap,
           s.r_cd::float8 AS r_cd, s.f_cd::float8 AS f_cd, s.m_cd::float8 AS m_cd, pay.paid,
           act.followups_recent, act.followups_prior, tix.open_tickets, tix.complaints
    FROM customers c
    LEFT JOIN scored s ON s.customer_id = c.id
    LEFT JOIN gaps ON gaps.customer_id = c.id
    LEFT JOIN pay ON pay.customer_id = c.id
    LEFT JOIN act ON act.customer_id = c.id
    LEFT JOIN tix ON tix.customer_id = c.id
    WHERE c.deleted_at IS NULL ${only ? sql`AND c.id = ANY(${sql.val(only)}::uuid[])` : sql``}
    ORDER BY c.id`.execute(db);
  return rows;
}

/** The median gap between orders over the whole install: the rhythm assumed for one-order customers. */
export async function installMedianGap(db: Kysely<Database>, asOf: string): Promise<number | null> {
  const { rows } = await sql<{ gap: number | null }>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)::float8 AS gap FROM (
      SELECT coalesce(signed_on, created_at::date) - lag(coalesce(signed_on, created_at::date)) OVER (PARTITION BY customer_id ORDER BY coalesce(signed_on, created_at::date)) AS gap
      FROM orders WHERE deleted_at IS NULL AND status <> 'cancelled' AND customer_id IS NOT NULL AND coalesce(signed_on, created_at::date) <= ${asOf}::date
    ) g WHERE gap IS NOT NULL`.execute(db);
  return rows[0]?.gap ?? null;
}
