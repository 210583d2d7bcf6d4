import { field, options } from '../../define.js';

export const TIERS = ['A', 'B', 'C'] as const;
export type Tier = (typeof TIERS)[number];
export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** Why a customer may be leaving; the numbers behind each live in marketing_value_scores.details. */
export const RISK_REASONS = ['overdue', 'fewer_followups', 'open_tickets', 'falling_value'] as const;
export type RiskReason = (typeof RISK_REASONS)[number];

/**
 * Fields this module keeps on customers (system: computed, never typed in). Ordinary engine
 * fields, so lists filter and sort on them and segments and automation conditions use them.
 */
export const CUSTOMER_VALUE_FIELDS = [
  field('value_tier', '价值等级', 'Value tier', 'select', {
    system: true,
    indexed: true,
    options: options(['A', 'A 类（重要）', 'A (key)', 'gold'], ['B', 'B 类（一般）', 'B (regular)', 'blue'], ['C', 'C 类（低价值）', 'C (low)', 'default']),
  }),
  field('rfm_recency', 'R 近度得分', 'R (recency) score', 'integer', { system: true, min: 1, max: 5 }),
  field('rfm_frequency', 'F 频度得分', 'F (frequency) score', 'integer', { system: true, min: 1, max: 5 }),
  field('rfm_monetary', 'M 金额得分', 'M (monetary) score', 'integer', { system: true, min: 1, max: 5 }),
  field('lifetime_value', '累计价值', 'Lifetime value', 'currency', { system: true, indexed: true }),
  field('predicted_value', '预测年价值', 'Predicted yearly value', 'currency', { system: true }),
  field('last_order_on', '最近下单', 'Last order on', 'date', { system: true, indexed: true }),
  field('churn_risk', '流失风险分', 'Churn risk', 'integer', { system: true, indexed: true, min: 0, max: 100 }),
  field('churn_level', '流失风险', 'Churn risk level', 'select', {
    system: true,
    indexed: true,
    options: options(['high', '高', 'High', 'red'], ['medium', '中', 'Medium', 'orange'], ['low', '低', 'Low', 'green']),
  }),
  field('churn_reasons', '流失原因', 'Churn reasons', 'multi_select', {
    system: true,
    options: options(
      ['overdue', '超出下单周期', 'Overdue against own rhythm'],
      ['fewer_followups', '跟进减少', 'Fewer follow-ups'],
      ['open_tickets', '未解决工单/投诉', 'Open tickets or complaints'],
      ['falling_value', '订单金额下降', 'Falling order value'],
    ),
  }),
  // The last coupon issued to the record, for e-mail templates: {{latest_coupon_code}}.
  field('latest_coupon_code', '最近优惠券码', 'Latest coupon code', 'text', { system: true, maxLength: 40 }),
];

/** Contacts get the latest coupon code too, so an e-mail to a contact can carry it. */
export const CONTACT_VALUE_FIELDS = [CUSTOMER_VALUE_FIELDS[CUSTOMER_VALUE_FIELDS.length - 1]];
