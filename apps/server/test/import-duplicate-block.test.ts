import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { rejectsOf, runImport } from './helpers/imports.js';

/*
 * 撞单 blocking (issue 10) applies to imports too: a row matching a customer someone owns is
 * rejected with the owner's name, like the API's 409. And two reps saving the same new customer at
 * the same moment cannot both succeed.
 */

type Rec = Record<string, any>;
let t: TestCrm;
let repA: TestUser, repB: TestUser;

const countByName = async (name: string) => (await t.admin.client.list('customers', { filter: { field: 'name', op: 'eq', value: name }, count: true })).body.total;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  repA = await t.createUser({ role: 'sales_rep', teamId: await t.createTeam('华北销售部'), name: '甲代表', locale: 'zh-CN' });
  repB = await t.createUser({ role: 'sales_rep', teamId: await t.createTeam('华南销售部'), name: '乙代表' });
  await repB.client.create('customers', { name: '深圳鹏程电子有限公司' });
  const rule = await t.admin.client.request('PUT', '/api/v1/duplicate-rules/customers/company_name', { enabled: true, fuzzy: false, threshold: 0.6, block: true });
  expect(rule.status, rule.text).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('撞单 block on imports', () => {
  it('rejects a row matching a customer another rep owns, naming the owner, and a second row of the file with the same name; the rest import', async () => {
    const csv = '客户名称\n深圳鹏程电子股份有限公司\n导入新客户有限公司\n导入新客户有限公司\n';
    const done = await runImport(repA.client, t.app, 'customers', csv, 'c.csv', { mapping: { name: 0 }, options: { dedupe: { policy: 'create', keys: [] } } });
    expect(done).toMatchObject({ created: 1, rejected: 2 });
    const rejects = await rejectsOf(repA.client, done.id);
    expect(rejects).toEqual([
      [2, '客户名称：撞单：已有相同公司名称（去除后缀）的记录（负责人：乙代表），不允许重复'],
      [4, '客户名称：撞单：与文件第 3 行的公司名称（去除后缀）相同，不允许重复'],
    ]);
    expect(await countByName('深圳鹏程电子股份有限公司')).toBe(0);
    expect(await countByName('导入新客户有限公司')).toBe(1);
  });

  it('the validation pass lists the same rejects before anything is written', async () => {
    const csv = '客户名称\n深圳鹏程电子有限公司\n';
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/imports?object=customers&fileName=v.csv', headers: { ...(repA.client as any).headers, 'content-type': 'application/octet-stream' }, payload: Buffer.from(csv) });
    const id = up.json().data.id;
    expect((await repA.client.patch(`/api/v1/imports/${id}`, { mapping: { name: 0 }, options: { dedupe: { policy: 'create', keys: [] } } })).status).toBe(200);
    expect((await repA.client.post(`/api/v1/imports/${id}/validate`)).status).toBe(202);
    let summary: Rec = {};
    for (let i = 0; i < 600 && summary.status !== 'validated'; i++) {
      if (i) await new Promise((r) => setTimeout(r, 100)); // poll the import's progress
      summary = (await repA.client.get(`/api/v1/imports/${id}`)).body.data;
    }
    expect(summary.rejected).toBe(1);
    expect((await rejectsOf(repA.client, id))[0][1]).toContain('乙代表');
  });
});

describe('撞单 block under concurrency', () => {
  it('of several simultaneous creates of the same new customer by different reps, exactly one succeeds', async () => {
    const reps = [repA, repB, await t.createUser({ role: 'sales_rep', name: '丙代表' }), await t.createUser({ role: 'sales_rep', name: '丁代表' })];
    for (let round = 0; round < 5; round++) {
      const name = `同时录入客户${round}有限公司`;
      const results = await Promise.all(reps.map((rep) => rep.client.post('/api/v1/customers', { name })));
      expect(results.map((r) => r.status).sort(), name).toEqual([201, 409, 409, 409]);
      expect(await countByName(name)).toBe(1);
    }
  });
});
