import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let admin: TestCrm['admin']['client'];

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
});
afterAll(async () => {
  await t?.close();
});

const auditOf = (recordId: string) =>
  t.crm.handle.db.selectFrom('audit_log').selectAll().where('record_id', '=', recordId).orderBy('id').execute();

describe('optimistic concurrency', () => {
  it('refuses a write based on a stale version with 409 version_conflict', async () => {
    const c = await admin.create('customers', { name: '并发客户' });
    const first = await admin.patch(`/api/v1/customers/${c.id}`, { status: 'active', version: 1 });
    expect(first.status).toBe(200);
    expect(first.body.data.version).toBe(2);
    const stale = await admin.patch(`/api/v1/customers/${c.id}`, { status: 'vip', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const viaHeader = await admin.patch(`/api/v1/customers/${c.id}`, { status: 'vip' }, { 'if-match': 'W/"1"' });
    expect(viaHeader.status).toBe(409);
    expect((await admin.get(`/api/v1/customers/${c.id}`)).body.data).toMatchObject({ status: 'active', version: 2 });
    const fresh = await admin.patch(`/api/v1/customers/${c.id}`, { status: 'vip' }, { 'if-match': '"2"' });
    expect(fresh.body.data).toMatchObject({ status: 'vip', version: 3 });
    // A change that changes nothing does not bump the version.
    const same = await admin.patch(`/api/v1/customers/${c.id}`, { status: 'vip', version: 3 });
    expect(same.body.data.version).toBe(3);
    // A form that sends `null` or `[]` for fields still empty changes nothing either (no "标签: - → -" entries).
    const empties = await admin.patch(`/api/v1/customers/${c.id}`, { tags: null, website: null, version: 3 });
    expect(empties.body.data.version).toBe(3);
    expect((await auditOf(c.id)).map((a) => Object.keys(a.changes ?? {}))).not.toContainEqual(['tags']);
  });
});

describe('concurrent writers', () => {
  it('lets exactly one of several simultaneous edits of the same version win', async () => {
    const c = await admin.create('customers', { name: '抢改客户' });
    const statuses = ['active', 'vip', 'dormant', 'lost', 'active'];
    const results = await Promise.all(statuses.map((status) => admin.patch(`/api/v1/customers/${c.id}`, { status, version: 1 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.body.data;
    const stored = (await admin.get(`/api/v1/customers/${c.id}`)).body.data;
    expect(stored).toMatchObject({ version: 2, status: winner.status });
    expect((await auditOf(c.id)).map((a) => a.action)).toEqual(['create', 'update']);
  });
});

describe('audit and timeline', () => {
  it('writes field-level before/after audit entries for every change', async () => {
    const c = await admin.create('customers', { name: '审计客户', employees: 5 });
    await admin.patch(`/api/v1/customers/${c.id}`, { employees: 8, status: 'active', tags: ['a'] });
    await admin.delete(`/api/v1/customers/${c.id}`);
    await admin.post(`/api/v1/customers/${c.id}/restore`);
    const audit = await auditOf(c.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(audit.every((a) => a.actor_id === t.admin.id && a.object === 'customers')).toBe(true);
    expect(audit[0].changes).toMatchObject({ name: { from: null, to: '审计客户' }, employees: { from: null, to: 5 }, status: { from: null, to: 'prospect' } });
    expect(audit[1].changes).toEqual({ employees: { from: 5, to: 8 }, status: { from: 'prospect', to: 'active' }, tags: { from: [], to: ['a'] } });
    expect((audit[2].changes as Rec).deleted_at.from).toBeNull();
    expect((audit[3].changes as Rec).deleted_at.to).toBeNull();
  });

  it('shows changes and follow-ups on the timeline, newest first', async () => {
    const c = await admin.create('customers', { name: '时间线客户' });
    await admin.patch(`/api/v1/customers/${c.id}`, { status: 'active' });
    const visit = await admin.create('activities', { subject: '上门拜访', type: 'visit', customer_id: c.id, occurred_at: '2030-01-01T10:00:00Z' });
    const res = await admin.get(`/api/v1/customers/${c.id}/timeline`);
    expect(res.status).toBe(200);
    const timeline = res.body.data as Rec[];
    expect(timeline[0]).toMatchObject({ kind: 'record', object: 'activities', record: { id: visit.id, subject: '上门拜访' } });
    const changes = timeline.filter((e) => e.kind === 'change');
    expect(changes.map((e) => e.action)).toEqual(['update', 'create']);
    expect(changes[0].changes).toEqual({ status: { from: 'prospect', to: 'active' } });
    expect(changes[0].actorId).toBe(t.admin.id);
    const ats = timeline.map((e) => e.at);
    expect(ats).toEqual([...ats].sort().reverse());
  });

  it('gives the 360° view: the record, its related lists and its timeline', async () => {
    const c = await admin.create('customers', { name: '全景客户' });
    const contact = await admin.create('contacts', { name: '赵敏', customer_id: c.id });
    const deal = await admin.create('deals', { name: '全景商机', customer_id: c.id, contact_id: contact.id });
    const activity = await admin.create('activities', { subject: '电话', customer_id: c.id });
    const task = await admin.create('tasks', { title: '回访', customer_id: c.id });
    await admin.create('contacts', { name: '无关联系人' });

    const res = await admin.get(`/api/v1/customers/${c.id}?include=related,timeline`);
    expect(res.status).toBe(200);
    expect(res.body.data.id).toBe(c.id);
    const related = Object.fromEntries((res.body.related as Rec[]).map((l) => [l.name, l]));
    expect(related.contacts).toMatchObject({ object: 'contacts', total: 1, data: [{ id: contact.id }] });
    expect(related.deals).toMatchObject({ total: 1, data: [{ id: deal.id }] });
    expect(related.activities).toMatchObject({ total: 1, data: [{ id: activity.id }] });
    expect(related.tasks).toMatchObject({ total: 1, data: [{ id: task.id }] });
    expect(res.body.timeline.some((e: Rec) => e.kind === 'record' && e.record.id === activity.id)).toBe(true);
    expect(res.body.timeline.some((e: Rec) => e.kind === 'change' && e.action === 'create')).toBe(true);

    const one = await admin.get(`/api/v1/customers/${c.id}/related/deals`);
    expect(one.body).toMatchObject({ total: 1, data: [{ id: deal.id }] });
    // Deleted related records drop out of the view.
    await admin.delete(`/api/v1/tasks/${task.id}`);
    const after = await admin.get(`/api/v1/customers/${c.id}?include=related`);
    expect(after.body.related.find((l: Rec) => l.name === 'tasks').total).toBe(0);
    expect(after.body.timeline).toBeUndefined();
  });
});

describe('recycle bin', () => {
  it('soft-deletes, lists the recycle bin and restores', async () => {
    const a = await admin.create('customers', { name: '回收甲' });
    const b = await admin.create('customers', { name: '回收乙' });
    expect((await admin.delete(`/api/v1/customers/${a.id}`)).status).toBe(204);
    const bin = await admin.get('/api/v1/customers/deleted');
    expect(bin.status).toBe(200);
    expect(bin.body.data.map((r: Rec) => r.id)).toEqual([a.id]);
    expect(bin.body.data[0].deleted_at).not.toBeNull();
    const live = await admin.list('customers', { limit: 500 });
    expect(live.body.data.map((r: Rec) => r.id)).not.toContain(a.id);
    expect(live.body.data.map((r: Rec) => r.id)).toContain(b.id);
    expect((await admin.patch(`/api/v1/customers/${a.id}`, { name: 'x' })).status).toBe(404);

    const restored = await admin.post(`/api/v1/customers/${a.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.data).toMatchObject({ id: a.id, deleted_at: null, name: '回收甲' });
    expect((await admin.get('/api/v1/customers/deleted')).body.data).toEqual([]);
    expect((await admin.post(`/api/v1/customers/${a.id}/restore`)).status).toBe(404);
  });

  it('pages through a recycle bin filled by one bulk delete', async () => {
    const created = await admin.post('/api/v1/tasks/bulk', { action: 'create', rows: Array.from({ length: 25 }, (_, i) => ({ title: `回收任务${i}` })) });
    const taskIds = created.body.data.map((r: Rec) => r.id);
    // Ids listed twice count once.
    expect((await admin.post('/api/v1/tasks/bulk', { action: 'delete', ids: [...taskIds, taskIds[0]] })).body).toEqual({ count: 25 });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await admin.get(`/api/v1/tasks/deleted?limit=10&filter=${encodeURIComponent(JSON.stringify({ field: 'title', op: 'starts_with', value: '回收任务' }))}${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.data.map((r: Rec) => r.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor && seen.length < 100);
    expect(seen.sort()).toEqual([...taskIds].sort());
    expect((await admin.post('/api/v1/tasks/bulk', { action: 'restore', ids: taskIds })).body).toEqual({ count: 25 });
    expect((await admin.get(`/api/v1/tasks/count?filter=${encodeURIComponent(JSON.stringify({ field: 'title', op: 'starts_with', value: '回收任务' }))}`)).body.total).toBe(25);
  });
});

describe('bulk calls', () => {
  it('creates, updates and deletes 1000 rows in one call each', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ name: `批量联系人${i}`, email: `bulk${i}@example.com` }));
    const created = await admin.post('/api/v1/contacts/bulk', { action: 'create', rows });
    expect(created.status, created.text).toBe(200);
    expect(created.body.data).toHaveLength(1000);
    const ids = created.body.data.map((r: Rec) => r.id);
    expect((await admin.get('/api/v1/contacts/count?filter=' + encodeURIComponent(JSON.stringify({ field: 'name', op: 'starts_with', value: '批量' })))).body.total).toBe(1000);

    const updated = await admin.post('/api/v1/contacts/bulk', { action: 'update', rows: ids.map((id: string) => ({ id, title: '经理', version: 1 })) });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.data.every((r: Rec) => r.title === '经理' && r.version === 2)).toBe(true);

    const deleted = await admin.post('/api/v1/contacts/bulk', { action: 'delete', ids });
    expect(deleted.body).toEqual({ count: 1000 });
    expect((await admin.get('/api/v1/contacts/count?filter=' + encodeURIComponent(JSON.stringify({ field: 'name', op: 'starts_with', value: '批量' })))).body.total).toBe(0);
    const audit = await t.crm.handle.pool.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE object = 'contacts' AND record_id = ANY($1::uuid[]) GROUP BY action ORDER BY action`, [ids]);
    expect(audit.rows).toEqual([{ action: 'create', n: 1000 }, { action: 'delete', n: 1000 }, { action: 'update', n: 1000 }]);
  }, 180_000); // 3,000 audited writes; generous on a busy 2-core machine.

  it('refuses more than 1000 rows or none', async () => {
    const res = await admin.post('/api/v1/tasks/bulk', { action: 'create', rows: Array.from({ length: 1001 }, (_, i) => ({ title: `t${i}` })) });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('rows');
    expect((await admin.post('/api/v1/tasks/bulk', { action: 'create', rows: [] })).status).toBe(400);
    expect((await admin.post('/api/v1/tasks/bulk', { action: 'delete', ids: [] })).status).toBe(400);
  });

  it('writes nothing when one row is bad, and names the row', async () => {
    const before = (await admin.get('/api/v1/tasks/count')).body.total;
    const rows = Array.from({ length: 50 }, (_, i) => ({ title: `原子任务${i}`, ...(i === 37 ? { priority: 'urgent' } : {}) }));
    const res = await admin.post('/api/v1/tasks/bulk', { action: 'create', rows });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('rows.37.priority');
    expect((await admin.get('/api/v1/tasks/count')).body.total).toBe(before);
  });

  it('rolls back a bulk create when a late row hits a database constraint', async () => {
    const field = await admin.post('/api/v1/meta/objects/tasks/fields', { name: 'ext_id', label: { zh: '外部编号', en: 'External id' }, type: 'text', unique: true });
    expect(field.status).toBe(201);
    const before = (await admin.get('/api/v1/tasks/count')).body.total;
    const rows = Array.from({ length: 10 }, (_, i) => ({ title: `唯一任务${i}`, cf_ext_id: i === 8 ? 'E-1' : `E-${i}` }));
    const res = await admin.post('/api/v1/tasks/bulk', { action: 'create', rows });
    expect(res.status).toBe(409);
    expect(res.body.error.details[0].path).toBe('rows.8.cf_ext_id');
    expect((await admin.get('/api/v1/tasks/count')).body.total).toBe(before);
  });

  it('rolls back a bulk update when one row is stale or missing, naming it', async () => {
    const a = await admin.create('customers', { name: '批更甲' });
    const b = await admin.create('customers', { name: '批更乙' });
    await admin.patch(`/api/v1/customers/${b.id}`, { status: 'active' });
    const stale = await admin.post('/api/v1/customers/bulk', { action: 'update', rows: [{ id: a.id, status: 'vip', version: 1 }, { id: b.id, status: 'vip', version: 1 }] });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0].path).toBe('rows.1.version');
    const missing = await admin.post('/api/v1/customers/bulk', { action: 'update', rows: [{ id: a.id, status: 'vip' }, { id: '00000000-0000-0000-0000-000000000000', status: 'vip' }] });
    expect(missing.status).toBe(404);
    expect(missing.body.error.details[0].path).toBe('rows.1.id');
    const invalid = await admin.post('/api/v1/customers/bulk', { action: 'update', rows: [{ id: a.id, status: 'vip' }, { id: b.id, employees: -3 }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details[0].path).toBe('rows.1.employees');
    expect((await admin.get(`/api/v1/customers/${a.id}`)).body.data.status).toBe('prospect');

    const del = await admin.post('/api/v1/customers/bulk', { action: 'delete', ids: [a.id, '00000000-0000-0000-0000-000000000000'] });
    expect(del.status).toBe(404);
    expect(del.body.error.details[0].path).toBe('ids.1');
    expect((await admin.get(`/api/v1/customers/${a.id}`)).status).toBe(200);
  });
});
