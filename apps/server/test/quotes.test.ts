import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { forgetAccessContexts } from '../src/accounts/access-context.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let rep: TestUser;
let customer: Rec, book: Rec, widget: Rec, service: Rec;

beforeAll(async () => {
  t = await startTestCrm();
  const team = await t.createTeam('华东销售部');
  rep = await t.createUser({ role: 'sales_rep', teamId: team, name: '报价代表' });
  customer = await rep.client.create('customers', { name: '上海云杉信息技术有限公司' });
  // The catalogue is kept by administrators; reps quote from it.
  const admin = t.admin.client;
  widget = await admin.create('products', { name: '智能网关', sku: 'GW-100', unit: '台', list_price: { amount: 1999.99, currency: 'CNY' } });
  service = await admin.create('products', { name: '安装服务', sku: 'SVC-1', unit: '次', list_price: { amount: 500, currency: 'CNY' } });
  book = await admin.create('price_books', { name: '2026 渠道价', currency: 'CNY' });
  await admin.create('price_book_entries', { price_book_id: book.id, product_id: widget.id, price: { amount: 1800, currency: 'CNY' } });
});
afterAll(async () => {
  await t?.close();
});

async function newQuote(extra: Rec = {}) {
  return rep.client.create('quotes', { name: '网关采购报价', customer_id: customer.id, price_book_id: book.id, ...extra });
}
const line = (quoteId: string, values: Rec) => rep.client.post('/api/v1/quote_line_items', { quote_id: quoteId, ...values });
const getQuote = async (id: string) => (await rep.client.get(`/api/v1/quotes/${id}`)).body.data;

describe('quote totals are computed on the server', () => {
  it('prices lines from the price book (else the list price), applies discount then tax, rounds half-up to cents', async () => {
    const quote = await newQuote();
    expect(quote).toMatchObject({ status: 'draft', revision: 1, is_latest: true, grand_total: { amount: 0, currency: 'CNY' } });
    expect(quote.quote_no).toMatch(/^Q-\d{8}-[0-9A-F]{6}$/);
    // 3 × 1800 (price book) = 5400; 10% off = 540 → 4860; 13% tax = 631.80 → 5491.80
    const a = await line(quote.id, { product_id: widget.id, quantity: 3, discount_percent: 10, tax_rate: 13 });
    expect(a.status).toBe(201);
    expect(a.body.data).toMatchObject({ description: '智能网关', unit_price: 1800, amount: 5400, discount_amount: 540, tax_amount: 631.8, line_total: 5491.8 });
    // Not in the book: list price 500. 0.333 × 500 = 166.50; 3.33% off = 5.54 (5.5445 half-up) → 160.96; 6% tax = 9.6576 → 9.66
    const b = await line(quote.id, { product_id: service.id, quantity: 0.333, discount_percent: 3.33, tax_rate: 6 });
    expect(b.body.data).toMatchObject({ unit_price: 500, amount: 166.5, discount_amount: 5.54, tax_amount: 9.66, line_total: 170.62 });
    // 0.1 + 0.2 style float traps: 3 × 0.1 = 0.30 exactly
    await line(quote.id, { description: '配件', quantity: 3, unit_price: 0.1 });
    expect(await getQuote(quote.id)).toMatchObject({
      subtotal: { amount: 5566.8, currency: 'CNY' },
      discount_total: { amount: 545.54, currency: 'CNY' },
      tax_total: { amount: 641.46, currency: 'CNY' },
      grand_total: { amount: 5662.72, currency: 'CNY' },
    });
  });

  it('refuses client-sent amounts and totals, and keeps totals in step with edits and deletes', async () => {
    const quote = await newQuote();
    const sneaky = await line(quote.id, { description: '赠品', quantity: 1, unit_price: 100, line_total: 1 });
    expect(sneaky.status).toBe(400);
    const forged = await rep.client.patch(`/api/v1/quotes/${quote.id}`, { grand_total: { amount: 1, currency: 'CNY' } });
    expect(forged.status).toBe(400);
    const l = (await line(quote.id, { description: '咨询', quantity: 2, unit_price: 100 })).body.data;
    expect((await getQuote(quote.id)).grand_total.amount).toBe(200);
    await rep.client.patch(`/api/v1/quote_line_items/${l.id}`, { quantity: 5 });
    expect((await getQuote(quote.id)).grand_total.amount).toBe(500);
    await rep.client.delete(`/api/v1/quote_line_items/${l.id}`);
    expect((await getQuote(quote.id)).grand_total.amount).toBe(0);
  });

  it('names the field for bad lines', async () => {
    const quote = await newQuote();
    const noPrice = await line(quote.id, { description: '无价格', quantity: 1 });
    expect(noPrice.status).toBe(400);
    expect(noPrice.body.error.details[0].path).toBe('unit_price');
    const negative = await line(quote.id, { description: '负数', quantity: -1, unit_price: 1 });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].path).toBe('quantity');
  });
});

describe('the product catalogue', () => {
  it('is read by every rep and written by administrators only', async () => {
    expect((await rep.client.list('products', { limit: 50 })).body.data.map((p: Rec) => p.name)).toEqual(expect.arrayContaining(['智能网关', '安装服务']));
    expect((await rep.client.list('price_book_entries', { limit: 50 })).body.data).toHaveLength(1);
    expect((await rep.client.post('/api/v1/products', { name: '私自添加的产品' })).status).toBe(403);
    expect((await rep.client.patch(`/api/v1/products/${widget.id}`, { name: '改名' })).status).toBe(403);
  });

  it('becomes readable by the sales roles of an install upgraded from before it was shared', async () => {
    const manager = await t.createUser({ role: 'sales_manager' });
    const db = t.crm.handle.db;
    const team = { read: 'team', create: 'team', update: 'team', delete: 'team', export: 'team' };
    const none = { read: 'none', create: 'none', update: 'none', delete: 'none', export: 'none' };
    // The role as older installs have it, plus an administrator's own choice for price books.
    await sql`UPDATE roles SET permissions = ${JSON.stringify({ admin: false, objects: { '*': team, price_books: none }, fields: {} })}::jsonb WHERE key = 'sales_manager'`.execute(db);
    forgetAccessContexts();
    const productNames = async () => (await manager.client.list('products', { limit: 50 })).body.data.map((p: Rec) => p.name);
    expect(await productNames()).not.toContain('智能网关');

    await sql`DELETE FROM kysely_migration WHERE name = '014_catalogue_read'`.execute(db);
    await migrateToLatest(t.crm.handle);
    forgetAccessContexts();
    expect(await productNames()).toEqual(expect.arrayContaining(['智能网关', '安装服务']));
    expect((await manager.client.list('price_book_entries', { limit: 50 })).body.data).toHaveLength(1);
    expect((await manager.client.list('price_books', { limit: 50 })).status).toBe(403);
    expect((await manager.client.post('/api/v1/products', { name: '经理添加的产品' })).status).toBe(403);
  });
});

describe('price books', () => {
  it('hold one price per product in the book’s currency, titled by the product', async () => {
    const usd = await t.admin.client.create('price_books', { name: '海外价', currency: 'USD' });
    const wrong = await t.admin.client.post('/api/v1/price_book_entries', { price_book_id: usd.id, product_id: widget.id, price: { amount: 260, currency: 'CNY' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('price.currency');
    const entry = await t.admin.client.create('price_book_entries', { price_book_id: usd.id, product_id: widget.id, price: { amount: 260, currency: 'USD' } });
    expect(entry.product_name).toBe('智能网关');
    const twice = await t.admin.client.post('/api/v1/price_book_entries', { price_book_id: usd.id, product_id: widget.id, price: { amount: 250, currency: 'USD' } });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details[0].path).toBe('product_id');
    // A quote on that book is in USD and prices the product from it.
    const quote = await newQuote({ price_book_id: usd.id });
    expect(quote.currency).toBe('USD');
    expect((await line(quote.id, { product_id: widget.id, quantity: 1 })).body.data.unit_price).toBe(260);
    expect((await getQuote(quote.id)).grand_total).toEqual({ amount: 260, currency: 'USD' });
  });
});

describe('quote statuses', () => {
  it('moves draft → sent → accepted and refuses other moves with 409 on status', async () => {
    const quote = await newQuote();
    const skip = await rep.client.patch(`/api/v1/quotes/${quote.id}`, { status: 'accepted' });
    expect(skip.status).toBe(409);
    expect(skip.body.error.details[0].path).toBe('status');
    expect((await rep.client.patch(`/api/v1/quotes/${quote.id}`, { status: 'sent' })).body.data.sent_at).toBeTruthy();
    // A sent quote's content is frozen: lines and fields.
    expect((await line(quote.id, { description: '追加', quantity: 1, unit_price: 1 })).status).toBe(409);
    expect((await rep.client.patch(`/api/v1/quotes/${quote.id}`, { name: '改名' })).status).toBe(409);
    expect((await rep.client.patch(`/api/v1/quotes/${quote.id}`, { status: 'accepted' })).body.data.status).toBe('accepted');
    expect((await rep.client.patch(`/api/v1/quotes/${quote.id}`, { status: 'rejected' })).status).toBe(409);
    expect((await rep.client.post('/api/v1/quotes', { name: 'x', customer_id: customer.id, status: 'sent' })).status).toBe(409);
  });
});

describe('quote versions', () => {
  it('revise makes version 2 with the same number and copied lines; version 1 stays as it was, read-only', async () => {
    const v1 = await newQuote();
    await line(v1.id, { product_id: widget.id, quantity: 2, tax_rate: 13 });
    await rep.client.patch(`/api/v1/quotes/${v1.id}`, { status: 'sent' });
    const revised = await rep.client.post(`/api/v1/quotes/${v1.id}/revise`);
    expect(revised.status).toBe(201);
    const v2 = revised.body.data;
    expect(v2).toMatchObject({ quote_no: v1.quote_no, revision: 2, previous_version_id: v1.id, is_latest: true, status: 'draft', grand_total: { amount: 4068 } });
    const old = await getQuote(v1.id);
    expect(old).toMatchObject({ is_latest: false, status: 'sent', grand_total: { amount: 4068 } });
    // The old version refuses every change, its lines too, and cannot be revised again.
    expect((await rep.client.patch(`/api/v1/quotes/${v1.id}`, { status: 'accepted' })).status).toBe(409);
    expect((await line(v1.id, { description: 'x', quantity: 1, unit_price: 1 })).status).toBe(409);
    expect((await rep.client.post(`/api/v1/quotes/${v1.id}/revise`)).status).toBe(409);
    // The new version is editable on its own; the old total does not move.
    await line(v2.id, { description: '延保一年', quantity: 1, unit_price: 300 });
    expect((await getQuote(v2.id)).grand_total.amount).toBe(4368);
    expect((await getQuote(v1.id)).grand_total.amount).toBe(4068);
    const lines = await rep.client.list('quote_line_items', { filter: { field: 'quote_id', op: 'eq', value: v1.id } });
    expect(lines.body.data).toHaveLength(1);
  });
});
