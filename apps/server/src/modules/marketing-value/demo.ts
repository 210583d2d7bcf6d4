import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../engine/permissions/access.js';
import { expireCoupons } from './coupons/expire.js';
import { recomputeCustomerValue } from './value/recompute.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** Buying patterns the demo customers follow in turn: [orders, days between, days since the last, amounts]. */
const PATTERNS: [number, number, number, (i: number) => number][] = [
  [6, 30, 8, () => 48000],                        // a steady key account → A
  [4, 45, 210, () => 26000],                      // used to buy every 45 days, silent for 7 months → at risk
  [1, 0, 15, () => 12000],                        // a first order
  [3, 60, 35, (i) => (i === 2 ? 6000 : 30000)],   // the last order far smaller
  [0, 0, 0, () => 0],                             // no purchase yet
];

/**
 * Orders and payments for the demo customers, so the value page has tiers and at-risk customers,
 * then a recompute and coupons for the customers most at risk (the first already expired).
 */
export async function loadValueDemo(db: Kysely<Database>, engine: Engine): Promise<number> {
  const { rows: customers } = await sql<{ id: string; name: string; owner_id: string | null }>`
    SELECT id, name, owner_id FROM customers WHERE deleted_at IS NULL ORDER BY name LIMIT 30`.execute(db);
  for (const [index, customer] of customers.entries()) {
    const [count, gap, last, amount] = PATTERNS[index % PATTERNS.length];
    for (let i = 0; i < count; i++) {
      const order = await engine.records.create('orders', {
        name: `${customer.name} 采购合同 ${i + 1}`, customer_id: customer.id, owner_id: customer.owner_id,
        total_amount: cny(amount(i)), signed_on: daysAgo(last + (count - 1 - i) * gap), status: 'completed',
      }, SYSTEM_CONTEXT);
      if (i < count - 1 || index % 2 === 0) await engine.records.create('payments', { order_id: order.id, amount: cny(amount(i)), received_on: daysAgo(Math.max(0, last + (count - 1 - i) * gap - 10)) }, SYSTEM_CONTEXT);
    }
  }
  await recomputeCustomerValue(db, engine);
  const { rows: atRisk } = await sql<{ id: string; owner_id: string | null }>`
    SELECT id, owner_id FROM customers WHERE churn_level IN ('high', 'medium') AND deleted_at IS NULL ORDER BY churn_risk DESC LIMIT 5`.execute(db);
  let issued = 0;
  for (const [i, customer] of atRisk.entries()) {
    await engine.records.create('coupons', {
      kind: i % 2 ? 'amount' : 'percent', ...(i % 2 ? { amount: cny(2000) } : { percent: 12 }),
      valid_from: daysAgo(i === 0 ? 60 : 3), valid_until: daysAgo(i === 0 ? 1 : -30), customer_id: customer.id, owner_id: customer.owner_id,
      description: '老客户专属回馈券',
    }, SYSTEM_CONTEXT);
    issued++;
  }
  await expireCoupons(db, engine);
  await loadRetentionRule(db, engine);
  return issued;
}

/**
 * "High-value customers at risk get an exclusive coupon", clicked together: the segment, an e-mail
 * template carrying {{coupon_code}}, and a weekly rule issuing a coupon to every member (left off,
 * for the admin to switch on).
 */
async function loadRetentionRule(db: Kysely<Database>, engine: Engine) {
  const filter = { and: [{ field: 'value_tier', op: 'in', value: ['A', 'B'] }, { field: 'churn_level', op: 'in', value: ['high', 'medium'] }] };
  const segment = await engine.records.create('segments', { name: '高价值流失预警客户', kind: 'dynamic', object: 'customers', filter: JSON.stringify(filter), description: 'A/B 类且流失风险为中、高的客户，每周一自动发放专属优惠券。' }, SYSTEM_CONTEXT);
  await engine.records.create('marketing_templates', {
    name: '老客户专属优惠券',
    subject_zh: '{{contact.name | 尊敬的客户}}，送您一张专属优惠券',
    body_zh: '<p>{{contact.name | 尊敬的客户}}，您好：</p><p>感谢{{customer.name | 贵公司}}一直以来的支持，特为您准备了一张专属优惠券：</p><h2>{{coupon_code | 请联系您的客户经理领取}}</h2><p>下单时告诉客户经理券码即可使用，30 天内有效。</p>',
    subject_en: 'An exclusive coupon for you, {{contact.name | valued customer}}',
    body_en: '<p>Dear {{contact.name | customer}},</p><p>Thank you for your business. Here is your exclusive coupon:</p><h2>{{coupon_code | ask your account manager}}</h2><p>Valid for 30 days.</p>',
  }, SYSTEM_CONTEXT);
  await sql`INSERT INTO automation_rules (name, description, object, trigger, conditions, actions, enabled, scanned_until)
    VALUES ('高价值风险客户专属优惠券', '每周一 9:00 给“高价值流失预警客户”分群的每位客户发放一张 2000 元优惠券（每次运行每位客户一张，券码唯一）；再用“老客户专属优惠券”邮件模板发送给这些客户的联系人。',
      NULL, ${JSON.stringify({ kind: 'schedule', cron: '0 9 * * 1' })}, NULL,
      ${JSON.stringify([{ type: 'issue_coupon', kind: 'amount', amount: 2000, validDays: 30, segmentId: segment.id, description: '高价值客户挽留专属券' }])}, false, NULL)`.execute(db);
}
