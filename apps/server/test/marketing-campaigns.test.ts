import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

/** Campaigns: members from a segment or by id, attribution by UTM and membership, first/last touch, ROI, scopes. */
let t: TestCrm;
let expo: Record<string, any>;
let ads: Record<string, any>;
const cny = (amount: number) => ({ amount, currency: 'CNY' });

async function wonDeal(admin: TestUser['client'], leadId: string, amount: number) {
  const res = await admin.post(`/api/v1/leads/${leadId}/convert`, { deal: { values: { name: `商机 ${amount}`, amount: cny(amount) } } });
  expect(res.status).toBe(200);
  const dealId = res.body.data.deal.id;
  expect((await admin.patch(`/api/v1/deals/${dealId}`, { stage: 'won' })).status).toBe(200);
  return dealId as string;
}

const report = async (client: TestUser['client'], query = '') => {
  const res = await client.get(`/api/v1/campaigns/report${query}`);
  expect(res.status).toBe(200);
  return res.body.data as { campaigns: any[]; byType: any[] };
};
const row = (data: { campaigns: any[] }, id: string) => data.campaigns.find((c) => c.id === id);

beforeAll(async () => {
  t = await startTestCrm();
  const admin = t.admin.client;
  expo = await admin.create('campaigns', { name: '2026 上海工业展', type: 'trade_show', status: 'completed', start_date: '2026-03-01', end_date: '2026-03-03', utm_campaign: 'expo2026', budget: cny(30000) });
  ads = await admin.create('campaigns', { name: '春季搜索广告', type: 'ads', status: 'active', start_date: '2026-05-01', utm_campaign: 'spring-ads' });
  await admin.create('campaign_costs', { campaign_id: expo.id, date: '2026-02-20', amount: cny(10000), note: '展位费' });
  await admin.create('campaign_costs', { campaign_id: expo.id, date: '2026-03-01', amount: cny(5000), note: '物料' });
  await admin.create('campaign_costs', { campaign_id: ads.id, date: '2026-05-02', amount: cny(20000), note: '百度推广' });

  // 甲 came from the expo's UTM link, then was added to the ads campaign: first touch expo, last touch ads.
  const jia = await admin.create('leads', { name: '甲线索', company: '甲公司', utm_campaign: 'expo2026' });
  const yi = await admin.create('leads', { name: '乙线索', company: '乙公司', utm_campaign: 'SPRING-ADS' });
  const bing = await admin.create('leads', { name: '丙线索', company: '丙公司' });
  await admin.create('leads', { name: '无关线索', company: '丁公司', utm_campaign: 'other' });
  expect((await admin.post(`/api/v1/campaigns/${ads.id}/members`, { object: 'leads', ids: [jia.id] })).body.data).toEqual({ added: 1 });
  const list = await admin.create('segments', { name: '展会到场名单', kind: 'static', object: 'leads' });
  await admin.post(`/api/v1/segments/${list.id}/members`, { ids: [bing.id] });
  const fromSegment = await admin.post(`/api/v1/campaigns/${expo.id}/members/from-segment`, { segmentId: list.id, status: 'responded' });
  expect(fromSegment.body.data).toEqual({ added: 1 });
  // Adding the segment again adds nobody: members are unique per campaign.
  expect((await admin.post(`/api/v1/campaigns/${expo.id}/members/from-segment`, { segmentId: list.id })).body.data).toEqual({ added: 0 });
  await wonDeal(admin, jia.id, 100000);
  await wonDeal(admin, yi.id, 50000);
});
afterAll(() => t?.close());

describe('campaign report', () => {
  it('attributes leads by UTM and membership and credits won revenue to the first and the last touch', async () => {
    const data = await report(t.admin.client);
    expect(row(data, expo.id)).toMatchObject({ members: 1, responses: 1, leads: 2, deals: 1, wonFirstTouch: 100000, wonLastTouch: 0, cost: 15000 });
    expect(row(data, ads.id)).toMatchObject({ members: 1, responses: 0, leads: 2, deals: 2, wonFirstTouch: 50000, wonLastTouch: 150000, cost: 20000 });
  });

  it('computes ROI and cost per lead from the rows, per campaign and per type', async () => {
    const data = await report(t.admin.client);
    expect(row(data, expo.id)).toMatchObject({ roiFirstTouch: 5.6667, roiLastTouch: -1, costPerLead: 7500 });
    expect(row(data, ads.id)).toMatchObject({ roiFirstTouch: 1.5, roiLastTouch: 6.5, costPerLead: 10000 });
    expect(data.byType.find((g) => g.type === 'ads')).toMatchObject({ campaigns: 1, cost: 20000, wonLastTouch: 150000, roiLastTouch: 6.5 });
    // The period keeps campaigns that overlap it.
    const spring = await report(t.admin.client, '?from=2026-04-01&to=2026-06-30');
    expect(spring.campaigns.map((c) => c.id)).toEqual([ads.id]);
  });

  it('shows a rep only the campaigns and records they may read, and no hidden amounts', async () => {
    const objects = {
      '*': { read: 'none', create: 'none', update: 'none', delete: 'none', export: 'none' },
      campaigns: { read: 'own', create: 'own', update: 'own', delete: 'none', export: 'none' },
      campaign_costs: { read: 'all', create: 'none', update: 'none', delete: 'none', export: 'none' },
      leads: { read: 'all', create: 'none', update: 'none', delete: 'none', export: 'none' },
      deals: { read: 'all', create: 'none', update: 'none', delete: 'none', export: 'none' },
    };
    const rep = await t.createUser({ role: await t.createRole('campaign_rep', { objects, fields: { deals: { amount: 'hidden' } } }) });
    const own = await rep.client.create('campaigns', { name: '我的研讨会', type: 'webinar', utm_campaign: 'expo2026' });
    const data = await report(rep.client);
    expect(data.campaigns.map((c) => c.id)).toEqual([own.id]);
    // Same UTM as the expo: its lead counts, but the deal amount is hidden and members are unreadable.
    expect(row(data, own.id)).toMatchObject({ leads: 1, deals: 1, wonFirstTouch: null, wonLastTouch: null, members: null, cost: 0, roiFirstTouch: null, costPerLead: 0 });
    expect(JSON.stringify(data)).not.toContain('100000');
    const other = await rep.client.post(`/api/v1/campaigns/${expo.id}/members`, { object: 'leads', ids: [own.id] });
    expect(other.status).toBe(404);
  });
});

describe('report figures open their records', () => {
  const listed = async (object: string, value: string) => {
    const res = await t.admin.client.get(`/api/v1/${object}?count=true&limit=200&campaign=${encodeURIComponent(value)}`);
    expect(res.status).toBe(200);
    return res.body as { data: any[]; total: number };
  };
  const FIGURES: [figure: string, object: string, key: string][] = [
    ['members', 'campaign_members', 'members'],
    ['responses', 'campaign_members', 'responses'],
    ['leads', 'leads', 'leads'],
    ['deals', 'deals', 'deals'],
    ['won_first', 'deals', 'wonFirstTouch'],
    ['won_last', 'deals', 'wonLastTouch'],
    ['cost', 'campaign_costs', 'cost'],
  ];
  const sum = (rows: any[], field: string) => rows.reduce((n, r) => n + Number(r[field]?.amount ?? 0), 0);

  it('lists, per campaign and per channel, exactly the records each figure counts', async () => {
    const data = await report(t.admin.client);
    for (const scope of [expo.id, ads.id]) {
      const r = row(data, scope);
      for (const [figure, object, key] of FIGURES) {
        const list = await listed(object, `${figure}:${scope}`);
        if (figure.startsWith('won_') || figure === 'cost') expect([figure, scope, sum(list.data, 'amount')]).toEqual([figure, scope, r[key]]);
        else expect([figure, scope, list.total]).toEqual([figure, scope, r[key]]);
      }
    }
    const spring = await report(t.admin.client, '?from=2026-04-01&to=2026-06-30');
    const adsType = spring.byType.find((g) => g.type === 'ads');
    expect(adsType.wonLastTouch).toBeGreaterThan(0);
    expect(sum((await listed('deals', 'won_last:type:ads:2026-04-01:2026-06-30')).data, 'amount')).toBe(adsType.wonLastTouch);
    // The expo is outside that period: its channel lists nothing.
    expect((await listed('leads', 'leads:type:trade_show:2026-04-01:2026-06-30')).total).toBe(0);
    expect((await listed('leads', 'leads:type:trade_show')).total).toBe(row(data, expo.id).leads);
  });

  it('refuses a figure of another object or a malformed value, naming the filter', async () => {
    const admin = t.admin.client;
    for (const bad of [`leads?campaign=won_first:${expo.id}`, 'leads?campaign=leads:nope', 'leads?campaign=leads:type:fair', `deals?campaign=profit:${expo.id}`]) {
      const res = await admin.get(`/api/v1/${bad}`);
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(res.body.error.details[0].path).toBe('campaign');
    }
    expect((await admin.get('/api/v1/leads?campaign=leads:00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('bad input', () => {
  it('answers 4xx naming the field and writes nothing', async () => {
    const admin = t.admin.client;
    const badDate = await admin.get('/api/v1/campaigns/report?from=2026-13-01');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0].path).toBe('from');
    const backwards = await admin.get('/api/v1/campaigns/report?from=2026-05-01&to=2026-04-01');
    expect(backwards.body.error.details[0].path).toBe('to');
    const noSegment = await admin.post(`/api/v1/campaigns/${expo.id}/members/from-segment`, { segmentId: 'nope' });
    expect(noSegment.status).toBe(400);
    expect(noSegment.body.error.details[0].path).toBe('segmentId');
    const customers = await admin.create('segments', { name: '全部客户', kind: 'dynamic', object: 'customers' });
    const wrongObject = await admin.post(`/api/v1/campaigns/${expo.id}/members/from-segment`, { segmentId: customers.id });
    expect(wrongObject.status).toBe(400);
    expect(wrongObject.body.error.details[0].path).toBe('segmentId');
    const before = (await admin.get('/api/v1/campaign_members/count')).body.total;
    const lead = await admin.create('leads', { name: '新线索', company: '戊公司' });
    const mixed = await admin.post(`/api/v1/campaigns/${expo.id}/members`, { object: 'leads', ids: [lead.id, '00000000-0000-4000-8000-000000000000'] });
    expect(mixed.status).toBe(400);
    expect(mixed.text).toContain('lead_id');
    const neither = await admin.post('/api/v1/campaign_members', { campaign_id: expo.id });
    expect(neither.status).toBe(400);
    expect(neither.body.error.details[0].path).toBe('contact_id');
    const badCost = await admin.post('/api/v1/campaign_costs', { campaign_id: expo.id, date: '2026-03-01', amount: cny(-5), note: '负数' });
    expect(badCost.status).toBe(400);
    expect(badCost.text).toContain('amount');
    expect((await admin.get('/api/v1/campaign_members/count')).body.total).toBe(before);
  });
});
