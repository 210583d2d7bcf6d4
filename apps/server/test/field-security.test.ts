import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from './helpers/routes.js';
import { qs, startTestCrm, type Client, type TestCrm, type TestUser } from './helpers/crm.js';

/*
 * Nothing derived from a hidden field reaches the user, by any route. A role hides fields that hold
 * distinctive sentinel values; every GET route the server serves (Fastify's own route table, each
 * :object expanded to every object) is called as that role and no answer may carry a sentinel.
 */

type Rec = Record<string, any>;
const MAIL = 'boss@zqsentinel.example';
const DEAL_AMOUNT = 7777131;
const DOC_TOTAL = 5555353;
const SENTINELS = ['zqsentinel', '7777131', '7,777,131', '5555353', '5,555,353'];
const HIDDEN = {
  customers: { email: 'hidden' },
  contacts: { email: 'hidden' },
  leads: { email: 'hidden' },
  deals: { amount: 'hidden' },
  orders: { total_amount: 'hidden' },
  quotes: { grand_total: 'hidden' },
};
const READ_ALL = { '*': { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'none' } };

let t: TestCrm;
let rep: TestUser, hider: TestUser;
let customer: Rec, contacts: Rec[], lead: Rec, deal: Rec, quote: Rec, order: Rec, report: Rec;
const today = new Date().toISOString().slice(0, 10);
const month = today.slice(0, 7);

beforeAll(async () => {
  t = await startTestCrm();
  const team = await t.createTeam('哨兵销售部');
  rep = await t.createUser({ role: 'sales_rep', teamId: team, name: '哨兵代表' });
  hider = await t.createUser({ role: await t.createRole('hider', { objects: READ_ALL, fields: HIDDEN }), teamId: team, name: '隐藏员' });
  const c = rep.client;
  customer = await c.create('customers', { name: '哨兵科技有限公司', email: MAIL });
  contacts = [await c.create('contacts', { name: '哨兵甲', email: MAIL, customer_id: customer.id }), await c.create('contacts', { name: '哨兵乙', email: MAIL })];
  lead = await c.create('leads', { name: '哨兵线索', company: '哨兵线索公司', email: MAIL });
  deal = await c.create('deals', { name: '哨兵商机', customer_id: customer.id, amount: { amount: DEAL_AMOUNT, currency: 'CNY' }, stage: 'negotiation', expected_close_date: today });
  quote = await c.create('quotes', { name: '哨兵报价', customer_id: customer.id, deal_id: deal.id });
  await c.create('quote_line_items', { quote_id: quote.id, description: '哨兵产品', quantity: 1, unit_price: DOC_TOTAL });
  await c.patch(`/api/v1/quotes/${quote.id}`, { status: 'sent' });
  await c.patch(`/api/v1/quotes/${quote.id}`, { status: 'accepted' });
  const made = await c.post(`/api/v1/quotes/${quote.id}/order`, { instalments: 1, first_due_on: today });
  if (made.status !== 201) throw new Error(`order → ${made.status} ${made.text}`);
  order = made.body.data;
  const generated = await t.admin.client.post('/api/v1/sales/reports', { week: today, userId: rep.id });
  if (generated.status !== 201) throw new Error(`report → ${generated.status} ${generated.text}`);
  report = generated.body.data;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** Concrete URLs for a route template: each :object is every object, ids are the sentinel records. */
async function urlsFor(template: string): Promise<string[]> {
  const admin = t.admin.client;
  const objects: Rec[] = (await admin.get('/api/v1/meta/objects')).body.data;
  const firstIds = async (object: string, n: number) => ((await admin.list(object, { limit: n })).body?.data ?? []).map((r: Rec) => r.id as string);
  const known: Record<string, string> = {
    '/api/v1/sales/reports/:id': report.id,
    '/api/v1/customers/:id/value': customer.id,
    '/api/v1/deals/:id/value': deal.id,
    '/api/v1/quotes/:id/pdf': quote.id,
    '/api/v1/leads/:id/conversion': lead.id,
    '/api/v1/pipelines/:key/summary': 'standard',
    '/api/v1/notifications/preferences/:userId': rep.id,
    '/api/v1/email/templates/:key': 'general',
  };
  const queries: Record<string, string[]> = {
    '/api/v1/forecast': [qs({ from: month, to: month }), qs({ from: month, to: month, by: 'team' })],
    '/api/v1/merges': ['object=contacts', 'object=customers'],
    '/api/v1/search': [qs({ q: '哨兵' })],
    '/api/v1/sales-targets': [qs({ from: month, to: month })],
    '/api/v1/:object/duplicates': ['', 'fuzzy=true'],
    '/api/v1/:object/aggregate': ['metrics=count', 'groupBy=owner_id&metrics=count'],
  };
  let urls = [template];
  if (template.includes(':object')) {
    const names = template.startsWith('/api/v1/pool/') ? ['customers', 'leads'] : objects.map((o) => o.name);
    urls = names.map((name) => template.replace(':object', name));
  }
  const expanded: string[] = [];
  for (const url of urls) {
    const object = /^\/api\/v1\/(?:meta\/objects\/)?([a-z_]+)\//.exec(url)?.[1];
    if (template in known) expanded.push(template.replace(/:[a-zA-Z]+/, known[template]));
    else if (url.includes(':id') && object && objects.some((o) => o.name === object)) {
      const ids = await firstIds(object, 2);
      if (!ids.length) ids.push(randomUUID());
      for (const id of ids) {
        if (url.includes(':list')) {
          for (const list of objects.find((o) => o.name === object)!.relatedLists) expanded.push(url.replace(':id', id).replace(':list', list.name));
        } else expanded.push(url.replace(':id', id));
      }
    } else if (template === '/api/v1/:object/merge-preview' && object) {
      const ids = object === 'contacts' ? contacts.map((r) => r.id) : await firstIds(object, 2);
      expanded.push(`${url}?ids=${ids.join(',')}`);
      continue;
    } else expanded.push(url.replace(/:[a-zA-Z]+/g, randomUUID()));
  }
  const withQueries = queries[template] ?? [''];
  return expanded.flatMap((u) => withQueries.map((q) => (q ? `${u}${u.includes('?') ? '&' : '?'}${q}` : u)));
}

/** GET routes not swept: the notification and chat-console streams never end (they carry only the user's own notifications and chats); static docs. */
const UNSWEPT = (path: string) => ['/api/v1/notifications/stream', '/api/v1/chat/stream'].includes(path) || path.includes('*') || path.startsWith('/api/docs');

async function sweep(client: Client) {
  const table = routeTable(t.app.printRoutes({ commonPrefix: false })).filter((r) => r.methods.includes('GET') && !UNSWEPT(r.path));
  const results: { template: string; url: string; status: number; leaked: string[] }[] = [];
  for (const { path } of table) {
    for (const url of await urlsFor(path)) {
      const res = await client.get(url);
      results.push({ template: path, url, status: res.status, leaked: SENTINELS.filter((s) => res.text.includes(s)) });
    }
  }
  return { table, results };
}

describe('every GET route, as a role that hides fields', () => {
  it('answers no sentinel of a hidden field (nor a 500), while the same routes show them to the administrator', async () => {
    const { table, results } = await sweep(hider.client);
    expect(table.length).toBeGreaterThan(60);
    expect(results.filter((r) => r.status >= 500).map((r) => `${r.status} ${r.url}`)).toEqual([]);
    expect(results.filter((r) => r.leaked.length).map((r) => `${r.url} → ${r.leaked.join(', ')}`)).toEqual([]);
    // Not vacuous: most routes answered, and the side routes that leaked before carry the sentinels for an admin.
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(150);
    const admin = await sweep(t.admin.client);
    const leakedToAdmin = new Set(admin.results.filter((r) => r.leaked.length).map((r) => r.template));
    for (const template of ['/api/v1/:object/duplicates', '/api/v1/sales/reports/:id', '/api/v1/sales/reports', '/api/v1/pipelines/:key/summary', '/api/v1/forecast', '/api/v1/:object', '/api/v1/:object/:id/related/:list']) {
      expect(leakedToAdmin, template).toContain(template);
    }
  }, 300_000);
});

describe('duplicates over hidden fields', () => {
  it('the finder lists no group keyed on a hidden e-mail; the admin sees it', async () => {
    const groups = (c: Client) => c.get('/api/v1/contacts/duplicates?fuzzy=true').then((r) => r.body.data as Rec[]);
    expect((await groups(t.admin.client)).some((g) => g.rule === 'email' && g.value === MAIL)).toBe(true);
    expect((await groups(hider.client)).filter((g) => g.rule === 'email')).toEqual([]);
  });

  it('a check answers the same for a right and a wrong guess of a hidden e-mail (no oracle)', async () => {
    const check = (c: Client, email: string) => c.post('/api/v1/contacts/duplicates/check', { name: '某某', email });
    expect((await check(t.admin.client, MAIL)).body.data.map((d: Rec) => d.id)).toEqual(expect.arrayContaining(contacts.map((r) => r.id)));
    const right = await check(hider.client, MAIL);
    const wrong = await check(hider.client, 'nobody@elsewhere.example');
    expect(right.status).toBe(200);
    expect(right.body).toEqual(wrong.body);
    expect(right.body.data).toEqual([]);
  });
});

describe('stored weekly reports', () => {
  it("are filtered on read by the reader's field rules", async () => {
    const stored = (await t.admin.client.get(`/api/v1/sales/reports/${report.id}`)).body.data.figures;
    expect(stored.dealsCreated).toMatchObject({ count: 1, amount: DEAL_AMOUNT });
    expect(stored.pipeline.end).toBe(DEAL_AMOUNT);
    const shown = (await hider.client.get(`/api/v1/sales/reports/${report.id}`)).body.data.figures;
    expect(shown.dealsCreated).toMatchObject({ count: 1, amount: null });
    expect(shown.pipeline).toMatchObject({ start: null, end: null, change: null });
    expect(shown.newLeads.count).toBe(1);
    // A reader who may not see the stage gets no won/lost or pipeline figures (they count by stage).
    const noStage = await t.createUser({ role: await t.createRole('no_stage', { objects: READ_ALL, fields: { deals: { stage: 'hidden' } } }) });
    const list = (await noStage.client.get('/api/v1/sales/reports')).body.data as Rec[];
    const figures = list.find((r) => r.id === report.id)!.figures;
    expect(figures).toMatchObject({ dealsWon: null, dealsLost: null, pipeline: null });
    expect(figures.dealsCreated.amount).toBe(DEAL_AMOUNT);
  });
});

describe('board totals and forecast over hidden deal fields', () => {
  it('refuses (403 naming the field) to count a pipeline by a hidden stage, and leaves out hidden amounts', async () => {
    const noStage = await t.createUser({ role: await t.createRole('no_stage_board', { objects: READ_ALL, fields: { deals: { stage: 'hidden' } } }) });
    const refused = await noStage.client.get('/api/v1/pipelines/standard/summary');
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.map((d: Rec) => d.path)).toEqual(['stage']);
    const summary = await hider.client.get('/api/v1/pipelines/standard/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.data.find((s: Rec) => s.stage === 'negotiation')).toMatchObject({ count: 1, total: null, weighted: null });
  });

  it('refuses the forecast naming each hidden field it is computed from', async () => {
    const role = await t.createRole('no_close_date', { objects: READ_ALL, fields: { deals: { expected_close_date: 'hidden', probability: 'hidden' } } });
    const user = await t.createUser({ role });
    const res = await user.client.get(`/api/v1/forecast?${qs({ from: month, to: month })}`);
    expect(res.status).toBe(403);
    expect(res.body.error.details.map((d: Rec) => d.path).sort()).toEqual(['expected_close_date', 'probability']);
    const amount = await hider.client.get(`/api/v1/forecast?${qs({ from: month, to: month })}`);
    expect(amount.status).toBe(403);
    expect(amount.body.error.details.map((d: Rec) => d.path)).toEqual(['amount']);
    expect((await t.admin.client.get(`/api/v1/forecast?${qs({ from: month, to: month })}`)).body.data.totals[0].bestCase).toBe(DEAL_AMOUNT);
  });
});

describe('a hidden order total hides what it is derived from', () => {
  let totalHider: TestUser;
  beforeAll(async () => {
    totalHider = await t.createUser({ role: await t.createRole('no_total', { objects: READ_ALL, fields: { orders: { total_amount: 'hidden' } } }) });
  });

  it('line prices and amounts, the outstanding amount and instalments are hidden with the total', async () => {
    const c = totalHider.client;
    const lines = (await c.list('order_line_items', { filter: { field: 'order_id', op: 'eq', value: order.id } })).body.data as Rec[];
    expect(lines).toHaveLength(1);
    expect(lines[0].quantity).toBe(1);
    for (const name of ['unit_price', 'amount', 'discount_amount', 'tax_amount', 'line_total']) expect(lines[0]).not.toHaveProperty(name);
    const meta = (await c.get('/api/v1/meta/objects/order_line_items')).body.data.fields.map((f: Rec) => f.name);
    expect(meta).toContain('quantity');
    expect(meta).not.toContain('line_total');
    const shown = (await c.get(`/api/v1/orders/${order.id}`)).body.data;
    expect(shown).not.toHaveProperty('total_amount');
    expect(shown).not.toHaveProperty('outstanding_amount');
    expect(shown.received_amount).toMatchObject({ amount: 0 });
    const plans = (await c.list('payment_plans', { filter: { field: 'order_id', op: 'eq', value: order.id } })).body.data as Rec[];
    expect(plans[0]).not.toHaveProperty('amount');
    expect((await c.get(`/api/v1/order_line_items/aggregate?${qs({ metrics: 'sum:line_total' })}`)).status).toBe(400);
    // Quote lines follow the quote's own total, which this role sees.
    const quoteLines = (await c.list('quote_line_items', { filter: { field: 'quote_id', op: 'eq', value: quote.id } })).body.data as Rec[];
    expect(quoteLines[0].line_total).toBe(DOC_TOTAL);
    // The administrator still sees all of it.
    expect((await t.admin.client.get(`/api/v1/order_line_items/${lines[0].id}`)).body.data.line_total).toBe(DOC_TOTAL);
  });

  it('generating instalments is refused with 403 naming the total, not a 500', async () => {
    const fresh = await rep.client.create('orders', { name: '无计划合同', customer_id: customer.id, total_amount: { amount: 1000, currency: 'CNY' } });
    const res = await totalHider.client.post(`/api/v1/orders/${fresh.id}/instalments`, { count: 2, firstDueOn: today });
    expect(res.status).toBe(403);
    expect(res.body.error.details[0].path).toBe('total_amount');
    expect((await rep.client.list('payment_plans', { filter: { field: 'order_id', op: 'eq', value: fresh.id } })).body.data).toEqual([]);
    expect((await rep.client.post(`/api/v1/orders/${fresh.id}/instalments`, { count: 2, firstDueOn: today })).status).toBe(201);
  });
});
