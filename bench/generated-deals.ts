/**
 * The deals the import benchmark writes (--object deals): each names a seeded customer, an owner
 * by e-mail (some in other letter case) and a stage as other CRMs export it (mixed-case English,
 * one word only an explicit value map knows); every fourth lost deal has no reason and is rejected.
 */
const CITIES = ['北京', '上海', '深圳', '杭州', '成都', '武汉', '南京', '苏州'];
const TRADES = ['星辰科技', '云帆贸易', '海岸电子', '华泰制造', '鼎盛物流', '嘉禾医疗'];
const STAGES = ['Prospecting', 'QUALIFICATION', 'Proposal/Price Quote', 'negotiation/review', 'Closed Won', 'Closed Lost', 'Demo Done'];
const LOST_REASONS = ['Price', 'Lost to competitor', 'NO BUDGET'];
export const DEAL_CUSTOMERS = 2000;
export const DEAL_OWNERS = 10;

export const dealCustomerName = (c: number) => `${CITIES[c % CITIES.length]}${TRADES[(c >> 3) % TRADES.length]}${c}号有限公司`;
export const dealOwnerEmail = (u: number) => `sales${u}@bench.local`;

export const DEALS_HEADER = '商机名称,客户,负责人,阶段,金额,预计成交日期,输单原因';
/** Field → column of DEALS_HEADER, and the value map the stage column needs. */
export const DEALS_MAPPING = { name: 0, customer_id: 1, owner_id: 2, stage: 3, amount: 4, expected_close_date: 5, lost_reason: 6 };
export const DEALS_VALUE_MAP = { stage: { 'Demo Done': 'proposal' } };

/** Deal number k as a CSV line (the same k always gives the same line). */
export function generatedDealLine(k: number): string {
  const customer = dealCustomerName((k * 7919) % DEAL_CUSTOMERS);
  const email = dealOwnerEmail(k % DEAL_OWNERS);
  const owner = k % 5 === 0 ? email.toUpperCase() : email;
  const stage = STAGES[k % STAGES.length];
  const lost = stage === 'Closed Lost' ? (Math.floor(k / STAGES.length) % 4 === 0 ? '' : LOST_REASONS[k % LOST_REASONS.length]) : '';
  const amount = `${((k * 37) % 100_000) * 10}.${k % 10}0`;
  const close = new Date(Date.UTC(2026, 0, 1 + (k % 365))).toISOString().slice(0, 10);
  return `${customer}-项目${k},${customer},${owner},${stage},${amount},${close},${lost}\n`;
}
