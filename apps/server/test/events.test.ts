import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent } from '../src/engine/jobs/event-bus.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

let t: TestCrm;
let admin: TestCrm['admin']['client'];
const received: RecordEvent[] = [];

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  admin = t.admin.client;
  t.crm.bus.subscribe('record.created', (e) => void received.push(e));
  t.crm.bus.subscribe('record.updated', (e) => void received.push(e));
  t.crm.bus.subscribe('record.deleted', (e) => void received.push(e));
  // A module rule that refuses some records after they were written, inside the same transaction.
  t.crm.engine.hooks.on('customers', 'afterCreate', ({ record }) => {
    if (String(record?.name).startsWith('拒绝')) throw new Error('rule refused the record');
  });
});
afterAll(async () => {
  await t?.close();
});

/** Waits (polling, no fixed sleep) until an event matching pred has arrived. */
async function eventFor(pred: (e: RecordEvent) => boolean): Promise<RecordEvent> {
  for (;;) {
    const found = received.find(pred);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const db = () => t.crm.handle.db;

describe('record events', () => {
  it('delivers record.created to bus subscribers through the outbox and pg-boss', async () => {
    const c = await admin.create('customers', { name: '事件客户', employees: 3 });
    const event = await eventFor((e) => e.topic === 'record.created' && e.recordId === c.id);
    expect(event).toMatchObject({ object: 'customers', recordId: c.id, payload: { actorId: t.admin.id, record: { id: c.id, name: '事件客户' } } });
    expect(event.payload.changes.employees).toEqual({ from: null, to: 3 });
    const outbox = await db().selectFrom('outbox').selectAll().where('record_id', '=', c.id).execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0].dispatched_at).not.toBeNull();
  });

  it('delivers updates with their changes and deletes, in order', async () => {
    const c = await admin.create('customers', { name: '顺序客户' });
    await admin.patch(`/api/v1/customers/${c.id}`, { status: 'vip' });
    await admin.delete(`/api/v1/customers/${c.id}`);
    const deleted = await eventFor((e) => e.topic === 'record.deleted' && e.recordId === c.id);
    const updated = await eventFor((e) => e.topic === 'record.updated' && e.recordId === c.id);
    expect(updated.payload.changes).toEqual({ status: { from: 'prospect', to: 'vip' } });
    expect(Number(updated.id)).toBeLessThan(Number(deleted.id));
  });
});

describe('one transaction per change', () => {
  it('writes the record, its audit entry and its outbox event together', async () => {
    const c = await admin.create('customers', { name: '同事务客户' });
    const audit = await db().selectFrom('audit_log').selectAll().where('record_id', '=', c.id).execute();
    const outbox = await db().selectFrom('outbox').selectAll().where('record_id', '=', c.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(outbox.map((o) => o.topic)).toEqual(['record.created']);
  });

  it('a failing hook rolls back the record, the audit entry and the event', async () => {
    const count = async (table: string) => Number((await t.crm.handle.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    const before = { customers: await count('customers'), audit: await count('audit_log'), outbox: await count('outbox') };
    // Row 0 is fine and fully written before row 1's hook throws: all of it must disappear.
    const res = await admin.post('/api/v1/customers/bulk', { action: 'create', rows: [{ name: '先写入的客户' }, { name: '拒绝的客户' }] });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal');
    expect(await count('customers')).toBe(before.customers);
    expect(await count('audit_log')).toBe(before.audit);
    expect(await count('outbox')).toBe(before.outbox);
    const list = await admin.list('customers', { filter: { field: 'name', op: 'eq', value: '先写入的客户' } });
    expect(list.body.data).toEqual([]);
  });
});
