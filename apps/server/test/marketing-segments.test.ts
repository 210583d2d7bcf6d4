import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

/** Segments: dynamic over related records, static lists, live counts, ?segment= under the user's scope. */
let t: TestCrm;
let rep: TestUser;
const names = (res: { body: { data: { name: string }[] } }) => res.body.data.map((r) => r.name).sort();

beforeAll(async () => {
  t = await startTestCrm();
  rep = await t.createUser({ role: 'sales_rep', name: '王五' });
});
afterAll(() => t?.close());

const segment = (client: TestUser['client'], values: Record<string, unknown>) =>
  client.create('segments', { ...values, filter: values.filter === undefined ? undefined : JSON.stringify(values.filter) });

describe('dynamic segments with related-record conditions', () => {
  it('finds customers with a won deal over 100000 closed in the last 12 months, and the contacts of such customers', async () => {
    const admin = t.admin.client;
    const big = await admin.create('customers', { name: '大单客户' });
    const old = await admin.create('customers', { name: '老单客户' });
    const small = await admin.create('customers', { name: '小单客户' });
    const open = await admin.create('customers', { name: '未成交客户' });
    await admin.create('deals', { name: '大单', customer_id: big.id, amount: { amount: 250000 }, stage: 'won' });
    const oldDeal = await admin.create('deals', { name: '旧大单', customer_id: old.id, amount: { amount: 300000 }, stage: 'won' });
    await sql`UPDATE deals SET closed_at = now() - interval '400 days' WHERE id = ${oldDeal.id}`.execute(t.crm.handle.db);
    await admin.create('deals', { name: '小单', customer_id: small.id, amount: { amount: 5000 }, stage: 'won' });
    await admin.create('deals', { name: '谈判中', customer_id: open.id, amount: { amount: 900000 }, stage: 'negotiation' });
    await admin.create('contacts', { name: '大单联系人', customer_id: big.id });
    await admin.create('contacts', { name: '小单联系人', customer_id: small.id });

    const wonDeal = { and: [{ field: 'stage', op: 'eq', value: 'won' }, { field: 'amount', op: 'gt', value: 100000 }, { field: 'closed_at', op: 'gte', value: { daysAgo: 365 } }] };
    const customers = await segment(admin, { name: '年度大客户', kind: 'dynamic', object: 'customers', filter: { related: 'deals.customer_id', filter: wonDeal } });
    const listed = await admin.list('customers', { segment: customers.id, count: true });
    expect(listed.status).toBe(200);
    expect(names(listed)).toEqual(['大单客户']);
    // The list's export is the same list: only the segment's customers.
    const exported = await admin.get(`/api/v1/customers/export?format=csv&fields=name&segment=${customers.id}`);
    expect(exported.status).toBe(200);
    expect(exported.text).toContain('大单客户');
    expect(exported.text).not.toContain('小单客户');
    const counted = await admin.get(`/api/v1/segments/${customers.id}/count`);
    expect(counted.body.data).toEqual({ object: 'customers', total: 1 });

    const contacts = await segment(admin, { name: '大客户联系人', kind: 'dynamic', object: 'contacts', filter: { related: 'customer_id', filter: { related: 'deals.customer_id', filter: wonDeal } } });
    expect(names(await admin.list('contacts', { segment: contacts.id }))).toEqual(['大单联系人']);
    // A segment of customers is no filter for contacts.
    const wrong = await admin.list('contacts', { segment: customers.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('segment');
  });

  it('refuses a filter naming an unknown field, naming it, and writes nothing', async () => {
    const before = await t.admin.client.get('/api/v1/segments/count');
    const bad = await t.admin.client.post('/api/v1/segments', { name: '坏分群', object: 'customers', filter: JSON.stringify({ related: 'deals.customer_id', filter: { field: 'no_such_field', op: 'eq', value: 1 } }) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('no_such_field');
    const badLink = await t.admin.client.post('/api/v1/segments', { name: '坏分群', object: 'customers', filter: JSON.stringify({ related: 'deals.contact_id', filter: { and: [] } }) });
    expect(badLink.status).toBe(400);
    expect(badLink.body.error.details[0].path).toBe('filter.related');
    const notJson = await t.admin.client.post('/api/v1/segments', { name: '坏分群', object: 'customers', filter: '{oops' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.details[0].path).toBe('filter');
    expect((await t.admin.client.get('/api/v1/segments/count')).body.total).toBe(before.body.total);
  });
});

describe('static segments', () => {
  it('adds and removes members by id and by a list filter, audited', async () => {
    const admin = t.admin.client;
    const a = await admin.create('leads', { name: '名单线索甲', company: '甲公司' });
    const b = await admin.create('leads', { name: '名单线索乙', company: '乙公司' });
    await admin.create('leads', { name: '别的线索', company: '丙公司' });
    const s = await segment(admin, { name: '展会名单', kind: 'static', object: 'leads' });
    const added = await admin.post(`/api/v1/segments/${s.id}/members`, { ids: [a.id] });
    expect(added.body.data).toMatchObject({ added: 1, members: 1 });
    expect(names(await admin.list('leads', { segment: s.id }))).toEqual(['名单线索甲']);
    const matching = await admin.post(`/api/v1/segments/${s.id}/members/add-matching`, { filter: { field: 'name', op: 'starts_with', value: '名单线索' } });
    expect(matching.body.data).toMatchObject({ added: 1, members: 2 });
    const removed = await admin.post(`/api/v1/segments/${s.id}/members/remove`, { ids: [a.id] });
    expect(removed.body.data).toMatchObject({ removed: 1, members: 1 });
    expect(names(await admin.list('leads', { segment: s.id }))).toEqual(['名单线索乙']);
    const audit = await admin.get(`/api/v1/audit-log?object=segments&recordId=${s.id}`);
    expect(JSON.stringify(audit.body)).toContain('members');

    const ghost = await admin.post(`/api/v1/segments/${s.id}/members`, { ids: [b.id, '00000000-0000-4000-8000-000000000000'] });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.details[0].path).toBe('ids.1');
    expect((await admin.get(`/api/v1/segments/${s.id}/count`)).body.data.total).toBe(1);
    const dynamic = await segment(admin, { name: '动态', kind: 'dynamic', object: 'leads' });
    expect((await admin.post(`/api/v1/segments/${dynamic.id}/members`, { ids: [a.id] })).status).toBe(400);
  });
});

describe('permissions', () => {
  it('a rep counts and lists only their own records in a segment', async () => {
    await rep.client.create('customers', { name: '王五的客户' });
    await t.admin.client.create('customers', { name: '管理员的客户' });
    const s = await segment(rep.client, { name: '我的全部客户', kind: 'dynamic', object: 'customers', filter: { field: 'name', op: 'contains', value: '的客户' } });
    expect(names(await rep.client.list('customers', { segment: s.id }))).toEqual(['王五的客户']);
    expect((await rep.client.get(`/api/v1/segments/${s.id}/count`)).body.data.total).toBe(1);
    expect((await t.admin.client.get(`/api/v1/segments/${s.id}/count`)).body.data.total).toBe(2);
    // Another user's segment is not readable by the rep: 404, not its members.
    const adminSegment = await segment(t.admin.client, { name: '管理员分群', kind: 'dynamic', object: 'customers' });
    expect((await rep.client.list('customers', { segment: adminSegment.id })).status).toBe(404);
  });
});
