import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { runImport, uploadImport } from './helpers/imports.js';

describe('import dedupe keys per object', { timeout: 180_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm({ jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('objects without a company field dedupe on the name by default: a second run skips instead of failing', async () => {
    const client = t.admin.client;
    const files: [string, string][] = [
      ['customers', '客户名称,电话\n甲公司,010-12345678\n乙公司,\n'],
      ['deals', '商机名称,阶段\n大单,initial\n小单,initial\n'],
      ['products', '产品名称,单位\n螺丝,个\n螺母,个\n'],
    ];
    for (const [object, csv] of files) {
      const up = await uploadImport(t.app, client, object, csv, `${object}.csv`);
      expect(up.body.dedupeKeys).not.toContain('name_company');
      expect(up.body.dedupeKeys).toContain('name');
      const first = await runImport(client, t.app, object, csv, `${object}.csv`);
      expect(first.options.dedupe.keys.length, object).toBeGreaterThan(0);
      expect(first).toMatchObject({ created: 2, rejected: 0 });
      const again = await runImport(client, t.app, object, csv, `${object}.csv`, { options: { dedupe: { policy: 'skip', keys: ['name'] } } });
      expect(again, object).toMatchObject({ created: 0, skipped: 2 });
      expect((await client.list(object, { count: true })).body.total).toBe(2);
    }
    // name + company still works where there is a company field.
    const contacts = '姓名,公司\n张伟,甲公司\n张伟,乙公司\n';
    const mapping = { name: 0, company: 1 };
    await runImport(client, t.app, 'contacts', contacts, 'c.csv', { mapping });
    const repeat = await runImport(client, t.app, 'contacts', `${contacts}张伟,丙公司\n`, 'c.csv', { mapping, options: { dedupe: { policy: 'skip', keys: ['name_company'] } } });
    expect(repeat).toMatchObject({ created: 1, skipped: 2 });
  });

  it('refuses a dedupe key the object cannot offer, naming it', async () => {
    const up = await uploadImport(t.app, t.admin.client, 'deals', '商机名称\n大单\n', 'd.csv');
    const res = await t.admin.client.patch(`/api/v1/imports/${up.body.data.id}`, { options: { dedupe: { policy: 'skip', keys: ['name', 'name_company'] } } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('options.dedupe.keys.1');
  });
});
