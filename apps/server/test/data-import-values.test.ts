import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { importFixture, rejectsOf, uploadImport, waitForImport } from './helpers/imports.js';

const MAPPING = { name: 0, customer_id: 1, amount: 2, stage: 3, expected_close_date: 4, lost_reason: 5 };

describe('import value mapping', { timeout: 240_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm({ jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists distinct stage values with counts and proposals, takes the user mapping and constants, and saves a template', async () => {
    const client = t.admin.client;
    const acme = await client.create('customers', { name: 'Acme Corp' });
    const up = await uploadImport(t.app, client, 'deals', importFixture('deals-mixed-stages.csv'), 'opps.csv');
    const id = up.body.data.id;
    expect((await client.patch(`/api/v1/imports/${id}`, { mapping: MAPPING })).status).toBe(200);

    const columns = (await client.get(`/api/v1/imports/${id}/values`)).body.data as any[];
    const stage = columns.find((c) => c.field === 'stage');
    expect(stage).toMatchObject({ column: 3, distinct: 5, canAddOption: false });
    expect(stage.values).toEqual([
      { value: 'Closed Won', count: 2, proposed: 'won', match: 'synonym' },
      { value: 'closed lost', count: 1, proposed: 'lost', match: 'synonym' },
      { value: 'PROSPECTING', count: 1, proposed: 'initial', match: 'synonym' },
      { value: 'Verbal Commit', count: 1, proposed: null, match: null },
      { value: '赢单', count: 1, proposed: 'won', match: 'label' },
    ]);
    expect(columns.find((c) => c.field === 'lost_reason').values).toEqual([{ value: 'Price', count: 1, proposed: 'price', match: 'option' }]);
    expect(columns.find((c) => c.field === 'customer_id').values).toEqual([{ value: 'Acme Corp', count: 1, proposed: acme.id, match: 'name' }]);

    // Unmapped, the value that is not an option is rejected with a pointer to the value mapping.
    expect((await client.get(`/api/v1/imports/${id}?preview=true`)).body.preview[3].error).toMatch(/Verbal Commit.*值映射/);

    // A mapping to something that is not an option, or a bad constant, is a 400 naming it.
    const bad = await client.patch(`/api/v1/imports/${id}`, { options: { values: { stage: { 'Verbal Commit': 'nosuch' } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('options.values.stage.Verbal Commit');
    const badConstant = await client.patch(`/api/v1/imports/${id}`, { options: { constants: { won_reason: 'nosuch' } } });
    expect(badConstant.body.error.details[0].path).toBe('options.constants.won_reason');

    const options = { values: { stage: { 'Verbal Commit': 'negotiation' } }, constants: { won_reason: 'relationship', pipeline: 'standard' } };
    expect((await client.patch(`/api/v1/imports/${id}`, { options })).status).toBe(200);
    await client.post(`/api/v1/imports/${id}/validate`);
    expect(await waitForImport(client, id, ['validated'])).toMatchObject({ totalRows: 6, rejected: 0 });

    const saved = await client.post('/api/v1/import-templates', { importId: id, name: 'Salesforce 商机' });
    expect(saved.status, saved.text).toBe(201);
    expect(saved.body.data.mapping).toMatchObject({ name: 'Opportunity Name', stage: 'Stage' });

    await client.post(`/api/v1/imports/${id}/run`);
    expect(await waitForImport(client, id, ['done'])).toMatchObject({ created: 6, rejected: 0 });
    const deals = new Map<string, any>((await client.list('deals', { limit: 50 })).body.data.map((d: any) => [d.name, d]));
    expect(Object.fromEntries([...deals].map(([n, d]) => [n, d.stage]))).toEqual({
      'Alpha deal': 'won', 'Beta deal': 'lost', 'Gamma deal': 'initial', 'Delta deal': 'negotiation', 'Epsilon deal': 'won', 'Zeta deal': 'won',
    });
    expect(deals.get('Beta deal')).toMatchObject({ customer_id: acme.id, lost_reason: 'price' });
    expect(deals.get('Alpha deal')).toMatchObject({ customer_id: null, won_reason: 'relationship' });

    // The template applies to the next file with its columns in another order.
    const reordered = 'Stage,Opportunity Name\nVerbal Commit,Eta deal\n';
    const next = await uploadImport(t.app, client, 'deals', reordered, 'next.csv');
    const applied = await client.post(`/api/v1/imports/${next.body.data.id}/template`, { templateId: saved.body.data.id });
    expect(applied.status, applied.text).toBe(200);
    expect(applied.body.data.mapping).toEqual({ stage: 0, name: 1 });
    expect(applied.body.data.options.values).toEqual(options.values);
    expect(applied.body.preview[0]).toMatchObject({ values: { stage: 'negotiation', won_reason: 'relationship' }, error: null });
    expect((await client.get('/api/v1/import-templates?object=deals')).body.data.map((x: any) => x.name)).toEqual(['Salesforce 商机']);
  });

  it('maps file values to empty, and owner values to users', async () => {
    const client = t.admin.client;
    const rep = await t.createUser({ role: 'sales_rep', email: 'rep-values@example.com', name: '王销售' });
    const csv = '客户名称,行业,负责人\n丙公司,Widgets,rep-values@example.com\n丁公司,制造业,老王\n';
    const up = await uploadImport(t.app, client, 'customers', csv, 'c.csv');
    const id = up.body.data.id;
    const columns = (await client.get(`/api/v1/imports/${id}/values`)).body.data as any[];
    expect(columns.find((c) => c.field === 'owner_id').values).toEqual([
      { value: 'rep-values@example.com', count: 1, proposed: rep.id, match: 'email' },
      { value: '老王', count: 1, proposed: null, match: null },
    ]);
    expect(columns.find((c) => c.field === 'industry')).toMatchObject({ canAddOption: true });
    await client.patch(`/api/v1/imports/${id}`, { options: { values: { industry: { Widgets: null }, owner_id: { 老王: rep.id } } } });
    await client.post(`/api/v1/imports/${id}/run`);
    expect(await waitForImport(client, id, ['done'])).toMatchObject({ created: 2, rejected: 0 });
    expect(await rejectsOf(client, id)).toEqual([]);
    const rows = (await client.list('customers', { limit: 50 })).body.data.filter((c: any) => ['丙公司', '丁公司'].includes(c.name));
    expect(rows.map((c: any) => [c.name, c.industry, c.owner_id]).sort()).toEqual([['丁公司', 'manufacturing', rep.id], ['丙公司', null, rep.id]]);
  });
});
