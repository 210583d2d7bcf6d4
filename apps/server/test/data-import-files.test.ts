import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { importFixture, uploadImport } from './helpers/imports.js';

describe('import of files as they are', { timeout: 180_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm({ jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads a Latin-1 file as Windows-1252 ("Crédito" stays "Crédito"); the encoding can be overridden', async () => {
    const client = t.admin.client;
    const up = await uploadImport(t.app, client, 'customers', importFixture('accounts-latin1.csv'), 'accounts.csv');
    expect(up.status).toBe(201);
    expect(up.body.data.encoding).toBe('windows-1252');
    expect(up.body.data.mapping).toMatchObject({ name: 0 });
    expect(up.body.preview[0].values).toMatchObject({ name: 'Banco Crédito S.A.', description: 'Línea de crédito' });
    const id = up.body.data.id;
    const wrong = await client.patch(`/api/v1/imports/${id}`, { options: { encoding: 'shift_jis' } });
    expect(wrong.status).toBe(200);
    expect(wrong.body.data.encoding).toBe('shift_jis');
    expect(wrong.body.preview[0].values.name).not.toBe('Banco Crédito S.A.');
    const back = await client.patch(`/api/v1/imports/${id}`, { options: { encoding: 'windows-1252' } });
    expect(back.body.preview[0].values.name).toBe('Banco Crédito S.A.');
    const bad = await client.patch(`/api/v1/imports/${id}`, { options: { encoding: 'nosuch' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('options.encoding');
  });

  it('maps Salesforce opportunity headers automatically', async () => {
    const up = await uploadImport(t.app, t.admin.client, 'deals', importFixture('salesforce-opportunities.csv'), 'Opportunity.csv');
    expect(up.body.data.mapping).toEqual({ external_id: 0, customer_id: 1, name: 2, stage: 3, expected_close_date: 4, closed_at: 4, amount: 5, owner_id: 6, lead_source: 7, probability: 8 });
    const zh = await uploadImport(t.app, t.admin.client, 'deals', '商机名称,对应客户,销售阶段,预计签单日期,合同金额,负责人,输单原因\n甲,乙,赢单,2025-01-01,1,张三,\n', 'wk.csv');
    expect(zh.body.data.mapping).toEqual({ name: 0, customer_id: 1, stage: 2, expected_close_date: 3, amount: 4, owner_id: 5, lost_reason: 6 });
  });
});
