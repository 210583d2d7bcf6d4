import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qs, startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

let t: TestCrm;
let admin: TestCrm['admin']['client'];
let manager: TestUser;
let repA: TestUser;
let repB: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  const team = await t.createTeam('华东');
  manager = await t.createUser({ role: 'sales_manager', teamId: team });
  repA = await t.createUser({ role: 'sales_rep', teamId: team });
  repB = await t.createUser({ role: 'sales_rep', teamId: team });
  outsider = await t.createUser({ role: 'sales_rep' });
});
afterAll(async () => {
  await t?.close();
});

const bulk = (client: TestUser['client'], object: string, body: unknown) => client.post(`/api/v1/${object}/bulk`, body);
const owners = async (ids: string[]) =>
  Promise.all(ids.map(async (id) => (await admin.get(`/api/v1/customers/${id}`)).body.data.owner_id as string));

describe('bulk: change owner and edit one field', () => {
  it('moves the selection to another owner in one audited transaction', async () => {
    const a = await repA.client.create('customers', { name: '批量转移甲' });
    const b = await repA.client.create('customers', { name: '批量转移乙' });
    const res = await bulk(manager.client, 'customers', { action: 'set', ids: [a.id, b.id, a.id], values: { owner_id: repB.id } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ count: 2, changed: 2 });
    expect(await owners([a.id, b.id])).toEqual([repB.id, repB.id]);
    const audit = await admin.get(`/api/v1/audit-log?${qs({ recordId: a.id })}`);
    expect(audit.body.data[0]).toMatchObject({ action: 'update', actorId: manager.id, changes: { owner_id: { to: repB.id } } });
  });

  it('sets one field on every record and names a bad value as values.<field>', async () => {
    const a = await repA.client.create('customers', { name: '批量字段甲', status: 'prospect' });
    const b = await repA.client.create('customers', { name: '批量字段乙', status: 'prospect' });
    const ok = await bulk(repA.client, 'customers', { action: 'set', ids: [a.id, b.id], values: { status: 'active' } });
    expect(ok.status, ok.text).toBe(200);
    for (const id of [a.id, b.id]) expect((await admin.get(`/api/v1/customers/${id}`)).body.data.status).toBe('active');

    const bad = await bulk(repA.client, 'customers', { action: 'set', ids: [a.id], values: { status: 'nonsense' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('values.status');
    const unknown = await bulk(repA.client, 'customers', { action: 'set', ids: [a.id], values: { nosuch: 1 } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error.details)).toContain('values');
    const empty = await bulk(repA.client, 'customers', { action: 'set', ids: [a.id], values: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('values');
  });

  it('refuses an owner outside the caller’s scope (naming values.owner_id) and changes nothing', async () => {
    const a = await repA.client.create('customers', { name: '越权转移' });
    const res = await bulk(repA.client, 'customers', { action: 'set', ids: [a.id], values: { owner_id: repB.id } });
    expect(res.status).toBe(403);
    expect(res.body.error.details[0].path).toBe('values.owner_id');
    expect(await owners([a.id])).toEqual([repA.id]);
  });

  it('is all or nothing: a record outside the caller’s scope fails the call, naming it, and nothing is written', async () => {
    const mine = await repA.client.create('customers', { name: '全有或全无', status: 'prospect' });
    const theirs = await outsider.client.create('customers', { name: '他人客户', status: 'prospect' });
    const res = await bulk(repA.client, 'customers', { action: 'set', ids: [mine.id, theirs.id], values: { status: 'active' } });
    expect(res.status).toBe(404);
    expect(res.body.error.details[0].path).toBe('ids.1.id');
    expect((await admin.get(`/api/v1/customers/${mine.id}`)).body.data.status).toBe('prospect');
    expect((await admin.get(`/api/v1/customers/${theirs.id}`)).body.data.status).toBe('prospect');
  });

  it('respects field rules: a read-only field cannot be bulk-set', async () => {
    const roleId = await t.createRole('bulk_readonly_status', {
      objects: { '*': { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' } },
      fields: { customers: { status: 'readonly' } },
    });
    const user = await t.createUser({ role: roleId });
    const a = await user.client.create('customers', { name: '只读状态' });
    const res = await bulk(user.client, 'customers', { action: 'set', ids: [a.id], values: { status: 'active' } });
    expect(res.status).toBe(403);
    expect(res.body.error.details[0].path).toBe('values.status');
  });
});

describe('bulk: add and remove tags', () => {
  it('adds tags keeping the existing ones, and removes only the named ones', async () => {
    const a = await repA.client.create('customers', { name: '标签甲', tags: ['老客户'] });
    const b = await repA.client.create('customers', { name: '标签乙' });
    const c = await repA.client.create('customers', { name: '标签丙', tags: ['其他'] });
    const add = await bulk(repA.client, 'customers', { action: 'addTags', ids: [a.id, b.id], tags: ['重点', '老客户'] });
    expect(add.status, add.text).toBe(200);
    const tagsOf = async (id: string) => (await admin.get(`/api/v1/customers/${id}`)).body.data.tags;
    expect(await tagsOf(a.id)).toEqual(['老客户', '重点']);
    expect(await tagsOf(b.id)).toEqual(['重点', '老客户']);
    const remove = await bulk(repA.client, 'customers', { action: 'removeTags', ids: [a.id, b.id, c.id], tags: ['老客户'] });
    expect(remove.body).toEqual({ count: 3, changed: 2 });
    expect(await tagsOf(c.id)).toEqual(['其他']);
    expect(await tagsOf(a.id)).toEqual(['重点']);
    expect(await tagsOf(b.id)).toEqual(['重点']);
  });

  it('names the field or the tags when they are wrong', async () => {
    const a = await repA.client.create('customers', { name: '标签错误' });
    const notTags = await bulk(repA.client, 'customers', { action: 'addTags', ids: [a.id], field: 'name', tags: ['x'] });
    expect(notTags.status).toBe(400);
    expect(notTags.body.error.details[0].path).toBe('field');
    const tooLong = await bulk(repA.client, 'customers', { action: 'addTags', ids: [a.id], tags: ['x'.repeat(51)] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].path).toMatch(/^tags/);
    const none = await bulk(repA.client, 'customers', { action: 'addTags', ids: [a.id], tags: [] });
    expect(none.status).toBe(400);
  });
});

describe('owner transfer across objects (administrators)', () => {
  it('hands every live record of a leaving rep to another user, audited, and only admins may', async () => {
    const leaver = await t.createUser({ role: 'sales_rep' });
    const customer = await leaver.client.create('customers', { name: '离职交接客户' });
    const contact = await leaver.client.create('contacts', { name: '离职交接联系人', customer_id: customer.id });
    const lead = await leaver.client.create('leads', { name: '离职交接线索' });
    const gone = await leaver.client.create('leads', { name: '已删线索' });
    await leaver.client.delete(`/api/v1/leads/${gone.id}`);

    expect((await manager.client.post('/api/v1/admin/owner-transfer', { fromUserId: leaver.id, toUserId: repB.id })).status).toBe(403);
    const same = await admin.post('/api/v1/admin/owner-transfer', { fromUserId: leaver.id, toUserId: leaver.id });
    expect(same.status).toBe(400);
    expect(same.body.error.details[0].path).toBe('toUserId');
    const badObject = await admin.post('/api/v1/admin/owner-transfer', { fromUserId: leaver.id, toUserId: repB.id, objects: ['nosuch'] });
    expect(badObject.body.error.details[0].path).toBe('objects.0');

    const missing = await admin.post('/api/v1/admin/owner-transfer', { fromUserId: leaver.id });
    expect([missing.status, missing.body.error.details[0].path]).toEqual([400, 'toUserId']);
    // A dry run (the admin screen's counts) moves nothing.
    const preview = await admin.post('/api/v1/admin/owner-transfer', { fromUserId: leaver.id, dryRun: true });
    expect(preview.body.data).toEqual({ customers: 1, contacts: 1, leads: 1 });
    expect((await admin.get(`/api/v1/customers/${customer.id}`)).body.data.owner_id).toBe(leaver.id);

    const res = await admin.post('/api/v1/admin/owner-transfer', { fromUserId: leaver.id, toUserId: repB.id });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual({ customers: 1, contacts: 1, leads: 1 });
    for (const [object, id] of [['customers', customer.id], ['contacts', contact.id], ['leads', lead.id]]) {
      expect((await admin.get(`/api/v1/${object}/${id}`)).body.data.owner_id, object).toBe(repB.id);
    }
    const audit = await admin.get(`/api/v1/audit-log?${qs({ recordId: lead.id })}`);
    expect(audit.body.data[0]).toMatchObject({ action: 'update', changes: { owner_id: { from: leaver.id, to: repB.id } } });
    expect((await admin.get(`/api/v1/leads/deleted?${qs({ filter: { field: 'owner_id', op: 'eq', value: leaver.id } })}`)).body.data).toHaveLength(1);
  });

  it('refuses an inactive or unknown new owner, writing nothing', async () => {
    const leaver = await t.createUser({ role: 'sales_rep' });
    const customer = await leaver.client.create('customers', { name: '无效接收人' });
    const res = await admin.post('/api/v1/admin/owner-transfer', { fromUserId: leaver.id, toUserId: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('values.owner_id');
    expect((await admin.get(`/api/v1/customers/${customer.id}`)).body.data.owner_id).toBe(leaver.id);
  });
});
