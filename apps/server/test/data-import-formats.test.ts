import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { importFixture, rejectsOf, runImport, uploadImport, waitForImport } from './helpers/imports.js';

type Rec = Record<string, any>;

/** Files as other countries' systems export them: national phone formats, bare amounts, address columns, deal type and next step. */
describe('import of files as they are: phones, amounts, addresses', { timeout: 240_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm({ jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });
  const byName = async (object: string, q: string) => (await t.admin.client.list(object, { q })).body.data[0] as Rec;

  it('reads North-American phones in the chosen region; a cell that is no phone goes in as written, with a warning', async () => {
    const client = t.admin.client;
    const done = await runImport(client, t.app, 'contacts', importFixture('contacts-north-america.csv'), 'na.csv', {
      options: { phoneRegion: 'US', dedupe: { policy: 'create', keys: [] } },
    });
    expect(done).toMatchObject({ created: 4, rejected: 0, warnings: 1 });
    const ava = await byName('contacts', 'Ava Carter');
    expect([ava.mobile, ava.phone]).toEqual(['+1 415 555 2671', '+1 415 555 0199']);
    const noah = await byName('contacts', 'Noah Price');
    expect([noah.mobile, noah.phone]).toEqual(['+1 604 555 0110', '+44 20 7946 0958']);
    expect((await byName('contacts', 'Emma Stone')).mobile).toBe('call reception');
    const warnings = (await client.get(`/api/v1/imports/${done.id}/warnings`)).body.data;
    expect(warnings).toEqual([{ row: 5, warning: '手机：“call reception”不像电话号码，已按原样保存' }]);
  });

  it('with strict phones the row with no phone number is rejected, naming the field; the preview shows the warning first', async () => {
    const client = t.admin.client;
    const up = await uploadImport(t.app, client, 'contacts', importFixture('contacts-north-america.csv'), 'na-strict.csv');
    const id = up.body.data.id;
    const preview = await client.patch(`/api/v1/imports/${id}`, { options: { phoneRegion: 'us', dedupe: { policy: 'create', keys: [] } } });
    expect(preview.body.preview[3]).toMatchObject({ error: null, warning: '手机：“call reception”不像电话号码，已按原样保存' });
    const bad = await client.patch(`/api/v1/imports/${id}`, { options: { phoneRegion: 'USA' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('options.phoneRegion');
    await client.patch(`/api/v1/imports/${id}`, { options: { phoneRegion: 'US', strictPhones: true, dedupe: { policy: 'create', keys: [] } } });
    expect((await client.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
    const done = await waitForImport(client, id, ['done']);
    expect(done).toMatchObject({ created: 3, rejected: 1, warnings: 0 });
    expect(await rejectsOf(client, id)).toEqual([[5, '手机：“call reception”不是电话号码']]);
  });

  it('the API takes national formats too, and still refuses text that is no phone number', async () => {
    const ok = await t.admin.client.request('POST', '/api/v1/contacts', { name: 'API caller', mobile: '(212) 555-0100', phone: '415.555.0142' });
    expect(ok.status, ok.text).toBe(201);
    const bad = await t.admin.client.request('POST', '/api/v1/contacts', { name: 'API caller 2', mobile: 'call me' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('mobile');
  });

  it('a bare amount takes the company currency, or the chosen one; a currency column wins; a marked amount keeps its mark', async () => {
    const client = t.admin.client;
    expect((await client.request('PUT', '/api/v1/currency-settings', { currency: 'USD', rates: [{ currency: 'CNY', rate: 0.14 }] })).status).toBe(200);
    const csv = 'Opportunity Name,Amount,Currency,Stage\nBare,"1,200",,Prospecting\nYuan,¥300,,Prospecting\nColumn,500,EUR,Prospecting\nNamed,700,人民币,Prospecting\nWrong,900,doubloons,Prospecting\n';
    const up = await uploadImport(t.app, client, 'deals', csv, 'amounts.csv');
    expect(up.body.data.mapping).toMatchObject({ name: 0, amount: 1, 'amount.currency': 2, stage: 3 });
    expect(up.body.fields.map((f: Rec) => f.name)).toContain('amount.currency');
    await client.patch(`/api/v1/imports/${up.body.data.id}`, { options: { dedupe: { policy: 'create', keys: [] } } });
    await client.post(`/api/v1/imports/${up.body.data.id}/run`);
    const done = await waitForImport(client, up.body.data.id, ['done']);
    expect(done).toMatchObject({ created: 4, rejected: 1 });
    expect(await rejectsOf(client, done.id)).toEqual([[6, '金额：“doubloons”不是币种（如 CNY、USD、美元）']]);
    const amounts = Object.fromEntries(await Promise.all(['Bare', 'Yuan', 'Column', 'Named'].map(async (n) => [n, (await byName('deals', n)).amount])));
    expect(amounts).toEqual({ Bare: { amount: 1200, currency: 'USD' }, Yuan: { amount: 300, currency: 'CNY' }, Column: { amount: 500, currency: 'EUR' }, Named: { amount: 700, currency: 'CNY' } });

    const chosen = await runImport(client, t.app, 'deals', 'Deal Name,Amount\nChosen,80\n', 'chosen.csv', { options: { currency: 'gbp' } });
    expect(chosen.created).toBe(1);
    expect((await byName('deals', 'Chosen')).amount).toEqual({ amount: 80, currency: 'GBP' });
    expect((await client.request('PUT', '/api/v1/currency-settings', { currency: 'CNY', rates: [] })).status).toBe(200);
  });

  it('maps billing address columns (Salesforce) and 国家/省份/城市/详细地址/邮编 onto country, region, address and postal code', async () => {
    const client = t.admin.client;
    const up = await uploadImport(t.app, client, 'customers', importFixture('accounts-billing-address.csv'), 'Account.csv');
    expect(up.body.data.mapping).toEqual({ name: 0, address: 1, 'region.city': 2, 'region.province': 3, postal_code: 4, country: 5, phone: 6 });
    await client.patch(`/api/v1/imports/${up.body.data.id}`, { options: { phoneRegion: 'US', dedupe: { policy: 'create', keys: [] } } });
    await client.post(`/api/v1/imports/${up.body.data.id}/run`);
    expect(await waitForImport(client, up.body.data.id, ['done'])).toMatchObject({ created: 3, rejected: 0, warnings: 0 });
    const northwind = await byName('customers', 'Northwind Traders');
    expect(northwind).toMatchObject({ country: 'US', region: { province: 'California', city: 'San Francisco' }, address: '1 Market St', postal_code: '94105', phone: '+1 415 555 2671' });
    expect(await byName('customers', 'Maple Leaf Foods')).toMatchObject({ country: 'CA', region: { province: 'Ontario', city: 'Toronto' }, postal_code: 'M5J 2J1' });
    const tea = await byName('customers', 'Hangzhou Tea Co');
    expect(tea).toMatchObject({ country: 'CN', region: { province: '浙江省', city: '杭州市', code: '3301' }, address: '文三路 90 号', phone: '+86 571 8888 6666' });

    const zh = await runImport(client, t.app, 'customers', '客户名称,国家,省份,城市,区县,详细地址,邮编\n宁波港贸,中国,浙江省,宁波,鄞州区,天童南路 1 号,315100\n', 'zh.csv');
    expect(zh).toMatchObject({ created: 1, rejected: 0 });
    expect(await byName('customers', '宁波港贸')).toMatchObject({ country: 'CN', region: { province: '浙江省', city: '宁波市', district: '鄞州区' }, address: '天童南路 1 号', postal_code: '315100' });
  });

  it('deals carry lead source, type and next step from an export', async () => {
    const client = t.admin.client;
    const csv = 'Opportunity Name,Stage,Lead Source,Type,Next Step\nRenewal 2026,Qualification,Partner Referral,Existing Customer - Upgrade,Send revised quote\n续约项目,需求确认,官网,续约,下周拜访\n';
    const up = await uploadImport(t.app, client, 'deals', csv, 'types.csv');
    expect(up.body.data.mapping).toEqual({ name: 0, stage: 1, lead_source: 2, deal_type: 3, next_step: 4 });
    await client.post(`/api/v1/imports/${up.body.data.id}/run`);
    expect(await waitForImport(client, up.body.data.id, ['done'])).toMatchObject({ created: 2, rejected: 0 });
    expect(await byName('deals', 'Renewal 2026')).toMatchObject({ lead_source: 'referral', deal_type: 'existing_business', next_step: 'Send revised quote' });
    expect(await byName('deals', '续约项目')).toMatchObject({ lead_source: 'website', deal_type: 'renewal', next_step: '下周拜访' });
  });
});
