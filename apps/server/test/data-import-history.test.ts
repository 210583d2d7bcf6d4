import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { importFixture, runImport, uploadImport } from './helpers/imports.js';

describe('import of history', { timeout: 240_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm({ jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imported won deals count on the dashboard in the month they closed; the audit says history was imported', async () => {
    const client = t.admin.client;
    const mapping = { name: 0, amount: 2, stage: 3, expected_close_date: 4, closed_at: 4, lost_reason: 5 };
    const done = await runImport(client, t.app, 'deals', importFixture('deals-mixed-stages.csv'), 'history.csv', {
      mapping,
      options: { values: { stage: { 'Verbal Commit': 'negotiation' } } },
    });
    expect(done).toMatchObject({ created: 6, rejected: 0 });
    const deals = new Map<string, any>((await client.list('deals', { limit: 50 })).body.data.map((d: any) => [d.name, d]));
    expect(deals.get('Alpha deal').closed_at).toBe(new Date('2025-03-10T00:00:00+08:00').toISOString());
    // An open deal has no close time even though its row gave a date.
    expect(deals.get('Gamma deal').closed_at).toBeNull();

    const march = (await client.get('/api/v1/sales/dashboard?from=2025-03-01&to=2025-03-31')).body.data;
    expect([march.won.count, march.won.amount]).toEqual([2, 1250]);
    const february = (await client.get('/api/v1/sales/dashboard?from=2025-02-01&to=2025-02-28')).body.data;
    expect([february.won.count, february.won.amount]).toEqual([1, 100]);
    const audit = await t.crm.handle.db.selectFrom('audit_log').select(['changes']).where('object', '=', 'deals').where('action', '=', 'import').where('record_id', '=', done.id).execute();
    expect((audit[0].changes as any).import.historicalDates).toEqual(['closed_at']);
  });

  it('only administrators may map historical system dates; the proposal leaves them out for others', async () => {
    const rep = await t.createUser({ role: 'sales_rep' });
    const csv = '商机名称,创建时间\n老单,2024-01-05\n';
    const up = await uploadImport(t.app, rep.client, 'deals', csv, 'rep.csv');
    expect(up.body.data.mapping).toEqual({ name: 0 });
    const res = await rep.client.patch(`/api/v1/imports/${up.body.data.id}`, { mapping: { name: 0, created_at: 1 } });
    expect(res.status).toBe(403);
    expect(res.body.error.details[0].path).toBe('mapping.created_at');

    const admin = await uploadImport(t.app, t.admin.client, 'deals', csv, 'admin.csv');
    expect(admin.body.data.mapping).toEqual({ name: 0, created_at: 1 });
    const done = await runImport(t.admin.client, t.app, 'deals', csv, 'admin.csv');
    expect(done.created).toBe(1);
    const deal = (await t.admin.client.list('deals', { q: '老单' })).body.data[0];
    expect(deal.created_at).toBe(new Date('2024-01-05T00:00:00+08:00').toISOString());
  });
});
