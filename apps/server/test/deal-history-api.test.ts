import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

/** Deals won or lost in the past, back-filled through the API by an administrator. */
describe('past closed_at through the API', { timeout: 180_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm();
  });
  afterAll(async () => {
    await t?.close();
  });
  const auditOf = (id: string) => t.crm.handle.db.selectFrom('audit_log').select(['action', 'changes']).where('record_id', '=', id).orderBy('id').execute();

  it('an administrator creates a won deal closed last year: it counts in that month on the dashboard and forecast; the audit marks the date historical', async () => {
    const admin = t.admin.client;
    const res = await admin.request('POST', '/api/v1/deals', { name: '2024 老单', stage: 'won', amount: { amount: 900, currency: 'CNY' }, closed_at: '2024-05-20T10:00:00+08:00' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.data.closed_at).toBe('2024-05-20T02:00:00.000Z');
    expect(res.body.data.expected_close_date).toBe('2024-05-20');
    const may = (await admin.get('/api/v1/sales/dashboard?from=2024-05-01&to=2024-05-31')).body.data;
    expect([may.won.count, may.won.amount]).toEqual([1, 900]);
    const forecast = (await admin.get('/api/v1/forecast?from=2024-05&to=2024-05')).body.data;
    expect(JSON.stringify(forecast)).toContain('"won":900');
    const [created] = await auditOf(res.body.data.id);
    expect((created.changes as any).closed_at).toEqual({ from: null, to: '2024-05-20T02:00:00.000Z', historical: true });
  });

  it('PATCH stage → lost with a past closed_at keeps that date; an open deal cannot take one', async () => {
    const admin = t.admin.client;
    const deal = await admin.create('deals', { name: '旧商机', stage: 'proposal' });
    const open = await admin.request('PATCH', `/api/v1/deals/${deal.id}`, { closed_at: '2024-02-01T00:00:00Z' });
    expect(open.status).toBe(400);
    expect(open.body.error.details[0].path).toBe('closed_at');
    const lost = await admin.request('PATCH', `/api/v1/deals/${deal.id}`, { stage: 'lost', lost_reason: 'price', closed_at: '2024-02-01T00:00:00Z' });
    expect(lost.status, lost.text).toBe(200);
    expect(lost.body.data.closed_at).toBe('2024-02-01T00:00:00.000Z');
    const entries = await auditOf(deal.id);
    expect((entries.at(-1)!.changes as any).closed_at).toMatchObject({ to: '2024-02-01T00:00:00.000Z', historical: true });
    // A deal won without a date closes now, as before.
    const now = await admin.create('deals', { name: '今天赢单', stage: 'won' });
    expect(Date.now() - new Date(now.closed_at).getTime()).toBeLessThan(600_000);
  });

  it('non-administrators get 403 naming closed_at; a future or malformed date is a 400 naming it', async () => {
    const rep = await t.createUser({ role: 'sales_rep' });
    const denied = await rep.client.request('POST', '/api/v1/deals', { name: '代表补录', stage: 'won', closed_at: '2024-01-01T00:00:00Z' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.details[0].path).toBe('closed_at');
    const future = await t.admin.client.request('POST', '/api/v1/deals', { name: '未来', stage: 'won', closed_at: '2999-01-01T00:00:00Z' });
    expect(future.status).toBe(400);
    expect(future.body.error.details[0]).toEqual({ path: 'closed_at', message: 'must not be in the future' });
    const malformed = await t.admin.client.request('POST', '/api/v1/deals', { name: '乱写', stage: 'won', closed_at: 'last spring' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('closed_at');
    // Other system dates stay closed to clients.
    const other = await t.admin.client.request('POST', '/api/v1/deals', { name: '其他', last_activity_at: '2024-01-01T00:00:00Z' });
    expect(other.status).toBe(400);
  });
});
