import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeZoneFrom } from '../src/config.js';
import { localDate, mondayOf, weekPeriod } from '../src/modules/sales-reports/period.js';
import { generateWeeklyReports } from '../src/modules/sales-reports/weekly/generate-reports.js';
import { startTestCrm, type Client, type TestCrm, type TestUser } from './helpers/crm.js';

/**
 * The company currency and exchange rates: deals in CNY and USD must add up to one figure in the
 * company currency on the kanban, the generic aggregate API, the forecast (targets too), the
 * customer's value panel and the sales dashboard.
 */
type Rec = Record<string, any>;
let t: TestCrm;
let admin: Client;
let rep: TestUser;
let customer: Rec;
const year = new Date().getFullYear();

const deal = (name: string, amount: number, currency: string, stage: string, expected?: string) =>
  rep.client.create('deals', { name, customer_id: customer.id, amount: { amount, currency }, stage, ...(expected ? { expected_close_date: expected } : {}) });
const settings = async (client: Client) => (await client.get('/api/v1/currency-settings?include=unrated')).body.data;
const save = (body: unknown) => admin.request('PUT', '/api/v1/currency-settings', body);
const byStage = async () => {
  const res = await rep.client.get('/api/v1/deals/aggregate?groupBy=stage&metrics=count,sum:amount');
  expect(res.status, res.text).toBe(200);
  return Object.fromEntries(res.body.data.map((r: Rec) => [r.key, r.sum_amount]));
};

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  rep = await t.createUser({ role: 'sales_rep', teamId: await t.createTeam('外贸部'), name: '外贸代表' });
  customer = await rep.client.create('customers', { name: 'Acme 美国分公司' });
  await deal('国内项目', 1000, 'CNY', 'proposal', '2027-03-10');
  await deal('US project', 100, 'USD', 'proposal', '2027-03-20');
  await deal('US order', 50, 'USD', 'won');
  await deal('国内订单', 2000, 'CNY', 'won');
});
afterAll(async () => {
  await t?.close();
});

describe('company currency and exchange rates', () => {
  it('starts in CNY and lists currencies in use that have no rate; everyone reads, only admins write', async () => {
    expect(await settings(rep.client)).toEqual({ currency: 'CNY', phoneRegion: 'CN', rates: [], unrated: ['USD'] });
    // What every page load asks for skips the scan of every money column.
    expect((await rep.client.get('/api/v1/currency-settings')).body.data).toEqual({ currency: 'CNY', phoneRegion: 'CN', rates: [] });
    const res = await rep.client.request('PUT', '/api/v1/currency-settings', { currency: 'USD', rates: [] });
    expect(res.status).toBe(403);
    expect((await settings(admin)).currency).toBe('CNY');
  });

  it('refuses bad settings with the field named, and keeps the saved ones', async () => {
    const cases: [unknown, string][] = [
      [{ currency: 'CNY', rates: [{ currency: 'USD', rate: 0 }] }, 'rates.0.rate'],
      [{ currency: 'CNY', rates: [{ currency: 'USD', rate: '7.2' }] }, 'rates.0.rate'],
      [{ currency: 'CNY', rates: [{ currency: 'US', rate: 7 }] }, 'rates.0.currency'],
      [{ currency: 'CNY', rates: [{ currency: 'USD', rate: 7 }, { currency: 'CNY', rate: 1 }] }, 'rates.1.currency'],
      [{ currency: 'CNY', rates: [{ currency: 'USD', rate: 7 }, { currency: 'usd', rate: 7.1 }] }, 'rates.1.currency'],
      [{ currency: '人民币', rates: [] }, 'currency'],
    ];
    for (const [body, path] of cases) {
      const res = await save(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: Rec) => d.path)).toContain(path);
    }
    expect(await settings(admin)).toEqual({ currency: 'CNY', phoneRegion: 'CN', rates: [], unrated: ['USD'] });
  });

  it('converts every sum into the company currency', async () => {
    const res = await save({ currency: 'cny', rates: [{ currency: 'usd', rate: 7.2 }] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual({ currency: 'CNY', phoneRegion: 'CN', rates: [{ currency: 'USD', rate: 7.2 }], unrated: [] });

    // 1000 CNY + 100 USD × 7.2 open; 2000 CNY + 50 USD × 7.2 won.
    expect(await byStage()).toEqual({ proposal: 1720, won: 2360 });

    const kanban = (await rep.client.get('/api/v1/pipelines/standard/summary')).body.data;
    expect(kanban.find((s: Rec) => s.stage === 'proposal')).toMatchObject({ count: 2, total: 1720 });

    const target = await admin.request('PUT', '/api/v1/sales-targets', { month: '2027-03', userId: rep.id, amount: 1000, currency: 'USD' });
    expect(target.status, target.text).toBe(200);
    const forecast = (await rep.client.get('/api/v1/forecast?from=2027-03&to=2027-03&by=user')).body.data;
    expect(forecast.rows.find((r: Rec) => r.key === rep.id)).toMatchObject({ bestCase: 1720, target: 7200 });

    const value = (await rep.client.get(`/api/v1/customers/${customer.id}/value`)).body.data;
    expect(value.openDeals).toEqual({ count: 2, amount: 1720 });
    expect(value.currency).toBe('CNY');

    await admin.request('PUT', '/api/v1/sales-targets', { month: `${year}-06`, userId: rep.id, amount: 500, currency: 'USD' });
    const dashboard = (await rep.client.get(`/api/v1/sales/dashboard?from=${year}-01-01&to=${year}-12-31`)).body.data;
    expect(dashboard.won).toMatchObject({ count: 2, amount: 2360, target: 3600 });
  });

  it('works the other way round when the company currency changes', async () => {
    const res = await save({ currency: 'USD', rates: [{ currency: 'CNY', rate: 0.14 }] });
    expect(res.status, res.text).toBe(200);
    // 1000 × 0.14 + 100; 2000 × 0.14 + 50.
    expect(await byStage()).toEqual({ proposal: 240, won: 330 });
    expect((await rep.client.get(`/api/v1/customers/${customer.id}/value`)).body.data.currency).toBe('USD');
    // A target given without a currency is in the company currency.
    const target = await admin.request('PUT', '/api/v1/sales-targets', { month: '2027-04', userId: rep.id, amount: 800 });
    expect(target.body.data).toMatchObject({ amount: 800, currency: 'USD' });
    // The weekly report states its amounts in the company currency: won 2000 × 0.14 + 50 = 330.
    const timeZone = timeZoneFrom();
    const week = weekPeriod(mondayOf(localDate(new Date(), timeZone)), timeZone);
    await t.crm.handle.db.transaction().execute((trx) => generateWeeklyReports(t.crm.engine, trx, week));
    const inbox = (await rep.client.get('/api/v1/notifications')).body.data;
    expect(inbox.find((n: Rec) => n.kind === 'weekly_report').body).toContain('US$330.00');
    // Without rates, amounts count 1:1 and the page says which currencies lack one.
    await save({ currency: 'USD', rates: [] });
    expect(await byStage()).toEqual({ proposal: 1100, won: 2050 });
    expect((await settings(admin)).unrated).toEqual(['CNY']);
  });
});
