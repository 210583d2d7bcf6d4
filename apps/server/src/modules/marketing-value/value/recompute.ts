import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../../engine/index.js';
import { readCompanyDefaults } from '../../../engine/money/company-currency.js';
import { comparable } from '../../../engine/metadata/columns.js';
import { latestUsedModel } from '../churn/store.js';
import { predict } from '../churn/model.js';
import { installMedianGap, readHistory, type HistoryRow } from './history-sql.js';
import { levelOf, scoreCustomer, type CustomerScore } from './score.js';
import { statusForTier } from './tier-status.js';

/** Customers written per transaction: one UPDATE … FROM jsonb_to_recordset each, short locks. */
const CHUNK = 1000;

export interface RecomputeResult {
  customers: number;
  changed: number;
  statusChanged: number;
  method: 'rules' | 'model';
}

const today = () => new Date().toISOString().slice(0, 10);

/** The customer's fields as the engine's API values, for comparing with what is stored. */
function valuesOf(s: CustomerScore, currency: string): Record<string, unknown> {
  return {
    value_tier: s.tier,
    rfm_recency: s.r,
    rfm_frequency: s.f,
    rfm_monetary: s.m,
    lifetime_value: { amount: s.lifetimeValue, currency },
    predicted_value: { amount: s.predictedValue, currency },
    last_order_on: s.lastOrderOn,
    churn_risk: s.risk,
    churn_level: s.level,
    churn_reasons: s.reasons,
  };
}

function storedOf(row: HistoryRow, currency: string): Record<string, unknown> {
  const money = (v: string | null) => (v === null ? null : { amount: Number(v), currency });
  const date = row.last_order_on instanceof Date ? row.last_order_on.toISOString().slice(0, 10) : row.last_order_on ? String(row.last_order_on).slice(0, 10) : null;
  return {
    value_tier: row.value_tier,
    rfm_recency: row.rfm_recency,
    rfm_frequency: row.rfm_frequency,
    rfm_monetary: row.rfm_monetary,
    lifetime_value: money(row.lifetime_value),
    predicted_value: money(row.predicted_value),
    last_order_on: date,
    churn_risk: row.churn_risk,
    churn_level: row.churn_level,
    churn_reasons: row.churn_reasons ?? [],
  };
}

const differs = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(a).some((k) => comparable(a[k]) !== comparable(b[k]));

/**
 * Recomputes RFM, tier, lifetime and predicted value and churn risk for every customer (or, with
 * `only`, those customers, still ranked among all) in one aggregate read, then writes just the
 * customers whose values changed, through the engine's bulk update as the system: each change is
 * audited and announced (so automation rules on tier or risk fire). A tier change moves the status
 * (重要客户) in the same write. The churn model is used when one was trained and beat the rules.
 */
export async function recomputeCustomerValue(db: Kysely<Database>, engine: Engine, options: { only?: string[]; asOf?: string } = {}): Promise<RecomputeResult> {
  const asOf = options.asOf ?? today();
  const money = await readCompanyDefaults(db);
  const { currency } = money;
  const [rows, installGap, model] = await Promise.all([readHistory(db, asOf, options.only, money), installMedianGap(db, asOf), latestUsedModel(db)]);
  const scores = rows.map((row) => scoreCustomer(row, asOf, installGap));
  if (model) applyModel(scores, model);
  const stored = new Map(rows.map((r) => [r.id, r]));
  const changed = scores.filter((s) => differs(valuesOf(s, currency), storedOf(stored.get(s.id)!, currency)));
  const meta = engine.metadata.get('customers');
  let statusChanged = 0;
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK);
    await db.transaction().execute(async (trx) => {
      const updates = chunk.map((s) => {
        const row = stored.get(s.id)!;
        const status = statusForTier(row.value_tier, s.tier, row.status);
        if (status) statusChanged++;
        return { id: s.id, values: { ...valuesOf(s, currency), ...(status ? { status } : {}) } };
      });
      await engine.records.bulk.update(trx, meta, updates, SYSTEM_CONTEXT, {
        causeOf: (id) => {
          const s = chunk.find((c) => c.id === id);
          return { customerValue: { tier: s?.tier ?? null, risk: s?.risk ?? null, method: s?.details.method } };
        },
      });
    });
  }
  await saveDetails(db, scores);
  await sql`INSERT INTO marketing_value_runs (finished_at, customers, changed, method) VALUES (now(), ${scores.length}, ${changed.length}, ${model ? 'model' : 'rules'})`.execute(db);
  return { customers: scores.length, changed: changed.length, statusChanged, method: model ? 'model' : 'rules' };
}

/** A model that beat the rules scores risk; the rules still name the reasons. */
function applyModel(scores: CustomerScore[], model: Parameters<typeof predict>[0]) {
  const rated = scores.filter((s) => s.features);
  if (!rated.length) return;
  const p = predict(model, rated.map((s) => s.features!));
  rated.forEach((s, i) => {
    s.risk = Math.round(p[i] * 100);
    s.level = levelOf(s.risk);
    s.details.method = 'model';
  });
}

/** The numbers behind the scores, rewritten only where they changed. */
async function saveDetails(db: Kysely<Database>, scores: CustomerScore[]) {
  for (let i = 0; i < scores.length; i += CHUNK * 5) {
    const json = JSON.stringify(scores.slice(i, i + CHUNK * 5).map((s) => ({ id: s.id, details: s.details })));
    await sql`
      INSERT INTO marketing_value_scores (customer_id, details, computed_at)
      SELECT id, details, now() FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, details jsonb)
      ON CONFLICT (customer_id) DO UPDATE SET details = excluded.details, computed_at = excluded.computed_at
      WHERE marketing_value_scores.details IS DISTINCT FROM excluded.details`.execute(db);
  }
}
