import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qs, startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let repA: TestUser, repA2: TestUser, repA1: TestUser, managerA: TestUser, repB: TestUser, repB1: TestUser;
let custA: Rec, custA2: Rec, custA1: Rec, custB: Rec, custB1: Rec;

const ids = (res: { body: { data: Rec[] } }) => res.body.data.map((r) => r.id);

beforeAll(async () => {
  t = await startTestCrm();
  const teamA = await t.createTeam('华北销售部');
  const teamA1 = await t.createTeam('北京小组', teamA);
  const teamB = await t.createTeam('华南销售部');
  const teamB1 = await t.createTeam('深圳小组', teamB);
  repA = await t.createUser({ role: 'sales_rep', teamId: teamA, name: '甲代表' });
  repA2 = await t.createUser({ role: 'sales_rep', teamId: teamA, name: '甲代表二' });
  repA1 = await t.createUser({ role: 'sales_rep', teamId: teamA1, name: '甲一代表' });
  managerA = await t.createUser({ role: 'sales_manager', teamId: teamA, name: '甲经理' });
  repB = await t.createUser({ role: 'sales_rep', teamId: teamB, name: '乙代表' });
  repB1 = await t.createUser({ role: 'sales_rep', teamId: teamB1, name: '乙一代表' });
  custA = await repA.client.create('customers', { name: '甲方科技有限公司', phone: '13800000001' });
  custA2 = await repA2.client.create('customers', { name: '甲二科技有限公司' });
  custA1 = await repA1.client.create('customers', { name: '甲一科技有限公司' });
  custB = await repB.client.create('customers', { name: '乙方科技有限公司', phone: '13900000002', email: 'boss@yifang.cn' });
  custB1 = await repB1.client.create('customers', { name: '乙一科技有限公司' });
});
afterAll(async () => {
  await t?.close();
});

describe("a rep in team A cannot reach team B's customers", () => {
  it('cannot read, list or count them', async () => {
    expect((await repA.client.get(`/api/v1/customers/${custB.id}`)).status).toBe(404);
    expect((await repA.client.get(`/api/v1/customers/${custB.id}?include=related,timeline`)).status).toBe(404);
    expect((await repA.client.get(`/api/v1/customers/${custB.id}/timeline`)).status).toBe(404);
    expect((await repA.client.get(`/api/v1/customers/${custB.id}/related/contacts`)).status).toBe(404);
    expect(ids(await repA.client.list('customers', { limit: 500 }))).toEqual([custA.id]);
    const byName = await repA.client.list('customers', { filter: { field: 'name', op: 'contains', value: '乙' }, count: true });
    expect(byName.body).toMatchObject({ data: [], total: 0 });
    expect((await repA.client.get(`/api/v1/customers/count`)).body.total).toBe(1);
    const byOwner = await repA.client.get(`/api/v1/customers/count?${qs({ filter: { field: 'owner_id', op: 'eq', value: repB.id } })}`);
    expect(byOwner.body.total).toBe(0);
    expect(ids(await repA.client.post('/api/v1/customers/query', { filter: { field: 'id', op: 'eq', value: custB.id } }))).toEqual([]);
  });

  it('cannot find them through global or in-object search', async () => {
    for (const q of ['乙方', '科技', 'boss@yifang', '13900000002', '0002']) {
      const res = await repA.client.get(`/api/v1/search?${qs({ q })}`);
      expect(res.status).toBe(200);
      expect(res.body.data.map((h: Rec) => h.id)).not.toContain(custB.id);
    }
    const mine = await repA.client.get(`/api/v1/search?${qs({ q: '科技' })}`);
    expect(mine.body.data.map((h: Rec) => h.id)).toEqual([custA.id]);
    expect(ids(await repA.client.list('customers', { q: '乙方' }))).toEqual([]);
  });

  it("does not see B's records in the related lists or timeline of its own customer", async () => {
    // The admin may put B's records under A's customer; A's 360° view must still hide them.
    const admin = t.admin.client;
    const bContact = await admin.create('contacts', { name: '乙方联系人', customer_id: custA.id, owner_id: repB.id });
    const bDeal = await admin.create('deals', { name: '乙方商机', customer_id: custA.id, owner_id: repB.id });
    const bActivity = await admin.create('activities', { subject: '乙方跟进', customer_id: custA.id, owner_id: repB.id });
    const teammateActivity = await admin.create('activities', { subject: '队友跟进', customer_id: custA.id, owner_id: repA2.id });
    const ownContact = await repA.client.create('contacts', { name: '甲方联系人', customer_id: custA.id });

    const view = await repA.client.get(`/api/v1/customers/${custA.id}?include=related,timeline`);
    expect(view.status).toBe(200);
    const related = Object.fromEntries((view.body.related as Rec[]).map((l) => [l.name, l]));
    expect(related.contacts).toMatchObject({ total: 1, data: [{ id: ownContact.id }] });
    expect(related.deals).toMatchObject({ total: 0, data: [] });
    // Follow-ups are readable team-wide for reps: the teammate's shows, team B's does not.
    expect(ids({ body: related.activities })).toEqual([teammateActivity.id]);
    const timelineIds = (view.body.timeline as Rec[]).filter((e) => e.kind === 'record').map((e) => e.record.id);
    expect(timelineIds).toContain(teammateActivity.id);
    expect(timelineIds).not.toContain(bActivity.id);
    expect(JSON.stringify(view.body)).not.toContain(bContact.id);
    expect(JSON.stringify(view.body)).not.toContain(bDeal.id);
    expect((await repA.client.get(`/api/v1/deals/${bDeal.id}`)).status).toBe(404);
  });

  it('cannot update, delete, restore, bulk-update or bulk-delete them, and nothing changes', async () => {
    const c = repA.client;
    expect((await c.patch(`/api/v1/customers/${custB.id}`, { name: '被改了' })).status).toBe(404);
    expect((await c.delete(`/api/v1/customers/${custB.id}`)).status).toBe(404);
    const bulkUpdate = await c.post('/api/v1/customers/bulk', { action: 'update', rows: [{ id: custA.id, status: 'vip' }, { id: custB.id, status: 'lost' }] });
    expect(bulkUpdate.status).toBe(404);
    expect(bulkUpdate.body.error.details[0].path).toBe('rows.1.id');
    const bulkDelete = await c.post('/api/v1/customers/bulk', { action: 'delete', ids: [custA.id, custB.id] });
    expect(bulkDelete.status).toBe(404);

    const gone = await repB.client.create('customers', { name: '乙方待删客户' });
    expect((await repB.client.delete(`/api/v1/customers/${gone.id}`)).status).toBe(204);
    expect((await c.post(`/api/v1/customers/${gone.id}/restore`)).status).toBe(404);
    expect((await c.post('/api/v1/customers/bulk', { action: 'restore', ids: [gone.id] })).status).toBe(404);
    expect(ids(await c.get('/api/v1/customers/deleted'))).not.toContain(gone.id);
    expect(ids(await repB.client.get('/api/v1/customers/deleted'))).toContain(gone.id);

    const b = await repB.client.get(`/api/v1/customers/${custB.id}`);
    expect(b.body.data).toMatchObject({ name: '乙方科技有限公司', status: 'prospect', version: 1, deleted_at: null });
    expect((await repA.client.get(`/api/v1/customers/${custA.id}`)).body.data).toMatchObject({ status: 'prospect', version: 1 });
  });

  it("cannot hand records to B, or link to B's records", async () => {
    const c = repA.client;
    const create = await c.post('/api/v1/customers', { name: '转给乙', owner_id: repB.id });
    expect(create.status).toBe(403);
    expect(create.body.error.details[0].path).toBe('owner_id');
    expect((await c.patch(`/api/v1/customers/${custA.id}`, { owner_id: repB.id })).status).toBe(403);
    const link = await c.post('/api/v1/contacts', { name: '偷连', customer_id: custB.id });
    expect(link.status).toBe(400);
    expect(link.body.error.details[0].path).toBe('customer_id');
    expect((await c.get(`/api/v1/customers/export`)).status).toBe(403);
    expect((await repB.client.get(`/api/v1/customers/${custB.id}`)).body.data.owner_id).toBe(repB.id);
  });

  it("may save a record that keeps an unchanged link to a record it cannot see, but not make new ones", async () => {
    const contact = await t.admin.client.create('contacts', { name: '跨组联系人', customer_id: custB.id, owner_id: repA.id });
    const form = (await repA.client.get(`/api/v1/contacts/${contact.id}`)).body.data;
    expect(form.customer_id).toBe(custB.id);
    const saved = await repA.client.patch(`/api/v1/contacts/${contact.id}`, { name: '跨组联系人（改）', customer_id: form.customer_id, owner_id: form.owner_id });
    expect(saved.status, saved.text).toBe(200);
    const moved = await repA.client.patch(`/api/v1/contacts/${contact.id}`, { customer_id: custB1.id });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details[0].path).toBe('customer_id');
  });

  it('a rep does not see a teammate’s own customers either (own scope)', async () => {
    expect((await repA.client.get(`/api/v1/customers/${custA2.id}`)).status).toBe(404);
  });
});

describe("team A's manager", () => {
  it("sees the team's and sub-team's records, not team B's", async () => {
    const list = ids(await managerA.client.list('customers', { limit: 500 }));
    expect(list).toEqual(expect.arrayContaining([custA.id, custA2.id, custA1.id]));
    expect(list).not.toContain(custB.id);
    expect(list).not.toContain(custB1.id);
    expect((await managerA.client.get(`/api/v1/customers/${custA1.id}`)).status).toBe(200);
    expect((await managerA.client.get(`/api/v1/customers/${custB1.id}`)).status).toBe(404);
    const hits = (await managerA.client.get(`/api/v1/search?${qs({ q: '科技' })}`)).body.data.map((h: Rec) => h.id);
    expect(hits).toEqual(expect.arrayContaining([custA.id, custA1.id]));
    expect(hits).not.toContain(custB.id);
  });

  it("may change sub-team records and reassign within the team, not to B", async () => {
    const m = managerA.client;
    const patched = await m.patch(`/api/v1/customers/${custA1.id}`, { status: 'active' });
    expect(patched.status).toBe(200);
    expect((await m.patch(`/api/v1/customers/${custA1.id}`, { owner_id: repA.id })).status).toBe(200);
    expect((await m.patch(`/api/v1/customers/${custA1.id}`, { owner_id: repB.id })).status).toBe(403);
    expect((await m.patch(`/api/v1/customers/${custB1.id}`, { status: 'active' })).status).toBe(404);
    const csv = await m.get('/api/v1/customers/export');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('甲一科技有限公司');
    expect(csv.text).not.toContain('乙方科技有限公司');
    // Give it back so other tests see the original owner.
    await t.admin.client.patch(`/api/v1/customers/${custA1.id}`, { owner_id: repA1.id });
  });

  it('sees a new sub-team member’s records once they join', async () => {
    const teams = (await t.admin.client.get('/api/v1/teams')).body.data as Rec[];
    const teamA1 = teams.find((x) => x.name === '北京小组')!;
    const newcomer = await t.admin.client.post('/api/v1/users', { email: 'newcomer@test.local', name: '新人', password: 'password-123', roleId: (await t.admin.client.get('/api/v1/roles')).body.data.find((r: Rec) => r.key === 'sales_rep').id, teamId: teamA1.id });
    expect(newcomer.status).toBe(201);
    const rec = await t.admin.client.create('customers', { name: '新人客户', owner_id: newcomer.body.data.id });
    expect((await managerA.client.get(`/api/v1/customers/${rec.id}`)).status).toBe(200);
  });
});

describe('field-level rules', () => {
  let analyst: TestUser;
  beforeAll(async () => {
    const roleId = await t.createRole('analyst', {
      objects: { '*': { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' } },
      fields: { customers: { annual_revenue: 'hidden', email: 'hidden', status: 'readonly' }, deals: { customer_id: 'hidden' } },
    });
    analyst = await t.createUser({ role: roleId });
    await t.admin.client.patch(`/api/v1/customers/${custB.id}`, { annual_revenue: { amount: 31415926 }, status: 'vip' });
  });

  it('hides hidden fields from records, lists, metadata and exports', async () => {
    const one = (await analyst.client.get(`/api/v1/customers/${custB.id}`)).body.data;
    expect(one).not.toHaveProperty('annual_revenue');
    expect(one).not.toHaveProperty('email');
    expect(one.status).toBe('vip');
    for (const r of (await analyst.client.list('customers')).body.data) expect(r).not.toHaveProperty('annual_revenue');
    const meta = (await analyst.client.get('/api/v1/meta/objects/customers')).body.data;
    expect(meta.fields.map((f: Rec) => f.name)).not.toContain('annual_revenue');
    expect(meta.fields.find((f: Rec) => f.name === 'status').readonly).toBe(true);
    const csv = await analyst.client.get('/api/v1/customers/export');
    expect(csv.text).not.toContain('31415926');
    expect(csv.text).not.toContain('boss@yifang.cn');
    const view = await analyst.client.get(`/api/v1/customers/${custB.id}?include=timeline`);
    expect(JSON.stringify(view.body)).not.toContain('31415926');
    // A hidden relation field drops its related list instead of breaking the 360° view.
    const full = await analyst.client.get(`/api/v1/customers/${custB.id}?include=related,timeline`);
    expect(full.status).toBe(200);
    expect(full.body.related.map((l: Rec) => l.name)).toEqual(expect.arrayContaining(['contacts', 'activities']));
    expect(full.body.related.map((l: Rec) => l.name)).not.toContain('deals');
    expect(meta.relatedLists.map((l: Rec) => l.name)).not.toContain('deals');
  });

  it('refuses filtering, sorting and selecting by hidden fields', async () => {
    const filter = await analyst.client.list('customers', { filter: { field: 'annual_revenue', op: 'gt', value: 1 } });
    expect(filter.status).toBe(400);
    expect((await analyst.client.list('customers', { sort: '-annual_revenue' })).status).toBe(400);
    expect((await analyst.client.list('customers', { fields: 'name,annual_revenue' })).status).toBe(400);
    const search = await analyst.client.list('customers', { q: 'boss@yifang.cn' });
    expect(search.body.data).toEqual([]);
    // Visible fields stay searchable.
    expect(ids(await analyst.client.list('customers', { q: '乙方科技' }))).toEqual([custB.id]);
    expect((await analyst.client.get(`/api/v1/search?${qs({ q: '乙方科技' })}`)).body.data.map((h: Rec) => h.id)).toEqual([custB.id]);
  });

  it('refuses writing hidden or read-only fields but keeps their stored values', async () => {
    const write = await analyst.client.patch(`/api/v1/customers/${custB.id}`, { status: 'lost' });
    expect(write.status).toBe(403);
    expect(write.body.error.details[0].path).toBe('status');
    expect((await analyst.client.patch(`/api/v1/customers/${custB.id}`, { annual_revenue: { amount: 1 } })).status).toBe(403);
    const created = await analyst.client.post('/api/v1/customers', { name: '分析员客户', status: 'vip' });
    expect(created.status).toBe(403);
    const ok = await analyst.client.create('customers', { name: '分析员客户' });
    expect(ok.status).toBe('prospect');
    const renamed = await analyst.client.patch(`/api/v1/customers/${custB.id}`, { name: '乙方科技有限公司' });
    expect(renamed.status).toBe(200);
    const stored = (await t.admin.client.get(`/api/v1/customers/${custB.id}`)).body.data;
    expect(stored).toMatchObject({ status: 'vip', annual_revenue: { amount: 31415926 } });
  });
});

describe('export scope', () => {
  it('exports only what the export scope allows, even when reading is wider', async () => {
    const roleId = await t.createRole('reader_own_export', {
      objects: { '*': { read: 'all', create: 'own', update: 'own', delete: 'own', export: 'own' } },
    });
    const user = await t.createUser({ role: roleId });
    await user.client.create('customers', { name: '自己导出的客户' });
    expect((await user.client.get(`/api/v1/customers/${custB.id}`)).status).toBe(200);
    const csv = await user.client.get('/api/v1/customers/export');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('自己导出的客户');
    expect(csv.text).not.toContain('乙方科技有限公司');
  });
});

describe('read-only role', () => {
  it('reads everything and writes nothing', async () => {
    const viewer = await t.createUser({ role: 'read_only' });
    const v = viewer.client;
    expect(ids(await v.list('customers', { limit: 500 }))).toEqual(expect.arrayContaining([custA.id, custB.id]));
    expect((await v.get(`/api/v1/customers/${custB.id}?include=related,timeline`)).status).toBe(200);
    expect((await v.post('/api/v1/customers', { name: '只读' })).status).toBe(403);
    expect((await v.patch(`/api/v1/customers/${custA.id}`, { name: '只读改' })).status).toBe(403);
    expect((await v.delete(`/api/v1/customers/${custA.id}`)).status).toBe(403);
    expect((await v.post('/api/v1/customers/bulk', { action: 'delete', ids: [custA.id] })).status).toBe(403);
    expect((await v.post('/api/v1/customers/bulk', { action: 'create', rows: [{ name: 'x' }] })).status).toBe(403);
    expect((await v.post(`/api/v1/customers/${custA.id}/restore`)).status).toBe(403);
    expect((await v.get('/api/v1/customers/export')).status).toBe(403);
    expect((await v.post('/api/v1/meta/objects/customers/fields', { label: { zh: '字段', en: 'Field' }, type: 'text' })).status).toBe(403);
    expect((await v.post('/api/v1/teams', { name: 'x' })).status).toBe(403);
    expect((await t.admin.client.get(`/api/v1/customers/${custA.id}`)).body.data.name).toBe('甲方科技有限公司');
  });

  it('an object the role may not read is a 403', async () => {
    const agent = await t.createUser({ role: 'service_agent' });
    expect((await agent.client.list('deals')).status).toBe(403);
    expect((await agent.client.get('/api/v1/deals/count')).status).toBe(403);
    const objects = (await agent.client.get('/api/v1/meta/objects')).body.data.map((o: Rec) => o.name);
    expect(objects).not.toContain('deals');
    const hits = (await agent.client.get(`/api/v1/search?${qs({ q: '科技' })}`)).body.data;
    expect(hits.every((h: Rec) => h.object !== 'deals')).toBe(true);
  });
});

describe('tickets (modules/service): own, support group and customer-owner reach', () => {
  it("a rep reads the tickets of the customers they own (list, 360° related list) but not others', and may not work them", async () => {
    const onA = await t.admin.client.create('tickets', { subject: '甲方的故障', customer_id: custA.id });
    const onB = await t.admin.client.create('tickets', { subject: '乙方的故障', customer_id: custB.id });
    expect(ids(await repA.client.list('tickets', { limit: 500 }))).toEqual([onA.id]);
    expect((await repA.client.get(`/api/v1/tickets/${onB.id}`)).status).toBe(404);
    expect(ids(await repA.client.get(`/api/v1/customers/${custA.id}/related/tickets`))).toEqual([onA.id]);
    // The manager of team A reads the tickets of the team's customers.
    expect(ids(await managerA.client.list('tickets', { limit: 500 })).sort()).toEqual([onA.id].sort());
    expect((await repA.client.patch(`/api/v1/tickets/${onA.id}`, { status: 'solved' })).status).toBe(404);
    expect((await repA.client.post(`/api/v1/tickets/${onA.id}/messages`, { kind: 'reply', text: 'x', lastSeenMessageId: null })).status).toBe(403);
  });

  it('an agent works the tickets of their support groups and their own, a support manager all of them', async () => {
    const agent = await t.createUser({ role: 'service_agent', name: '客服小李' });
    const manager = await t.createUser({ role: 'support_manager', name: '客服主管' });
    const group = await manager.client.create('support_groups', { name: '一线支持' });
    const other = await manager.client.create('support_groups', { name: '二线支持' });
    expect((await agent.client.request('PUT', `/api/v1/support_groups/${group.id}/members`, { userIds: [agent.id] })).status).toBe(403);
    expect((await manager.client.request('PUT', `/api/v1/support_groups/${group.id}/members`, { userIds: [agent.id] })).status).toBe(200);
    const inGroup = await manager.client.create('tickets', { subject: '一线工单', support_group_id: group.id, owner_id: manager.id });
    const elsewhere = await manager.client.create('tickets', { subject: '二线工单', support_group_id: other.id, owner_id: manager.id });
    const own = await agent.client.create('tickets', { subject: '电话来电' });
    expect(ids(await agent.client.list('tickets', { limit: 500 })).sort()).toEqual([inGroup.id, own.id].sort());
    expect((await agent.client.get(`/api/v1/tickets/${elsewhere.id}`)).status).toBe(404);
    expect((await agent.client.patch(`/api/v1/tickets/${inGroup.id}`, { status: 'pending_customer' })).status).toBe(200);
    expect((await agent.client.post(`/api/v1/tickets/${inGroup.id}/messages`, { kind: 'note', text: '已联系客户', lastSeenMessageId: null })).status).toBe(201);
    expect((await agent.client.post(`/api/v1/tickets/${elsewhere.id}/messages`, { kind: 'note', text: 'x', lastSeenMessageId: null })).status).toBe(404);
    const all = ids(await manager.client.list('tickets', { limit: 500 }));
    expect(all).toEqual(expect.arrayContaining([inGroup.id, elsewhere.id, own.id]));
    // Agents do not reach deals or the admin's records.
    expect((await agent.client.list('deals')).status).toBe(403);
  });
});
