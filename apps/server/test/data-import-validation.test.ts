import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { rejectsOf, uploadImport, waitForImport } from './helpers/imports.js';

describe('import validation tells the truth', { timeout: 180_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm({ jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('validate applies the stage rules and lists every reason of every row; the run writes the good rows', async () => {
    const client = t.admin.client;
    const csv = [
      '商机名称,金额,阶段,输单原因,预计成交日期',
      '赢单A,1000,won,,2026-01-15',
      '输单B,500,lost,,2026-02-01',
      '输单C,300,lost,price,2026-02-03',
      '坏行D,abc,nosuch,,not-a-date',
      '初步E,200,initial,,',
    ].join('\n');
    const up = await uploadImport(t.app, client, 'deals', csv, 'deals.csv');
    const id = up.body.data.id;
    await client.patch(`/api/v1/imports/${id}`, { mapping: { name: 0, amount: 1, stage: 2, lost_reason: 3, expected_close_date: 4 } });
    expect((await client.post(`/api/v1/imports/${id}/validate`)).status).toBe(202);
    const validated = await waitForImport(client, id, ['validated']);
    expect(validated).toMatchObject({ totalRows: 5, rejected: 2 });
    const rejects = await rejectsOf(client, id);
    expect(rejects.map(([row]) => row)).toEqual([3, 5]);
    // The lost deal without a lost reason: what the stage rules would refuse at write time.
    expect(rejects[0][1]).toMatch(/^lost_reason: is required for stage lost/);
    // Every problem of the bad row, each naming its field.
    expect(rejects[1][1]).toContain('金额：');
    expect(rejects[1][1]).toContain('阶段：');
    expect(rejects[1][1]).toContain('预计成交日期：');
    expect((await client.list('deals')).body.data).toHaveLength(0);

    expect((await client.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
    const done = await waitForImport(client, id, ['done']);
    expect(done).toMatchObject({ created: 3, rejected: 2, doneRows: 5 });
    const names = (await client.list('deals')).body.data.map((d: any) => d.name).sort();
    expect(names).toEqual(['初步E', '赢单A', '输单C']);
  });

  it('a run started without validating never aborts on one row: good rows go in, the bad one is listed', async () => {
    const client = t.admin.client;
    const csv = '商机名称,阶段\n好单1,initial\n输单没原因,lost\n好单2,proposal\n';
    const up = await uploadImport(t.app, client, 'deals', csv, 'run.csv');
    const id = up.body.data.id;
    await client.patch(`/api/v1/imports/${id}`, { mapping: { name: 0, stage: 1 } });
    await client.post(`/api/v1/imports/${id}/run`);
    const done = await waitForImport(client, id, ['done']);
    expect(done).toMatchObject({ created: 2, rejected: 1 });
    expect(await rejectsOf(client, id)).toEqual([[3, expect.stringMatching(/^lost_reason: is required/)]]);
  });

  it('a run started without validating checks each batch as it writes it: every reason of a row, the row count and the link counts, as validate would', async () => {
    const client = t.admin.client;
    await client.create('customers', { name: '已有客户' });
    const csv = [
      '商机名称,阶段,外部编号,客户',
      '甲单,initial,EXT-1,已有客户',
      // Its external id repeats row 2's and, lost without a reason, the stage rules refuse it too.
      '乙单,lost,EXT-1,已有客户',
      '丙单,proposal,EXT-3,没有这个客户',
    ].join('\n');
    const up = await uploadImport(t.app, client, 'deals', csv, 'direct.csv');
    const id = up.body.data.id;
    await client.patch(`/api/v1/imports/${id}`, { mapping: { name: 0, stage: 1, external_id: 2, customer_id: 3 }, options: { dedupe: { policy: 'create', keys: [] } } });
    await client.post(`/api/v1/imports/${id}/run`);
    const done = await waitForImport(client, id, ['done']);
    expect(done).toMatchObject({ created: 1, rejected: 2, totalRows: 3, validated: true });
    const rejects = await rejectsOf(client, id);
    expect(rejects.map(([row]) => row)).toEqual([3, 4]);
    expect(rejects[0][1]).toMatch(/^lost_reason: is required for stage lost/);
    expect(rejects[0][1]).toContain("external_id: 'EXT-1' is already used by row 2 of the file");
    expect(rejects[1][1]).toContain('没有这个客户');
    expect(done.links).toEqual([expect.objectContaining({ field: 'customer_id', matched: { name: 2 }, unresolved: 1, unresolvedValues: ['没有这个客户'] })]);
  });

  it('unique fields: a value stored already or repeated in the file rejects that row, not the run', async () => {
    const client = t.admin.client;
    await client.create('products', { name: '旧螺丝', sku: 'SKU-1' });
    const csv = '产品名称,产品编码\n新螺丝,SKU-1\n螺母,SKU-2\n螺母二号,SKU-2\n垫片,SKU-3\n';
    const up = await uploadImport(t.app, client, 'products', csv, 'p.csv');
    const id = up.body.data.id;
    await client.patch(`/api/v1/imports/${id}`, { mapping: { name: 0, sku: 1 }, options: { dedupe: { policy: 'create', keys: [] } } });
    await client.post(`/api/v1/imports/${id}/validate`);
    await waitForImport(client, id, ['validated']);
    expect(await rejectsOf(client, id)).toEqual([
      [2, "sku: 'SKU-1' is already used by another record"],
      [4, "sku: 'SKU-2' is already used by row 3 of the file"],
    ]);
    await client.post(`/api/v1/imports/${id}/run`);
    expect(await waitForImport(client, id, ['done'])).toMatchObject({ created: 2, rejected: 2 });
  });
});
