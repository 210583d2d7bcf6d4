import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './helpers/crm.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { runImport } from './helpers/imports.js';
import { waitForProgress } from './helpers/local-servers.js';

/** Polls a batch while it moves (its status or an import's status changes) until it reaches `status`. */
async function waitForBatch(client: Client, id: string, status: string) {
  let seen: any;
  return waitForProgress(
    async () => {
      seen = (await client.get(`/api/v1/import-batches/${id}`)).body.data;
      if (seen.status === 'failed') throw new Error(`batch failed: ${seen.error}`);
      return seen.status === status ? seen : null;
    },
    () => seen && [seen.status, ...seen.imports.map((i: any) => i.status)],
    { idleMs: 120_000, what: `batch ${id} to be ${status}` },
  );
}

const CUSTOMERS = '客户名称,电话\n星河批量科技有限公司,010-88886666\n远航批量贸易有限公司,021-66668888\n';
const CONTACTS = '姓名,所属客户\n批量张三,星河批量科技有限公司\n批量李四,远航批量贸易有限公司\n';

describe('import batches', { timeout: 240_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm({ jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps a two-file batch on the server and undoes it whole, last file first', async () => {
    const client = t.admin.client;
    const created = await client.post('/api/v1/import-batches', { files: [{ fileName: 'customers.csv', object: 'customers' }, { fileName: 'contacts.csv', object: 'contacts' }] });
    expect(created.status, created.text).toBe(201);
    const batchId = created.body.data.id;
    expect(created.body.data).toMatchObject({ status: 'open', imports: [], files: [{ fileName: 'customers.csv', object: 'customers' }, { fileName: 'contacts.csv', object: 'contacts' }] });

    const customers = await runImport(client, t.app, 'customers', CUSTOMERS, 'customers.csv');
    expect((await client.post(`/api/v1/import-batches/${batchId}/imports`, { importId: customers.id })).status).toBe(200);
    const contacts = await runImport(client, t.app, 'contacts', CONTACTS, 'contacts.csv');
    const added = await client.post(`/api/v1/import-batches/${batchId}/imports`, { importId: contacts.id });
    expect(added.body.data.imports.map((i: any) => [i.fileName, i.status, i.created])).toEqual([['customers.csv', 'done', 2], ['contacts.csv', 'done', 2]]);
    // Adding the same import again changes nothing.
    expect((await client.post(`/api/v1/import-batches/${batchId}/imports`, { importId: contacts.id })).body.data.imports).toHaveLength(2);
    const linked = (await client.list('contacts', { q: '批量张三' })).body.data[0];
    expect(linked.customer_id).toBeTruthy();

    const listed = (await client.get('/api/v1/import-batches')).body.data;
    expect(listed[0]).toMatchObject({ id: batchId, imports: [{ id: customers.id }, { id: contacts.id }] });

    const undo = await client.post(`/api/v1/import-batches/${batchId}/undo`);
    expect(undo.status, undo.text).toBe(202);
    expect(undo.body.data.status).toBe('undoing');
    // The last file is undone first; the first waits for it.
    expect(undo.body.data.imports.map((i: any) => i.status)).toEqual(['done', 'undoing']);
    const undone = await waitForBatch(client, batchId, 'undone');
    expect(undone.imports.map((i: any) => i.status)).toEqual(['undone', 'undone']);
    expect(Date.parse(undone.imports[1].undoneAt)).toBeLessThanOrEqual(Date.parse(undone.imports[0].undoneAt));
    expect(undone.undoneAt).toBeTruthy();
    expect((await client.list('contacts', { q: '批量' })).body.data).toHaveLength(0);
    expect((await client.list('customers', { q: '批量' })).body.data).toHaveLength(0);
    // Each record's move to the recycle bin is audited like any undo.
    const deletes = await t.crm.handle.db.selectFrom('audit_log').select('record_id').where('action', '=', 'delete').where('record_id', '=', linked.id).execute();
    expect(deletes).toHaveLength(1);

    const again = await client.post(`/api/v1/import-batches/${batchId}/undo`);
    expect(again.status).toBe(409);
    expect((await client.post(`/api/v1/import-batches/${batchId}/imports`, { importId: customers.id })).status).toBe(409);
  });

  it('refuses to undo while an import of the batch still runs, and shows a batch only to its creator and administrators', async () => {
    const rep = await t.createUser({ role: 'sales_rep' });
    const other = await t.createUser({ role: 'sales_rep' });
    const batch = (await rep.client.post('/api/v1/import-batches', { files: [{ fileName: 'a.csv', object: 'customers' }] })).body.data;
    const imp = await runImport(rep.client, t.app, 'customers', '客户名称\n权限批量客户\n', 'a.csv');
    expect((await rep.client.post(`/api/v1/import-batches/${batch.id}/imports`, { importId: imp.id })).status).toBe(200);

    expect((await other.client.get(`/api/v1/import-batches/${batch.id}`)).status).toBe(404);
    expect((await other.client.post(`/api/v1/import-batches/${batch.id}/undo`)).status).toBe(404);
    expect((await other.client.get('/api/v1/import-batches')).body.data.map((b: any) => b.id)).not.toContain(batch.id);
    expect((await t.admin.client.get(`/api/v1/import-batches/${batch.id}`)).status).toBe(200);
    // Someone else's import cannot join the batch.
    const foreign = await other.client.post('/api/v1/import-batches', { files: [{ fileName: 'b.csv', object: 'customers' }] });
    const stolen = await other.client.post(`/api/v1/import-batches/${foreign.body.data.id}/imports`, { importId: imp.id });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.details[0].path).toBe('importId');

    // A later file of the batch still running: the batch is not undone under it.
    const running = await runImport(rep.client, t.app, 'customers', '客户名称\n运行中批量客户\n', 'b.csv');
    await rep.client.post(`/api/v1/import-batches/${batch.id}/imports`, { importId: running.id });
    await t.crm.handle.db.updateTable('imports').set({ status: 'running' }).where('id', '=', running.id).execute();
    const refused = await rep.client.post(`/api/v1/import-batches/${batch.id}/undo`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('b.csv');
    expect((await rep.client.get(`/api/v1/import-batches/${batch.id}`)).body.data.status).toBe('open');
    expect((await rep.client.list('customers', { q: '权限批量客户' })).body.data).toHaveLength(1);

    await t.crm.handle.db.updateTable('imports').set({ status: 'done' }).where('id', '=', running.id).execute();
    expect((await rep.client.post(`/api/v1/import-batches/${batch.id}/undo`)).status).toBe(202);
    await waitForBatch(rep.client, batch.id, 'undone');
    expect((await rep.client.list('customers', { q: '批量客户' })).body.data).toHaveLength(0);
  });

  it('names the field of bad input', async () => {
    const client = t.admin.client;
    const bad = await client.post('/api/v1/import-batches', { files: [{ fileName: '', object: 'customers' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('files.0.fileName');
    const batch = (await client.post('/api/v1/import-batches', { files: [{ fileName: 'x.csv', object: 'customers' }] })).body.data;
    const noId = await client.post(`/api/v1/import-batches/${batch.id}/imports`, { importId: 'nope' });
    expect(noId.status).toBe(400);
    expect(noId.body.error.details[0].path).toBe('importId');
    expect((await client.get('/api/v1/import-batches/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
