import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { SYSTEM_CONTEXT, type AccessContext } from '../../../engine/permissions/access.js';
import { convertLead } from '../../lead-conversion/index.js';
import { loadEmailDemo } from '../email/demo.js';

const DAY = 24 * 3600 * 1000;
const date = (daysFromNow: number) => new Date(Date.now() + daysFromNow * DAY).toISOString().slice(0, 10);
const cny = (amount: number) => ({ amount, currency: 'CNY' });

interface DemoCampaign {
  values: Record<string, unknown>;
  costs: [daysFromStart: number, amount: number, note: string][];
  /** Leads arriving by the campaign's UTM link; a won amount converts the lead and wins its deal. */
  leads: [name: string, company: string, won?: number][];
}

const CAMPAIGNS: DemoCampaign[] = [
  {
    values: { name: '2026 上海国际工业展', type: 'trade_show', status: 'completed', start_date: date(-90), end_date: date(-87), utm_campaign: 'expo-sh', budget: cny(50000), expected_revenue: cny(300000), description: '展位 E2-118，现场收集名片并演示移动端。' },
    costs: [[-20, 30000, '展位费'], [-5, 8000, '宣传物料'], [0, 6000, '差旅']],
    leads: [['陆海峰', '海峰精密机械', 180000], ['贺文静', '文静包装材料'], ['Tom Baker', 'Baker Tools Ltd.', 0], ['邵一鸣', '一鸣电气']],
  },
  {
    values: { name: '春季百度搜索推广', type: 'ads', status: 'completed', start_date: date(-60), end_date: date(-30), utm_campaign: 'baidu-spring', budget: cny(30000), expected_revenue: cny(120000) },
    costs: [[0, 15000, '百度推广充值'], [15, 10000, '追加充值']],
    leads: [['蒋雨桐', '雨桐电商', 60000], ['冯子健', '子健物流'], ['Anna Schmidt', 'Schmidt Logistics GmbH']],
  },
  {
    values: { name: 'CRM 选型线上研讨会', type: 'webinar', status: 'active', start_date: date(-20), end_date: date(-20), utm_campaign: 'webinar-crm', budget: cny(8000), expected_revenue: cny(80000) },
    costs: [[-7, 3000, '直播平台'], [0, 2000, '讲师费']],
    leads: [['唐思远', '思远软件', 45000], ['韩晓', '晓光教育']],
  },
  {
    values: { name: '年终客户关怀邮件', type: 'email', status: 'planned', start_date: date(10), utm_campaign: 'care-mail', budget: cny(2000), description: '给老客户发送年终关怀和续约优惠。' },
    costs: [[-3, 1200, '邮件模板设计']],
    leads: [],
  },
];

const CONTACT_STATUSES = ['sent', 'opened', 'clicked', 'responded', 'converted'];

/**
 * Four campaigns with cost lines, UTM-attributed leads (some converted and won by the rep), and
 * contacts as members, so the campaign report shows real figures. Leads are in 上海 (the rep's
 * territory) and convert into the rep's customers, like the rest of the demo. The first expo lead is also a
 * member of the ads campaign, so first and last touch differ.
 */
export async function loadCampaignDemo(db: Kysely<Database>, engine: Engine, rep: AccessContext): Promise<number> {
  const { records } = engine;
  const contacts = (await sql<{ id: string }>`SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 12`.execute(db)).rows;
  // Won leads convert into the rep's existing customers, so the customer list keeps its size.
  const customers = (await sql<{ id: string }>`SELECT id FROM customers WHERE owner_id = ${rep.userId} AND deleted_at IS NULL ORDER BY created_at, id`.execute(db)).rows;
  let converted = 0;
  const ids: string[] = [];
  let firstLead: string | null = null;
  for (const [index, c] of CAMPAIGNS.entries()) {
    const campaign = await records.create('campaigns', c.values, SYSTEM_CONTEXT);
    ids.push(campaign.id as string);
    for (const [days, amount, note] of c.costs) {
      const at = new Date(Date.parse(c.values.start_date as string) + days * DAY).toISOString().slice(0, 10);
      await records.create('campaign_costs', { campaign_id: campaign.id, date: at, amount: cny(amount), note }, SYSTEM_CONTEXT);
    }
    for (const [name, company, won] of c.leads) {
      const lead = await records.create('leads', { name, company, region: { province: '上海市', city: '上海市' }, status: 'contacted', source: c.values.type === 'trade_show' ? 'event' : 'website', utm_source: 'demo', utm_campaign: c.values.utm_campaign }, rep);
      firstLead ??= lead.id as string;
      if (won === undefined) continue;
      const { deal } = await convertLead({ engine, db }, rep, lead.id as string, {
        ...(customers.length ? { customer: { existingId: customers[converted++ % customers.length].id } } : {}),
        deal: { values: { name: `${company} CRM 项目`, amount: cny(won || 90000) } } });
      if (won && deal) await records.update('deals', deal.id as string, { stage: 'won' }, rep);
    }
    const picked = contacts.slice(index * 3, index * 3 + 3).map((r, i) => ({ campaign_id: campaign.id, contact_id: r.id, status: CONTACT_STATUSES[(index + i) % CONTACT_STATUSES.length] }));
    if (picked.length) await records.bulkCreate('campaign_members', picked, SYSTEM_CONTEXT);
  }
  if (firstLead) await records.create('campaign_members', { campaign_id: ids[1], lead_id: firstLead, status: 'clicked' }, SYSTEM_CONTEXT);
  // The e-mail campaign's members got its year-end mail: a sent send with opens and clicks.
  await loadEmailDemo(db, engine, ids[3], contacts.slice(9, 12).map((r) => r.id));
  return ids.length;
}
